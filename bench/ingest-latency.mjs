// Median and p99 time of one ingest request (StarAgent incoming_call, a distinct call id each
// time, so every request is a real insert) against a running Worker, compared with /healthz of
// the same Worker in the same run. Usage: node bench/ingest-latency.mjs [base URL] [requests]
import { readFileSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:8787";
const count = Number(process.argv[3] ?? 1000);
const token = process.env.INGEST_TOKEN ?? "dev-ingest-token";
const template = readFileSync(new URL("../tests/fixtures/staragent/incoming_call.json", import.meta.url), "utf8");
const runId = Date.now().toString(36);

async function time(request) {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median_ms: +at(0.5).toFixed(2), p99_ms: +at(0.99).toFixed(2), n: sorted.length };
}

const ingest = [];
const health = [];
for (let i = 0; i < count; i++) {
  const body = template.replace(/"call_id":\s*"[^"]+"/, `"call_id": "bench-${runId}-${i}"`);
  health.push(await time(() => fetch(`${base}/healthz`)));
  ingest.push(
    await time(() =>
      fetch(`${base}/v1/hooks/staragent`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      }),
    ),
  );
}
const result = { body_bytes: Buffer.byteLength(template), ingest: summary(ingest), healthz: summary(health) };
result.median_ratio = +(result.ingest.median_ms / result.healthz.median_ms).toFixed(2);
console.log(JSON.stringify(result, null, 2));
