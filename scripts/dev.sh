#!/usr/bin/env bash
# Serves the Worker locally on 127.0.0.1:8787 in workerd, with a local D1 (migrations applied
# first) and the development secrets of .dev.vars. wrangler runs the build (wrangler.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_LOG_PATH="$PWD/.wrangler/logs"
wrangler d1 migrations apply voicehook --local
exec wrangler dev --local --ip 127.0.0.1 --port 8787 --show-interactive-dev-session=false
