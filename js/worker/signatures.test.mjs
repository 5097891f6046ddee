// Vendor signatures at the edge, end to end in local workerd: for every signing platform a valid
// signature, a rotated secret, a tampered body, a stale time (where the vendor signs one) and a
// missing signature; a forged signature beside a valid token; another vendor's header never
// evaluated; Twilio behind a proxy (PUBLIC_BASE_URL); rotation of ingest and admin tokens; every
// token presented counting; nothing stored for a refused request.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../support.mjs";
import { VENDOR_SECRETS, addMember, signedCases, signers } from "../signers.mjs";
import { SECRETS, admin, startWorker } from "./harness.mjs";

const PUBLIC_BASE_URL = "https://hooks.example.com/edge";
const SETTINGS = {
  retell: "RETELL_API_KEY",
  elevenlabs: "ELEVENLABS_WEBHOOK_SECRET",
  bland: "BLAND_WEBHOOK_SECRET",
  synthflow: "SYNTHFLOW_WEBHOOK_SECRET",
  twilio: "TWILIO_AUTH_TOKEN",
  vapi: "VAPI_SECRET",
  smallest_atoms: "ATOMS_SIGNING_SECRET",
};
const fixture = (path) => readFileSync(join(root, "tests/fixtures", path));
const CASES = signedCases(fixture);

let worker;
before(async () => {
  const vars = { PUBLIC_BASE_URL, INGEST_TOKEN: `${SECRETS.INGEST_TOKEN}, ingest-next-3e`, ADMIN_TOKEN: `${SECRETS.ADMIN_TOKEN},admin-next-9f` };
  for (const [vendor, secrets] of Object.entries(VENDOR_SECRETS)) vars[SETTINGS[vendor]] = secrets.join(",");
  worker = await startWorker(vars);
});
after(async () => worker?.mf.dispose());

const routeOf = (vendor) => `/v1/hooks/${vendor}`;
/** The headers `vendor` sends for `body` with `secret` (Twilio: signed for the public URL). */
const signedAs = (vendor, body, secret, options = {}) =>
  signers[options.signer ?? vendor](body, secret, { url: `${PUBLIC_BASE_URL}${options.path ?? routeOf(vendor)}`, ...options });
const send = (path, body, headers, type = "application/json") =>
  worker.request(path, { method: "POST", body, headers: { "content-type": type, ...headers } });
const counts = async () => {
  const events = await worker.db.prepare("SELECT COUNT(*) AS n FROM events").first();
  const quarantine = await worker.db.prepare("SELECT COUNT(*) AS n FROM quarantine").first();
  return { events: events.n, quarantine: quarantine.n };
};
async function refused(response, code) {
  assert.equal(response.status, 401);
  const answer = await response.json();
  assert.equal(answer.issues?.[0]?.code, code, JSON.stringify(answer));
  return answer;
}

describe("each signing vendor", () => {
  for (const { vendor, signer, body, type, stale, tamper } of CASES) {
    const signed = (vendor, body, secret, options = {}) => signedAs(vendor, body, secret, { signer, ...options });
    test(`${vendor}: valid, rotated, tampered, stale, missing`, async () => {
      const [old, next] = VENDOR_SECRETS[vendor];
      const first = await send(routeOf(vendor), body, signed(vendor, body, old), type);
      assert.equal(first.status, 200, await first.clone().text());
      const { id, kind, duplicate } = await first.json();
      assert.equal(duplicate, false);
      // The new secret works too, and the event is the same one.
      const rotated = await send(routeOf(vendor), body, signed(vendor, body, next), type);
      assert.equal(rotated.status, 200);
      assert.deepEqual(await rotated.json(), { accepted: true, id, kind, duplicate: true });
      // Detection on /v1/hooks evaluates the vendor's own header too.
      const detected = await send("/v1/hooks", body, signed(vendor, body, next, { path: "/v1/hooks" }), type);
      assert.equal(detected.status, 200, `${vendor} on /v1/hooks`);

      const before = await counts();
      const changed = Buffer.from(tamper(body.toString("utf8")));
      assert.notDeepEqual(changed, body);
      await refused(await send(routeOf(vendor), changed, signed(vendor, body, old), type), "invalid_signature");
      await refused(await send(routeOf(vendor), body, signed(vendor, body, "not-the-secret"), type), "invalid_signature");
      await refused(await send(routeOf(vendor), body, {}, type), "missing_signature");
      if (stale) await refused(await send(routeOf(vendor), body, signed(vendor, body, old, stale), type), "stale_signature");
      assert.deepEqual(await counts(), before, "a refused request stores nothing");
    });
  }

  test("vapi: the default credential is the secret itself, which signs nothing of the body", async () => {
    const body = fixture("vapi/end_of_call_report_minimal.json");
    for (const secret of VENDOR_SECRETS.vapi) {
      const headers = signedAs("vapi", body, secret);
      const edited = Buffer.from(addMember(body.toString("utf8")));
      assert.equal((await send(routeOf("vapi"), edited, headers)).status, 200);
      assert.equal((await send(routeOf("vapi"), body, { "x-vapi-secret": secret })).status, 200, "the older header");
    }
    await refused(await send(routeOf("vapi"), body, signedAs("vapi", body, "vapi_old")), "invalid_signature");
  });

  test("synthflow: the signature covers the call id only, as the README says", async () => {
    const body = fixture("synthflow/flat_capital_call_id_voicemail.json");
    const headers = signedAs("synthflow", body, VENDOR_SECRETS.synthflow[0]);
    const edited = Buffer.from(body.toString("utf8").replace("voicemail", "completed"));
    assert.equal((await send(routeOf("synthflow"), edited, headers)).status, 200);
  });
});

describe("the rule for a request", () => {
  const retell = CASES[0];
  test("a forged or stale signature is refused even beside a valid ingest token", async () => {
    const token = { authorization: `Bearer ${SECRETS.INGEST_TOKEN}` };
    const forged = { ...signedAs("retell", retell.body, "forged"), ...token };
    await refused(await send("/v1/hooks/retell", retell.body, forged), "invalid_signature");
    const old = { ...signedAs("retell", retell.body, VENDOR_SECRETS.retell[0], retell.stale), ...token };
    await refused(await send("/v1/hooks/retell", retell.body, old), "stale_signature");
    // The token alone is enough.
    assert.equal((await send("/v1/hooks/retell", retell.body, token)).status, 200);
  });

  test("one vendor's header is never evaluated for another vendor", async () => {
    const headers = { ...signedAs("retell", retell.body, VENDOR_SECRETS.retell[1]), "x-twilio-signature": "forged", "x-webhook-signature": "00" };
    assert.equal((await send("/v1/hooks/retell", retell.body, headers)).status, 200);
    // A Retell signature proves nothing about a Bland body.
    const bland = CASES[2].body;
    const retellSigned = signedAs("retell", bland, VENDOR_SECRETS.retell[1]);
    await refused(await send("/v1/hooks/bland", bland, retellSigned), "missing_signature");
    const answer = await send("/v1/hooks", bland, retellSigned);
    assert.equal(answer.status, 401, "detected as Bland, signed as Retell");
  });

  test("twilio: the URL the Worker sees is not the one Twilio signed, PUBLIC_BASE_URL is", async () => {
    const { body, type } = CASES[4];
    const internal = signers.twilio(body, VENDOR_SECRETS.twilio[0], { url: "http://localhost/v1/hooks/twilio" });
    await refused(await send("/v1/hooks/twilio", body, internal, type), "invalid_signature");
    // A URL-only vendor's own token rides in the query, and Twilio signs it with the rest.
    const path = "/v1/hooks/twilio?source=pbx";
    const withQuery = signedAs("twilio", body, VENDOR_SECRETS.twilio[1], { path });
    assert.equal((await send(path, body, withQuery, type)).status, 200);
  });

  test("every token presented counts: a vendor's own Authorization does not hide ?token", async () => {
    const body = fixture("starleads/webhook_pascal_case.json");
    const headers = { authorization: "Bearer the-platforms-own-credential" };
    const response = await send(`/v1/hooks/starleads?token=${SECRETS.INGEST_TOKEN_STARLEADS}`, body, headers);
    assert.equal(response.status, 200, await response.clone().text());
  });

  test("ingest and admin tokens rotate: every listed one is valid", async () => {
    const body = fixture("vapi/end_of_call_report_minimal.json");
    for (const token of [SECRETS.INGEST_TOKEN, "ingest-next-3e"]) {
      const response = await send("/v1/hooks/vapi", body, { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200, token);
    }
    for (const token of [SECRETS.ADMIN_TOKEN, "admin-next-9f"]) {
      const response = await worker.request("/v1/events?limit=1", { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200, token);
    }
    const listed = await worker.request("/v1/events?limit=1", { headers: { authorization: "Bearer admin-next" } });
    assert.equal(listed.status, 401);
    assert.equal((await worker.request("/v1/events?limit=1", { headers: admin() })).status, 200);
  });

  test("a body signed but not normalizable is quarantined, not refused", async () => {
    const body = Buffer.from('{"event":"call_ended","call":{"call_id":');
    const response = await send("/v1/hooks/retell", body, signedAs("retell", body, VENDOR_SECRETS.retell[0]));
    assert.equal(response.status, 422);
    assert.match((await response.json()).quarantine_id, /^q_/);
  });
});
