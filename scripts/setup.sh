#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine, from the package registries
# only (see ../shared/TOOLCHAIN.md for why each pin). Idempotent: what is present is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

have() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }

rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' ||
  rustup target add wasm32-unknown-unknown

# Must match the exact wasm-bindgen pinned in Cargo.toml. Not --locked: its lockfile wants a
# webpki-roots the registry here does not have.
have wasm-bindgen 0.2.130 || cargo install wasm-bindgen-cli --version 0.2.130
have wasm-pack 0.15.1 || cargo install --locked wasm-pack --version 0.15.1
have worker-build 0.8.7 || cargo install --locked worker-build --version 0.8.7

# Headless Chromium for the browser tests, wrk for the Worker load run. Never Debian's binaryen:
# its wasm-opt breaks today's modules (the npm one is used instead).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver wrk >/dev/null
fi

# wrangler, Node 22 (wrangler needs it), npm binaryen (wasm-opt), esbuild, miniflare, typescript.
if [ ! -x node_modules/.bin/wrangler ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
