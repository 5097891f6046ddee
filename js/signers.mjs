// How each platform signs a webhook, written from the vendors' docs with Node's crypto (an
// implementation independent of voicehook's), for the Worker's and the npm package's tests.
// Each signer takes the body's bytes and a secret, and returns the headers the vendor sends.
import { createHmac } from "node:crypto";

const hmac = (algorithm, secret, ...parts) => {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac;
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The parameters of a form body, sorted by key then value, as Twilio concatenates them. */
function twilioParameters(body) {
  const pairs = [...new URLSearchParams(Buffer.from(body).toString("utf8"))];
  const unique = [...new Set(pairs.map(([k, v]) => JSON.stringify([k, v])))].map((p) => JSON.parse(p));
  unique.sort(([k1, v1], [k2, v2]) => (k1 === k2 ? (v1 < v2 ? -1 : v1 > v2 ? 1 : 0) : k1 < k2 ? -1 : 1));
  return unique.map(([k, v]) => k + v).join("");
}

export const signers = {
  /** Retell: `v=<ms>,d=<hex HMAC-SHA256(api key, body + ms)>`. */
  retell: (body, secret, { at = Date.now() } = {}) => ({
    "x-retell-signature": `v=${at},d=${hmac("sha256", secret, body, String(at)).digest("hex")}`,
  }),
  /** ElevenLabs: `t=<s>,v0=<hex HMAC-SHA256(secret, "t.body")>`. */
  elevenlabs: (body, secret, { at = nowSeconds() } = {}) => ({
    "elevenlabs-signature": `t=${at},v0=${hmac("sha256", secret, `${at}.`, body).digest("hex")}`,
  }),
  /** Bland: hex HMAC-SHA256 of the body. */
  bland: (body, secret) => ({ "x-webhook-signature": hmac("sha256", secret, body).digest("hex") }),
  /** Smallest.ai Atoms: hex HMAC-SHA256 of the body. */
  smallest_atoms: (body, secret) => ({ "x-signature": hmac("sha256", secret, body).digest("hex") }),
  /** Synthflow: base64 HMAC-SHA256 of the call id alone. */
  synthflow: (body, secret) => {
    const parsed = JSON.parse(Buffer.from(body).toString("utf8"));
    const id = parsed.call?.call_id ?? parsed.call_id ?? parsed.Call_id;
    return { "synthflow-signature": hmac("sha256", secret, String(id)).digest("base64") };
  },
  /** Twilio: base64 HMAC-SHA1 of the URL it called and the sorted form parameters. */
  twilio: (body, secret, { url }) => ({
    "x-twilio-signature": hmac("sha1", secret, url + twilioParameters(body)).digest("base64"),
  }),
  /** Vapi's default credential: the secret itself in `X-Vapi-Signature` (the body is not signed). */
  vapi: (_body, secret) => ({ "x-vapi-signature": secret }),
  /** A Vapi HMAC credential: hex HMAC-SHA256 of "<t>.<body>", `t` in `X-Timestamp`. */
  vapiHmac: (body, secret, { at = nowSeconds() } = {}) => ({
    "x-vapi-signature": hmac("sha256", secret, `${at}.`, body).digest("hex"),
    "x-timestamp": String(at),
  }),
};

/** Appends a member to a JSON body's text: a change any body signature must notice. */
export const addMember = (text) => text.replace(/}\s*$/, ', "injected": true}');

/**
 * One body per signing vendor (from the fixtures in `fixturesDir`): the signer to use, the
 * content type, options that make a signature stale (where the vendor signs a time) and the
 * change its signature must notice (Synthflow signs the call id alone; Twilio the parameters).
 */
export function signedCases(read) {
  const nowS = Math.floor(Date.now() / 1000);
  return [
    { vendor: "retell", body: read("retell/call_ended_phone.json"), stale: { at: Date.now() - 301_000 } },
    { vendor: "elevenlabs", body: read("elevenlabs/post_call_transcription_web.json"), stale: { at: nowS - 1801 } },
    { vendor: "bland", body: read("bland/post_call_transfer_fields.json") },
    { vendor: "synthflow", body: read("synthflow/flat_capital_call_id_voicemail.json"), tamper: (b) => b.replace("sf-call-001", "sf-call-666") },
    { vendor: "twilio", body: read("twilio/status_callback_completed.form"), type: "application/x-www-form-urlencoded", tamper: (b) => b.replace("CallDuration=42", "CallDuration=4200") },
    { vendor: "vapi", signer: "vapiHmac", body: read("vapi/end_of_call_report_minimal.json"), stale: { at: nowS - 301 } },
    { vendor: "smallest_atoms", body: read("smallest_atoms/post_conversation.json") },
  ].map((c) => ({ signer: c.vendor, type: "application/json", tamper: addMember, ...c }));
}

/** Two secrets per signing vendor: the one being retired and the new one. */
export const VENDOR_SECRETS = {
  retell: ["key_retell_old_51", "key_retell_new_52"],
  elevenlabs: ["wsec_el_old_61", "wsec_el_new_62"],
  bland: ["bland_old_71", "bland_new_72"],
  synthflow: ["sf_old_81", "sf_new_82"],
  twilio: ["twilio_old_91", "twilio_new_92"],
  vapi: ["vapi_old_a1", "vapi_new_a2"],
  smallest_atoms: ["atoms_old_b1", "atoms_new_b2"],
};

/**
 * Requests for `receive` in runtimes the tests drive from outside (workerd, Chromium): for
 * each signing vendor a valid one per secret, a tampered body, another secret, no signature and
 * (where signed) a stale time, each with the outcome expected (`"ok"` or an issue code).
 */
export function receiveMatrix(read, base = "https://hooks.example.com") {
  const requests = [];
  for (const c of signedCases(read)) {
    const url = `${base}/hooks/${c.vendor}`;
    const sign = (body, secret, options = {}) => signers[c.signer](body, secret, { url, ...options });
    const add = (name, body, headers, expect) =>
      requests.push({ name: `${c.vendor}: ${name}`, vendor: c.vendor, url, body, headers: { "content-type": c.type, ...headers }, expect });
    for (const secret of VENDOR_SECRETS[c.vendor]) add(`valid (${secret})`, c.body, sign(c.body, secret), "ok");
    add("tampered", Buffer.from(c.tamper(c.body.toString("utf8"))), sign(c.body, VENDOR_SECRETS[c.vendor][0]), "invalid_signature");
    add("another secret", c.body, sign(c.body, "another-secret"), "invalid_signature");
    add("missing", c.body, {}, "missing_signature");
    if (c.stale) add("stale", c.body, sign(c.body, VENDOR_SECRETS[c.vendor][1], c.stale), "stale_signature");
  }
  return requests;
}
