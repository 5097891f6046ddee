#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to read: formatting and lints,
# the native Rust tests (goldens, JSONTestSuite, mutations, CLI), the wasm API under Node and
# headless Chromium, the packed npm package in Node ESM/CJS, Chromium and workerd, then the
# Worker end to end in local workerd.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, and wasm32 per feature; warnings are errors)"
cargo clippy --locked --all-targets --features wasm,worker -- -D warnings
cargo clippy --locked --lib --target wasm32-unknown-unknown --features wasm -- -D warnings
cargo clippy --locked --lib --target wasm32-unknown-unknown --features worker -- -D warnings

step "cargo test (native)"
cargo test --locked --features wasm,worker

step "wasm-pack test --node / --headless --chrome"
wasm-pack test --node -- --locked --features wasm --test wasm_node
wasm-pack test --headless --chrome -- --locked --features wasm --test wasm_browser

step "npm package: build, pack, and use it from Node, Chromium and workerd"
./scripts/build-npm.sh
# publint reports nothing; arethetypeswrong is green for every JavaScript entry point (the
# .wasm export has no types to check).
publint --strict pkg
attw --pack pkg --exclude-entrypoints ./voicehook_bg.wasm
node --test --test-reporter=spec 'js/npm/*.test.mjs'

step "Worker: build, then end to end in local workerd (Miniflare, local D1, R2 and queues, a real downstream)"
./scripts/build-worker.sh
node --test --test-reporter=spec 'js/worker/*.test.mjs'

step "Worker: the bundle that npm run deploy would upload, built and checked (wrangler deploy --dry-run)"
wrangler deploy --dry-run --outdir target/deploy-dry-run
