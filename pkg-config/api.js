// The JavaScript API of the npm package `voicehook`, over the wasm-bindgen exports of
// src/wasm/. The build bundles it once per runtime, after that runtime's init/ module has
// instantiated the wasm (imported first, so it runs first).
import { decodeAscii, decodeUtf16, exports as instance } from "voicehook:init";
import * as wasm from "voicehook:glue";
import { answerNumber, located } from "./compact.js";
import { decodeAnswer } from "./decode.js";
// The schema is data, not code: bundled as JSON by the build (scripts/npm-bundle.mjs), so the
// .wasm does not carry its 30 KB of text.
import callEventSchema from "../schema/call-event.schema.json";

/** The schema version every event carries. */
export const SCHEMA_VERSION = wasm.schemaVersion();

/** The vendor names `options.vendor` accepts. */
export const vendors = Object.freeze(JSON.parse(wasm.vendorsJson()));

/** The JSON Schema (draft 2020-12) of a `CallEvent`. */
export const schema = deepFreeze(callEventSchema);

/** A body that could not be normalized: `.code` of the first issue, and every `.issues`. */
export class VoicehookError extends Error {
  constructor(issues) {
    super(describe(issues));
    this.name = "VoicehookError";
    this.code = issues[0]?.code ?? "invalid_body";
    this.issues = issues;
  }
}

/** Normalizes one webhook body into a `CallEvent`; throws a `VoicehookError` when it cannot. */
export function normalize(body, options) {
  return unwrap(safeNormalize(body, options), "event");
}

/** Normalizes one webhook body: `{ ok: true, event }` or `{ ok: false, issues }`; never throws. */
export function safeNormalize(body, options) {
  const input = rawBody(body);
  if (input.issue) return rejected(input.issue);
  const settings = readOptions(options);
  if (settings.issue) return rejected(settings.issue);
  const { vendor, mapping, includeRaw, contentType } = settings;
  const at =
    typeof input.body === "string"
      ? wasm.normalizeCompactText(input.body, vendor, mapping, includeRaw, contentType, decodedAnswer)
      : wasm.normalizeCompact(input.body, vendor, mapping, includeRaw, contentType, decodedAnswer);
  // The answer is in the wasm memory, in compact form: its numbers and its two texts (ASCII and
  // the rest, as UTF-16), each read in place through views made once per memory buffer (the
  // memory may have grown during the call).
  const views = memoryViews();
  const result = decodeAnswer(views.f64, ...located(views, at, decodeAscii, decodeUtf16));
  decodedAnswer = answerNumber(views, at);
  return result;
}

/**
 * The number of the last compact answer decoded whole, given back to the wasm side with the next
 * call: the map keys that answer gave are held (compact.js), so later answers may name them.
 */
let decodedAnswer = 0;

let views = { buffer: null };

/** Typed views over the whole wasm memory, remade only when the memory grows. */
function memoryViews() {
  const { buffer } = instance.memory;
  if (views.buffer !== buffer) {
    views = { buffer, u32: new Uint32Array(buffer), f64: new Float64Array(buffer), u8: new Uint8Array(buffer) };
  }
  return views;
}

/**
 * Normalizes one webhook body into the `CallEvent`'s JSON text, for callers that store or
 * forward the event without reading it; throws a `VoicehookError` when it cannot.
 */
export function normalizeToJSON(body, options) {
  const answer = normalizedAnswer(body, options, true);
  // ASCII JSON text in the wasm memory: `{"ok":true,"event":<event>}` or the rejection.
  const text = decodeAscii(memoryViews().u8, answer.byteOffset, answer.byteOffset + answer.length);
  if (text.startsWith(ACCEPTED)) return text.slice(ACCEPTED.length, -1);
  throw new VoicehookError(JSON.parse(text).issues);
}

/**
 * Normalizes one webhook body into the `CallEvent`'s JSON text in UTF-8 bytes, for callers that
 * write or send the event as bytes (no string and no object is made); throws a `VoicehookError`
 * when it cannot.
 */
export function normalizeToJSONBytes(body, options) {
  const answer = normalizedAnswer(body, options, false);
  // UTF-8 JSON text in the wasm memory: `{"ok":true,"event":<event>}` or the rejection.
  // A copy of its own (the view is overwritten by the next call); the constructor copies
  // faster than `slice` does.
  if (startsWithAccepted(answer)) return new Uint8Array(answer.subarray(ACCEPTED.length, -1));
  throw new VoicehookError(JSON.parse(utf8.decode(answer)).issues);
}

/**
 * The JSON answer of normalizing `body` (ASCII-only when `ascii`, else UTF-8), as a view on the
 * wasm memory, valid until the next call; throws a `VoicehookError` for a body or options it
 * cannot take.
 */
function normalizedAnswer(body, options, ascii) {
  const input = rawBody(body);
  if (input.issue) throw new VoicehookError([input.issue]);
  const settings = readOptions(options);
  if (settings.issue) throw new VoicehookError([settings.issue]);
  const { vendor, mapping, includeRaw, contentType } = settings;
  const length =
    typeof input.body === "string"
      ? wasm.normalizeText(input.body, vendor, mapping, includeRaw, contentType, ascii)
      : wasm.normalizeBytes(input.body, vendor, mapping, includeRaw, contentType, ascii);
  return new Uint8Array(instance.memory.buffer, wasm.outputPtr(), length);
}

const utf8 = new TextDecoder();

/** Whether `bytes` starts with `ACCEPTED` (ASCII). */
function startsWithAccepted(bytes) {
  if (bytes.length < ACCEPTED.length) return false;
  for (let i = 0; i < ACCEPTED.length; i++) {
    if (bytes[i] !== ACCEPTED.charCodeAt(i)) return false;
  }
  return true;
}

const ACCEPTED = '{"ok":true,"event":';

/** Recognises which vendor sent a body; throws a `VoicehookError` when none (or several) can. */
export function detect(body, options) {
  const input = rawBody(body);
  if (input.issue) throw new VoicehookError([input.issue]);
  const settings = readOptions(options);
  if (settings.issue) throw new VoicehookError([settings.issue]);
  const { contentType } = settings;
  const text =
    typeof input.body === "string"
      ? wasm.detectText(input.body, contentType)
      : wasm.detectBytes(input.body, contentType);
  return unwrap(JSON.parse(text), "vendor");
}

/**
 * Checks a webhook's credentials as its vendor presents them: the vendor's signature (Retell,
 * ElevenLabs, Bland, Synthflow, Twilio, Vapi, Smallest.ai Atoms), or a token for a vendor that
 * signs nothing. Throws a `VoicehookError` (`missing_signature`, `invalid_signature`,
 * `stale_signature`) when they do not hold; returns the vendor checked.
 */
export function verify(request, options) {
  const input = rawBody(request?.body);
  if (input.issue) throw new VoicehookError([input.issue]);
  const settings = readVerifyOptions(options);
  if (settings.issue) throw new VoicehookError([settings.issue]);
  const headers = headerPairs(request.headers);
  const contentType = headerValue(headers, "content-type");
  const vendor = settings.vendor ?? detect(input.body, { contentType });
  const bytes = typeof input.body === "string" ? encoder.encode(input.body) : input.body;
  const url = publicUrl(String(request.url ?? ""), settings.publicUrl);
  const get = String(request.method ?? "POST").toUpperCase() === "GET";
  const secrets = secretList(settings.secrets[vendor]);
  const answer = wasm.verifyRequest(vendor, secrets, headers, bytes, url, contentType, get, Date.now(), settings.tolerance);
  unwrap(JSON.parse(answer), "ok");
  return vendor;
}

/**
 * Receives one webhook from a Web `Request` (Node >= 18, Bun, Deno, Workers, Next.js route
 * handlers): reads the raw body once, verifies it as `verify` does, normalizes it (forms too)
 * and resolves to the `CallEvent`; rejects with a `VoicehookError` otherwise.
 */
export async function receive(request, options) {
  if (!request || typeof request.arrayBuffer !== "function" || !request.headers) {
    throw new VoicehookError([
      issue("invalid_body", "a Web Request", kindOf(request), "receive() takes a Web Request (for Express or Node's http, use verify() and normalize() on the raw body)"),
    ]);
  }
  const get = request.method === "GET";
  // A callback sent as a GET (Twilio can) is its query string: a form without voicehook's token.
  const body = get ? queryForm(request.url) : new Uint8Array(await request.arrayBuffer());
  const contentType = get ? FORM : request.headers.get("content-type") ?? undefined;
  const vendor = verify({ body, headers: request.headers, url: request.url, method: request.method }, options);
  const { mapping, includeRaw } = options;
  return normalize(body, { vendor: options.vendor ?? vendor, mapping, includeRaw, contentType });
}

const FORM = "application/x-www-form-urlencoded";
const encoder = new TextEncoder();

function readVerifyOptions(options) {
  if (!options || typeof options !== "object") {
    return { issue: issue("invalid_signature", "an options object with `secrets`", kindOf(options), "pass { secrets: { <vendor>: secret } }") };
  }
  const { vendor, secrets, tolerance, publicUrl } = options;
  if (!secrets || typeof secrets !== "object" || Array.isArray(secrets)) {
    return { issue: issue("invalid_signature", "an object of secrets keyed by vendor", kindOf(secrets), "options.secrets must map vendor names to a secret or an array of secrets") };
  }
  if (vendor !== undefined && vendor !== null && typeof vendor !== "string") {
    return { issue: issue("unknown_vendor", vendors.join(", "), kindOf(vendor), "options.vendor must be a vendor name") };
  }
  if (tolerance !== undefined && (typeof tolerance !== "number" || !(tolerance >= 0))) {
    return { issue: issue("invalid_signature", "a number of seconds", kindOf(tolerance), "options.tolerance must be a number of seconds >= 0") };
  }
  if (publicUrl !== undefined && typeof publicUrl !== "string") {
    return { issue: issue("invalid_signature", "a URL", kindOf(publicUrl), "options.publicUrl must be a string") };
  }
  return { vendor: vendor ?? undefined, secrets, tolerance, publicUrl };
}

function secretList(value) {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((secret) => typeof secret === "string" && secret !== "");
}

/** Headers as [name, value, name, value, ...], from a Headers, pairs, or a Node headers object. */
function headerPairs(headers) {
  const pairs = [];
  if (!headers) return pairs;
  if (typeof headers.forEach === "function" && typeof headers.get === "function") {
    headers.forEach((value, name) => pairs.push(name, value));
  } else if (typeof headers[Symbol.iterator] === "function") {
    for (const [name, value] of headers) pairs.push(String(name), String(value));
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) pairs.push(name, String(one));
    }
  }
  return pairs;
}

function headerValue(pairs, wanted) {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i].toLowerCase() === wanted) return pairs[i + 1];
  return undefined;
}

/** The URL the vendor called: `base` (a proxy's public origin and path prefix) + path + query. */
function publicUrl(url, base) {
  if (!base) return url;
  const { pathname, search } = new URL(url, "http://localhost");
  return base.replace(/\/+$/, "") + pathname + search;
}

function queryForm(url) {
  const query = new URL(url).search.slice(1);
  const pairs = query.split("&").filter((pair) => pair !== "" && !pair.startsWith("token="));
  return encoder.encode(pairs.join("&"));
}

function unwrap(result, key) {
  if (result.ok) return result[key];
  throw new VoicehookError(result.issues);
}

function rejected(issue) {
  return { ok: false, issues: [issue] };
}

/**
 * The raw body as a string or bytes. A parsed object is refused, not re-serialized: JSON.parse
 * has already rounded long numeric ids, and signatures are computed over the bytes received.
 */
function rawBody(body) {
  if (typeof body === "string" || body instanceof Uint8Array) return { body };
  if (ArrayBuffer.isView(body)) {
    return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  }
  const tag = Object.prototype.toString.call(body);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") {
    return { body: new Uint8Array(body) };
  }
  return {
    issue: issue(
      "invalid_body",
      "a string, Uint8Array or ArrayBuffer",
      kindOf(body),
      "pass the raw request body as received (for example `await request.text()`), not a parsed " +
        "object: JSON.parse has already rounded long numeric ids and signatures need the exact bytes",
    ),
  };
}

function readOptions(options) {
  if (options === undefined || options === null) {
    return { vendor: undefined, mapping: undefined, includeRaw: false, contentType: undefined };
  }
  if (typeof options !== "object") {
    return { issue: issue("invalid_body", "an options object", kindOf(options), "options must be an object") };
  }
  const { vendor, mapping, includeRaw, contentType } = options;
  if (contentType !== undefined && contentType !== null && typeof contentType !== "string") {
    return {
      issue: issue("invalid_body", "a Content-Type header value", kindOf(contentType), "options.contentType must be a string"),
    };
  }
  if (vendor !== undefined && vendor !== null && typeof vendor !== "string") {
    return {
      issue: issue("unknown_vendor", vendors.join(", "), kindOf(vendor), "options.vendor must be a vendor name"),
    };
  }
  let mappingText;
  if (typeof mapping === "string") {
    mappingText = mapping;
  } else if (mapping !== undefined && mapping !== null) {
    if (typeof mapping !== "object" || Array.isArray(mapping)) {
      return {
        issue: issue("invalid_mapping", "an object (or its JSON text)", kindOf(mapping), "options.mapping must be an object"),
      };
    }
    mappingText = JSON.stringify(mapping);
  }
  return { vendor: vendor ?? undefined, mapping: mappingText, includeRaw: includeRaw === true, contentType: contentType ?? undefined };
}

function issue(code, expected, found, message) {
  return { code, path: "", expected, found, message };
}

function kindOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describe(issues) {
  const [first, ...rest] = issues;
  if (!first) return "rejected";
  const where = first.path === "" ? "(body)" : first.path;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : "";
  return `${first.code} at ${where}: ${first.message}${more}`;
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
