#!/usr/bin/env bash
# Every benchmark, then BENCHMARKS.md: the corpus (fixed seed), criterion (native), the npm package
# in Node, the Worker under wrk in local workerd, and the sizes. BENCH_QUICK=1 for a short run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p target/bench-results

node bench/corpus.mjs
if [ "${BENCH_QUICK:-}" = 1 ]; then
  cargo bench --bench normalize -- --warm-up-time 0.2 --measurement-time 0.5
else
  cargo bench --bench normalize
fi
./scripts/build-npm.sh
# The builds before wasm-opt keep their function names: bench/wasm-size.mjs attributes their bytes.
cp target/npm/voicehook_wasm_bg.wasm target/bench-results/npm-before-wasm-opt.wasm
./scripts/build-worker.sh
cp "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/voicehook.wasm" target/bench-results/worker-before-wasm-opt.wasm
node bench/npm.mjs
bash bench/worker-load.sh "$([ "${BENCH_QUICK:-}" = 1 ] && echo 3 || echo 10)"

size() { printf '{"raw":%s,"gzip":%s}' "$(cat "$@" | wc -c)" "$(cat "$@" | gzip -9 | wc -c)"; }
cat >target/bench-results/sizes.json <<JSON
{
  "npm voicehook_bg.wasm": $(size pkg/voicehook_bg.wasm),
  "npm voicehook.node.mjs (glue + API)": $(size pkg/voicehook.node.mjs),
  "worker index_bg.wasm": $(size build/index_bg.wasm),
  "worker index_bg.wasm + index.js": $(size build/index_bg.wasm build/index.js)
}
JSON
node bench/report.mjs
