// The API of the npm package `voicehook`. The schema's types (CallEvent, Issue, ...) are
// generated from the Rust types into call-event.d.ts; only the functions are declared here.
import type { CallEvent, Issue, IssueCode, JsonValue, Vendor } from "./call-event.js";

export type * from "./call-event.js";

/** The raw request body, as received: text or bytes (never a parsed object). */
export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** A Callab body-template mapping (see the README), as an object or as its JSON text. */
export type Mapping = { [key: string]: JsonValue } | string;

/** How to read a body. */
export interface Options {
  /**
   * The vendor that sent it; recognised from the body when absent. Another name (`acme`: a-z,
   * 0-9, `_`, `-`) with a `mapping` reads a platform voicehook does not know: the event's
   * `vendor` is then `custom` and `custom_vendor` this name.
   */
  vendor?: Vendor | (string & {});
  /** How to read a user-designed body (Callab templates). */
  mapping?: Mapping;
  /** Attach the original payload as `raw`. */
  includeRaw?: boolean;
  /**
   * The body's `Content-Type` header value (parameters allowed): a form
   * (`application/x-www-form-urlencoded`, Twilio) is read as one, anything else as JSON.
   */
  contentType?: string;
}

/** What `safeNormalize` returns. */
export type SafeResult = { ok: true; event: CallEvent } | { ok: false; issues: Issue[] };

/** Normalizes one webhook body into a `CallEvent`; throws a `VoicehookError` when it cannot. */
export declare function normalize(body: Body, options?: Options): CallEvent;

/** Normalizes one webhook body: `{ ok: true, event }` or `{ ok: false, issues }`; never throws. */
export declare function safeNormalize(body: Body, options?: Options): SafeResult;

/**
 * Normalizes one webhook body into the `CallEvent`'s JSON text, for callers that store or
 * forward the event without reading it (no object is built); throws a `VoicehookError` when it
 * cannot.
 */
export declare function normalizeToJSON(body: Body, options?: Options): string;

/**
 * Normalizes one webhook body into the `CallEvent`'s JSON text as UTF-8 bytes (a copy of its
 * own), for callers that write or send the event as bytes (no string and no object is made);
 * throws a `VoicehookError` when it cannot.
 */
export declare function normalizeToJSONBytes(body: Body, options?: Options): Uint8Array;

/** Recognises which vendor sent a body; throws a `VoicehookError` when none (or several) can. */
export declare function detect(body: Body, options?: Pick<Options, "contentType">): Vendor;

/**
 * The secrets webhooks are checked with, keyed by vendor: a string, or several while one is
 * rotated (any one valid is enough). For a signing vendor its signing secret (Retell: the API
 * key; Twilio: the auth token; Vapi: the server URL secret …); for a vendor that signs nothing,
 * the token it sends (`Authorization: Bearer`, `X-Voicehook-Token`, or `?token=` for vendors
 * that can only be given a URL).
 */
export type Secrets = { [vendor in Vendor]?: string | readonly string[] } & {
  [custom: string]: string | readonly string[] | undefined;
};

/** How `verify` and `receive` check a webhook. */
export interface VerifyOptions {
  /** The vendor that sent it; recognised from the body when absent. */
  vendor?: Vendor | (string & {});
  /** The secrets, keyed by vendor. */
  secrets: Secrets;
  /**
   * The window for signed times, in seconds, overriding each vendor's own (Retell 300,
   * ElevenLabs 1800, Vapi HMAC 300).
   */
  tolerance?: number;
  /**
   * The scheme, host and any path prefix the vendor called (`https://hooks.example.com`), when
   * the server sits behind a proxy or on another domain: the request's path and query are
   * appended. Twilio signs the URL it called.
   */
  publicUrl?: string;
}

/** What `verify` checks: the raw body, the headers, and the URL the vendor called. */
export interface SignedRequest {
  /** The raw body, as received (never a parsed object). */
  body: Body;
  /** A `Headers`, `[name, value]` pairs, or Node's `req.headers`. */
  headers:
    | Headers
    | Iterable<readonly [string, string]>
    | { [name: string]: string | readonly string[] | undefined };
  /** The URL called: absolute, or a path and query when `publicUrl` is given. */
  url?: string;
  /** The HTTP method (a `GET` carries its parameters in the URL). Default `POST`. */
  method?: string;
}

/** How `receive` reads and checks a webhook. */
export interface ReceiveOptions extends VerifyOptions, Pick<Options, "mapping" | "includeRaw"> {}

/**
 * Checks a webhook's credentials as its vendor presents them; returns the vendor checked, or
 * throws a `VoicehookError` whose `code` is `missing_signature`, `invalid_signature` or
 * `stale_signature`.
 */
export declare function verify(request: SignedRequest, options: VerifyOptions): Vendor | (string & {});

/**
 * Receives one webhook from a Web `Request` (Node >= 18, Bun, Deno, Workers, Next.js route
 * handlers): reads the raw body once, verifies it, normalizes it (forms too) and resolves to the
 * `CallEvent`; rejects with a `VoicehookError` otherwise.
 */
export declare function receive(request: Request, options: ReceiveOptions): Promise<CallEvent>;

/** The JSON Schema (draft 2020-12) of a `CallEvent`. */
export declare const schema: { readonly [key: string]: JsonValue };

/** The schema version every event carries. */
export declare const SCHEMA_VERSION: number;

/** The vendor names `options.vendor` accepts. */
export declare const vendors: readonly Vendor[];

/** A body that could not be normalized. */
export declare class VoicehookError extends Error {
  /** The code of the first (most fundamental) issue. */
  readonly code: IssueCode;
  /** Every issue found. */
  readonly issues: Issue[];
  constructor(issues: Issue[]);
}
