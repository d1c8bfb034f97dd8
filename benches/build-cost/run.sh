#!/usr/bin/env bash
# Issue 27's build cost: clean dev builds, side by side, `-j 2`, each the minimum of RUNS clean
# builds (default 3), of
#   baseline/   a binary on payclients' runtime dependencies alone (reqwest, rustls with ring,
#               serde, serde_json, tokio, with payclients' features);
#   floor/      the baseline plus progenitor-impl as a build dependency: what generating with
#               progenitor in a build script costs before payclients compiles a line;
#   dependent/  a binary on payclients with one API (`unit`), and with `--features all` on
#               payclients' default features (the five APIs);
# then each one's ratio to the baseline.
#
# CARGO_INCREMENTAL defaults to 0 here: a user's payclients comes from a registry or git, which
# cargo never compiles incrementally, while the path dependency of dependent/ would be (an
# incremental clean build costs payclients' build script and library about a third more).
# `CARGO_INCREMENTAL=1 bash benches/build-cost/run.sh` measures the path dependency as it is.
#
# Usage: bash benches/build-cost/run.sh [RUNS]. Not in CI (minutes of builds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-3}"
scratch="${TMPDIR:-/tmp}/payclients-build-cost"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
mkdir -p "$scratch"

# best NAME [CARGO ARGS…]: the fastest of $runs clean builds of $here/NAME, in seconds.
best() {
  local name="$1" best=""
  shift
  cp "$here/../../Cargo.lock" "$here/$name/Cargo.lock"
  cargo fetch --quiet --manifest-path "$here/$name/Cargo.toml"
  for _ in $(seq "$runs"); do
    rm -rf "$scratch/$name"
    local start end took
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$scratch/$name" cargo build --quiet -j 2 --manifest-path "$here/$name/Cargo.toml" "$@"
    end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best="$took"; fi
  done
  rm -f "$here/$name/Cargo.lock"
  echo "$best"
}

baseline=$(best baseline)
floor=$(best floor)
unit=$(best dependent)
all=$(best dependent --features all)
echo "clean dev builds, -j 2, min of $runs, CARGO_INCREMENTAL=$CARGO_INCREMENTAL"
for row in "baseline:$baseline" "floor (baseline + progenitor-impl):$floor" \
  "payclients, unit only:$unit" "payclients, default features:$all"; do
  printf '%-38s %6.1f s  %5.2fx\n' "${row%%:*}" "${row##*:}" "$(echo "${row##*:} / $baseline" | bc -l)"
done
