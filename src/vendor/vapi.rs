//! Vapi server messages: `{"message": {"type": "...", ...}}`.
//!
//! Notifications map to kinds: `status-update` by its `status`, `end-of-call-report` (ended,
//! refined by `endedReason`), and the live conversation messages (`transcript`,
//! `conversation-update`, `speech-update`, `user-interrupted`, `hang`) as transcript updates.
//! Request messages (`assistant-request`, `tool-calls`, `transfer-destination-request`,
//! `knowledge-base-request`, `function-call`) wait for an answer that configures the call;
//! voicehook receives notifications only, so they are refused with `not_a_notification`.
//!
//! Real bodies vary (shared/vendor-docs/more/NOTES.md): `timestamp` is ISO text (2024) or epoch
//! milliseconds (2025); message times can be exponent floats; the transcript, messages, summary
//! and recording sit at the top of `message` (older), under `artifact`/`analysis` (newer), or
//! both: one place is read and the other dropped when it repeats it (kept in `extra` when it
//! differs). `messagesOpenAIFormatted` repeats the messages and is dropped. The nested
//! `call.status` of an end-of-call report is stale and stays in `extra`. A `status-update` may
//! come with no `call` at all: it is still accepted.

use super::{Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::error::{Issue, IssueCode};
use crate::event::{CallEvent, CallStatus, EventKind, Message, Metric, Outcome, Recording};
use crate::event::Transcript;
use crate::field::{direction, status, transcript};
use crate::id::MemberPath;
use crate::json::Value;
use crate::reader::{first_of, Node, Obj};

/// Notification types and their kinds (`status-update`'s comes from its status, the report's
/// is refined by how the call ended).
const NOTIFICATIONS: [(&str, EventKind); 7] = [
    ("status-update", EventKind::CallStarted),
    ("end-of-call-report", EventKind::CallEnded),
    ("transcript", EventKind::TranscriptUpdated),
    ("conversation-update", EventKind::TranscriptUpdated),
    ("speech-update", EventKind::TranscriptUpdated),
    ("user-interrupted", EventKind::TranscriptUpdated),
    ("hang", EventKind::TranscriptUpdated),
];

/// Messages that expect an answer configuring the call.
const REQUESTS: [&str; 5] = [
    "assistant-request",
    "tool-calls",
    "transfer-destination-request",
    "knowledge-base-request",
    "function-call",
];

/// `status-update` statuses as documented.
const STATUSES: [&str; 6] = [
    "scheduled",
    "queued",
    "ringing",
    "in-progress",
    "forwarding",
    "ended",
];

/// Call types that are no phone call: no direction.
const WEB_CALLS: [&str; 2] = ["webCall", "vapi.websocketCall"];

/// The registry's entry for Vapi. `message.timestamp` is when a message was sent, so it
/// differs between two deliveries of one message.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: PER_DELIVERY,
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::Vapi,
        setting: "VAPI_SECRET",
    }),
};

const PER_DELIVERY: &[MemberPath] = &[&["message", "timestamp"]];

/// A body whose `message` is an object with a string `type`.
fn recognises(body: &Value<'_>) -> bool {
    body.get("message")
        .and_then(|message| message.get("type"))
        .and_then(Value::as_str)
        .is_some()
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Vapi, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    let Some(message) = body.get("message").and_then(|n| n.object()) else {
        body.missing("message", "object");
        return event;
    };
    let Some(kind_name) = message.require_text(message.get("type"), "type") else {
        return event;
    };
    let type_node = message.get("type");
    match NOTIFICATIONS.iter().find(|(name, _)| *name == kind_name) {
        Some((_, kind)) => event.kind = *kind,
        None => {
            if let Some(node) = type_node {
                refuse(&node, &kind_name);
            }
        }
    }
    event.vendor_event = Some(kind_name);
    map_message(&message, &mut event);
    event
}

/// Records why a message type is not read: a request, or a type Vapi does not document.
fn refuse(node: &Node<'_>, name: &str) {
    if REQUESTS.contains(&name) {
        node.reader().fatal(
            Issue::new(
                IssueCode::NotANotification,
                node.pointer(),
                "this Vapi message asks for an answer that configures the call; voicehook receives \
                 notifications only: point this message type at your own server",
            )
            .expected("a notification (status-update, end-of-call-report, transcript …)")
            .found("a request message"),
        );
    } else {
        node.fatal(
            IssueCode::UnknownEvent,
            "a Vapi server message type (status-update, end-of-call-report, transcript …)",
            "not a Vapi message type",
        );
    }
}

fn map_message(message: &Obj<'_>, event: &mut CallEvent) {
    event.occurred_at = message.get("timestamp").and_then(|n| n.time());
    let call = message.get("call").and_then(|n| n.object());
    // The smallest reports say how the call ended inside `call` only.
    let call_reason = match &call {
        Some(call) => {
            map_call(call, event);
            call.get("endedReason").and_then(|n| n.string())
        }
        None => {
            message.subject_id(None, "call");
            None
        }
    };
    let customer = message.get("customer").and_then(|n| n.object());
    if let Some(customer) = &customer {
        event.contact.phone = customer.get("number").and_then(|n| n.phone());
        event.contact.name = customer.get("name").and_then(|n| n.string());
    }
    if let Some(number) = message
        .get("phoneNumber")
        .and_then(|n| n.object())
        .and_then(|phone| phone.get("number").and_then(|n| n.phone()))
    {
        event.agent.phone = Some(number);
    }
    if let Some(assistant) = message.get("assistant").and_then(|n| n.object()) {
        event.agent.id = assistant.get("id").and_then(|n| n.string()).or(event.agent.id.take());
        event.agent.name = assistant.get("name").and_then(|n| n.string());
    }
    read_times(message, event);
    let reason = message
        .get("endedReason")
        .and_then(|n| n.string())
        .or(call_reason);
    if event.vendor_event.as_deref() == Some("status-update") {
        read_status(message, event);
    }
    // An ended call (the report, or a status update saying so) ended as its reason says.
    if event.kind == EventKind::CallEnded {
        event.call.status = reason.as_deref().map_or(CallStatus::Completed, ended_status);
        event.kind = status::finished_call_kind(event.call.status);
    }
    if event.vendor_event.as_deref() == Some("transcript") {
        event.transcript = live_utterance(message);
    } else {
        let artifact = message.get("artifact").and_then(|n| n.object());
        read_conversation(message, artifact.as_ref(), event);
    }
    read_analysis(message, event);
    if reason.is_some() {
        let outcome = event.outcome.get_or_insert_with(Outcome::default);
        outcome.reason = reason;
    }
}

fn map_call(call: &Obj<'_>, event: &mut CallEvent) {
    event.call.id = call.subject_id(call.get("id"), "id");
    event.call.sid = call.get("phoneCallProviderId").and_then(|n| n.string());
    event.agent.id = call.get("assistantId").and_then(|n| n.string());
    let call_type = call.get("type");
    event.call.direction = match call_type {
        Some(node) if node.is_one_of(&WEB_CALLS) => None,
        other => direction::read(other),
    };
    if let Some(customer) = call.get("customer").and_then(|n| n.object()) {
        event.contact.phone = customer.get("number").and_then(|n| n.phone());
        event.contact.name = customer.get("name").and_then(|n| n.string());
    }
    if let Some(phone) = call.get("phoneNumber").and_then(|n| n.object()) {
        event.agent.phone = phone.get("number").and_then(|n| n.phone());
    }
    event.call.started_at = call.get("startedAt").and_then(|n| n.time());
    event.call.ended_at = call.get("endedAt").and_then(|n| n.time());
}

/// Start, end and duration: the message's own, else the call's (already read).
fn read_times(message: &Obj<'_>, event: &mut CallEvent) {
    if let Some(at) = message.get("startedAt").and_then(|n| n.time()) {
        event.call.started_at = Some(at);
    }
    if let Some(at) = message.get("endedAt").and_then(|n| n.time()) {
        event.call.ended_at = Some(at);
    }
    let seconds = message.get("durationSeconds").and_then(|n| n.number());
    let millis = message.get("durationMs").and_then(|n| n.number());
    event.call.duration_seconds = seconds.or(millis.map(|ms| ms / 1000.0));
}

/// `status-update`: the status gives the kind.
fn read_status(message: &Obj<'_>, event: &mut CallEvent) {
    let node = message.get("status");
    (event.call.status, event.call.status_raw) = status::read_documented(node, &STATUSES);
    event.kind = match event.call.status_raw.as_deref() {
        Some("forwarding") => EventKind::CallTransferred,
        Some("ended") => EventKind::CallEnded,
        _ => status::call_kind(event.call.status),
    };
}

/// How an `endedReason` says the call went.
fn ended_status(reason: &str) -> CallStatus {
    if reason.contains("voicemail") {
        CallStatus::Voicemail
    } else if reason.contains("did-not-answer") || reason.contains("no-answer") {
        CallStatus::NoAnswer
    } else if reason.contains("busy") {
        CallStatus::Busy
    } else if ["error", "failed", "invalid"]
        .iter()
        .any(|word| reason.contains(word))
    {
        // `call.start.error-…`, `pipeline-error-…`, `assistant-request-returned-invalid-…`.
        CallStatus::Failed
    } else {
        CallStatus::Completed
    }
}

/// Transcript, messages and recording: under `artifact` (newer) or at the top (older).
fn read_conversation(message: &Obj<'_>, artifact: Option<&Obj<'_>>, event: &mut CallEvent) {
    let from_artifact = |key: &str| artifact.and_then(|a| a.get(key));
    let messages = first_of(from_artifact("messages"), message.get("messages"));
    let text = first_of(from_artifact("transcript"), message.get("transcript"));
    // The OpenAI-formatted copy repeats the same turns: a known duplicate, dropped.
    let _ = from_artifact("messagesOpenAIFormatted");
    let _ = message.get("messagesOpenAIFormatted");
    event.transcript = transcript::from_parts(messages, text);
    let url = first_of(from_artifact("recordingUrl"), message.get("recordingUrl"));
    event.recording = Recording::at(url.and_then(|n| n.string()));
}

/// A live `transcript` message, one utterance:
/// `{"type": "transcript", "role": "user", "transcriptType": "final", "transcript": "…"}`
/// (`transcriptType` stays in `extra`: a partial one is superseded by the final).
fn live_utterance(message: &Obj<'_>) -> Option<Transcript> {
    let role = message
        .get("role")
        .and_then(|n| n.text())
        .and_then(transcript::role)?;
    let text = message.get("transcript").and_then(|n| n.string())?;
    Some(Transcript {
        messages: vec![Message {
            role,
            text: text.clone(),
            at: None,
            offset_seconds: None,
            intent: None,
        }],
        text: Some(text),
    })
}

/// `analysis` (newer) or the top-level `summary` (older); the success evaluation and the
/// structured data.
fn read_analysis(message: &Obj<'_>, event: &mut CallEvent) {
    let analysis = message.get("analysis").and_then(|n| n.object());
    let summary = first_of(
        analysis.as_ref().and_then(|a| a.get("summary")),
        message.get("summary"),
    );
    event.summary = summary.and_then(|n| n.string());
    let Some(analysis) = analysis else {
        return;
    };
    if let Some(evaluation) = analysis.get("successEvaluation").filter(|n| !n.is_null()) {
        if evaluation.is_one_of(&["true", "false"]) || matches!(evaluation.value, Value::Bool(_)) {
            let outcome = event.outcome.get_or_insert_with(Outcome::default);
            outcome.success = evaluation.boolean();
        } else {
            // A score or prose, as the assistant's rubric says.
            event.metrics.push(Metric {
                name: "successEvaluation".to_owned(),
                value: evaluation.json(),
                confidence: None,
                reasoning: None,
            });
        }
    }
    if let Some(data) = analysis.get("structuredData").and_then(|n| n.map()) {
        event.variables.extend(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_reasons() {
        assert_eq!(ended_status("customer-ended-call"), CallStatus::Completed);
        assert_eq!(ended_status("voicemail"), CallStatus::Voicemail);
        assert_eq!(ended_status("customer-did-not-answer"), CallStatus::NoAnswer);
        assert_eq!(ended_status("customer-busy"), CallStatus::Busy);
        assert_eq!(
            ended_status("call.start.error-get-assistant"),
            CallStatus::Failed
        );
        assert_eq!(
            ended_status("assistant-request-returned-invalid-assistant"),
            CallStatus::Failed
        );
    }
}
