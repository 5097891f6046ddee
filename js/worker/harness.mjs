// Runs the built Worker (build/, from scripts/build-worker.sh) in local workerd through
// Miniflare, with a fresh local D1 migrated from migrations/, and captures its log lines.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { root } from "../support.mjs";

/** Test secrets (never the documented development ones). */
export const SECRETS = {
  INGEST_TOKEN: "test-global-token-5f1c",
  INGEST_TOKEN_STARAGENT: "test-staragent-token-9a2b",
  INGEST_TOKEN_STARLEADS: "test-starleads-token-41d0",
  ATOMS_SIGNING_SECRET: "test-atoms-signing-secret-77",
  ADMIN_TOKEN: "test-admin-token-c3d4",
};

/**
 * Starts the Worker with `vars` over the test secrets, and any further Miniflare `options` (a
 * host and port, D1 and R2 persistence; `migrate: false` for a persisted D1 already migrated);
 * `logs` collects its stdout lines.
 */
export async function startWorker(vars = {}, options = {}) {
  const { migrate: migrates = true, ...miniflareOptions } = options;
  const logs = [];
  const mf = new Miniflare({
    cf: false,
    modules: true,
    modulesRoot: join(root, "build"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    scriptPath: join(root, "build/index.js"),
    compatibilityDate: "2026-01-01",
    d1Databases: { DB: "voicehook-test" },
    r2Buckets: { BLOBS: "voicehook-blobs" },
    queueProducers: { DELIVERY_QUEUE: "voicehook-delivery", DEAD_LETTER_QUEUE: "voicehook-dead-letter" },
    queueConsumers: {
      "voicehook-delivery": { maxBatchSize: 50, maxBatchTimeout: 0, maxRetries: 100, deadLetterQueue: "voicehook-dead-letter" },
      "voicehook-dead-letter": { maxBatchSize: 50, maxBatchTimeout: 0, maxRetries: 100 },
    },
    bindings: { MAX_BODY_BYTES: "1048576", REJECT_STATUS: "422", ...SECRETS, ...vars },
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) {
        let pending = "";
        stream.on("data", (chunk) => {
          const lines = (pending + chunk).split("\n");
          pending = lines.pop();
          logs.push(...lines.filter(Boolean));
        });
      }
    },
    ...miniflareOptions,
  });
  const db = await mf.getD1Database("DB");
  if (migrates) await migrate(db);
  const request = (path, init = {}) => mf.dispatchFetch(`http://localhost${path}`, init);
  /** Runs the cron trigger once (recovery sweep and retention), as Cloudflare would. */
  const scheduled = async () => (await mf.getWorker()).scheduled({ cron: "*/5 * * * *" });
  return { mf, db, logs, request, scheduled };
}

/** Applies migrations/ in order; a trigger's body keeps its inner semicolons. */
async function migrate(db) {
  for (const file of readdirSync(join(root, "migrations")).sort()) {
    const sql = readFileSync(join(root, "migrations", file), "utf8").replace(/--.*$/gm, "");
    const statements = [];
    let current = "";
    for (const line of sql.split("\n")) {
      current += line + "\n";
      const inTrigger = /CREATE\s+TRIGGER/i.test(current) && !/\bEND\s*;\s*$/i.test(current);
      if (/;\s*$/.test(line) && !inTrigger) {
        statements.push(current.trim().replace(/;$/, ""));
        current = "";
      }
    }
    if (current.trim()) statements.push(current.trim());
    await db.batch(statements.filter(Boolean).map((s) => db.prepare(s)));
  }
}

/** The largest row of each table of the local D1, in bytes (the sum of its columns' lengths). */
export async function largestRows(db) {
  const sizes = {};
  const tables = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all();
  for (const { name } of tables.results) {
    const columns = await db.prepare(`SELECT name FROM pragma_table_info('${name}')`).all();
    const sum = columns.results.map((c) => `COALESCE(length(CAST("${c.name}" AS BLOB)), 0)`).join(" + ");
    const row = await db.prepare(`SELECT MAX(${sum}) AS n FROM "${name}"`).first();
    sizes[name] = row.n ?? 0;
  }
  return sizes;
}

/** Headers of a JSON webhook with a bearer token. */
export function bearer(token, extra = {}) {
  return { "content-type": "application/json", authorization: `Bearer ${token}`, ...extra };
}

/** Headers of an admin request. */
export function admin() {
  return { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` };
}
