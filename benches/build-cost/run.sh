#!/usr/bin/env bash
# Issue 27's build cost: the clean dev build of a binary that depends on payclients with one API
# (dependent/) against one that depends only on payclients' runtime dependencies (baseline/),
# side by side: `-j 2`, each the minimum of RUNS clean builds (default 3), then the ratio.
# Usage: bash benches/build-cost/run.sh [RUNS]. Not in CI (minutes of builds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-3}"
scratch="${TMPDIR:-/tmp}/payclients-build-cost"
mkdir -p "$scratch"
best() {
  local name="$1" best=""
  cp "$here/../../Cargo.lock" "$here/$name/Cargo.lock"
  cargo fetch --quiet --manifest-path "$here/$name/Cargo.toml"
  for _ in $(seq "$runs"); do
    rm -rf "$scratch/$name"
    local start end
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$scratch/$name" cargo build --quiet -j 2 --manifest-path "$here/$name/Cargo.toml"
    end=$(date +%s.%N)
    local took
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best="$took"; fi
  done
  rm -f "$here/$name/Cargo.lock"
  echo "$best"
}
baseline=$(best baseline)
dependent=$(best dependent)
printf 'baseline  %6.1f s\ndependent %6.1f s\nratio     %6.2f\n' "$baseline" "$dependent" "$(echo "$dependent / $baseline" | bc -l)"
