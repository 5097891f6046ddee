//! StarAgent: `incoming_call` when a call reaches the monitored number, `voicemail` once the
//! message is transcribed (three modes: `transcribe`, `extract`, `prompt`).
//!
//! StarAgent is a missed-call layer for one business line, so calls are inbound: the caller is
//! the contact, the business is the agent. Its own `extracted_fields` and `inferred_contact` are
//! used as sent when present (they are omitted when empty); otherwise voicehook derives them from
//! the transcription like for every vendor. The OpenClaw "agent hook" body (`message`, `name`,
//! `wakeMode`) carries no call and is not a StarAgent webhook in this sense.

use super::{Spec, Vendor, member_str};
use crate::error::IssueCode;
use crate::event::{
    CallEvent, CallStatus, Direction, EventKind, InferredContact, Recording, Voicemail,
};
use crate::field::duration;
use crate::field::lowercase::lowercase;
use crate::json::Value;
use crate::reader::{Node, Obj};

const EVENTS: [(&str, EventKind, CallStatus); 2] = [
    ("incoming_call", EventKind::CallStarted, CallStatus::Ringing),
    (
        "voicemail",
        EventKind::VoicemailReceived,
        CallStatus::Voicemail,
    ),
];

/// The registry's entry for StarAgent.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: false,
    signing: None,
};

/// A body whose `event` is one of StarAgent's two.
pub(super) fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "event").is_some_and(|name| EVENTS.iter().any(|(e, ..)| *e == name))
}

pub(super) fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Staragent, EventKind::CallStarted);
    let Some(body) = root.object() else {
        return event;
    };
    if let Some(name) = body.require_text(body.get("event"), "event") {
        match EVENTS.iter().find(|(e, ..)| *e == name) {
            Some((_, kind, status)) => {
                event.kind = *kind;
                event.call.status = *status;
            }
            None => {
                if let Some(node) = body.get("event") {
                    node.fatal(
                        IssueCode::UnknownEvent,
                        "incoming_call or voicemail",
                        "StarAgent sends only incoming_call and voicemail",
                    );
                }
            }
        }
        event.vendor_event = Some(name);
    }
    event.call.id = body.subject_id(body.get("call_id"), "call_id");
    event.call.sid = body.get("call_sid").and_then(|n| n.string());
    event.occurred_at = body.get("timestamp").and_then(|n| n.time());
    event.call.started_at = match event.kind {
        EventKind::CallStarted => event.occurred_at.clone(),
        _ => None,
    };
    event.agent.name = body.get("business_name").and_then(|n| n.string());
    event.agent.phone = body.get("business_phone").and_then(|n| n.phone());
    event.call.to = event.agent.phone.clone();
    event.call.forwarded_from = body.get("forwarded_from").and_then(|n| n.phone());
    event.call.direction = match body.get("direction").and_then(|n| n.string()) {
        Some(word) if word.eq_ignore_ascii_case("outbound") => Some(Direction::Outbound),
        _ => Some(Direction::Inbound),
    };
    if let Some(caller) = body.get("caller").and_then(|n| n.object()) {
        map_caller(&caller, &mut event);
    }
    event.call.from = event.contact.phone.clone();
    if let Some(voicemail) = body.get("voicemail").and_then(|n| n.object()) {
        map_voicemail(&voicemail, &mut event);
    }
    if let Some(fields) = body.get("extracted_fields").and_then(|n| n.object()) {
        fields.for_each_rest(|label, node| {
            if let Some(value) = node.string() {
                event.extracted_fields.insert(lowercase(label), value);
            }
        });
    }
    if let Some(inferred) = body.get("inferred_contact").and_then(|n| n.object()) {
        let contact = InferredContact {
            name: inferred.get("name").and_then(|n| n.string()),
            email: inferred.get("email").and_then(|n| n.string()),
            phone: inferred.get("phone").and_then(|n| n.phone()),
        };
        event.inferred_contact = (!contact.is_empty()).then_some(contact);
    }
    event
}

fn map_caller(caller: &Obj<'_>, event: &mut CallEvent) {
    let contact = &mut event.contact;
    contact.phone = caller.get("phone").and_then(|n| n.phone());
    contact.name = caller.get("name").and_then(|n| n.string());
    contact.city = caller.get("city").and_then(|n| n.string());
    contact.region = caller.get("state").and_then(|n| n.string());
    contact.country = caller.get("country").and_then(|n| n.string());
}

fn map_voicemail(voicemail: &Obj<'_>, event: &mut CallEvent) {
    event.voicemail = Some(Voicemail {
        transcription: voicemail.get("transcription").and_then(|n| n.string()),
        mode: voicemail.get("voicemail_mode").and_then(|n| n.string()),
    });
    let recording = Recording {
        url: voicemail.get("recording_url").and_then(|n| n.string()),
        duration_seconds: voicemail
            .get("recording_duration")
            .and_then(|n| duration::seconds(&n)),
        sid: voicemail.get("recording_sid").and_then(|n| n.string()),
    };
    event.recording = recording.if_known();
}
