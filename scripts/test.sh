#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to read: formatting, lints,
# then the Rust unit, integration and doc tests (goldens, JSONTestSuite, CLI).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (all targets, warnings are errors)"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
cargo test --locked
