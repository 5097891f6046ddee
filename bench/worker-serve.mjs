// Serves the built Worker (build/) straight from workerd through Miniflare, with a fresh local
// D1 (migrations applied) and the development secrets, on 127.0.0.1:PORT, for load runs without
// wrangler's dev proxy in front. Runs until killed. Usage: node bench/worker-serve.mjs [port]
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";

const root = new URL("..", import.meta.url).pathname;
const port = Number(process.argv[2] ?? 8788);
const mf = new Miniflare({
  cf: false,
  host: "127.0.0.1",
  port,
  modules: true,
  modulesRoot: join(root, "build"),
  modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
  scriptPath: join(root, "build/index.js"),
  compatibilityDate: "2026-01-01",
  d1Databases: { DB: "voicehook-bench" },
  d1Persist: mkdtempSync(join(tmpdir(), "voicehook-bench-d1-")),
  bindings: {
    VOICEHOOK_ENV: "development",
    INGEST_TOKEN: "dev-ingest-token",
    ADMIN_TOKEN: "dev-admin-token",
    MAX_BODY_BYTES: "1048576",
  },
});
const db = await mf.getD1Database("DB");
for (const file of readdirSync(join(root, "migrations")).sort()) {
  const sql = readFileSync(join(root, "migrations", file), "utf8").replace(/--.*$/gm, "");
  const statements = sql.split(";").map((s) => s.trim()).filter(Boolean);
  await db.batch(statements.map((s) => db.prepare(s)));
}
console.log(`ready ${(await mf.ready).href}`);
process.on("SIGTERM", async () => {
  await mf.dispose();
  process.exit(0);
});
