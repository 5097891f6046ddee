//! Smallest.ai Atoms: three events per call, joined by `metadata.callId`.
//!
//! The wire format (Atoms docs, `webhooks.mdx` and the OpenAPI `WebhookEventEnvelope`) is an
//! envelope `{url, description, event: "<agentId>.<eventType>", metadata, id}` where
//! `metadata.eventType` is `pre-conversation`, `post-conversation` or `analytics-completed`.
//! Phones are `toPhone`/`fromPhone` before the call and `callData.toNumber`/`fromNumber` after.
//! Older documentation showed `callDuration` as a string and once in milliseconds, `callStatus`
//! in two spellings and legacy `successMetrics` with `successMetricPrompt`: all accepted.
//!
//! The seed page's flat `call.start`/`call.end`/`analytics.completed` shape is an unfinished
//! draft that Atoms never sent as far as its docs show; it is accepted too, leniently.

use super::{event_name, member_str, Signing, Spec, Vendor};
use crate::signature::Scheme;
use crate::error::IssueCode;
use crate::event::{CallEvent, Direction, EventKind, Outcome, Recording, Transcript};
use crate::field::contact::{self, Absorb};
use crate::field::{duration, metrics, status, transcript};
use crate::id::MemberPath;
use crate::json::Value;
use crate::reader::{Node, Obj};

/// The envelope's `id` is the delivery's own id (Atoms docs): new on every delivery.
pub(super) const PER_DELIVERY: &[MemberPath] = &[&["id"]];

const EVENTS: [(&str, EventKind); 3] = [
    ("pre-conversation", EventKind::CallStarted),
    ("post-conversation", EventKind::CallEnded),
    ("analytics-completed", EventKind::CallAnalyzed),
];

const DRAFT_EVENTS: [(&str, EventKind); 3] = [
    ("call.start", EventKind::CallStarted),
    ("call.end", EventKind::CallEnded),
    ("analytics.completed", EventKind::CallAnalyzed),
];

/// `callData.callStatus` as documented: the guide's spellings and the OpenAPI's.
const CALL_STATUSES: [&str; 7] = [
    "completed",
    "no-answer",
    "busy",
    "failed",
    "canceled",
    "no_answer",
    "cancelled",
];

/// `conversationType` and `callDirection` words, per direction.
const DIRECTIONS: [(&str, Direction); 4] = [
    ("telephonyOutbound", Direction::Outbound),
    ("telephony_outbound", Direction::Outbound),
    ("telephonyInbound", Direction::Inbound),
    ("telephony_inbound", Direction::Inbound),
];

fn event_type_of(name: &str) -> Option<EventKind> {
    let event_type = name.rsplit('.').next()?;
    EVENTS
        .iter()
        .find(|(e, _)| *e == event_type)
        .map(|(_, k)| *k)
}

/// The registry's entry for Smallest.ai Atoms: it may sign with `X-Signature`.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: PER_DELIVERY,
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::BodyHmacHex { headers: &["x-signature"] },
        setting: "ATOMS_SIGNING_SECRET",
    }),
};

/// An envelope with `metadata.eventType`, or an `event` named like Atoms' (real or draft).
pub(super) fn recognises(body: &Value<'_>) -> bool {
    let metadata_type = body
        .get("metadata")
        .and_then(|m| member_str(m, "eventType"));
    let event = member_str(body, "event");
    metadata_type.is_some()
        || event.is_some_and(|name| {
            event_type_of(name).is_some() || DRAFT_EVENTS.iter().any(|(e, _)| *e == name)
        })
}

pub(super) fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::SmallestAtoms, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    match body.get("metadata") {
        Some(metadata) if !metadata.is_null() => {
            if let Some(metadata) = metadata.object() {
                map_envelope(&body, &metadata, &mut event);
            } else {
                metadata.fatal(
                    IssueCode::WrongType,
                    "object",
                    "`metadata` must be an object",
                );
            }
        }
        // An envelope's event name without its metadata: the metadata is what is missing.
        _ if member_str(root.value, "event").is_some_and(|e| event_type_of(e).is_some()) => {
            body.missing("metadata", "object");
        }
        _ => map_draft(&body, &mut event),
    }
    event
}

fn map_envelope(body: &Obj<'_>, metadata: &Obj<'_>, event: &mut CallEvent) {
    let (type_node, name) = match metadata.get("eventType") {
        Some(node) => (Some(node), node.string()),
        None => {
            let node = body.get("event");
            (node, node.and_then(|n| n.string()))
        }
    };
    match (type_node, name) {
        (Some(node), Some(name)) => {
            match event_type_of(&name) {
                Some(kind) => event.kind = kind,
                None => node.fatal(
                    IssueCode::UnknownEvent,
                    "pre-conversation, post-conversation or analytics-completed",
                    "not an Atoms event type",
                ),
            }
            event.vendor_event = name.rsplit('.').next().map(str::to_owned);
        }
        _ => {
            metadata.require_text(None, "eventType");
        }
    }
    event.call.id = metadata.subject_id(metadata.get("callId"), "callId");
    event.agent.id = metadata.get("agentId").and_then(|n| n.string());
    event.call.direction = direction(metadata.get("conversationType"));
    event.call.to = metadata.get("toPhone").and_then(|n| n.phone());
    event.call.from = metadata.get("fromPhone").and_then(|n| n.phone());
    if let Some(call_data) = metadata.get("callData").and_then(|n| n.object()) {
        map_call_data(&call_data, event);
    }
    event.recording = Recording::at(metadata.get("recordingUrl").and_then(|n| n.string()));
    event.transcript = metadata
        .get("transcript")
        .and_then(|n| n.array())
        .map(|messages| Transcript {
            messages: transcript::messages(&messages),
            text: None,
        });
    read_variables(metadata.get("variables"), event);
    if let Some(analytics) = metadata.get("analytics").and_then(|n| n.object()) {
        event.summary = analytics.get("summary").and_then(|n| n.string());
        for key in ["dispositionMetrics", "successMetrics"] {
            if let Some(list) = analytics.get(key).and_then(|n| n.array()) {
                event.metrics.extend(metrics::from_array(&list));
            }
        }
    }
    if event.kind == EventKind::CallEnded {
        event.kind = status::finished_call_kind(event.call.status);
        event.occurred_at = event.call.ended_at.clone();
    }
}

fn map_call_data(call_data: &Obj<'_>, event: &mut CallEvent) {
    let call = &mut event.call;
    call.from = call_data
        .get("fromNumber")
        .and_then(|n| n.phone())
        .or(call.from.take());
    call.to = call_data
        .get("toNumber")
        .and_then(|n| n.phone())
        .or(call.to.take());
    call.duration_seconds = call_data
        .get("callDuration")
        .and_then(|n| duration::seconds(&n));
    (call.status, call.status_raw) =
        status::read_documented(call_data.get("callStatus"), &CALL_STATUSES);
    call.direction = direction(call_data.get("callDirection")).or(call.direction);
    call.answered_at = call_data.get("answerTime").and_then(|n| n.time());
    call.ended_at = call_data.get("endTime").and_then(|n| n.time());
}

fn direction(node: Option<Node<'_>>) -> Option<Direction> {
    let node = node?;
    let word = node.string()?;
    let found = DIRECTIONS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(&word));
    if found.is_none() {
        node.reject_softly(
            IssueCode::UnknownValue,
            "telephonyOutbound or telephonyInbound",
            "the conversation type is not one voicehook knows; it is kept in extra",
        );
    }
    found.map(|(_, direction)| *direction)
}

/// The seed page's flat draft: `event`, `timestamp`, `agent_id`, `call_id` and per-event fields.
fn map_draft(body: &Obj<'_>, event: &mut CallEvent) {
    let (name, kind) = event_name(
        body,
        "event",
        &DRAFT_EVENTS,
        "call.start, call.end or analytics.completed",
    );
    event.kind = kind.unwrap_or(event.kind);
    event.vendor_event = name;
    event.call.id = body.subject_id(body.get("call_id"), "call_id");
    event.agent.id = body.get("agent_id").and_then(|n| n.string());
    event.occurred_at = body.get("timestamp").and_then(|n| n.time());
    event.call.direction = body
        .get("call_direction")
        .and_then(|n| n.string())
        .and_then(|word| match word.to_ascii_lowercase().as_str() {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        });
    event.contact.phone = body.get("caller_phone").and_then(|n| n.phone());
    event.agent.phone = body.get("agent_phone").and_then(|n| n.phone());
    event.call.duration_seconds = body
        .get("duration_seconds")
        .and_then(|n| duration::seconds(&n));
    if let Some(label) = body.get("disposition").and_then(|n| n.string()) {
        event.outcome = Some(Outcome {
            label: Some(label),
            ..Outcome::default()
        });
    }
    event.transcript = body
        .get("transcript")
        .and_then(|n| transcript::from_node(&n));
    read_variables(body.get("variables"), event);
    if let Some(metrics_object) = body.get("metrics").and_then(|n| n.object()) {
        event.metrics = metrics::from_object(&metrics_object);
    }
}

/// `variables` kept whole; the contact details among them also fill the contact.
fn read_variables(node: Option<Node<'_>>, event: &mut CallEvent) {
    if let Some(variables) = node.and_then(|n| n.object()) {
        event.variables = variables.node().map().unwrap_or_default();
        contact::absorb(&mut event.contact, &variables, Absorb::Copy);
    }
}
