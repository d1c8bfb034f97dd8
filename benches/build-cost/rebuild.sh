#!/usr/bin/env bash
# Issue 27's rebuild after a schema edit: dependent/ (with `unit` alone, then with the default
# features) is built once in a scratch copy of the crate, then one property is added to Unit's
# `Pagination` schema there and the dependent is rebuilt; the rebuild is timed (`-j 2`, dev,
# CARGO_INCREMENTAL as cargo's default for a path dependency: on). The repository is not touched.
# Usage: bash benches/build-cost/rebuild.sh. Not in CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="${TMPDIR:-/tmp}/payclients-rebuild"
rm -rf "$scratch"
mkdir -p "$scratch/crate"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch/crate")
cp "$root/Cargo.lock" "$scratch/crate/benches/build-cost/dependent/Cargo.lock"
manifest="$scratch/crate/benches/build-cost/dependent/Cargo.toml"
spec="$scratch/crate/specs/unit.yaml"
for features in "" "all"; do
  args=(--quiet -j 2 --manifest-path "$manifest")
  [ -n "$features" ] && args+=(--features "$features")
  git -C "$root" show HEAD:specs/unit.yaml >"$spec" 2>/dev/null || cp "$root/specs/unit.yaml" "$spec"
  CARGO_TARGET_DIR="$scratch/target" cargo build "${args[@]}"
  # A new optional property of Pagination, after its `total`.
  python3 - "$spec" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "      description: The estimated total number of items.\n"
at = text.index("    Pagination:\n")
at = text.index(anchor, at) + len(anchor)
added = "        pages:\n          type: integer\n          description: Added by rebuild.sh.\n"
open(path, "w").write(text[:at] + added + text[at:])
EOF
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$scratch/target" cargo build "${args[@]}"
  end=$(date +%s.%N)
  printf 'rebuild after a field added to Unit'"'"'s Pagination (%s): %5.1f s\n' \
    "${features:-unit only}" "$(echo "$end - $start" | bc)"
done
