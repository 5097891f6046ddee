// Nothing dropped, nothing stranded: each loss path of the integrity issue, end to end in local
// workerd. Event identity (different webhooks about one call are all kept; a conflict is kept),
// recovery of events that never reached the queue (injected faults, the cron sweep), documents
// over D1's row limit (R2), bodies read no further than the limit, traces of refusals, retention
// with tombstones, erasure of one person's data, and calls without a call id.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures } from "../support.mjs";
import { SECRETS, admin, bearer, largestRows, startWorker } from "./harness.mjs";
import { eventually, startDownstream } from "./downstream.mjs";

const LIMIT = 1048576;
const D1_ROW_LIMIT = 2_000_000;
const cleanup = [];
after(async () => {
  for (const close of cleanup.reverse()) await close();
});

/** A Worker disposed after the tests (or earlier, once, by `stop`). */
async function worker(vars = {}, options = {}) {
  const started = await startWorker(vars, options);
  let stopped;
  started.stop = () => (stopped ??= started.mf.dispose());
  cleanup.push(started.stop);
  return started;
}

const body = (name) => fixtures().find((f) => f.name === name).body.toString("utf8");
const json = (name) => JSON.parse(body(name));
const post = (w, path, text, headers = bearer(SECRETS.INGEST_TOKEN)) =>
  w.request(path, { method: "POST", body: text, headers });
const getJson = async (w, path) => {
  const response = await w.request(path, { headers: admin() });
  assert.equal(response.status, 200, path);
  return response.json();
};
const deliveryOf = async (w, id) => (await getJson(w, `/v1/events/${id}`)).delivery;
const untilState = (w, id, state, ms = 15_000) =>
  eventually(async () => {
    const record = await deliveryOf(w, id);
    return record.state === state && record;
  }, ms, state);

describe("1. identity: different webhooks are never taken for redeliveries", () => {
  test("a Starleads item Calling then Processed: two events, of their own kinds, on one call", async () => {
    const w = await worker();
    const processed = json("starleads/webhook_pascal_case.json");
    const calling = { ...processed, RunningStatus: "Calling" };
    delete calling.Result;
    const first = await (await post(w, "/v1/hooks/starleads", JSON.stringify(calling))).json();
    const second = await (await post(w, "/v1/hooks/starleads", JSON.stringify(processed))).json();
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, false);
    assert.notEqual(first.id, second.id);
    assert.deepEqual([first.kind, second.kind], ["call.started", "call.ended"]);
    const timeline = await getJson(w, `/v1/calls/${processed.Id}`);
    assert.deepEqual(timeline.events.map((e) => e.kind), ["call.started", "call.ended"]);
  });

  test("a Callab campaign paused twice, a StarAgent voicemail resent: each one stored", async () => {
    const w = await worker();
    const paused = json("callab/campaign_paused.json");
    const voicemail = json("staragent/voicemail_transcribe_mode.json");
    const pairs = [
      ["/v1/hooks/callab", paused, { ...paused, timestamp: "2026-03-05T09:00:00Z" }],
      ["/v1/hooks/staragent", voicemail, { ...voicemail, voicemail: { ...voicemail.voicemail, transcription: "Jane again." } }],
    ];
    for (const [path, a, b] of pairs) {
      const first = await (await post(w, path, JSON.stringify(a))).json();
      const second = await (await post(w, path, JSON.stringify(b))).json();
      assert.equal(second.duplicate, false, path);
      assert.notEqual(first.id, second.id, path);
      await getJson(w, `/v1/events/${first.id}`);
      await getJson(w, `/v1/events/${second.id}`);
    }
  });

  test("a redelivery re-serialized (other key order and whitespace) is a duplicate, stored once", async () => {
    const w = await worker();
    const original = json("autocalls/post_call_string_transcript.json");
    const reordered = Object.fromEntries(Object.entries(original).reverse());
    const first = await (await post(w, "/v1/hooks/autocalls", JSON.stringify(original))).json();
    const again = await (await post(w, "/v1/hooks/autocalls", JSON.stringify(reordered, null, 4))).json();
    assert.equal(again.id, first.id);
    assert.equal(again.duplicate, true);
    const { n } = await w.db.prepare("SELECT COUNT(*) AS n FROM events").first();
    assert.equal(n, 1);
  });

  test("an id repeated with other content is kept as a conflict, never answered as a duplicate", async () => {
    const w = await worker();
    const text = body("staragent/incoming_call.json");
    const { id } = await (await post(w, "/v1/hooks/staragent", text)).json();
    // As if the row had been stored from another content under the same id.
    await w.db.prepare("UPDATE events SET digest = 'another-content' WHERE id = ?").bind(id).run();
    const answer = await (await post(w, "/v1/hooks/staragent", text)).json();
    assert.deepEqual([answer.id, answer.duplicate], [id, false]);
    const record = await getJson(w, `/v1/events/${id}`);
    assert.equal(record.conflicts.length, 1);
    assert.equal(record.conflicts[0].id, id);
  });
});

describe("2. stranded events reach the queue without an operator", () => {
  async function delivering(vars = {}, options = {}) {
    const downstream = await startDownstream();
    cleanup.push(() => downstream.close());
    const w = await worker(
      { DELIVERY_URL: downstream.url, DELIVERY_BACKOFF_BASE_S: "0", VOICEHOOK_ENV: "development", ...vars },
      options,
    );
    return { downstream, w };
  }

  test("queue.send failing: stored, answered 200 (unqueued), handed on by the cron sweep", async () => {
    const { downstream, w } = await delivering({ VOICEHOOK_FAULTS: "queue_send" });
    const response = await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"));
    assert.equal(response.status, 200);
    const { id } = await response.json();
    assert.equal((await deliveryOf(w, id)).state, "unqueued");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(downstream.received.length, 0);
    await w.scheduled();
    await untilState(w, id, "delivered");
    assert.equal(downstream.received.length, 1);
  });

  test("a request killed between store and send: the retry is a duplicate, the sweep delivers it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voicehook-killed-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const persist = { d1Persist: join(dir, "d1"), r2Persist: join(dir, "r2") };
    const text = body("staragent/incoming_call.json");
    const dying = await delivering({ VOICEHOOK_FAULTS: "drop_after_store" }, persist);
    const died = await post(dying.w, "/v1/hooks/staragent", text);
    assert.equal(died.status, 503);
    await dying.w.stop();

    const { downstream, w } = await delivering({ RECOVERY_GRACE_S: "0" }, { ...persist, migrate: false });
    const retry = await (await post(w, "/v1/hooks/staragent", text)).json();
    assert.equal(retry.duplicate, true, "the content is stored");
    assert.equal((await deliveryOf(w, retry.id)).state, "pending");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(downstream.received.length, 0, "nothing else would ever send it");
    await w.scheduled();
    await untilState(w, retry.id, "delivered");
    assert.equal(downstream.received.length, 1);
  });

  test("the sweep leaves events still in their grace period, and delivered ones, alone", async () => {
    const { downstream, w } = await delivering({ VOICEHOOK_FAULTS: "drop_after_store", RECOVERY_GRACE_S: "3600" });
    const died = await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"));
    assert.equal(died.status, 503);
    await w.scheduled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(downstream.received.length, 0);
  });

  test("redeliver works from any state, an event on its way included", async () => {
    const downstream = await startDownstream(() => ({ status: 200, delayMs: 1_500 }));
    cleanup.push(() => downstream.close());
    const w = await worker({ DELIVERY_URL: downstream.url, DELIVERY_TIMEOUT_S: "10" });
    const { id } = await (await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"))).json();
    await eventually(async () => downstream.received.length === 1, 10_000, "the first try");
    assert.equal((await deliveryOf(w, id)).state, "pending");
    const redeliver = await w.request(`/v1/events/${id}/redeliver`, { method: "POST", headers: admin() });
    assert.equal(redeliver.status, 202);
    await eventually(async () => downstream.received.length === 2, 10_000, "the redelivery");
    await untilState(w, id, "delivered");
  });

  test("an accepted webhook costs one D1 write, delivery included", async () => {
    const { downstream, w } = await delivering();
    const { id } = await (await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"))).json();
    await untilState(w, id, "delivered");
    assert.equal(downstream.received.length, 1);
    const line = w.logs.map((l) => JSON.parse(l)).find((l) => l.event_id === id && l.outcome === "accepted");
    assert.equal(line.d1_writes, 1);
  });

  test("a storage error in the consumer retries that message alone, after a delay", async () => {
    const { downstream, w } = await delivering({ VOICEHOOK_FAULTS: "queue_send" });
    const big = await (await post(w, "/v1/hooks/autocalls", textTranscriptBody(LIMIT - 1024))).json();
    const small = await (await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"))).json();
    // The big event's document is in R2: take it away, so loading it fails.
    const { blob_key } = await w.db.prepare("SELECT blob_key FROM events WHERE id = ?").bind(big.id).first();
    const bucket = await w.mf.getR2Bucket("BLOBS");
    const document = await (await bucket.get(blob_key)).text();
    await bucket.delete(blob_key);
    await w.scheduled(); // both handed on, in one batch
    const failures = () => w.logs.filter((l) => l.includes('"storage_error"') && l.includes(big.id)).length;
    await eventually(async () => failures() === 1, 10_000, "the storage error");
    await untilState(w, small.id, "delivered");
    await bucket.put(blob_key, document);
    const failedAt = Date.now();
    await untilState(w, big.id, "delivered", 20_000);
    assert.ok(Date.now() - failedAt >= 3_000, "retried after a delay, not at once");
    assert.equal(failures(), 1, "retried once, not in a tight loop");
    assert.equal(downstream.received.filter((r) => r.headers["webhook-id"] === small.id).length, 1);
  });

  test("the faults cannot be switched on outside local development", async () => {
    const downstream = await startDownstream();
    cleanup.push(() => downstream.close());
    const w = await worker({
      DELIVERY_URL: downstream.url,
      VOICEHOOK_ENV: "development",
      VOICEHOOK_FAULTS: "queue_send,drop_after_store",
    });
    const response = await w.mf.dispatchFetch("https://hooks.example.com/v1/hooks/staragent", {
      method: "POST",
      body: body("staragent/incoming_call.json"),
      headers: bearer(SECRETS.INGEST_TOKEN),
    });
    assert.equal(response.status, 200);
    const { id } = await response.json();
    await untilState(w, id, "delivered");
  });
});

/** An Autocalls body of about `size` bytes whose text transcript has many short `turn`s. */
function textTranscriptBody(size, turn = "AI: Ok.\nCustomer: Yes.\n") {
  const base = json("autocalls/post_call_string_transcript.json");
  const skeleton = JSON.stringify({ ...base, transcript: "" });
  base.transcript = turn.repeat(Math.floor((size - skeleton.length - 64) / (turn.length + 2)));
  return JSON.stringify(base);
}

describe("3. documents over D1's row limit live in R2", () => {
  test("a 1 MiB text-transcript body: the event (about 5 MB) is read back unchanged, no row near the limit", async () => {
    const w = await worker();
    const text = textTranscriptBody(LIMIT - 1024);
    assert.ok(Buffer.byteLength(text) <= LIMIT);
    const response = await post(w, "/v1/hooks/autocalls", text);
    assert.equal(response.status, 200);
    const { id } = await response.json();
    const dry = await (await post(w, "/v1/normalize?vendor=autocalls", text, bearer(SECRETS.ADMIN_TOKEN))).json();
    assert.ok(JSON.stringify(dry.event).length > 2 * D1_ROW_LIMIT, "the event is larger than a row");
    const stored = await getJson(w, `/v1/events/${id}`);
    assert.deepEqual(stored.event, dry.event);
    const listed = await getJson(w, "/v1/events?vendor=autocalls");
    assert.deepEqual(listed.events.find((e) => e.id === id), dry.event);
    for (const [table, bytes] of Object.entries(await largestRows(w.db))) {
      assert.ok(bytes < D1_ROW_LIMIT, `${table}: a row of ${bytes} bytes`);
    }
  });

  test("an event over the row limit is kept in R2 (UTF-8 from a large body); the API answers it as ASCII JSON", async () => {
    const w = await worker();
    // A large body's event is written as UTF-8 first; a small body's (short turns: an event
    // many times the body) as ASCII first, kept as it is in R2 when it outgrows a row.
    for (const [bytes, turn, utf8] of [
      [400_000, "AI: Bonjour, ça va ? नमस्ते\nCustomer: Oui 📱 ok\n", true],
      [200_000, "AI: é\nCustomer: 📱\n", false],
    ]) {
      const text = textTranscriptBody(bytes, turn);
      const response = await post(w, "/v1/hooks/autocalls", text);
      assert.equal(response.status, 200);
      const { id } = await response.json();
      const row = await w.db.prepare("SELECT blob_key, event FROM events WHERE id = ?").bind(id).first();
      assert.ok(row.blob_key, `${bytes}: the event is in R2`);
      assert.equal(row.event, "");
      const document = await (await (await w.mf.getR2Bucket("BLOBS")).get(row.blob_key)).text();
      assert.equal(document.includes("📱"), utf8, `${bytes}: the characters as they are in UTF-8, escaped in ASCII`);
      assert.equal(/^[\x20-\x7e]*$/.test(document), !utf8);
      const answer = await (await w.request(`/v1/events/${id}`, { headers: admin() })).text();
      assert.match(answer, /^[\x20-\x7e]*$/);
      const stored = JSON.parse(answer).event;
      assert.deepEqual(stored, JSON.parse(document));
      const [first, second] = turn.trim().split("\n").map((line) => line.slice(line.indexOf(":") + 1).trim());
      assert.equal(stored.transcript.messages[0].text, first);
      assert.equal(stored.transcript.messages[1].text, second);
    }
  });

  test("a 1 MiB quarantined body is kept in R2 and replayed from there", async () => {
    const w = await worker();
    const text = textTranscriptBody(LIMIT - 1024).slice(0, -1); // no closing brace: not JSON
    const response = await post(w, "/v1/hooks/autocalls", text);
    assert.equal(response.status, 422);
    const { quarantine_id } = await response.json();
    const listed = await getJson(w, "/v1/quarantine");
    const kept = listed.quarantine.find((q) => q.id === quarantine_id);
    assert.equal(kept.body_bytes, Buffer.byteLength(text));
    const replay = await w.request(`/v1/quarantine/${quarantine_id}/replay`, { method: "POST", headers: admin() });
    assert.equal(replay.status, 422);
    assert.equal((await replay.json()).issues[0].code, "invalid_json");
    for (const [table, bytes] of Object.entries(await largestRows(w.db))) {
      assert.ok(bytes < D1_ROW_LIMIT, `${table}: a row of ${bytes} bytes`);
    }
  });
});

/** A body streamed in 64 KiB chunks with no Content-Length (chunked). */
function chunked(totalBytes) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

describe("4-5. bodies read no further than the limit; refusals leave a trace", () => {
  test("an 8 MB chunked body: 413 after reading at most the limit, a trace kept for its sender", async () => {
    const w = await worker();
    const response = await w.request("/v1/hooks/staragent", {
      method: "POST",
      body: chunked(8 * LIMIT),
      duplex: "half",
      headers: bearer(SECRETS.INGEST_TOKEN, { "x-request-source": "test" }),
    });
    assert.equal(response.status, 413);
    await eventually(async () => w.logs.some((l) => l.includes('"too_large"')), 5_000, "the log line");
    const line = JSON.parse(w.logs.find((l) => l.includes('"too_large"')));
    assert.ok(line.body_bytes <= LIMIT + 1, `read ${line.body_bytes} bytes`);
    const { quarantine } = await getJson(w, "/v1/quarantine");
    assert.equal(quarantine.length, 1);
    const [trace] = quarantine;
    assert.equal(trace.reason, "too_large");
    assert.equal(trace.complete, false);
    assert.equal(trace.body_bytes, line.body_bytes);
    assert.match(trace.body_sha256, /^[0-9a-f]{64}$/);
    assert.equal(trace.headers["x-request-source"], "test");
    assert.equal(trace.headers.authorization, undefined);
    const { n } = await w.db.prepare("SELECT length(body) AS n FROM quarantine").first();
    assert.equal(n, 64 * 1024);
    const replay = await w.request(`/v1/quarantine/${trace.id}/replay`, { method: "POST", headers: admin() });
    assert.equal(replay.status, 409);
  });

  test("a declared length over the limit reads only the trace; an unauthenticated sender leaves none", async () => {
    const w = await worker();
    const big = "x".repeat(LIMIT + 10);
    const declared = { "content-length": String(big.length) };
    assert.equal((await post(w, "/v1/hooks/staragent", big, bearer(SECRETS.INGEST_TOKEN, declared))).status, 413);
    assert.equal((await post(w, "/v1/hooks/staragent", big, { "content-type": "application/json", ...declared })).status, 401);
    const { quarantine } = await getJson(w, "/v1/quarantine");
    assert.equal(quarantine.length, 1);
    assert.equal(quarantine[0].body_bytes, 64 * 1024);
  });

  test("a 415 to an authenticated sender leaves a trace of the whole body", async () => {
    const w = await worker();
    const form = "<call><sid>CA123</sid><status>completed</status></call>";
    const response = await post(w, "/v1/hooks/staragent", form, {
      ...bearer(SECRETS.INGEST_TOKEN),
      "content-type": "application/xml",
    });
    assert.equal(response.status, 415);
    const { quarantine } = await getJson(w, "/v1/quarantine");
    assert.equal(quarantine.length, 1);
    assert.deepEqual([quarantine[0].reason, quarantine[0].complete, quarantine[0].body_bytes], ["unsupported_media_type", true, form.length]);
    const unauthenticated = await post(w, "/v1/hooks/staragent", form, { "content-type": "text/plain" });
    assert.equal(unauthenticated.status, 401);
    assert.equal((await getJson(w, "/v1/quarantine")).quarantine.length, 1);
  });
});

describe("7. retention and erasure", () => {
  test("retention purges delivered and stored events and resolved refusals; a late redelivery stays out", async () => {
    const w = await worker({ RETENTION_DAYS: "30" });
    const old = body("staragent/incoming_call.json");
    const recent = body("staragent/voicemail_transcribe_mode.json");
    const { id: oldId } = await (await post(w, "/v1/hooks/staragent", old)).json();
    const { id: recentId } = await (await post(w, "/v1/hooks/staragent", recent)).json();
    const { quarantine_id: openId } = await (await post(w, "/v1/hooks/staragent", "{")).json();
    await post(w, "/v1/hooks/staragent", "x", { ...bearer(SECRETS.INGEST_TOKEN), "content-type": "text/plain" });
    const longAgo = "2020-01-01T00:00:00.000Z";
    await w.db.prepare("UPDATE events SET received_at = ? WHERE id = ?").bind(longAgo, oldId).run();
    await w.db.prepare("UPDATE quarantine SET received_at = ?").bind(longAgo).run();
    await w.scheduled();
    assert.equal((await w.request(`/v1/events/${oldId}`, { headers: admin() })).status, 404);
    await getJson(w, `/v1/events/${recentId}`);
    const left = (await getJson(w, "/v1/quarantine")).quarantine.map((q) => q.id);
    assert.deepEqual(left, [openId], "the open body stays until it is replayed");
    const late = await (await post(w, "/v1/hooks/staragent", old)).json();
    assert.deepEqual([late.id, late.duplicate], [oldId, true]);
    assert.equal((await w.request(`/v1/events/${oldId}`, { headers: admin() })).status, 404);
  });

  test("DELETE /v1/contacts/{phone} erases every event and quarantined body about the number", async () => {
    const w = await worker();
    const jane = "+15559876543";
    await post(w, "/v1/hooks/staragent", body("staragent/incoming_call.json"));
    await post(w, "/v1/hooks/staragent", body("staragent/voicemail_transcribe_mode.json"));
    const other = json("autocalls/post_call_string_transcript.json");
    other.customer_phone = "+447700900123";
    const { id: otherId } = await (await post(w, "/v1/hooks/autocalls", JSON.stringify(other))).json();
    // Unreadable bodies: one writes Jane's number nationally, one a stranger's sharing nine digits.
    await post(w, "/v1/hooks/staragent", '{"caller": {"phone": "(555) 987-6543"');
    await post(w, "/v1/hooks/staragent", '{"caller": {"phone": "+44 555 987 6543"');
    const { n: before } = await w.db.prepare("SELECT COUNT(*) AS n FROM events").first();
    assert.equal(before, 3);

    const plan = await w.db
      .prepare("EXPLAIN QUERY PLAN SELECT ref FROM phone_index WHERE key = ?1 AND kind = ?2")
      .bind("e:x", "event")
      .all();
    assert.ok(plan.results.every((step) => !/^SCAN/.test(step.detail)), JSON.stringify(plan.results));

    const response = await w.request(`/v1/contacts/${encodeURIComponent(jane)}`, { method: "DELETE", headers: admin() });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { erased: 3 });
    const events = (await getJson(w, "/v1/events")).events.map((e) => e.id);
    assert.deepEqual(events, [otherId]);
    const left = (await getJson(w, "/v1/quarantine")).quarantine;
    assert.equal(left.length, 1);
    const { n: indexed } = await w.db.prepare("SELECT COUNT(DISTINCT ref) AS n FROM phone_index WHERE kind = 'event'").first();
    assert.equal(indexed, 1, "the erased rows left no index entries");
    const again = await w.request(`/v1/contacts/${encodeURIComponent(jane)}`, { method: "DELETE", headers: admin() });
    assert.deepEqual(await again.json(), { erased: 0 });
    const bad = await w.request("/v1/contacts/555-987", { method: "DELETE", headers: admin() });
    assert.equal(bad.status, 400);
    const unauthorized = await w.request(`/v1/contacts/${encodeURIComponent(jane)}`, { method: "DELETE", headers: bearer(SECRETS.INGEST_TOKEN) });
    assert.equal(unauthorized.status, 401);
  });
});

describe("8. real calls without a call id are accepted", () => {
  test("an Autocalls body without id, a Callab call.failed with only its sid: stored, with a warning", async () => {
    const w = await worker();
    const autocalls = json("autocalls/post_call_string_transcript.json");
    delete autocalls.id;
    const failed = json("callab/call_failed_busy.json");
    delete failed.call_id;
    failed.call_sid = "CA0123456789abcdef0123456789abcdef";
    for (const [path, value] of [["/v1/hooks/autocalls", autocalls], ["/v1/hooks/callab", failed]]) {
      const response = await post(w, path, JSON.stringify(value));
      assert.equal(response.status, 200, path);
      const { id } = await response.json();
      const { event } = await getJson(w, `/v1/events/${id}`);
      assert.equal(event.call.id, null);
      assert.ok(event.warnings.some((warning) => warning.code === "missing_field"), path);
    }
  });
});
