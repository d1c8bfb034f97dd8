#!/usr/bin/env bash
# A new API from a spec alone: the maintainer's procedure, run on a scratch copy of the crate.
#   1. check the spec:     cargo xtask validate tests/sixth-api/tally.yaml
#   2. add the spec:       cp tests/sixth-api/tally.yaml specs/
#   3. add one feature:    tally = ["uuid"]   (under [features]; "uuid" because the spec fills a
#                          header with UUIDs, "ksuid" for KSUIDs, nothing otherwise)
# then build and use `payclients::tally`. The program in consumer/ makes one typed call, a
# create, a stream() across three pages of a loopback server and a typed error.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo xtask validate "$root/tests/sixth-api/tally.yaml"

mkdir -p "$scratch/crate"
tar -C "$root" --exclude=./target --exclude=./.git --exclude=./fuzz/target -cf - . | tar -C "$scratch/crate" -xf -
cp "$root/tests/sixth-api/tally.yaml" "$scratch/crate/specs/tally.yaml"
sed -i 's/^\[features\]$/[features]\ntally = ["uuid"]/' "$scratch/crate/Cargo.toml"
# Proof that nothing else changed: the spec is new, Cargo.toml differs by the feature line.
changes="$(diff -rq --exclude=target --exclude=.git "$root" "$scratch/crate" || true)"
echo "$changes"
diff "$root/Cargo.toml" "$scratch/crate/Cargo.toml" || true
if [ "$(printf '%s\n' "$changes" | wc -l)" -ne 2 ]; then
  echo "the scratch copy differs by more than the spec and the feature line" >&2
  exit 1
fi

cp -r "$root/tests/sixth-api/consumer" "$scratch/consumer"
cp "$root/Cargo.lock" "$scratch/consumer/Cargo.lock"
# The target directory is shared, so the dependencies are not built again.
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" \
  cargo run --quiet --manifest-path "$scratch/consumer/Cargo.toml"
