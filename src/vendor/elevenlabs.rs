//! ElevenLabs Agents: `{"type": "...", "event_timestamp": <unix s>, "data": {...}}`.
//!
//! `post_call_transcription` is the ended call with its transcript and analysis;
//! `call_initiation_failure` a call that never connected (its provider's callback nested in
//! `metadata.body` for Twilio); `post_call_audio` the call's whole recording as base64 MP3.
//! `event_timestamp` is documented as a string and sent as a number: both are read.
//!
//! The audio is not kept in the event: it is often megabytes, and an event is stored and
//! delivered as JSON with every webhook. The event says a recording is available
//! (`recording.available`) and `extra["/data/full_audio"]` records what was left out (its
//! base64 length); `include_raw` keeps the body whole for a caller that wants the bytes, and
//! ElevenLabs serves the audio again from its conversations API.

use super::{event_name, member_str, Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::event::{CallEvent, CallStatus, EventKind, Metric, Outcome, Recording, Transcript};
use crate::field::contact::{self, Absorb};
use crate::field::{direction, status, transcript};
use crate::json::Value;
use crate::reader::{Node, Obj};

/// ElevenLabs' webhook types and their kinds.
const EVENTS: [(&str, EventKind); 3] = [
    ("post_call_transcription", EventKind::CallEnded),
    ("post_call_audio", EventKind::RecordingAvailable),
    ("call_initiation_failure", EventKind::CallFailed),
];

/// The registry's entry for ElevenLabs.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::ElevenLabs,
        setting: "ELEVENLABS_WEBHOOK_SECRET",
    }),
};

/// A body whose `type` is one of ElevenLabs', with a `data` object.
fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "type").is_some_and(|name| EVENTS.iter().any(|(e, _)| *e == name))
        && body.get("data").is_some_and(|data| data.entries().is_some())
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Elevenlabs, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    let (name, kind) = event_name(
        &body,
        "type",
        &EVENTS,
        "post_call_transcription, post_call_audio or call_initiation_failure",
    );
    event.kind = kind.unwrap_or(event.kind);
    event.vendor_event = name;
    event.occurred_at = body.get("event_timestamp").and_then(|n| n.time());
    let Some(data) = body.get("data").and_then(|n| n.object()) else {
        body.missing("data", "object");
        return event;
    };
    event.call.id = data.subject_id(data.get("conversation_id"), "conversation_id");
    event.agent.id = data.get("agent_id").and_then(|n| n.string());
    event.contact.id = data.get("user_id").and_then(|n| n.string());
    match event.kind {
        EventKind::RecordingAvailable => read_audio(&data, &mut event),
        EventKind::CallFailed => read_failure(&data, &mut event),
        _ => read_transcription(&data, &mut event),
    }
    event
}

/// `post_call_transcription`: the call, its transcript and the analysis.
fn read_transcription(data: &Obj<'_>, event: &mut CallEvent) {
    (event.call.status, event.call.status_raw) = status::read(data.get("status"));
    if let Some(list) = data.get("transcript").and_then(|n| n.array()) {
        event.transcript = Some(Transcript {
            messages: transcript::messages(&list),
            text: None,
        });
    }
    let mut outcome = Outcome::default();
    if let Some(metadata) = data.get("metadata").and_then(|n| n.object()) {
        event.call.started_at = metadata.get("start_time_unix_secs").and_then(|n| n.time());
        event.call.duration_seconds = metadata.get("call_duration_secs").and_then(|n| n.number());
        outcome.reason = metadata.get("termination_reason").and_then(|n| n.string());
        if let Some(phone_call) = metadata.get("phone_call").and_then(|n| n.object()) {
            read_phone_call(&phone_call, event);
        }
    }
    if let Some(analysis) = data.get("analysis").and_then(|n| n.object()) {
        event.summary = analysis.get("transcript_summary").and_then(|n| n.string());
        outcome.label = analysis.get("call_summary_title").and_then(|n| n.string());
        outcome.success = analysis.get("call_successful").and_then(|n| {
            match n.value.as_str() {
                Some("success") => Some(true),
                Some("failure") => Some(false),
                _ => None,
            }
        });
        read_results(&analysis, event);
    }
    event.outcome = outcome.if_known();
    if let Some(client) = data
        .get("conversation_initiation_client_data")
        .and_then(|n| n.object())
    {
        if let Some(variables) = client.get("dynamic_variables").and_then(|n| n.object()) {
            contact::absorb(&mut event.contact, &variables, Absorb::Move);
        }
    }
    event.kind = status::finished_call_kind(event.call.status);
}

/// `metadata.phone_call`: direction, both numbers and the provider's sid.
fn read_phone_call(phone_call: &Obj<'_>, event: &mut CallEvent) {
    event.call.direction = direction::read(phone_call.get("direction"));
    event.agent.phone = phone_call.get("agent_number").and_then(|n| n.phone());
    event.contact.phone = phone_call.get("external_number").and_then(|n| n.phone());
    event.call.sid = phone_call.get("call_sid").and_then(|n| n.string());
}

/// Evaluation criteria become metrics; data collection results, variables.
fn read_results(analysis: &Obj<'_>, event: &mut CallEvent) {
    if let Some(criteria) = analysis
        .get("evaluation_criteria_results")
        .and_then(|n| n.object())
    {
        criteria.for_each_rest(|name, result| {
            let Some(result) = result.object() else {
                return;
            };
            event.metrics.push(Metric {
                name: name.to_owned(),
                value: result.get("result").map_or(serde_json::Value::Null, |n| n.json()),
                confidence: None,
                reasoning: result.get("rationale").and_then(|n| n.string()),
            });
        });
    }
    if let Some(collected) = analysis
        .get("data_collection_results")
        .and_then(|n| n.object())
    {
        collected.for_each_rest(|name, result| {
            if let Some(value) = result.object().and_then(|r| r.get("value").map(|n| n.json())) {
                event.variables.insert(name.to_owned(), value);
            }
        });
    }
}

/// `call_initiation_failure`: why, and for Twilio the provider's callback.
fn read_failure(data: &Obj<'_>, event: &mut CallEvent) {
    let reason = data.get("failure_reason").and_then(|n| n.string());
    event.call.status = reason
        .as_deref()
        .and_then(status::from_word)
        .unwrap_or(CallStatus::Failed);
    event.call.status_raw = reason.clone();
    event.outcome = Some(Outcome {
        reason,
        ..Outcome::default()
    });
    let Some(metadata) = data.get("metadata").and_then(|n| n.object()) else {
        return;
    };
    // Only a Twilio callback is read; a SIP one stays in `extra` whole, its `type` too.
    if metadata.node().value.get("type").and_then(Value::as_str) != Some("twilio") {
        return;
    }
    let _ = metadata.get("type");
    let callback = metadata.get("body").and_then(|n| n.object());
    if let Some(callback) = &callback {
        read_twilio_callback(callback, event);
    }
}

/// The Twilio status callback ElevenLabs nests: the sid, the numbers and the direction.
fn read_twilio_callback(callback: &Obj<'_>, event: &mut CallEvent) {
    event.call.sid = callback.get("CallSid").and_then(|n| n.string());
    event.call.from = callback.get("From").and_then(|n| n.phone());
    event.call.to = callback.get("To").and_then(|n| n.phone());
    event.call.direction = direction::read(callback.get("Direction"));
}

/// `post_call_audio`: a recording exists; the audio itself is left out (module docs).
fn read_audio(data: &Obj<'_>, event: &mut CallEvent) {
    event.recording = Some(Recording::default());
    if let Some(audio) = data.get("full_audio") {
        let length = audio.value.as_str().map_or(0, str::len);
        audio.reader().keep_value(
            audio.pointer(),
            serde_json::json!({ "omitted": "base64 audio", "base64_length": length }),
        );
    }
}
