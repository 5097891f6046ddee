// Fault tests of the edge endpoint in local workerd: bodies just over and far over the limit, a
// truncated body, missing and wrong content types, a flood of unauthenticated requests, and a few
// thousand mixed requests at full speed. Afterwards every request is accounted for: sent =
// events + quarantined + refused (401, 413, 415; the last two leaving a trace for an
// authenticated sender), and /healthz still answers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fixtures } from "../support.mjs";
import { SECRETS, bearer, startWorker } from "./harness.mjs";

const LIMIT = 1048576;
let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => worker?.mf.dispose());

const post = (path, body, headers) => worker.request(path, { method: "POST", body, headers });
const count = async (table, where = "1") =>
  (await worker.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).first()).n;
const staragent = fixtures().find((f) => f.name === "staragent/incoming_call.json").body.toString();
const valid = (n) => staragent.replace(/"call_id":\s*"[^"]+"/, `"call_id": "fault-${n}"`);
/** Distinct invalid bodies (each kept once in quarantine): truncated, or an unknown event. */
const invalid = (n) => (n % 2 ? valid(n).slice(0, 60 + (n % 200)) : `{"event":"call_exploded","n":${n}}`);

async function inParallel(jobs, width) {
  const results = [];
  for (let i = 0; i < jobs.length; i += width) {
    results.push(...(await Promise.all(jobs.slice(i, i + width).map((job) => job()))));
  }
  return results;
}

test("bodies slightly over and far over the limit get 413, and nothing is stored", async () => {
  const before = await count("events");
  for (const size of [LIMIT + 1, LIMIT + 4096, 16 * LIMIT]) {
    const body = `{"pad":"${"x".repeat(size - 10)}"}`;
    const response = await post("/v1/hooks/staragent", body, bearer(SECRETS.INGEST_TOKEN));
    assert.equal(response.status, 413, String(size));
  }
  assert.equal(await count("events"), before);
  assert.equal((await worker.request("/healthz")).status, 200);
});

test("a truncated body is quarantined, not lost", async () => {
  const truncated = staragent.slice(0, staragent.length / 2);
  const response = await post("/v1/hooks/staragent", truncated, bearer(SECRETS.INGEST_TOKEN));
  assert.equal(response.status, 422);
  const { quarantine_id } = await response.json();
  const row = await worker.db.prepare("SELECT length(body) AS n FROM quarantine WHERE id = ?").bind(quarantine_id).first();
  assert.equal(row.n, Buffer.byteLength(truncated));
});

test("missing content type is read as JSON; wrong ones get 415", async () => {
  const bare = await worker.request("/v1/hooks/staragent", {
    method: "POST",
    body: new TextEncoder().encode(valid("no-type")),
    headers: { authorization: `Bearer ${SECRETS.INGEST_TOKEN}` },
  });
  assert.equal(bare.headers.get("content-type"), "application/json");
  assert.equal(bare.status, 200);
  for (const type of ["text/plain", "text/html", "application/xml", "application/octet-stream"]) {
    assert.equal((await post("/v1/hooks/staragent", valid(type), { ...bearer(SECRETS.INGEST_TOKEN), "content-type": type })).status, 415);
  }
});

test("a flood of unauthenticated requests is refused and stores nothing", async () => {
  const events = await count("events");
  const quarantined = await count("quarantine");
  const statuses = await inParallel(
    Array.from({ length: 2000 }, (_, n) => () =>
      post(n % 2 ? "/v1/hooks" : "/v1/hooks/staragent", valid(`flood-${n}`), bearer(`guess-${n}`)).then((r) => r.status),
    ),
    100,
  );
  assert.ok(statuses.every((s) => s === 401));
  assert.equal(await count("events"), events);
  assert.equal(await count("quarantine"), quarantined);
  assert.equal((await worker.request("/healthz")).status, 200);
});

test("thousands of mixed requests at full speed: every one accounted for", async () => {
  const events = await count("events");
  const quarantined = await count("quarantine", "reason = 'invalid'");
  const traces = await count("quarantine", "reason <> 'invalid'");
  const kinds = ["valid", "invalid", "unauthenticated", "too_large", "wrong_type"];
  const expected = Object.fromEntries(kinds.map((k) => [k, 0]));
  const jobs = Array.from({ length: 3000 }, (_, n) => {
    // Of every 8: 3 valid, 2 invalid, then one each of the refused kinds.
    const kind = kinds[n % 8 < 3 ? 0 : n % 8 < 5 ? 1 : (n % 8) - 3];
    expected[kind]++;
    const headers = bearer(SECRETS.INGEST_TOKEN);
    switch (kind) {
      case "valid":
        return () => post("/v1/hooks/staragent", valid(`mixed-${n}`), headers);
      case "invalid":
        return () => post("/v1/hooks/staragent", invalid(n), headers);
      case "unauthenticated":
        return () => post("/v1/hooks/staragent", valid(`mixed-${n}`), bearer("nope"));
      case "too_large":
        return () => post("/v1/hooks/staragent", `{"pad":"${"y".repeat(LIMIT)}"}`, headers);
      default:
        return () => post("/v1/hooks/staragent", valid(`mixed-${n}`), { ...headers, "content-type": "text/plain" });
    }
  });
  assert.ok(kinds.every((k) => expected[k] > 0), JSON.stringify(expected));
  const statuses = await inParallel(jobs.map((job) => () => job().then((r) => r.status)), 50);
  const tally = (status) => statuses.filter((s) => s === status).length;
  assert.equal(tally(200), expected.valid);
  assert.equal(tally(422), expected.invalid);
  assert.equal(tally(401), expected.unauthenticated);
  assert.equal(tally(413), expected.too_large);
  assert.equal(tally(415), expected.wrong_type);
  const stored = (await count("events")) - events;
  const kept = (await count("quarantine", "reason = 'invalid'")) - quarantined;
  assert.equal(stored, expected.valid);
  assert.equal(kept, expected.invalid);
  assert.equal(jobs.length, stored + kept + tally(401) + tally(413) + tally(415));
  // Every refusal of an authenticated sender left a trace: one per distinct body (the
  // over-limit bodies are all the same).
  assert.equal((await count("quarantine", "reason <> 'invalid'")) - traces, expected.wrong_type + 1);
  assert.equal((await worker.request("/healthz")).status, 200);
});
