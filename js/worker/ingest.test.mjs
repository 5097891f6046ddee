// The edge endpoint end to end, in local workerd: every fixture through both routes, every way
// of presenting and failing credentials, Atoms signatures, limits, quarantine and replay,
// redelivery, the call timeline, admin access, and logs without personal data.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { fixtures } from "../support.mjs";
import { SECRETS, admin, bearer, startWorker } from "./harness.mjs";

let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => worker?.mf.dispose());

const post = (path, body, headers) => worker.request(path, { method: "POST", body, headers });
const getJson = async (path) => {
  const response = await worker.request(path, { headers: admin() });
  assert.equal(response.status, 200, path);
  return response.json();
};
const withoutRaw = (event) => ({ ...event, raw: null });
const sign = (body, secret = SECRETS.ATOMS_SIGNING_SECRET) => createHmac("sha256", secret).update(body).digest("hex");
/** The fixtures the endpoint sees as-is (mappings are configured separately). */
const plainFixtures = () => fixtures().filter((f) => !f.options.mapping);

describe("every fixture through both routes", () => {
  test("valid bodies are stored and answered 200; invalid ones quarantined with 422", async () => {
    // Ids stored so far: a fixture's first delivery is new unless another fixture had the very
    // same content; its second (through the other route) is a duplicate.
    const stored = new Set();
    for (const fixture of plainFixtures()) {
      const vendor = fixture.options.vendor ?? (fixture.vendor === "any" ? null : fixture.vendor);
      const routes = vendor ? [`/v1/hooks/${vendor}`] : [];
      if (!fixture.options.vendor) routes.push("/v1/hooks");
      for (const route of routes) {
        const type = { "content-type": fixture.options.contentType ?? "application/json" };
        const response = await post(route, fixture.body, bearer(SECRETS.INGEST_TOKEN, type));
        const answer = await response.json();
        if (fixture.expected.ok) {
          assert.equal(response.status, 200, `${fixture.name} ${route}`);
          const { id, kind } = fixture.expected.event;
          const duplicate = stored.has(id);
          assert.deepEqual(answer, { accepted: true, id, kind, duplicate }, `${fixture.name} ${route}`);
          stored.add(id);
          const record = await getJson(`/v1/events/${id}`);
          assert.deepEqual(record.event, withoutRaw(fixture.expected.event), `${fixture.name}: stored event`);
          assert.deepEqual(record.conflicts, [], `${fixture.name}: no conflict`);
        } else {
          assert.equal(response.status, 422, `${fixture.name} ${route}`);
          assert.equal(response.headers.get("content-type"), "application/problem+json");
          assert.equal(answer.status, 422);
          assert.match(answer.quarantine_id, /^q_[0-9a-f]{32}$/);
          assert.ok(answer.issues.length > 0, fixture.name);
          const listed = await getJson("/v1/quarantine?limit=500");
          assert.ok(listed.quarantine.some((q) => q.id === answer.quarantine_id), `${fixture.name}: listed`);
        }
      }
    }
  });

  test("fixtures with a mapping, once it is stored for Callab or for their custom platform", async () => {
    const mapped = fixtures().filter((f) => f.options.mapping);
    assert.ok(mapped.length >= 7);
    try {
      for (const fixture of mapped) {
        const name = fixture.options.vendor ?? "callab";
        const put = await worker.request(`/v1/mappings/${name}`, {
          method: "PUT",
          body: JSON.stringify(fixture.options.mapping),
          headers: admin(),
        });
        assert.equal(put.status, 200, fixture.name);
        const response = await post(`/v1/hooks/${name}`, fixture.body, bearer(SECRETS.INGEST_TOKEN));
        const answer = await response.json();
        assert.equal(response.status, fixture.expected.ok ? 200 : 422, fixture.name);
        if (!fixture.expected.ok) continue;
        assert.equal(answer.id, fixture.expected.event.id, fixture.name);
        const stored = await getJson(`/v1/events/${answer.id}`);
        assert.deepEqual(stored.event, withoutRaw(fixture.expected.event), fixture.name);
      }
    } finally {
      // Back to the recommended template, as a deployment without a stored mapping has.
      const template = readFileSync(new URL("../../src/vendor/callab_template.json", import.meta.url), "utf8");
      await worker.request("/v1/mappings/callab", { method: "PUT", body: template, headers: admin() });
    }
  });

  test("a custom platform without a stored mapping is quarantined; fixed formats take no mapping", async () => {
    const body = fixtures().find((f) => f.name === "custom/call_completed.json").body;
    const response = await post("/v1/hooks/zeta", body, bearer(SECRETS.INGEST_TOKEN));
    assert.equal(response.status, 422);
    assert.equal((await response.json()).issues[0].code, "unknown_vendor");
    const staragentToken = await post("/v1/hooks/acme", body, bearer(SECRETS.INGEST_TOKEN_STARAGENT));
    assert.equal(staragentToken.status, 401, "a vendor's token is not a custom platform's");
    const fixed = await worker.request("/v1/mappings/retell", { method: "PUT", body: "{}", headers: admin() });
    assert.equal(fixed.status, 409);
    const badName = await worker.request("/v1/mappings/Not%20A%20Name", { method: "PUT", body: "{}", headers: admin() });
    assert.equal(badName.status, 404);
  });

  test("rejections carry the core's issues, the same as safeNormalize", async () => {
    const invalid = plainFixtures().filter((f) => !f.expected.ok && f.options.vendor === undefined);
    assert.ok(invalid.length > 3);
    for (const fixture of invalid) {
      const type = { "content-type": fixture.options.contentType ?? "application/json" };
      const answer = await (await post("/v1/hooks", fixture.body, bearer(SECRETS.INGEST_TOKEN, type))).json();
      assert.deepEqual(answer.issues, fixture.expected.issues, fixture.name);
    }
  });
});

describe("form bodies", () => {
  const form = () => fixtures().find((f) => f.name === "twilio/status_callback_completed.form");

  test("a Twilio callback as a form body, and the same callback configured as a GET", async () => {
    const { body, expected } = form();
    const headers = bearer(SECRETS.INGEST_TOKEN, { "content-type": "application/x-www-form-urlencoded" });
    const posted = await (await post("/v1/hooks/twilio", body, headers)).json();
    assert.equal(posted.id, expected.event.id);
    const got = await worker.request(`/v1/hooks/twilio?${body.toString()}`, {
      headers: { authorization: `Bearer ${SECRETS.INGEST_TOKEN}` },
    });
    assert.equal(got.status, 200);
    const answer = await got.json();
    assert.deepEqual([answer.id, answer.duplicate], [expected.event.id, true], "the same callback");
  });

  test("a form body sent as JSON is not guessed: invalid_json", async () => {
    const response = await post("/v1/hooks/twilio", form().body, bearer(SECRETS.INGEST_TOKEN));
    assert.equal(response.status, 422);
    assert.equal((await response.json()).issues[0].code, "invalid_json");
  });
});

describe("credentials", () => {
  const starleads = () => fixtures().find((f) => f.name === "starleads/webhook_pascal_case.json").body;
  const staragent = () => fixtures().find((f) => f.name === "staragent/incoming_call.json").body;
  const json = { "content-type": "application/json" };

  test("each way of presenting a token is accepted", async () => {
    const cases = [
      ["/v1/hooks/staragent", staragent(), bearer(SECRETS.INGEST_TOKEN)],
      ["/v1/hooks/staragent", staragent(), { ...json, "x-voicehook-token": SECRETS.INGEST_TOKEN }],
      ["/v1/hooks/staragent", staragent(), { ...json, authorization: `bearer ${SECRETS.INGEST_TOKEN_STARAGENT}` }],
      [`/v1/hooks/starleads?token=${SECRETS.INGEST_TOKEN_STARLEADS}`, starleads(), json],
      [`/v1/hooks?token=${SECRETS.INGEST_TOKEN_STARLEADS}`, starleads(), json],
      ["/v1/hooks", staragent(), bearer(SECRETS.INGEST_TOKEN_STARAGENT)],
    ];
    for (const [path, body, headers] of cases) {
      const response = await post(path, body, headers);
      assert.equal(response.status, 200, `${path} ${JSON.stringify(Object.keys(headers))}`);
    }
  });

  test("each way of failing is 401 with nothing that helps an attacker", async () => {
    const cases = [
      ["/v1/hooks/staragent", staragent(), json],
      ["/v1/hooks/staragent", staragent(), bearer("wrong")],
      ["/v1/hooks/staragent", staragent(), bearer(SECRETS.INGEST_TOKEN.slice(0, -1))],
      ["/v1/hooks/staragent", staragent(), { ...json, authorization: `Basic ${SECRETS.INGEST_TOKEN}` }],
      ["/v1/hooks/staragent", staragent(), bearer(SECRETS.ADMIN_TOKEN)],
      [`/v1/hooks/staragent?token=${SECRETS.INGEST_TOKEN}`, staragent(), json],
      [`/v1/hooks?token=${SECRETS.INGEST_TOKEN}`, staragent(), json],
      // The all-vendor token is never accepted in a URL, not even for a URL-only vendor.
      [`/v1/hooks/starleads?token=${SECRETS.INGEST_TOKEN}`, starleads(), json],
      [`/v1/hooks?token=${SECRETS.INGEST_TOKEN}`, starleads(), json],
      [`/v1/hooks/staragent?token=${SECRETS.INGEST_TOKEN_STARAGENT}`, staragent(), json],
      ["/v1/hooks/starleads", starleads(), bearer(SECRETS.INGEST_TOKEN_STARAGENT)],
      ["/v1/hooks", starleads(), bearer(SECRETS.INGEST_TOKEN_STARAGENT)],
      ["/v1/hooks/acme", starleads(), bearer(SECRETS.INGEST_TOKEN_STARAGENT)],
    ];
    for (const [path, body, headers] of cases) {
      const response = await post(path, body, headers);
      assert.equal(response.status, 401, path);
      const problem = await response.json();
      assert.deepEqual(Object.keys(problem).sort(), ["detail", "status", "title", "type"]);
      assert.equal(problem.detail, "Missing or invalid credentials.");
    }
  });

  test("Atoms signatures: good, bad, missing, and over a body with emoji", async () => {
    const atoms = fixtures().find((f) => f.name === "smallest_atoms/post_conversation.json").body;
    const emoji = Buffer.from(
      atoms.toString("utf8").replace(/"callId":\s*"[^"]+"/, '"callId": "CALL-emoji-📞-☕"').replace(/}\s*$/, ', "note": "Zoë 😀 ça"}'),
    );
    for (const [path, body] of [["/v1/hooks/smallest_atoms", atoms], ["/v1/hooks", emoji], ["/v1/hooks/smallest_atoms", emoji]]) {
      const response = await post(path, body, { "content-type": "application/json", "x-signature": sign(body) });
      assert.equal(response.status, 200, path);
    }
    // Stored and answered as ASCII JSON (every other character escaped), which reads back the same.
    const { id } = await (await post("/v1/hooks", emoji, { "content-type": "application/json", "x-signature": sign(emoji) })).json();
    const text = await (await worker.request(`/v1/events/${id}`, { headers: admin() })).text();
    assert.match(text, /^[\x20-\x7e]*$/);
    const { event } = JSON.parse(text);
    assert.equal(event.call.id, "CALL-emoji-📞-☕");
    assert.equal(event.extra["/note"], "Zoë 😀 ça");
    const bad = [
      { "x-signature": sign(atoms, "another-secret") },
      { "x-signature": sign(Buffer.concat([atoms, Buffer.from(" ")])) },
      { "x-signature": "not-hex" },
      {},
      // a bad signature is refused even next to a good token
      { "x-signature": sign(atoms, "another-secret"), authorization: `Bearer ${SECRETS.INGEST_TOKEN}` },
    ];
    for (const headers of bad) {
      const response = await post("/v1/hooks/smallest_atoms", atoms, { "content-type": "application/json", ...headers });
      assert.equal(response.status, 401, JSON.stringify(headers));
    }
    // a signature authenticates Atoms bodies only
    const staragent = fixtures().find((f) => f.name === "staragent/incoming_call.json").body;
    const response = await post("/v1/hooks/staragent", staragent, { "content-type": "application/json", "x-signature": sign(staragent) });
    assert.equal(response.status, 401);
  });

  test("admin endpoints need the admin token", async () => {
    for (const headers of [{}, { authorization: `Bearer ${SECRETS.INGEST_TOKEN}` }, { authorization: "Bearer x" }]) {
      for (const path of ["/v1/events", "/v1/quarantine", "/v1/calls/x"]) {
        assert.equal((await worker.request(path, { headers })).status, 401, path);
      }
    }
    assert.equal((await worker.request("/v1/events", { headers: { "x-voicehook-token": SECRETS.ADMIN_TOKEN } })).status, 200);
    assert.equal((await worker.request(`/v1/events?token=${SECRETS.ADMIN_TOKEN}`)).status, 401);
  });
});

describe("limits", () => {
  test("413 over MAX_BODY_BYTES, accepted just under it", async () => {
    const base = fixtures().find((f) => f.name === "staragent/incoming_call.json").body.toString();
    const padded = (size) => base.replace(/}\s*$/, `,"pad":"${"x".repeat(size - base.trim().length - 10)}"}`);
    const under = padded(1048576 - 100);
    assert.ok(Buffer.byteLength(under) <= 1048576);
    assert.equal((await post("/v1/hooks/staragent", under, bearer(SECRETS.INGEST_TOKEN))).status, 200);
    for (const size of [1048576 + 100, 5 * 1048576]) {
      const response = await post("/v1/hooks/staragent", padded(size), bearer(SECRETS.INGEST_TOKEN));
      assert.equal(response.status, 413, String(size));
      assert.equal(response.headers.get("content-type"), "application/problem+json");
    }
  });

  test("415 for content types no vendor sends (JSON and forms are read)", async () => {
    const body = fixtures().find((f) => f.name === "staragent/incoming_call.json").body;
    for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x"]) {
      const response = await post("/v1/hooks/staragent", body, { ...bearer(SECRETS.INGEST_TOKEN), "content-type": type });
      assert.equal(response.status, 415, type);
    }
    const typed = await post("/v1/hooks/staragent", body, { ...bearer(SECRETS.INGEST_TOKEN), "content-type": "application/json; charset=utf-8" });
    assert.equal(typed.status, 200);
  });
});

describe("storage", () => {
  test("a redelivered webhook is answered 200 again and stored once", async () => {
    const fixture = fixtures().find((f) => f.name === "autocalls/post_call_string_transcript.json");
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await post("/v1/hooks/autocalls", fixture.body, bearer(SECRETS.INGEST_TOKEN));
      assert.equal(response.status, 200);
      answers.push(await response.json());
    }
    assert.equal(new Set(answers.map((a) => a.id)).size, 1);
    assert.deepEqual(answers.slice(1).map((a) => a.duplicate), [true, true]);
    const { events } = await getJson(`/v1/events?call_id=${encodeURIComponent(fixture.expected.event.call.id)}&vendor=autocalls`);
    assert.equal(events.filter((e) => e.id === answers[0].id).length, 1);
  });

  test("the call timeline: start first, analysis last", async () => {
    for (const name of ["post_conversation", "analytics_completed", "pre_conversation"]) {
      const body = fixtures().find((f) => f.name === `smallest_atoms/${name}.json`).body;
      assert.equal((await post("/v1/hooks/smallest_atoms", body, bearer(SECRETS.INGEST_TOKEN))).status, 200, name);
    }
    const timeline = await getJson("/v1/calls/CALL-1778226705739-7e4c17");
    const kinds = timeline.events.map((e) => e.kind);
    assert.equal(kinds[0], "call.started");
    assert.equal(kinds.at(-1), "call.analyzed");
    assert.ok(kinds.includes("call.ended"));
    const staragent = await getJson("/v1/calls/clxyz1234567890abcdef");
    assert.deepEqual(staragent.events.map((e) => e.kind)[0], "call.started");
    assert.ok(staragent.events.some((e) => e.kind === "voicemail.received"));
    assert.equal((await worker.request("/v1/calls/no-such-call", { headers: admin() })).status, 404);
  });

  test("events are paged with a cursor", async () => {
    const first = await getJson("/v1/events?limit=2");
    assert.equal(first.events.length, 2);
    assert.ok(first.next_cursor);
    const second = await getJson(`/v1/events?limit=2&cursor=${first.next_cursor}`);
    assert.notDeepEqual(second.events.map((e) => e.id), first.events.map((e) => e.id));
  });

  test("a Callab body quarantined for its template is replayed after the mapping is fixed", async () => {
    const fixture = fixtures().find((f) => f.options.mapping && f.expected.ok);
    const rejected = await post("/v1/hooks/callab", fixture.body, bearer(SECRETS.INGEST_TOKEN));
    assert.equal(rejected.status, 422);
    const { quarantine_id } = await rejected.json();
    const broken = await worker.request("/v1/mappings/callab", { method: "PUT", body: "{not json", headers: admin() });
    assert.equal(broken.status, 422);
    const fixed = await worker.request("/v1/mappings/callab", { method: "PUT", body: JSON.stringify(fixture.options.mapping), headers: admin() });
    assert.equal(fixed.status, 200);
    const replay = await worker.request(`/v1/quarantine/${quarantine_id}/replay`, { method: "POST", headers: admin() });
    assert.equal(replay.status, 200);
    const answer = await replay.json();
    assert.equal(answer.id, fixture.expected.event.id);
    const listed = await getJson("/v1/quarantine?status=replayed");
    const row = listed.quarantine.find((q) => q.id === quarantine_id);
    assert.equal(row.event_id, answer.id);
    const { events } = await getJson(`/v1/events?vendor=callab&kind=${answer.kind}&limit=500`);
    assert.deepEqual(events.find((e) => e.id === answer.id), withoutRaw(fixture.expected.event));
    assert.equal((await worker.request("/v1/quarantine/q_nope/replay", { method: "POST", headers: admin() })).status, 404);
  });

  test("the dry run answers what safeNormalize does and stores nothing", async () => {
    const fixture = fixtures().find((f) => f.name === "autocalls/famulor_array_transcript.json");
    const before = (await getJson("/v1/events?vendor=autocalls&limit=500")).events.length;
    const response = await post("/v1/normalize?vendor=autocalls", fixture.body, bearer(SECRETS.INGEST_TOKEN));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), fixture.expected);
    const bad = await (await post("/v1/normalize", '{"event":', bearer(SECRETS.ADMIN_TOKEN))).json();
    assert.equal(bad.ok, false);
    assert.equal((await getJson("/v1/events?vendor=autocalls&limit=500")).events.length, before);
    assert.equal((await post("/v1/normalize", "{}", { "content-type": "application/json" })).status, 401);
  });
});

describe("service", () => {
  test("/healthz and /v1/schema", async () => {
    assert.deepEqual(await (await worker.request("/healthz")).json(), { ok: true });
    const schema = await (await worker.request("/v1/schema")).json();
    assert.equal(schema.$id, "https://voicehook.dev/schema/v1/call-event.json");
    assert.equal((await worker.request("/nope")).status, 404);
  });

  test("one JSON log line per request, with no personal data, tokens or bodies", () => {
    const lines = worker.logs.filter((line) => line.startsWith("{"));
    assert.ok(lines.length > 100, `${lines.length} log lines`);
    const parsed = lines.map((line) => JSON.parse(line));
    assert.ok(parsed.every((l) => typeof l.status === "number" && typeof l.route === "string" && typeof l.outcome === "string"));
    assert.ok(parsed.some((l) => l.outcome === "accepted" && /^evt_/.test(l.event_id)));
    const all = worker.logs.join("\n");
    for (const secret of Object.values(SECRETS)) assert.ok(!all.includes(secret), "a secret in the logs");
    const personal = ["+15559876543", "5559876543", "Sunrise Dental", "CALL-emoji", "token="];
    for (const fixture of fixtures()) {
      const text = fixture.body.toString("utf8");
      for (const match of text.matchAll(/"\+?\d[\d\s().-]{7,}\d"/g)) personal.push(match[0].slice(1, -1));
    }
    for (const value of personal) assert.ok(!all.includes(value), `personal data in logs: ${value}`);
  });
});

describe("settings", () => {
  test("REJECT_STATUS=200 answers quarantined bodies with 200", async () => {
    const lenient = await startWorker({ REJECT_STATUS: "200" });
    try {
      const response = await lenient.request("/v1/hooks", { method: "POST", body: '{"event":', headers: bearer(SECRETS.INGEST_TOKEN) });
      assert.equal(response.status, 200);
      const answer = await response.json();
      assert.equal(answer.accepted, false);
      assert.match(answer.quarantine_id, /^q_/);
      const listed = await (await lenient.request("/v1/quarantine", { headers: admin() })).json();
      assert.equal(listed.quarantine.length, 1);
    } finally {
      await lenient.mf.dispose();
    }
  });

  test("the development tokens are refused outside local development", async () => {
    const dev = { INGEST_TOKEN: "dev-ingest-token", ADMIN_TOKEN: "dev-admin-token", ATOMS_SIGNING_SECRET: "dev-atoms-signing-secret" };
    const deployed = await startWorker(dev);
    try {
      assert.equal((await deployed.request("/healthz")).status, 503);
      const hook = await deployed.request("/v1/hooks", { method: "POST", body: "{}", headers: bearer("dev-ingest-token") });
      assert.equal(hook.status, 503);
    } finally {
      await deployed.mf.dispose();
    }
    const local = await startWorker({ ...dev, VOICEHOOK_ENV: "development" });
    try {
      assert.equal((await local.request("/healthz")).status, 200);
      const remote = await local.mf.dispatchFetch("https://voicehook.example.com/healthz");
      assert.equal(remote.status, 503);
    } finally {
      await local.mf.dispose();
    }
  });
});
