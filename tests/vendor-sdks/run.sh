#!/usr/bin/env bash
# The vendors' own clients against the payclients sandbox: Unit's Python SDK
# (unit-python-sdk, in a venv) lists, gets, updates and advances received payments through
# `payclients sandbox`, and decodes every answer with its own models.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${TMPDIR:-/tmp}/payclients-vendor-sdks"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import unit" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "unit-python-sdk==1.3.2"
fi

cargo build --quiet --features cli --bin payclients
log="$(mktemp)"
"${CARGO_TARGET_DIR:-$root/target}/debug/payclients" sandbox --port 0 >"$log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q '^unit ' "$log" && break
  sleep 0.1
done
unit_url="$(awk '$1 == "unit" { print $2 }' "$log")"
[ -n "$unit_url" ] || { cat "$log" >&2; echo "the sandbox did not start" >&2; exit 1; }
"$venv/bin/python" "$root/tests/vendor-sdks/unit_python.py" "$unit_url"
