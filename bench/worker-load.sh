#!/usr/bin/env bash
# Load on the Worker in local workerd (Miniflare, local D1; bench/worker-serve.mjs): wrk on 127.0.0.1 against
# `POST /v1/hooks/{vendor}` (a new call id per request, so every request is a real insert) and
# against `GET /healthz` of the same Worker in the same run (the floor). Writes
# target/bench-results/worker.json. Usage: bench/worker-load.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
seconds=${1:-10}
port=8788
out=target/bench-results
mkdir -p "$out"

setsid node bench/worker-serve.mjs $port >"$out/worker-serve.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null; sleep 1; kill -9 -- -$server 2>/dev/null || true' EXIT
# Ready once the migrations are applied (worker-serve prints `ready`), not when the port first
# answers: load on a D1 still being migrated stalls the local Worker.
for _ in $(seq 1 120); do
  grep -q '^ready' "$out/worker-serve.log" 2>/dev/null && break
  sleep 1
done

lua=$(mktemp --suffix .lua)
run() { # name, path, [body file]
  local name=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    cat >"$lua" <<LUA
local f = io.open("$body", "rb"); local template = f:read("*a"); f:close()
local n = 0
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer dev-ingest-token"
request = function()
  n = n + 1
  local body = template:gsub('"call_id": *"[^"]*"', '"call_id": "load-' .. n .. '-' .. math.random(1e9) .. '"', 1)
  return wrk.format(nil, "$path", nil, body)
end
LUA
    wrk -t1 -c8 -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port$path" >"$out/wrk-$name.txt"
  else
    wrk -t1 -c8 -d"${seconds}s" --latency "http://127.0.0.1:$port$path" >"$out/wrk-$name.txt"
  fi
}
run healthz /healthz
run staragent-1k /v1/hooks/staragent target/bench-corpus/staragent-1k.json
run staragent-10k /v1/hooks/staragent target/bench-corpus/staragent-10k.json
run staragent-100k /v1/hooks/staragent target/bench-corpus/staragent-100k.json
# The same normalization without storage: what D1's write costs, by difference.
run dryrun-10k /v1/normalize target/bench-corpus/staragent-10k.json
node bench/wrk-summary.mjs "$out" >"$out/worker.json"
cat "$out/worker.json"
# A run that got no answer at all means the local Worker stopped answering: no figures from it.
if grep -q '"requests_per_s": 0,' "$out/worker.json"; then
  echo "worker-load: a run got no answers (see $out/worker-serve.log); run it again" >&2
  exit 1
fi
