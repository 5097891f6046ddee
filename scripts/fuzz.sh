#!/usr/bin/env bash
# Runs every fuzz target (cargo-fuzz, nightly) for SECONDS each (default 600), seeded from the
# fixtures and JSONTestSuite. A crash input is left in fuzz/artifacts/<target>/: once fixed, add
# it as a golden fixture (tests/fixtures/any/) so it stays tested.
#   ./scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-600}
shift || true
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(normalize_detect normalize_vendor mapping auth_headers)

for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  case "$target" in
    normalize_*)
      find tests/fixtures tests/data/JSONTestSuite/test_parsing -name '*.json' ! -name '*.expected.json' \
        -exec cp -n {} "$corpus/" \; ;;
    mapping)
      for m in tests/fixtures/*/*.mapping.json src/vendor/callab_template.json; do
        cp -n "$m" "$corpus/$(basename "$m")"
      done ;;
    auth_headers)
      printf 'Bearer global-secret\nsha256=00ff\n{"a":1}' >"$corpus/seed" ;;
  esac
  echo "== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 \
    2>&1 | tee "fuzz/$target.log" | grep -E '^(Done|#[0-9]+ *DONE)|SUMMARY|ERROR' || true
  grep -E 'Done [0-9]+ runs' "fuzz/$target.log" | tail -1
done
