//! The unified schema (version 1): one [`CallEvent`] per webhook, whatever the vendor.
//!
//! Every key is always present in the serialized form; `null` means unknown. Times are RFC 3339
//! in UTC with milliseconds, durations are seconds, phones carry E.164 where it can be derived and
//! always the original text. These types are the single source of the JSON Schema
//! ([`json_schema`](crate::json_schema)) and of the TypeScript types.

use crate::error::Issue;
use crate::vendor::Vendor;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The version of the schema these types describe; `schema_version` of every event.
pub const SCHEMA_VERSION: u32 = 1;

/// One normalized webhook.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct CallEvent {
    /// Always [`SCHEMA_VERSION`].
    #[cfg_attr(test, schemars(range(min = 1, max = 1)))]
    pub schema_version: u32,
    /// `evt_` and 32 lowercase hex digits, derived from the vendor, the kind, the call (or
    /// campaign) and the body's content: a redelivered webhook gets the same id, even
    /// re-serialized, so it is an idempotency key; two webhooks that say different things never
    /// share one.
    #[cfg_attr(test, schemars(regex(pattern = r"^evt_[0-9a-f]{32}$")))]
    pub id: String,
    /// The platform that sent the webhook.
    pub vendor: Vendor,
    /// For `vendor: "custom"`, the name its mapping was given (`acme`); null otherwise.
    pub custom_vendor: Option<String>,
    /// The vendor's own event name, when it sends one.
    pub vendor_event: Option<String>,
    /// What happened, from one closed list.
    pub kind: EventKind,
    /// When it happened, per the vendor (RFC 3339 UTC), or null.
    #[cfg_attr(test, schemars(extend("format" = "date-time")))]
    pub occurred_at: Option<String>,
    /// The call this event is about.
    pub call: Call,
    /// The AI agent or the business answering for it.
    pub agent: Agent,
    /// The person called or calling.
    pub contact: Contact,
    /// The campaign, for campaign calls and campaign events.
    pub campaign: Option<Campaign>,
    /// The conversation, when the vendor sent it.
    pub transcript: Option<Transcript>,
    /// A summary of the call written by the vendor's AI.
    pub summary: Option<String>,
    /// How the call ended up: tag, disposition, success.
    pub outcome: Option<Outcome>,
    /// Data the vendor extracted or collected during the call, under the vendor's own names.
    pub variables: Map<String, Value>,
    /// Scored post-call metrics.
    pub metrics: Vec<Metric>,
    /// The call or voicemail recording.
    pub recording: Option<Recording>,
    /// The voicemail left, for voicemail events.
    pub voicemail: Option<Voicemail>,
    /// `Label: value` lines found in free text (voicemail transcription, summary), labels
    /// lower-cased; the vendor's own extraction when it sends one.
    pub extracted_fields: BTreeMap<String, String>,
    /// Name, email and phone inferred from free text, when any could be.
    pub inferred_contact: Option<InferredContact>,
    /// Non-fatal findings: values kept as sent but not understood, values that could not be used.
    pub warnings: Vec<Issue>,
    /// Everything the vendor sent that has no unified home, keyed by its JSON Pointer in the body.
    #[serde(serialize_with = "crate::listed::write_extra")]
    pub extra: Map<String, Value>,
    /// The original payload, only when asked for (`include_raw`).
    #[cfg_attr(test, schemars(with = "Option<Value>"))]
    #[cfg_attr(test, ts(type = "JsonValue | null"))]
    pub raw: Option<Box<RawValue>>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[non_exhaustive]
pub enum EventKind {
    /// A call was queued or scheduled and is not dialled yet.
    #[serde(rename = "call.queued")]
    CallQueued,
    /// A call began (ringing or connected).
    #[serde(rename = "call.started")]
    CallStarted,
    /// A call ended after connecting.
    #[serde(rename = "call.ended")]
    CallEnded,
    /// A call did not connect (no answer, busy, failed, canceled).
    #[serde(rename = "call.failed")]
    CallFailed,
    /// Post-call analysis finished.
    #[serde(rename = "call.analyzed")]
    CallAnalyzed,
    /// A transfer of the call to another party started, connected, was canceled or ended
    /// (`vendor_event` says which).
    #[serde(rename = "call.transferred")]
    CallTransferred,
    /// The call's recording can be fetched (the audio itself is not in the event).
    #[serde(rename = "recording.available")]
    RecordingAvailable,
    /// A caller left a voicemail.
    #[serde(rename = "voicemail.received")]
    VoicemailReceived,
    /// An outbound call reached a voicemail box.
    #[serde(rename = "voicemail.detected")]
    VoicemailDetected,
    /// A transcript (partial or complete) was produced.
    #[serde(rename = "transcript.updated")]
    TranscriptUpdated,
    /// The AI identified an intent.
    #[serde(rename = "intent.detected")]
    IntentDetected,
    /// The AI captured a piece of information.
    #[serde(rename = "entity.captured")]
    EntityCaptured,
    /// A campaign was activated.
    #[serde(rename = "campaign.started")]
    CampaignStarted,
    /// A campaign was paused.
    #[serde(rename = "campaign.paused")]
    CampaignPaused,
    /// A campaign finished.
    #[serde(rename = "campaign.completed")]
    CampaignCompleted,
    /// A campaign reached its limits.
    #[serde(rename = "campaign.quota_reached")]
    CampaignQuotaReached,
}

impl EventKind {
    /// Every kind, in schema order.
    pub const ALL: [EventKind; 16] = [
        EventKind::CallQueued,
        EventKind::CallStarted,
        EventKind::CallEnded,
        EventKind::CallFailed,
        EventKind::CallAnalyzed,
        EventKind::CallTransferred,
        EventKind::RecordingAvailable,
        EventKind::VoicemailReceived,
        EventKind::VoicemailDetected,
        EventKind::TranscriptUpdated,
        EventKind::IntentDetected,
        EventKind::EntityCaptured,
        EventKind::CampaignStarted,
        EventKind::CampaignPaused,
        EventKind::CampaignCompleted,
        EventKind::CampaignQuotaReached,
    ];

    /// The dotted name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CallQueued => "call.queued",
            EventKind::CallStarted => "call.started",
            EventKind::CallEnded => "call.ended",
            EventKind::CallFailed => "call.failed",
            EventKind::CallAnalyzed => "call.analyzed",
            EventKind::CallTransferred => "call.transferred",
            EventKind::RecordingAvailable => "recording.available",
            EventKind::VoicemailReceived => "voicemail.received",
            EventKind::VoicemailDetected => "voicemail.detected",
            EventKind::TranscriptUpdated => "transcript.updated",
            EventKind::IntentDetected => "intent.detected",
            EventKind::EntityCaptured => "entity.captured",
            EventKind::CampaignStarted => "campaign.started",
            EventKind::CampaignPaused => "campaign.paused",
            EventKind::CampaignCompleted => "campaign.completed",
            EventKind::CampaignQuotaReached => "campaign.quota_reached",
        }
    }

    /// The kind with this dotted name.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// Whether the event is about a campaign rather than one call.
    pub fn is_campaign(self) -> bool {
        self.as_str().starts_with("campaign.")
    }
}

/// A phone number: E.164 where it could be derived, and always the text as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Phone {
    /// `+` and 8 to 15 digits, or null when the text is no number that can be placed.
    #[cfg_attr(test, schemars(regex(pattern = r"^\+[1-9][0-9]{7,14}$")))]
    pub e164: Option<String>,
    /// The text the vendor sent.
    pub raw: String,
}

/// Which way the call went, seen from the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The contact called the agent.
    Inbound,
    /// The agent called the contact.
    Outbound,
}

/// Where a call stands, mapped from each vendor's own words (kept in `status_raw`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Waiting to be dialled.
    Queued,
    /// Ringing, not answered yet.
    Ringing,
    /// Connected and going on.
    InProgress,
    /// Finished after connecting.
    Completed,
    /// Nobody answered.
    NoAnswer,
    /// The line was busy.
    Busy,
    /// The call could not be placed or broke off with an error.
    Failed,
    /// Canceled before it connected.
    Canceled,
    /// It ended in a voicemail box.
    Voicemail,
    /// The vendor did not say, or said something not in this list (see `status_raw`).
    Unknown,
}

/// The call an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Call {
    /// The vendor's call id (the join key between events of one call).
    pub id: Option<String>,
    /// The telephony provider's id (a Twilio `CA…` SID, for example).
    pub sid: Option<String>,
    /// Inbound or outbound, seen from the agent.
    pub direction: Option<Direction>,
    /// The calling number.
    pub from: Option<Phone>,
    /// The called number.
    pub to: Option<Phone>,
    /// The number that forwarded the call here.
    pub forwarded_from: Option<Phone>,
    /// When the call began.
    #[cfg_attr(test, schemars(extend("format" = "date-time")))]
    pub started_at: Option<String>,
    /// When it was answered.
    #[cfg_attr(test, schemars(extend("format" = "date-time")))]
    pub answered_at: Option<String>,
    /// When it ended.
    #[cfg_attr(test, schemars(extend("format" = "date-time")))]
    pub ended_at: Option<String>,
    /// How long it lasted, in seconds.
    pub duration_seconds: Option<f64>,
    /// Where the call stands.
    pub status: CallStatus,
    /// The vendor's own status word.
    pub status_raw: Option<String>,
    /// Which attempt this was (1 for the first), for campaigns that retry.
    pub attempt: Option<u32>,
}

/// The AI agent, or the business it answers for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Agent {
    /// The vendor's agent (assistant) id.
    pub id: Option<String>,
    /// The agent's or the business's name.
    pub name: Option<String>,
    /// The agent's phone number.
    pub phone: Option<Phone>,
}

/// The person on the other end.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Contact {
    /// The vendor's contact (lead) id.
    pub id: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<Phone>,
    /// City.
    pub city: Option<String>,
    /// State, region or province.
    pub region: Option<String>,
    /// Country (ISO 3166-1 alpha-2 when the vendor sends that).
    pub country: Option<String>,
    /// The contact's other fields (campaign data, input variables), under the vendor's names.
    pub fields: Map<String, Value>,
}

/// A calling campaign.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Campaign {
    /// The vendor's campaign id.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its status, in the vendor's words.
    pub status: Option<String>,
    /// Its other settings, under the vendor's names.
    pub extra: Map<String, Value>,
}

/// The conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Transcript {
    /// The turns, in order.
    pub messages: Vec<Message>,
    /// The transcript as one text, when the vendor sent it so.
    pub text: Option<String>,
}

/// Who spoke a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The AI agent.
    Agent,
    /// The person called or calling.
    Caller,
    /// The platform (prompts, notices).
    System,
    /// A tool or function call and its result.
    Tool,
}

/// One turn of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Message {
    /// Who spoke.
    pub role: Role,
    /// What was said.
    pub text: String,
    /// When (RFC 3339 UTC).
    #[cfg_attr(test, schemars(extend("format" = "date-time")))]
    pub at: Option<String>,
    /// Seconds since the call was answered (or began).
    pub offset_seconds: Option<f64>,
    /// The intent the vendor detected in this turn.
    pub intent: Option<String>,
}

/// How the call ended up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Outcome {
    /// The tag or disposition, in the vendor's (or the user's) words.
    pub label: Option<String>,
    /// Whether the call reached its objective.
    pub success: Option<bool>,
    /// Why it ended so (disconnect reason, feedback).
    pub reason: Option<String>,
    /// The caller's sentiment, in the vendor's words.
    pub sentiment: Option<String>,
    /// Whether the platform, not the conversation, decided it (no answer, invalid number).
    pub system: Option<bool>,
}

// The constructors every vendor's mapping calls are kept out of line (`inline(never)`): one copy
// of each in the .wasm instead of one per vendor, for no measurable time (one call per event).
impl Outcome {
    /// The outcome, when any of its parts is known.
    #[inline(never)]
    pub(crate) fn if_known(self) -> Option<Outcome> {
        (self != Outcome::default()).then_some(self)
    }
}

/// One scored post-call metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Metric {
    /// The metric's identifier.
    pub name: String,
    /// Its value (number, text or boolean).
    pub value: Value,
    /// The vendor's confidence, 0 to 1.
    pub confidence: Option<f64>,
    /// The vendor's reasoning.
    pub reasoning: Option<String>,
}

/// A recording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Recording {
    /// Where to download it.
    pub url: Option<String>,
    /// Its length in seconds.
    pub duration_seconds: Option<f64>,
    /// The telephony provider's recording id.
    pub sid: Option<String>,
}

impl Recording {
    /// The recording at `url`, when the vendor sent one.
    #[inline(never)]
    pub(crate) fn at(url: Option<String>) -> Option<Recording> {
        url.map(|url| Recording {
            url: Some(url),
            ..Recording::default()
        })
    }

    /// The recording, when any of its parts is known.
    #[inline(never)]
    pub(crate) fn if_known(self) -> Option<Recording> {
        (self != Recording::default()).then_some(self)
    }
}

/// A voicemail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Voicemail {
    /// The transcription (or the filled template, or the prompt's output: see `mode`).
    pub transcription: Option<String>,
    /// How the vendor processed it (StarAgent: `transcribe`, `extract`, `prompt`).
    pub mode: Option<String>,
}

/// Contact details inferred from free text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct InferredContact {
    /// A name.
    pub name: Option<String>,
    /// An email address.
    pub email: Option<String>,
    /// A phone number.
    pub phone: Option<Phone>,
}

impl InferredContact {
    /// Whether nothing was inferred.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.phone.is_none()
    }
}

impl Call {
    /// A call about which nothing is known yet.
    pub fn unknown() -> Call {
        Call {
            id: None,
            sid: None,
            direction: None,
            from: None,
            to: None,
            forwarded_from: None,
            started_at: None,
            answered_at: None,
            ended_at: None,
            duration_seconds: None,
            status: CallStatus::Unknown,
            status_raw: None,
            attempt: None,
        }
    }
}

impl CallEvent {
    /// An event of `kind` from `vendor` with every part unknown; the id is set by normalization.
    #[inline(never)]
    pub(crate) fn blank(vendor: Vendor, kind: EventKind) -> CallEvent {
        CallEvent {
            schema_version: SCHEMA_VERSION,
            id: String::new(),
            vendor,
            custom_vendor: None,
            vendor_event: None,
            kind,
            occurred_at: None,
            call: Call::unknown(),
            agent: Agent::default(),
            contact: Contact::default(),
            campaign: None,
            transcript: None,
            summary: None,
            outcome: None,
            variables: Map::new(),
            metrics: Vec::new(),
            recording: None,
            voicemail: None,
            extracted_fields: BTreeMap::new(),
            inferred_contact: None,
            warnings: Vec::new(),
            extra: Map::new(),
            raw: None,
        }
    }
}
