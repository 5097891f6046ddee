//! Event identity and what is a call: the same webhook delivered again (even re-serialized) keeps
//! its id; two webhooks that say different things never share one; a real call without a call id
//! is accepted. Each case is one of the losses reported in the integrity issue.

mod common;

use common::{fixture, fixture_cases};
use serde_json::{json, Value};
use voicehook::{normalize, CallStatus, EventKind, IssueCode, Options, Vendor};

fn normalized(body: &Value) -> voicehook::CallEvent {
    normalize(body.to_string().as_bytes(), &Options::default())
        .unwrap_or_else(|rejection| panic!("{body}: {rejection}"))
}

fn body(path: &str) -> Value {
    serde_json::from_slice(&fixture(path)).expect("a JSON fixture")
}

/// The same content written another way: keys in reverse order, pretty-printed, non-ASCII escaped.
fn reserialized(value: &Value) -> String {
    fn reversed(value: &Value) -> String {
        match value {
            Value::Object(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .rev()
                    .map(|(k, v)| format!("\n  {} : {}", escaped(k), reversed(v)))
                    .collect();
                format!("{{{}\n}}", inner.join(","))
            }
            Value::Array(items) => {
                let inner: Vec<String> = items.iter().map(reversed).collect();
                format!("[ {} ]", inner.join(" , "))
            }
            Value::String(s) => escaped(s),
            other => other.to_string(),
        }
    }
    fn escaped(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
                c => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
        out.push('"');
        out
    }
    reversed(value)
}

#[test]
fn a_redelivery_written_differently_keeps_its_id_for_every_fixture() {
    let mut checked = 0;
    for path in fixture_cases() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let Ok(first) = normalize(&bytes, &Options::default()) else {
            continue;
        };
        let again = normalize(reserialized(&value).as_bytes(), &Options::default())
            .unwrap_or_else(|r| panic!("{}: {r}", path.display()));
        assert_eq!(first.id, again.id, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 30, "only {checked} fixtures");
}

#[test]
fn a_starleads_item_calling_then_processed_is_two_events_of_their_own_kinds() {
    let processed = body("starleads/webhook_pascal_case.json");
    let mut calling = processed.clone();
    calling["RunningStatus"] = json!("Calling");
    calling.as_object_mut().unwrap().remove("Result");
    let mut pending = calling.clone();
    pending["RunningStatus"] = json!("Pending");

    let processed = normalized(&processed);
    let calling = normalized(&calling);
    let pending = normalized(&pending);
    assert_eq!(processed.kind, EventKind::CallEnded);
    assert_eq!(calling.kind, EventKind::CallStarted);
    assert_eq!(calling.call.status, CallStatus::InProgress);
    assert_eq!(pending.kind, EventKind::CallQueued);
    assert_ne!(processed.id, calling.id);
    assert_ne!(pending.id, calling.id);
}

/// Asserts that the fixture at `path` and a copy changed by `change` are two events.
fn assert_two_events(path: &str, change: impl Fn(&mut Value)) {
    let first = body(path);
    let mut second = first.clone();
    change(&mut second);
    assert_ne!(normalized(&first).id, normalized(&second).id, "{path}");
}

#[test]
fn the_same_starleads_status_with_a_new_summary_is_another_event() {
    assert_two_events("starleads/webhook_pascal_case.json", |item| {
        item["Result"]["Summary"] = json!("Rendez-vous fixé vendredi.");
    });
}

#[test]
fn a_campaign_paused_twice_on_different_days_is_two_events() {
    assert_two_events("callab/campaign_paused.json", |body| {
        body["timestamp"] = json!("2026-03-05T09:00:00Z");
    });
    let paused = normalized(&body("callab/campaign_paused.json"));
    assert_eq!(paused.kind, EventKind::CampaignPaused);
}

#[test]
fn a_voicemail_resent_with_a_new_transcription_is_another_event() {
    assert_two_events("staragent/voicemail_transcribe_mode.json", |body| {
        body["voicemail"]["transcription"] = json!("Hi, Jane again: Wednesday works too.");
    });
}

#[test]
fn a_corrected_second_webhook_for_one_call_is_another_event() {
    assert_two_events("autocalls/post_call_string_transcript.json", |body| {
        body["transcript"] = json!("AI: Hello.\nCustomer: Hi, corrected.");
    });
}

#[test]
fn an_atoms_redelivery_with_a_new_delivery_id_keeps_its_id() {
    let first = body("smallest_atoms/post_conversation.json");
    let mut again = first.clone();
    again["id"] = json!("another-delivery-id");
    assert_eq!(normalized(&first).id, normalized(&again).id);
    let mut changed = first.clone();
    changed["metadata"]["callData"]["callDuration"] = json!(50.5);
    assert_ne!(normalized(&first).id, normalized(&changed).id);
}

#[test]
fn a_call_without_a_call_id_is_accepted_and_identified_by_what_it_has() {
    // Autocalls/Famulor bodies without `id`.
    let mut autocalls = body("autocalls/post_call_string_transcript.json");
    autocalls.as_object_mut().unwrap().remove("id");
    let event = normalized(&autocalls);
    assert_eq!(event.call.id, None);
    let warning = event
        .warnings
        .iter()
        .find(|w| w.code == IssueCode::MissingField)
        .expect("a missing_field warning");
    assert_eq!(warning.path, "/id");
    let mut other = autocalls.clone();
    other["duration"] = json!(3);
    assert_ne!(event.id, normalized(&other).id, "identified by content");

    // A Callab call.failed that carries only the telephony sid.
    let mut failed = body("callab/call_failed_busy.json");
    failed.as_object_mut().unwrap().remove("call_id");
    failed["call_sid"] = json!("CA0123456789abcdef0123456789abcdef");
    let event = normalized(&failed);
    assert_eq!(event.kind, EventKind::CallFailed);
    assert_eq!(event.call.id, None);
    assert_eq!(
        event.call.sid.as_deref(),
        Some("CA0123456789abcdef0123456789abcdef")
    );

    // A campaign event without its campaign id.
    let event = normalize(
        &fixture("callab/campaign_event_without_campaign_id.json"),
        &Options::default(),
    )
    .expect("accepted");
    assert!(event.kind.is_campaign());
    assert!(event
        .warnings
        .iter()
        .any(|w| w.code == IssueCode::MissingField));
}

#[test]
fn what_is_no_known_vendors_event_is_still_rejected() {
    for (body, code) in [
        (&b"{\"event\":"[..], IssueCode::InvalidJson),
        (b"[1]", IssueCode::NotAnObject),
        (b"{\"hello\":1}", IssueCode::UnknownVendor),
    ] {
        let rejection = normalize(body, &Options::default()).expect_err("rejected");
        assert_eq!(rejection.code(), Some(code));
    }
    let options = Options {
        vendor: Some(Vendor::Staragent),
        ..Options::default()
    };
    let rejection = normalize(br#"{"event":"call_exploded","call_id":"c1"}"#, &options)
        .expect_err("an unknown event name");
    assert_eq!(rejection.code(), Some(IssueCode::UnknownEvent));
}

#[test]
fn a_status_outside_the_documented_enum_is_kept_and_warned() {
    let mut item = body("starleads/webhook_pascal_case.json");
    // `Completed` means something to voicehook, but Starleads does not document it.
    item["RunningStatus"] = json!("Completed");
    let event = normalized(&item);
    assert_eq!(event.call.status_raw.as_deref(), Some("Completed"));
    assert!(event
        .warnings
        .iter()
        .any(|w| w.code == IssueCode::UnknownValue && w.path == "/RunningStatus"));
}

#[test]
fn a_phone_sent_as_a_number_is_read_and_warned() {
    let mut item = body("autocalls/post_call_string_transcript.json");
    item["customer_phone"] = json!(15559876543u64);
    let event = normalized(&item);
    assert_eq!(
        event.contact.phone.as_ref().map(|p| p.raw.as_str()),
        Some("15559876543")
    );
    assert!(event
        .warnings
        .iter()
        .any(|w| w.code == IssueCode::WrongType && w.path == "/customer_phone"));
}
