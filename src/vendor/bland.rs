//! Bland AI: the post-call webhook is the flat call object, with no event name.
//!
//! Bland sends two webhooks per call: one when it ends and a second, 30–60 s later, with
//! `corrected_transcript` and `citations`. Both are `call.ended` events of the same call; event
//! identity tells them apart by content, so neither is taken for a redelivery of the other.
//! `call_length` is in minutes and `corrected_duration` in seconds as a string (preferred);
//! `inbound` gives the direction; `answered_by: voicemail` makes it `voicemail.detected`.
//! Transcript items are `{user, text, created_at}` with `user` one of `user`, `assistant`,
//! `robot`, `agent-action` (the platform's own lines). `variables` and `analysis` hold what
//! the call gathered; `metadata`, `request_data`, `price` and the transfer fields stay in
//! `extra`.

use super::{member_str, Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::event::{CallEvent, CallStatus, Direction, EventKind, Outcome, Recording};
use crate::field::{duration, status, transcript};
use crate::json::Value;
use crate::reader::{first_of, Node};

/// Members only Bland's call object has.
const OWN_KEYS: [&str; 6] = [
    "c_id",
    "call_length",
    "corrected_duration",
    "answered_by",
    "concatenated_transcript",
    "call_ended_by",
];

/// The registry's entry for Bland.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::BodyHmacHex { headers: &["x-webhook-signature"] },
        setting: "BLAND_WEBHOOK_SECRET",
    }),
};

/// A body without `event` that has one of Bland's own members.
fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "event").is_none() && OWN_KEYS.iter().any(|key| body.get(key).is_some())
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Bland, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    // `c_id` repeats `call_id` in real bodies: dropped then, kept in `extra` if it differs.
    let id_key = if body.get("call_id").is_some() {
        "call_id"
    } else {
        "c_id"
    };
    event.call.id = body.subject_id(first_of(body.get("call_id"), body.get("c_id")), id_key);
    event.call.direction = body
        .get("inbound")
        .and_then(|n| n.boolean())
        .map(|inbound| {
            if inbound {
                Direction::Inbound
            } else {
                Direction::Outbound
            }
        });
    event.call.from = body.get("from").and_then(|n| n.phone());
    event.call.to = body.get("to").and_then(|n| n.phone());
    event.call.started_at = body.get("started_at").and_then(|n| n.time());
    event.call.ended_at = body.get("end_at").and_then(|n| n.time());
    event.occurred_at = event.call.ended_at.clone();
    event.call.duration_seconds = body
        .get("corrected_duration")
        .and_then(|n| duration::seconds(&n))
        .or_else(|| {
            body.get("call_length")
                .and_then(|n| n.number())
                // To the millisecond: minutes are sent as long fractions (0.6666…).
                .map(|minutes| (minutes * 60_000.0).round() / 1000.0)
        });
    (event.call.status, event.call.status_raw) = status::read(body.get("status"));
    if body
        .get("answered_by")
        .is_some_and(|n| n.is_one_of(&["voicemail"]))
    {
        event.call.status = CallStatus::Voicemail;
    }
    event.kind = status::finished_call_kind(event.call.status);
    // The text: the corrected transcript (second webhook), else the concatenated one.
    let text = first_of(
        body.get("corrected_transcript"),
        body.get("concatenated_transcript"),
    );
    event.transcript = transcript::from_parts(body.get("transcripts"), text);
    event.summary = body.get("summary").and_then(|n| n.string());
    event.recording = Recording::at(body.get("recording_url").and_then(|n| n.string()));
    for key in ["variables", "analysis"] {
        if let Some(values) = body.get(key).and_then(|n| n.map()) {
            event.variables.extend(values);
        }
    }
    let outcome = Outcome {
        label: body.get("disposition_tag").and_then(|n| n.string()),
        reason: body
            .get("error_message")
            .and_then(|n| n.string())
            .or_else(|| body.get("call_ended_by").and_then(|n| n.string())),
        ..Outcome::default()
    };
    event.outcome = outcome.if_known();
    event
}
