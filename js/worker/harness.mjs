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
  ATOMS_SIGNING_SECRET: "test-atoms-signing-secret-77",
  ADMIN_TOKEN: "test-admin-token-c3d4",
};

/**
 * Starts the Worker with `vars` over the test secrets, and any further Miniflare `options` (a
 * host and port, D1 persistence); `logs` collects its stdout lines.
 */
export async function startWorker(vars = {}, options = {}) {
  const logs = [];
  const mf = new Miniflare({
    cf: false,
    modules: true,
    modulesRoot: join(root, "build"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    scriptPath: join(root, "build/index.js"),
    compatibilityDate: "2026-01-01",
    d1Databases: { DB: "voicehook-test" },
    queueProducers: { DELIVERY_QUEUE: "voicehook-delivery", DEAD_LETTER_QUEUE: "voicehook-dead-letter" },
    queueConsumers: {
      "voicehook-delivery": { maxBatchSize: 50, maxBatchTimeout: 0, maxRetries: 100, deadLetterQueue: "voicehook-dead-letter" },
      "voicehook-dead-letter": { maxBatchSize: 50, maxBatchTimeout: 0 },
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
    ...options,
  });
  const db = await mf.getD1Database("DB");
  for (const file of readdirSync(join(root, "migrations")).sort()) {
    const sql = readFileSync(join(root, "migrations", file), "utf8").replace(/--.*$/gm, "");
    const statements = sql.split(";").map((s) => s.trim()).filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
  const request = (path, init = {}) => mf.dispatchFetch(`http://localhost${path}`, init);
  return { mf, db, logs, request };
}

/** Headers of a JSON webhook with a bearer token. */
export function bearer(token, extra = {}) {
  return { "content-type": "application/json", authorization: `Bearer ${token}`, ...extra };
}

/** Headers of an admin request. */
export function admin() {
  return { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` };
}
