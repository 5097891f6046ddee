#!/usr/bin/env bash
# Builds the Worker (feature `worker`) into build/ with worker-build, pointing it at the tools
# this repo pins (it would otherwise try to download them), and prints the wasm's sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_BIN=wasm-bindgen
export WASM_OPT_BIN="$PWD/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$PWD/node_modules/.bin/esbuild"
worker-build --release --features worker >&2
wasm=build/index_bg.wasm
[ -f "$wasm" ] || wasm=$(ls build/*.wasm | head -1)
printf 'worker wasm: %s bytes raw, %s bytes gzip -9\n' "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)" >&2
