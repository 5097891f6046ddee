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
[ ${#targets[@]} -gt 0 ] || targets=(normalize_detect normalize_vendor mapping auth_headers signatures)

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
    signatures)
      # One seed per scheme (the first byte picks it): a header in the vendor's format, a time,
      # a URL and a body from the fixtures.
      body=tests/fixtures/twilio/voice_request.form
      for scheme in 0 1 2 3 4 5 6; do
        case $scheme in
          3) header='v=1764265800000,d=9897283e5453af65c4d8fbe99ca2b035528467c7129e380f8647d8cb5fc05130' ;;
          4) header='t=1795805548,v0=c564c487b9945301abaf8144a46a5f29c5d555299f94c9c7b30f41461dc1e265' ;;
          5|6) header='RSOYDt4T1cUTdK1PDd93/VVr8B8=' ;;
          *) header='sha256=2ff3dcfec3fa390e248d4fc3a06bc99fda4114d1cbb7588df94f06295987b5ed' ;;
        esac
        { printf "\\x$(printf %02x $((scheme + 16 * (scheme % 3))))"; printf '%s\n1764265800\nhttps://mycompany.com/myapp.php?foo=1&bar=2\n' "$header"; cat "$body"; } \
          >"$corpus/seed-$scheme"
      done ;;
  esac
  echo "== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 \
    2>&1 | tee "fuzz/$target.log" | grep -E '^(Done|#[0-9]+ *DONE)|SUMMARY|ERROR' || true
  grep -E 'Done [0-9]+ runs' "fuzz/$target.log" | tail -1
done
