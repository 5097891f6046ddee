// `verify` and `receive` of the packed package in the servers users run: `receive` on a Web
// Request in Hono on Node (a real HTTP server), `verify` + `normalize` on the raw body in
// Express and in Node's own http server. For every signing vendor: valid, rotated secret,
// tampered body, stale time (where the vendor signs one) and missing signature; then tokens
// for vendors that sign nothing, Twilio behind a proxy and as a GET, and bad options.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { once } from "node:events";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { root, scratchProject } from "../support.mjs";
import { VENDOR_SECRETS, addMember, signedCases, signers } from "../signers.mjs";

const PUBLIC = "https://hooks.example.com/app";
const read = (path) => readFileSync(join(root, "tests/fixtures", path));
const CASES = signedCases(read);
const TOKENS = { starleads: ["sl-token-old", "sl-token-new"], staragent: "sa-token" };
const SECRETS = { ...VENDOR_SECRETS, ...TOKENS };

let scratch;
let voicehook;
const servers = [];
before(async () => {
  scratch = scratchProject();
  voicehook = await import(pathToFileURL(join(scratch, "node_modules/voicehook/voicehook.node.mjs")));
});
after(async () => {
  for (const server of servers) server.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The answer a server gives for an outcome: 200 and the event, 401 or 422 and the code. */
function answerFor(err) {
  if (!(err instanceof voicehook.VoicehookError)) throw err;
  const status = err.code.endsWith("_signature") ? 401 : 422;
  return { status, body: { code: err.code, issues: err.issues } };
}

async function listen(server) {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

/** The three servers, each at `/app/hooks/:vendor` behind a proxy that drops `/app`. */
const SERVERS = {
  async hono() {
    const app = new Hono();
    app.all("/hooks/:vendor?", async (c) => {
      const vendor = c.req.param("vendor");
      try {
        const event = await voicehook.receive(c.req.raw, { vendor, secrets: SECRETS, publicUrl: PUBLIC });
        return c.json(event);
      } catch (err) {
        const { status, body } = answerFor(err);
        return c.json(body, status);
      }
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await once(server, "listening");
    servers.push(server);
    return `http://127.0.0.1:${server.address().port}`;
  },
  async express() {
    const app = express();
    app.all("/hooks{/:vendor}", express.raw({ type: () => true }), (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { vendor } = req.params;
      try {
        const checked = voicehook.verify(
          { body, headers: req.headers, url: req.originalUrl, method: req.method },
          { vendor, secrets: SECRETS, publicUrl: PUBLIC },
        );
        res.json(voicehook.normalize(body, { vendor: checked, contentType: req.headers["content-type"] }));
      } catch (err) {
        const { status, body: answer } = answerFor(err);
        res.status(status).json(answer);
      }
    });
    return listen(createServer(app));
  },
  async http() {
    return listen(
      createServer(async (req, res) => {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const body = Buffer.concat(chunks);
        const vendor = new URL(req.url, "http://x").pathname.split("/")[2];
        let status = 200;
        let answer;
        try {
          voicehook.verify({ body, headers: req.headers, url: req.url, method: req.method }, { vendor, secrets: SECRETS, publicUrl: PUBLIC });
          answer = voicehook.normalize(body, { vendor, contentType: req.headers["content-type"] });
        } catch (err) {
          ({ status, body: answer } = answerFor(err));
        }
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
      }),
    );
  },
};

for (const [name, start] of Object.entries(SERVERS)) {
  describe(`${name}`, () => {
    let base;
    before(async () => {
      base = await start();
    });
    const post = (path, body, headers, type) =>
      fetch(base + path, { method: "POST", body, headers: { "content-type": type, ...headers } });
    const sign = (c, body, secret, options = {}) =>
      signers[c.signer](body, secret, { url: `${PUBLIC}/hooks/${c.vendor}`, ...options });

    for (const c of CASES) {
      test(`${c.vendor}: valid, rotated, tampered, stale, missing`, async () => {
        const path = `/hooks/${c.vendor}`;
        for (const secret of VENDOR_SECRETS[c.vendor]) {
          const response = await post(path, c.body, sign(c, c.body, secret), c.type);
          const event = await response.json();
          assert.equal(response.status, 200, JSON.stringify(event));
          assert.equal(event.vendor, c.vendor);
        }
        const expectCode = async (response, code) => {
          const answer = await response.json();
          assert.equal(response.status, 401, JSON.stringify(answer));
          assert.equal(answer.code, code);
        };
        const tampered = Buffer.from(c.tamper(c.body.toString("utf8")));
        await expectCode(await post(path, tampered, sign(c, c.body, VENDOR_SECRETS[c.vendor][0]), c.type), "invalid_signature");
        await expectCode(await post(path, c.body, sign(c, c.body, "another-secret"), c.type), "invalid_signature");
        await expectCode(await post(path, c.body, {}, c.type), "missing_signature");
        if (c.stale) await expectCode(await post(path, c.body, sign(c, c.body, VENDOR_SECRETS[c.vendor][1], c.stale), c.type), "stale_signature");
      });
    }

    test("vendors that sign nothing: their token (header, or ?token for URL-only vendors)", async () => {
      const staragent = read("staragent/incoming_call.json");
      assert.equal((await post("/hooks/staragent", staragent, { authorization: "Bearer sa-token" }, "application/json")).status, 200);
      assert.equal((await post("/hooks/staragent?token=sa-token", staragent, {}, "application/json")).status, 401, "only URL-only vendors take ?token");
      const starleads = read("starleads/webhook_pascal_case.json");
      for (const token of TOKENS.starleads) {
        const response = await post(`/hooks/starleads?token=${token}`, starleads, { authorization: "Bearer the-platforms-own" }, "application/json");
        assert.equal(response.status, 200, token);
      }
      const missing = await post("/hooks/starleads", starleads, {}, "application/json");
      assert.equal((await missing.json()).code, "missing_signature");
    });
  });
}

describe("receive on Web Requests", () => {
  const twilio = CASES.find((c) => c.vendor === "twilio");
  test("detects the vendor when none is named, and checks that vendor's signature only", async () => {
    const retell = CASES[0];
    const headers = { "content-type": "application/json", ...signers.retell(retell.body, VENDOR_SECRETS.retell[0]) };
    const event = await voicehook.receive(new Request("http://localhost/any", { method: "POST", body: retell.body, headers }), { secrets: SECRETS });
    assert.equal(event.vendor, "retell");
    // A Retell signature on a Bland body proves nothing: Bland's own is missing.
    const bland = CASES[2].body;
    const request = new Request("http://localhost/any", { method: "POST", body: bland, headers });
    await assert.rejects(voicehook.receive(request, { secrets: SECRETS }), { name: "VoicehookError", code: "missing_signature" });
  });

  test("twilio: signed for the public URL, received behind a proxy; and a GET callback", async () => {
    const path = "/hooks/twilio?source=pbx";
    const headers = { "content-type": twilio.type, ...signers.twilio(twilio.body, "twilio_new_92", { url: `${PUBLIC}${path}` }) };
    const internal = () => new Request(`http://10.0.0.7:8080${path}`, { method: "POST", body: twilio.body, headers });
    await assert.rejects(voicehook.receive(internal(), { secrets: SECRETS }), { code: "invalid_signature" });
    const event = await voicehook.receive(internal(), { secrets: SECRETS, publicUrl: PUBLIC });
    assert.equal(event.call.status, "completed");
    const query = twilio.body.toString("utf8");
    const url = `${PUBLIC}/hooks/twilio?${query}`;
    const get = new Request(url, { headers: signers.twilio(Buffer.alloc(0), "twilio_old_91", { url }) });
    const fromGet = await voicehook.receive(get, { vendor: "twilio", secrets: SECRETS });
    assert.equal(fromGet.call.id, event.call.id);
  });

  test("a secret the options do not hold, bad options, and the tolerance option", async () => {
    const retell = CASES[0];
    const request = (headers) => new Request("http://localhost/h", { method: "POST", body: retell.body, headers });
    const signed = signers.retell(retell.body, VENDOR_SECRETS.retell[1], { at: Date.now() - 3_000_000 });
    await assert.rejects(voicehook.receive(request(signed), { secrets: SECRETS }), { code: "stale_signature" });
    const wide = await voicehook.receive(request(signed), { secrets: SECRETS, tolerance: 3600 });
    assert.equal(wide.vendor, "retell");
    await assert.rejects(voicehook.receive(request(signed), { secrets: { bland: "x" } }), { code: "invalid_signature" });
    await assert.rejects(voicehook.receive(request(signed), {}), { code: "invalid_signature" });
    await assert.rejects(voicehook.receive(request(signed)), { name: "VoicehookError" });
    await assert.rejects(voicehook.receive({ body: "{}" }, { secrets: SECRETS }), { code: "invalid_body" });
    // The body is read once: a consumed Request is refused with a clear error, not a crash.
    const used = request(signers.retell(retell.body, VENDOR_SECRETS.retell[1]));
    await used.text();
    await assert.rejects(voicehook.receive(used, { secrets: SECRETS }), TypeError);
  });

  test("verify alone checks and returns the vendor; an edited body is refused", () => {
    const bland = CASES[2];
    const headers = signers.bland(bland.body, VENDOR_SECRETS.bland[0]);
    assert.equal(voicehook.verify({ body: bland.body, headers }, { secrets: SECRETS }), "bland");
    assert.equal(voicehook.verify({ body: bland.body.toString("utf8"), headers: Object.entries(headers) }, { vendor: "bland", secrets: SECRETS }), "bland");
    assert.throws(() => voicehook.verify({ body: addMember(bland.body.toString("utf8")), headers }, { vendor: "bland", secrets: SECRETS }), { code: "invalid_signature" });
  });
});
