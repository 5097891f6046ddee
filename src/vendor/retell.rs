//! Retell AI: `{"event": "...", "call": {...}}`, one body per call event.
//!
//! `call_started` is not sent for calls that never connect; `call_ended` and `call_analyzed` are,
//! so an ended call's kind follows its `disconnection_reason` (`dial_no_answer` → failed,
//! `voicemail_reached` → voicemail). Times are Unix milliseconds; `duration_ms` is
//! milliseconds. The transcript comes twice, as `Agent:`/`User:` text and as
//! `transcript_object` messages: the messages are read from the object and the text kept as
//! the text, never split a second time. `retell_llm_dynamic_variables` are the agent's inputs
//! (contact data); `collected_dynamic_variables` and `custom_analysis_data` were gathered on the
//! call (variables). `call_cost.combined_cost` (cents) and the latency figures stay in `extra`.

use super::{event_name, member_str, Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::event::{CallEvent, CallStatus, EventKind, Outcome, Recording};
use crate::field::contact::{self, Absorb};
use crate::field::{direction, status, transcript};
use crate::json::Value;
use crate::reader::{Node, Obj};

/// Retell's webhook events and their kinds (`call_ended`'s is refined by how the call ended).
const EVENTS: [(&str, EventKind); 8] = [
    ("call_started", EventKind::CallStarted),
    ("call_ended", EventKind::CallEnded),
    ("call_analyzed", EventKind::CallAnalyzed),
    ("transcript_updated", EventKind::TranscriptUpdated),
    ("transfer_started", EventKind::CallTransferred),
    ("transfer_bridged", EventKind::CallTransferred),
    ("transfer_cancelled", EventKind::CallTransferred),
    ("transfer_ended", EventKind::CallTransferred),
];

/// `call_status` as documented.
const CALL_STATUSES: [&str; 5] = ["registered", "not_connected", "ongoing", "ended", "error"];

/// `disconnection_reason` words that say how a call that ended went (the rest, `user_hangup`,
/// `agent_hangup`, `call_transfer`, `max_duration_reached` …, mean it ended after connecting).
const DISCONNECTIONS: [(&str, CallStatus); 5] = [
    ("dial_no_answer", CallStatus::NoAnswer),
    ("dial_busy", CallStatus::Busy),
    ("dial_failed", CallStatus::Failed),
    ("voicemail_reached", CallStatus::Voicemail),
    ("error", CallStatus::Failed),
];

/// The registry's entry for Retell.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::Retell,
        setting: "RETELL_API_KEY",
    }),
};

/// A body whose `event` is one of Retell's, with a `call` object.
fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "event").is_some_and(|name| EVENTS.iter().any(|(e, _)| *e == name))
        && body.get("call").is_some_and(|call| call.entries().is_some())
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Retell, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    let (name, kind) = event_name(
        &body,
        "event",
        &EVENTS,
        "call_started, call_ended, call_analyzed, transcript_updated or transfer_*",
    );
    event.kind = kind.unwrap_or(event.kind);
    event.vendor_event = name;
    match body.get("call") {
        Some(call) if !call.is_null() => {
            if let Some(call) = call.object() {
                map_call(&call, &mut event);
            }
        }
        _ => {
            body.missing("call", "object");
        }
    }
    event
}

fn map_call(call: &Obj<'_>, event: &mut CallEvent) {
    event.call.id = call.subject_id(call.get("call_id"), "call_id");
    event.agent.id = call.get("agent_id").and_then(|n| n.string());
    event.agent.name = call.get("agent_name").and_then(|n| n.string());
    event.call.direction = direction::read(call.get("direction"));
    event.call.from = call.get("from_number").and_then(|n| n.phone());
    event.call.to = call.get("to_number").and_then(|n| n.phone());
    event.call.started_at = call.get("start_timestamp").and_then(|n| n.time());
    event.call.ended_at = call.get("end_timestamp").and_then(|n| n.time());
    event.call.duration_seconds = call
        .get("duration_ms")
        .and_then(|n| n.number())
        .map(|ms| ms / 1000.0);
    (event.call.status, event.call.status_raw) =
        status::read_documented(call.get("call_status"), &CALL_STATUSES);
    let reason = call.get("disconnection_reason").and_then(|n| n.string());
    if let Some(ended) = reason.as_deref().and_then(disconnection_status) {
        event.call.status = ended;
    }
    if event.kind == EventKind::CallEnded {
        event.kind = status::finished_call_kind(event.call.status);
    }
    event.occurred_at = match event.kind {
        EventKind::CallStarted => event.call.started_at.clone(),
        EventKind::TranscriptUpdated | EventKind::CallTransferred => None,
        _ => event.call.ended_at.clone(),
    };
    event.transcript =
        transcript::from_parts(call.get("transcript_object"), call.get("transcript"));
    event.recording = Recording::at(call.get("recording_url").and_then(|n| n.string()));
    if let Some(inputs) = call
        .get("retell_llm_dynamic_variables")
        .and_then(|n| n.object())
    {
        contact::absorb(&mut event.contact, &inputs, Absorb::Move);
    }
    if let Some(collected) = call
        .get("collected_dynamic_variables")
        .and_then(|n| n.map())
    {
        event.variables.extend(collected);
    }
    let mut outcome = Outcome {
        reason,
        ..Outcome::default()
    };
    if let Some(analysis) = call.get("call_analysis").and_then(|n| n.object()) {
        event.summary = analysis.get("call_summary").and_then(|n| n.string());
        outcome.success = analysis.get("call_successful").and_then(|n| n.boolean());
        outcome.sentiment = analysis.get("user_sentiment").and_then(|n| n.string());
        if let Some(custom) = analysis.get("custom_analysis_data").and_then(|n| n.map()) {
            event.variables.extend(custom);
        }
    }
    event.outcome = outcome.if_known();
}

/// The status a `disconnection_reason` says a call ended in (`error_*` are failures).
fn disconnection_status(reason: &str) -> Option<CallStatus> {
    if reason.starts_with("error") {
        return Some(CallStatus::Failed);
    }
    DISCONNECTIONS
        .iter()
        .find(|(word, _)| *word == reason)
        .map(|(_, status)| *status)
}
