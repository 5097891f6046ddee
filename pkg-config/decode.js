// Generated from the Rust types (src/event.rs, src/error.rs) by `UPDATE_SCHEMA=1 cargo test --lib`.
// Do not edit by hand. Reads the compact answer of src/wasm/compact.rs (see compact.js).
import { begin, bool, map, num, open, opt, seq, str, value, variant } from "./compact.js";

function callEvent() {
  open();
  return {
    schema_version: num(),
    id: str(),
    vendor: variant(VENDOR),
    custom_vendor: str(),
    vendor_event: str(),
    kind: variant(EVENT_KIND),
    occurred_at: str(),
    call: call(),
    agent: agent(),
    contact: contact(),
    campaign: opt(campaign),
    transcript: opt(transcript),
    summary: str(),
    outcome: opt(outcome),
    variables: map(value),
    metrics: seq(metric),
    recording: opt(recording),
    voicemail: opt(voicemail),
    extracted_fields: map(str),
    inferred_contact: opt(inferredContact),
    warnings: seq(issue),
    extra: map(value),
    raw: value(),
  };
}

const EVENT_KIND = ["call.queued", "call.started", "call.ended", "call.failed", "call.analyzed", "call.transferred", "recording.available", "voicemail.received", "voicemail.detected", "transcript.updated", "intent.detected", "entity.captured", "campaign.started", "campaign.paused", "campaign.completed", "campaign.quota_reached"];

const VENDOR = ["starleads", "staragent", "callab", "smallest_atoms", "autocalls", "retell", "vapi", "bland", "synthflow", "elevenlabs", "twilio", "custom"];

function call() {
  open();
  return {
    id: str(),
    sid: str(),
    direction: variant(DIRECTION),
    from: opt(phone),
    to: opt(phone),
    forwarded_from: opt(phone),
    started_at: str(),
    answered_at: str(),
    ended_at: str(),
    duration_seconds: num(),
    status: variant(CALL_STATUS),
    status_raw: str(),
    attempt: num(),
  };
}

const DIRECTION = ["inbound", "outbound"];

const CALL_STATUS = ["queued", "ringing", "in_progress", "completed", "no_answer", "busy", "failed", "canceled", "voicemail", "unknown"];

function phone() {
  open();
  return {
    e164: str(),
    raw: str(),
  };
}

function agent() {
  open();
  return {
    id: str(),
    name: str(),
    phone: opt(phone),
  };
}

function contact() {
  open();
  return {
    id: str(),
    name: str(),
    first_name: str(),
    last_name: str(),
    email: str(),
    phone: opt(phone),
    city: str(),
    region: str(),
    country: str(),
    fields: map(value),
  };
}

function campaign() {
  open();
  return {
    id: str(),
    name: str(),
    status: str(),
    extra: map(value),
  };
}

function transcript() {
  open();
  return {
    messages: seq(message),
    text: str(),
  };
}

function message() {
  open();
  return {
    role: variant(ROLE),
    text: str(),
    at: str(),
    offset_seconds: num(),
    intent: str(),
  };
}

const ROLE = ["agent", "caller", "system", "tool"];

function outcome() {
  open();
  return {
    label: str(),
    success: bool(),
    reason: str(),
    sentiment: str(),
    system: bool(),
  };
}

function metric() {
  open();
  return {
    name: str(),
    value: value(),
    confidence: num(),
    reasoning: str(),
  };
}

function recording() {
  open();
  return {
    url: str(),
    duration_seconds: num(),
    sid: str(),
  };
}

function voicemail() {
  open();
  return {
    transcription: str(),
    mode: str(),
  };
}

function inferredContact() {
  open();
  return {
    name: str(),
    email: str(),
    phone: opt(phone),
  };
}

function issue() {
  open();
  return {
    code: variant(ISSUE_CODE),
    path: str(),
    expected: str(),
    found: str(),
    message: str(),
  };
}

const ISSUE_CODE = ["invalid_json", "invalid_utf8", "not_an_object", "unknown_vendor", "unknown_event", "missing_field", "wrong_type", "invalid_value", "too_deep", "unknown_value", "duplicate_key", "invalid_mapping", "not_a_notification", "invalid_body", "missing_signature", "invalid_signature", "stale_signature"];

function rejection() {
  open();
  return {
    issues: seq(issue),
  };
}

/** The answer from `slots[start]` and its two tables: `{ ok: true, event }` or `{ ok: false, issues }`. */
export function decodeAnswer(slots, start, asciiTable, wideTable) {
  begin(slots, start, asciiTable, wideTable);
  return bool() ? { ok: true, event: callEvent() } : { ok: false, issues: seq(issue) };
}
