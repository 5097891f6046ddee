// Serves the built Worker (build/) straight from workerd through Miniflare, with a fresh local
// D1 (migrations applied) and the development secrets, on 127.0.0.1:PORT, for load runs without
// wrangler's dev proxy in front. Runs until killed. Usage: node bench/worker-serve.mjs [port]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWorker } from "../js/worker/harness.mjs";

const port = Number(process.argv[2] ?? 8788);
const { mf, logs } = await startWorker(
  { VOICEHOOK_ENV: "development", INGEST_TOKEN: "dev-ingest-token", ADMIN_TOKEN: "dev-admin-token" },
  { host: "127.0.0.1", port, d1Persist: mkdtempSync(join(tmpdir(), "voicehook-bench-d1-")) },
);
console.log(`ready ${(await mf.ready).href}`);
// The Worker's own log lines (one per request, with its D1 writes), for bench/wrk-summary.mjs.
setInterval(() => {
  for (const line of logs.splice(0)) console.log(line);
}, 200);
process.on("SIGTERM", async () => {
  await mf.dispose();
  process.exit(0);
});
