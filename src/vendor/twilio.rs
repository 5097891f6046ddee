//! Twilio Voice callbacks: the voice request (a call arriving), status callbacks and recording
//! status callbacks. Form bodies (`application/x-www-form-urlencoded`, or the query string of a
//! callback configured as GET); every value is a string. JSON bodies with the same parameters
//! are read alike.
//!
//! The call id is the `CallSid` (also the telephony sid). `CallStatus` gives the kind: `queued`
//! → `call.queued`, `initiated`/`ringing`/`in-progress` → `call.started`, `completed` →
//! `call.ended` (`voicemail.detected` when `AnsweredBy` says a machine), `busy`/`failed`/
//! `no-answer`/`canceled` → `call.failed`; a body without one is the voice request
//! (`call.started`). A recording status callback is `recording.available` (`vendor_event` is its
//! `RecordingStatus`: `completed`, `failed` or `absent`). `Caller`/`Called` and their geography
//! repeat `From`/`To`: read once. The contact's city, state and country come from the side
//! that is the contact (`From` inbound, `To` outbound).

use super::{Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::event::{CallEvent, CallStatus, Direction, EventKind, Recording};
use crate::field::{direction, duration, status};
use crate::json::Value;
use crate::reader::{first_of, Node, Obj};

/// `CallStatus` as documented.
const CALL_STATUSES: [&str; 9] = [
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
];

/// The registry's entry for Twilio: it is given a URL only (its own signature comes with the
/// signatures work).
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: true,
    signing: Some(Signing {
        scheme: Scheme::Twilio,
        setting: "TWILIO_AUTH_TOKEN",
    }),
};

/// A body with a `CallSid` and Twilio's `AccountSid`, `CallStatus`, `Caller` or `From`.
fn recognises(body: &Value<'_>) -> bool {
    body.get("CallSid").is_some()
        && ["AccountSid", "CallStatus", "Caller", "From"]
            .iter()
            .any(|key| body.get(key).is_some())
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Twilio, EventKind::CallStarted);
    let Some(body) = root.object() else {
        return event;
    };
    event.call.id = body.subject_id(body.get("CallSid"), "CallSid");
    event.call.sid = event.call.id.clone();
    // The voice request is a call arriving: inbound unless it says otherwise.
    let voice_request = body.node().value.get("CallStatus").is_none();
    event.call.direction = direction::read(body.get("Direction"))
        .or(voice_request.then_some(Direction::Inbound));
    event.call.from = first_of(body.get("From"), body.get("Caller")).and_then(|n| n.phone());
    event.call.to = first_of(body.get("To"), body.get("Called")).and_then(|n| n.phone());
    event.call.forwarded_from = body.get("ForwardedFrom").and_then(|n| n.phone());
    event.contact.name = body.get("CallerName").and_then(|n| n.string());
    event.occurred_at = body.get("Timestamp").and_then(|n| n.time());
    event.call.duration_seconds = body
        .get("CallDuration")
        .and_then(|n| duration::seconds(&n));
    read_geography(&body, &mut event);
    read_recording(&body, &mut event);
    if event.recording.is_some() && body.node().value.get("RecordingStatus").is_some() {
        event.kind = EventKind::RecordingAvailable;
        event.vendor_event = body.get("RecordingStatus").and_then(|n| n.string());
        return event;
    }
    let status_node = body.get("CallStatus");
    (event.call.status, event.call.status_raw) =
        status::read_documented(status_node, &CALL_STATUSES);
    event.vendor_event = event.call.status_raw.clone();
    let machine = body
        .get("AnsweredBy")
        .and_then(|n| n.string())
        .is_some_and(|who| who.starts_with("machine") || who == "fax");
    if machine && event.call.status == CallStatus::Completed {
        event.call.status = CallStatus::Voicemail;
    }
    event.kind = match event.call.status_raw.as_deref() {
        None => EventKind::CallStarted,
        Some("initiated") => EventKind::CallStarted,
        Some(_) => status::call_kind(event.call.status),
    };
    event
}

/// City, state, zip and country of the contact's side; the same facts of the other side and
/// the `Caller*`/`Called*` repeats are left to `extra` or dropped when they repeat.
fn read_geography(body: &Obj<'_>, event: &mut CallEvent) {
    let contact_side = match event.call.direction {
        Some(Direction::Outbound) => ["To", "Called"],
        _ => ["From", "Caller"],
    };
    let [side, repeat] = contact_side;
    let field = |name: &str| {
        first_of(
            body.get(&[side, name].concat()),
            body.get(&[repeat, name].concat()),
        )
        .and_then(|n| n.string())
    };
    event.contact.city = field("City");
    event.contact.region = field("State");
    event.contact.country = field("Country");
    if let Some(zip) = field("Zip") {
        event
            .contact
            .fields
            .insert("zip".to_owned(), serde_json::Value::String(zip));
    }
}

/// `RecordingUrl`, `RecordingSid`, `RecordingDuration` (status and recording callbacks).
fn read_recording(body: &Obj<'_>, event: &mut CallEvent) {
    let recording = Recording {
        url: body.get("RecordingUrl").and_then(|n| n.string()),
        duration_seconds: body
            .get("RecordingDuration")
            .and_then(|n| duration::seconds(&n)),
        sid: body.get("RecordingSid").and_then(|n| n.string()),
    };
    event.recording = recording.if_known();
}
