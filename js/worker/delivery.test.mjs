// Delivery end to end: the Worker in local workerd hands accepted events through its queue to a
// real HTTP server on 127.0.0.1, signed per Standard Webhooks, with retries, success
// conditions, dead-lettering and redelivery; then a burst with a flaky downstream.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { fixtures } from "../support.mjs";
import { admin, bearer, SECRETS, startWorker } from "./harness.mjs";
import { eventually, startDownstream } from "./downstream.mjs";

const SIGNING_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const cleanup = [];
after(async () => {
  for (const close of cleanup.reverse()) await close();
});

async function setup(respond, vars = {}) {
  const downstream = await startDownstream(respond);
  const worker = await startWorker({
    DELIVERY_URL: downstream.url,
    DELIVERY_SIGNING_SECRET: SIGNING_SECRET,
    DELIVERY_BACKOFF_BASE_S: "0",
    DELIVERY_TIMEOUT_S: "2",
    ...vars,
  });
  cleanup.push(() => downstream.close(), () => worker.mf.dispose());
  return { downstream, worker };
}

const staragent = () => fixtures().find((f) => f.name === "staragent/incoming_call.json");
const ingest = (worker, body) =>
  worker.request("/v1/hooks/staragent", { method: "POST", body, headers: bearer(SECRETS.INGEST_TOKEN) });
const delivery = async (worker, id) =>
  (await (await worker.request(`/v1/events/${id}`, { headers: admin() })).json()).delivery;
/** The event's delivery record once it reaches `state` (polled; fails after `ms`). */
const untilState = (worker, id, state, ms) =>
  eventually(async () => {
    const record = await delivery(worker, id);
    return record.state === state && record;
  }, ms, state);
/** The StarAgent fixture with its own call id, so each body is a distinct event. */
const distinct = (n) => staragent().body.toString().replace(/"call_id":\s*"[^"]+"/, `"call_id": "delivery-${n}"`);

test("delivered once, signed so that a Standard Webhooks verifier accepts it, headers and method honoured", async () => {
  const { downstream, worker } = await setup(undefined, { DELIVERY_METHOD: "PUT", DELIVERY_HEADERS: '{"x-api-key":"backend-key"}' });
  const answer = await (await ingest(worker, staragent().body)).json();
  await untilState(worker, answer.id, "delivered", 10_000);
  assert.equal(downstream.received.length, 1);
  const [request] = downstream.received;
  assert.equal(request.method, "PUT");
  assert.equal(request.headers["x-api-key"], "backend-key");
  assert.equal(request.headers["webhook-id"], answer.id);
  const verified = new Webhook(SIGNING_SECRET).verify(request.body, request.headers);
  assert.deepEqual(verified, { ...staragent().expected.event, raw: null });
  assert.throws(() => new Webhook("whsec_" + Buffer.from("another").toString("base64")).verify(request.body, request.headers));
  const record = await delivery(worker, answer.id);
  assert.equal(record.attempts, 1);
  assert.equal(record.last_status, 200);
  assert.ok(record.delivered_at);
});

test("two DELIVERY_SIGNING_SECRETs while the receiver rotates: one v1 signature per secret, each verifiable alone", async () => {
  const next = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const { downstream, worker } = await setup(undefined, { DELIVERY_SIGNING_SECRET: `${SIGNING_SECRET},${next}` });
  const answer = await (await ingest(worker, distinct("rotation"))).json();
  await untilState(worker, answer.id, "delivered", 10_000);
  const [request] = downstream.received;
  const signatures = request.headers["webhook-signature"].split(" ");
  assert.equal(signatures.length, 2);
  assert.ok(signatures.every((s) => s.startsWith("v1,")));
  for (const secret of [SIGNING_SECRET, next]) {
    assert.equal(new Webhook(secret).verify(request.body, request.headers).call.id, "delivery-rotation");
  }
});

test("downstream answering 500 twice then 200: delivered, attempts = 3", async () => {
  const { downstream, worker } = await setup((_, n) => ({ status: n <= 2 ? 500 : 200 }));
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "delivered", 15_000);
  assert.equal(record.attempts, 3);
  assert.equal(downstream.received.length, 3);
  assert.ok(downstream.received.every((r) => r.headers["webhook-id"] === id));
});

test("a downstream that times out is retried, never more than the limits allow", async () => {
  const { downstream, worker } = await setup(() => ({ status: 200, delayMs: 2_500 }), {
    DELIVERY_TIMEOUT_S: "1",
    DELIVERY_RETRY_LIMIT: "2",
  });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "dead", 20_000);
  assert.equal(record.attempts, 3);
  assert.match(record.last_error, /timed out after 1 s/);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(downstream.received.length, 3);
});

test("success by response key: {ok:false} with 200 counts as a failure", async () => {
  const { downstream, worker } = await setup((_, n) => ({ status: 200, body: { ok: n >= 2 } }), {
    DELIVERY_SUCCESS_KEY: "ok",
    DELIVERY_SUCCESS_VALUE: "true",
  });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "delivered", 10_000);
  assert.equal(record.attempts, 2);
  assert.equal(downstream.received.length, 2);
});

test("downstream down for the whole test: dead, listed, delivered after redeliver once it is back", async () => {
  const { downstream, worker } = await setup(() => ({ status: 503 }), { DELIVERY_RETRY_LIMIT: "1" });
  const { id } = await (await ingest(worker, staragent().body)).json();
  await untilState(worker, id, "dead", 10_000);
  const dead = await (await worker.request("/v1/events?delivery=dead", { headers: admin() })).json();
  assert.deepEqual(dead.events.map((e) => e.id), [id]);
  assert.equal((await delivery(worker, id)).last_error, "HTTP 503");
  downstream.answer(() => ({ status: 200 }));
  const redeliver = await worker.request(`/v1/events/${id}/redeliver`, { method: "POST", headers: admin() });
  assert.equal(redeliver.status, 202);
  const record = await untilState(worker, id, "delivered", 10_000);
  assert.equal(record.attempts, 1);
  assert.equal(downstream.received.at(-1).headers["webhook-id"], id);
  const again = await worker.request(`/v1/events/${id}/redeliver`, { method: "POST", headers: admin() });
  assert.equal(again.status, 202);
  await eventually(async () => downstream.received.filter((r) => r.headers["webhook-id"] === id).length >= 4, 10_000, "second redelivery");
});

test("a burst of webhooks with the downstream failing a third of the time: every one delivered", async () => {
  const succeeded = new Set();
  const { downstream, worker } = await setup(
    (request) => {
      if (Math.random() < 1 / 3) return { status: 500 };
      succeeded.add(request.headers["webhook-id"]);
      return { status: 200 };
    },
    { DELIVERY_RETRY_LIMIT: "20" },
  );
  const count = 2_000;
  const ids = new Set();
  for (let start = 0; start < count; start += 50) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, (_, i) =>
        ingest(worker, distinct(start + i)).then((r) => r.json()),
      ),
    );
    for (const answer of answers) {
      assert.equal(answer.accepted, true);
      ids.add(answer.id);
    }
  }
  assert.equal(ids.size, count);
  const deliveredCount = async () => {
    let n = 0;
    let cursor = "";
    for (;;) {
      const page = await (
        await worker.request(`/v1/events?delivery=delivered&limit=500&cursor=${cursor}`, { headers: admin() })
      ).json();
      n += page.events.length;
      if (!page.next_cursor) return n;
      cursor = page.next_cursor;
    }
  };
  await eventually(async () => (await deliveredCount()) === count, 180_000, "every event delivered");
  for (const id of ids) assert.ok(succeeded.has(id), `${id} never reached the downstream with success`);
  const dead = await (await worker.request("/v1/events?delivery=dead", { headers: admin() })).json();
  assert.equal(dead.events.length, 0);
  assert.ok(downstream.received.length > count, "some deliveries were retried");
});

test("a redirect is a failure: never followed, so the headers never reach another host", async () => {
  const elsewhere = await startDownstream();
  cleanup.push(() => elsewhere.close());
  const { downstream, worker } = await setup(() => ({ status: 307, headers: { location: elsewhere.url } }), {
    DELIVERY_RETRY_LIMIT: "1",
    DELIVERY_HEADERS: '{"x-api-key":"backend-key"}',
  });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "dead", 10_000);
  assert.equal(record.last_status, 307);
  assert.match(record.last_error, /redirects are not followed/);
  assert.equal(downstream.received.length, 2);
  assert.equal(elsewhere.received.length, 0);
});

test("410 Gone stops the retries at once: dead, with the reason", async () => {
  const { downstream, worker } = await setup(() => ({ status: 410 }), { DELIVERY_RETRY_LIMIT: "5" });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "dead", 10_000);
  assert.equal(record.attempts, 1);
  assert.equal(record.last_error, "HTTP 410");
  assert.equal(downstream.received.length, 1);
});

test("Retry-After on 429 is honoured: the next try waits at least that long", async () => {
  const { worker } = await setup((_, n) => (n === 1 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 }));
  const { id } = await (await ingest(worker, staragent().body)).json();
  const retrying = await untilState(worker, id, "retrying", 10_000);
  const waitS = (Date.parse(retrying.next_attempt_at) - Date.parse(retrying.updated_at)) / 1000;
  assert.ok(waitS >= 1.9, `waited ${waitS} s`);
  const record = await untilState(worker, id, "delivered", 15_000);
  assert.equal(record.attempts, 2);
});

test("only the first 64 KiB of the answer are read: a success key past them is not seen", async () => {
  const padding = "x".repeat(70 * 1024);
  const { worker } = await setup(() => ({ status: 200, raw: `{"pad":"${padding}","ok":true}` }), {
    DELIVERY_SUCCESS_KEY: "ok",
    DELIVERY_RETRY_LIMIT: "0",
  });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await untilState(worker, id, "dead", 10_000);
  assert.match(record.last_error, /no boolean `ok`/);
});

test("a signing secret shorter than 24 bytes is a configuration error, not a weak signature", async () => {
  const { downstream, worker } = await setup(undefined, { DELIVERY_SIGNING_SECRET: "whsec_c2hvcnQ=" });
  const { id } = await (await ingest(worker, staragent().body)).json();
  const record = await eventually(async () => {
    const r = await delivery(worker, id);
    return r.last_error && r;
  }, 10_000, "the misconfiguration noted");
  assert.match(record.last_error, /DELIVERY_SIGNING_SECRET holds a 5-byte key; at least 24/);
  assert.equal(downstream.received.length, 0);
});
