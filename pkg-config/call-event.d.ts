// Generated from the Rust types (src/event.rs, src/error.rs) by `UPDATE_SCHEMA=1 cargo test --lib`.
// Do not edit by hand.

/** Any JSON value, as `JSON.parse` returns it. */
export type JsonValue = number | string | boolean | JsonValue[] | { [key: string]: JsonValue } | null;

/**
 * One normalized webhook.
 */
export type CallEvent = { 
/**
 * Always [`SCHEMA_VERSION`].
 */
schema_version: number, 
/**
 * `evt_` and 32 lowercase hex digits, derived from the vendor, the kind, the call (or
 * campaign) and the body's content: a redelivered webhook gets the same id, even
 * re-serialized, so it is an idempotency key; two webhooks that say different things never
 * share one.
 */
id: string, 
/**
 * The platform that sent the webhook.
 */
vendor: Vendor, 
/**
 * For `vendor: "custom"`, the name its mapping was given (`acme`); null otherwise.
 */
custom_vendor: string | null, 
/**
 * The vendor's own event name, when it sends one.
 */
vendor_event: string | null, 
/**
 * What happened, from one closed list.
 */
kind: EventKind, 
/**
 * When it happened, per the vendor (RFC 3339 UTC), or null.
 */
occurred_at: string | null, 
/**
 * The call this event is about.
 */
call: Call, 
/**
 * The AI agent or the business answering for it.
 */
agent: Agent, 
/**
 * The person called or calling.
 */
contact: Contact, 
/**
 * The campaign, for campaign calls and campaign events.
 */
campaign: Campaign | null, 
/**
 * The conversation, when the vendor sent it.
 */
transcript: Transcript | null, 
/**
 * A summary of the call written by the vendor's AI.
 */
summary: string | null, 
/**
 * How the call ended up: tag, disposition, success.
 */
outcome: Outcome | null, 
/**
 * Data the vendor extracted or collected during the call, under the vendor's own names.
 */
variables: { [key in string]: JsonValue }, 
/**
 * Scored post-call metrics.
 */
metrics: Array<Metric>, 
/**
 * The call or voicemail recording.
 */
recording: Recording | null, 
/**
 * The voicemail left, for voicemail events.
 */
voicemail: Voicemail | null, 
/**
 * `Label: value` lines found in free text (voicemail transcription, summary), labels
 * lower-cased; the vendor's own extraction when it sends one.
 */
extracted_fields: { [key in string]: string }, 
/**
 * Name, email and phone inferred from free text, when any could be.
 */
inferred_contact: InferredContact | null, 
/**
 * Non-fatal findings: values kept as sent but not understood, values that could not be used.
 */
warnings: Array<Issue>, 
/**
 * Everything the vendor sent that has no unified home, keyed by its JSON Pointer in the body.
 */
extra: { [key in string]: JsonValue }, 
/**
 * The original payload, only when asked for (`include_raw`).
 */
raw: JsonValue | null, };

/**
 * What happened.
 */
export type EventKind = "call.queued" | "call.started" | "call.ended" | "call.failed" | "call.analyzed" | "call.transferred" | "recording.available" | "voicemail.received" | "voicemail.detected" | "transcript.updated" | "intent.detected" | "entity.captured" | "campaign.started" | "campaign.paused" | "campaign.completed" | "campaign.quota_reached";

/**
 * A calling platform whose webhooks voicehook normalizes.
 */
export type Vendor = "starleads" | "staragent" | "callab" | "smallest_atoms" | "autocalls" | "retell" | "vapi" | "bland" | "synthflow" | "elevenlabs" | "twilio" | "custom";

/**
 * The call an event is about.
 */
export type Call = { 
/**
 * The vendor's call id (the join key between events of one call).
 */
id: string | null, 
/**
 * The telephony provider's id (a Twilio `CA…` SID, for example).
 */
sid: string | null, 
/**
 * Inbound or outbound, seen from the agent.
 */
direction: Direction | null, 
/**
 * The calling number.
 */
from: Phone | null, 
/**
 * The called number.
 */
to: Phone | null, 
/**
 * The number that forwarded the call here.
 */
forwarded_from: Phone | null, 
/**
 * When the call began.
 */
started_at: string | null, 
/**
 * When it was answered.
 */
answered_at: string | null, 
/**
 * When it ended.
 */
ended_at: string | null, 
/**
 * How long it lasted, in seconds.
 */
duration_seconds: number | null, 
/**
 * Where the call stands.
 */
status: CallStatus, 
/**
 * The vendor's own status word.
 */
status_raw: string | null, 
/**
 * Which attempt this was (1 for the first), for campaigns that retry.
 */
attempt: number | null, };

/**
 * Which way the call went, seen from the agent.
 */
export type Direction = "inbound" | "outbound";

/**
 * Where a call stands, mapped from each vendor's own words (kept in `status_raw`).
 */
export type CallStatus = "queued" | "ringing" | "in_progress" | "completed" | "no_answer" | "busy" | "failed" | "canceled" | "voicemail" | "unknown";

/**
 * A phone number: E.164 where it could be derived, and always the text as sent.
 */
export type Phone = { 
/**
 * `+` and 8 to 15 digits, or null when the text is no number that can be placed.
 */
e164: string | null, 
/**
 * The text the vendor sent.
 */
raw: string, };

/**
 * The AI agent, or the business it answers for.
 */
export type Agent = { 
/**
 * The vendor's agent (assistant) id.
 */
id: string | null, 
/**
 * The agent's or the business's name.
 */
name: string | null, 
/**
 * The agent's phone number.
 */
phone: Phone | null, };

/**
 * The person on the other end.
 */
export type Contact = { 
/**
 * The vendor's contact (lead) id.
 */
id: string | null, 
/**
 * Full name.
 */
name: string | null, 
/**
 * Given name.
 */
first_name: string | null, 
/**
 * Family name.
 */
last_name: string | null, 
/**
 * Email address.
 */
email: string | null, 
/**
 * Phone number.
 */
phone: Phone | null, 
/**
 * City.
 */
city: string | null, 
/**
 * State, region or province.
 */
region: string | null, 
/**
 * Country (ISO 3166-1 alpha-2 when the vendor sends that).
 */
country: string | null, 
/**
 * The contact's other fields (campaign data, input variables), under the vendor's names.
 */
fields: { [key in string]: JsonValue }, };

/**
 * A calling campaign.
 */
export type Campaign = { 
/**
 * The vendor's campaign id.
 */
id: string | null, 
/**
 * Its name.
 */
name: string | null, 
/**
 * Its status, in the vendor's words.
 */
status: string | null, 
/**
 * Its other settings, under the vendor's names.
 */
extra: { [key in string]: JsonValue }, };

/**
 * The conversation.
 */
export type Transcript = { 
/**
 * The turns, in order.
 */
messages: Array<Message>, 
/**
 * The transcript as one text, when the vendor sent it so.
 */
text: string | null, };

/**
 * One turn of the conversation.
 */
export type Message = { 
/**
 * Who spoke.
 */
role: Role, 
/**
 * What was said.
 */
text: string, 
/**
 * When (RFC 3339 UTC).
 */
at: string | null, 
/**
 * Seconds since the call was answered (or began).
 */
offset_seconds: number | null, 
/**
 * The intent the vendor detected in this turn.
 */
intent: string | null, };

/**
 * Who spoke a message.
 */
export type Role = "agent" | "caller" | "system" | "tool";

/**
 * How the call ended up.
 */
export type Outcome = { 
/**
 * The tag or disposition, in the vendor's (or the user's) words.
 */
label: string | null, 
/**
 * Whether the call reached its objective.
 */
success: boolean | null, 
/**
 * Why it ended so (disconnect reason, feedback).
 */
reason: string | null, 
/**
 * The caller's sentiment, in the vendor's words.
 */
sentiment: string | null, 
/**
 * Whether the platform, not the conversation, decided it (no answer, invalid number).
 */
system: boolean | null, };

/**
 * One scored post-call metric.
 */
export type Metric = { 
/**
 * The metric's identifier.
 */
name: string, 
/**
 * Its value (number, text or boolean).
 */
value: JsonValue, 
/**
 * The vendor's confidence, 0 to 1.
 */
confidence: number | null, 
/**
 * The vendor's reasoning.
 */
reasoning: string | null, };

/**
 * A recording.
 */
export type Recording = { 
/**
 * Where to download it.
 */
url: string | null, 
/**
 * Its length in seconds.
 */
duration_seconds: number | null, 
/**
 * The telephony provider's recording id.
 */
sid: string | null, };

/**
 * A voicemail.
 */
export type Voicemail = { 
/**
 * The transcription (or the filled template, or the prompt's output: see `mode`).
 */
transcription: string | null, 
/**
 * How the vendor processed it (StarAgent: `transcribe`, `extract`, `prompt`).
 */
mode: string | null, };

/**
 * Contact details inferred from free text.
 */
export type InferredContact = { 
/**
 * A name.
 */
name: string | null, 
/**
 * An email address.
 */
email: string | null, 
/**
 * A phone number.
 */
phone: Phone | null, };

/**
 * One finding about the input.
 */
export type Issue = { 
/**
 * Stable code for programs.
 */
code: IssueCode, 
/**
 * JSON Pointer (RFC 6901) into the input; `""` is the whole body.
 */
path: string, 
/**
 * What the vendor's documentation allows here, in words or as a type name.
 */
expected: string | null, 
/**
 * The type or shape that was found; never the value itself.
 */
found: string | null, 
/**
 * A sentence for people.
 */
message: string, };

/**
 * A stable, machine-readable issue code, serialized in snake_case.
 */
export type IssueCode = "invalid_json" | "invalid_utf8" | "not_an_object" | "unknown_vendor" | "unknown_event" | "missing_field" | "wrong_type" | "invalid_value" | "too_deep" | "unknown_value" | "duplicate_key" | "invalid_mapping" | "not_a_notification" | "invalid_body" | "missing_signature" | "invalid_signature" | "stale_signature";

/**
 * The answer for a body that could not be normalized: every issue found, not just the first.
 */
export type Rejection = { 
/**
 * At least one issue; the first is the most fundamental.
 */
issues: Array<Issue>, };
