// Turns the wrk reports of bench/worker-load.sh into JSON: requests/s, p50/p99 latency and
// non-2xx counts per run, and (`_ingest`) the D1 writes per accepted webhook from the log. Usage: node bench/wrk-summary.mjs <results dir>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const ms = (text) => {
  const [, value, unit] = /([\d.]+)(us|ms|s)/.exec(text) ?? [];
  return Number(value) * { us: 0.001, ms: 1, s: 1000 }[unit];
};
const runs = {};
for (const file of readdirSync(dir).filter((f) => /^wrk-.*\.txt$/.test(f))) {
  const text = readFileSync(join(dir, file), "utf8");
  runs[file.slice(4, -4)] = {
    requests_per_s: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]),
    p50_ms: ms(/ 50%\s+(\S+)/.exec(text)?.[1] ?? ""),
    p99_ms: ms(/ 99%\s+(\S+)/.exec(text)?.[1] ?? ""),
    non_2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0),
  };
}
// D1 write requests per accepted webhook, from the Worker's log lines (bench/worker-serve.mjs).
const lines = readFileSync(join(dir, "worker-serve.log"), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line))
  .filter((line) => line.outcome === "accepted" && typeof line.d1_writes === "number");
const writes = lines.map((line) => line.d1_writes);
runs._ingest = {
  accepted: writes.length,
  d1_writes_mean: writes.reduce((a, b) => a + b, 0) / Math.max(writes.length, 1),
  d1_writes_max: Math.max(0, ...writes),
};
console.log(JSON.stringify(runs, null, 2));
