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

/** Recognises which vendor sent a body; throws a `VoicehookError` when none (or several) can. */
export declare function detect(body: Body, options?: Pick<Options, "contentType">): Vendor;

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
