#!/usr/bin/env bash
# Builds the npm package from scratch into pkg/ and packs it into target/npm/voicehook-<version>.tgz:
# cargo (release, feature `wasm`) → wasm-bindgen (web target) → wasm-opt (npm binaryen) →
# one bundle per runtime (esbuild) → package.json, README, types → npm pack. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=target/npm
rm -rf pkg "$out"
mkdir -p pkg "$out"

cargo build --locked --release --lib --target wasm32-unknown-unknown --features wasm
wasm-bindgen --target web --out-dir "$out" --out-name voicehook_wasm \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/voicehook.wasm"
wasm-opt -O "$out/voicehook_wasm_bg.wasm" -o pkg/voicehook_bg.wasm

node scripts/npm-bundle.mjs "$out/voicehook_wasm.js" pkg
tarball=$(cd pkg && npm pack --silent --pack-destination "../$out" 2>/dev/null | tail -1)

wasm=pkg/voicehook_bg.wasm
printf 'voicehook_bg.wasm: %s bytes raw, %s bytes gzip -9\n' \
  "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)"
printf 'package: %s (%s bytes)\n' "$out/$tarball" "$(wc -c <"$out/$tarball")"
