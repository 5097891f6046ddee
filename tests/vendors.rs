//! What each vendor's documented payloads mean in the schema, asserted field by field (the
//! goldens hold the whole events; these say which parts matter and why).

mod common;

use common::{event, fixture};
use voicehook::{normalize, IssueCode, Options, Vendor};

#[test]
fn starleads_roles_tag_and_data_bag() {
    let e = event("starleads/webhook_pascal_case.json");
    assert_eq!(e["kind"], "call.ended");
    assert_eq!(e["call"]["direction"], "outbound");
    assert_eq!(e["call"]["to"]["e164"], "+3300000000");
    assert_eq!(e["outcome"]["label"], "Appointment");
    assert_eq!(e["outcome"]["system"], false);
    assert_eq!(e["transcript"]["messages"][0]["role"], "agent");
    assert_eq!(e["transcript"]["messages"][1]["role"], "caller");
    assert_eq!(e["transcript"]["messages"][1]["intent"], "book_appointment");
    assert_eq!(
        e["transcript"]["messages"][0]["intent"],
        serde_json::Value::Null
    );
    assert_eq!(e["contact"]["first_name"], "Paul");
    assert_eq!(e["contact"]["email"], "paul@gmail.com");
    assert_eq!(e["extra"]["/Result/Tag/Color"], "#1ee5a6");
    assert_eq!(e["extra"]["/IsArchived"], false);
}

#[test]
fn starleads_camel_case_is_the_same_object() {
    let e = event("starleads/api_camel_case_item.json");
    assert_eq!(e["call"]["id"], "66e47083637b020bcd9865b0");
    assert_eq!(e["call"]["attempt"], 2);
    assert_eq!(e["call"]["answered_at"], "2023-11-07T05:33:01.500Z");
    assert_eq!(e["call"]["ended_at"], "2023-11-07T05:34:30.000Z");
    assert_eq!(e["outcome"]["label"], "Not interested");
    assert!(
        e["extra"]["/eventList"].is_array(),
        "EventList is kept as sent"
    );
}

#[test]
fn starleads_error_status_is_a_failed_call() {
    let e = event("starleads/system_result_no_answer.json");
    assert_eq!(e["kind"], "call.failed");
    assert_eq!(e["call"]["status_raw"], "Error");
    assert_eq!(e["outcome"]["system"], true);
}

#[test]
fn staragent_incoming_then_voicemail_share_the_call_but_not_the_id() {
    let incoming = event("staragent/incoming_call.json");
    let voicemail = event("staragent/voicemail_transcribe_mode.json");
    assert_eq!(incoming["call"]["id"], voicemail["call"]["id"]);
    assert_ne!(incoming["id"], voicemail["id"]);
    assert_eq!(incoming["kind"], "call.started");
    assert_eq!(voicemail["kind"], "voicemail.received");
    assert_eq!(
        voicemail["recording"]["sid"],
        "RE1234567890abcdef1234567890abcd"
    );
    assert_eq!(voicemail["voicemail"]["mode"], "transcribe");
    assert_eq!(incoming["call"]["forwarded_from"]["e164"], "+15551111111");
}

#[test]
fn staragent_extract_mode_fields_match_what_staragent_sends() {
    let sent = event("staragent/voicemail_extract_mode_with_structured_fields.json");
    let derived = event("staragent/voicemail_extract_mode_without_fields.json");
    assert_eq!(sent["extracted_fields"]["reason"], "Boarding inquiry");
    assert_eq!(derived["extracted_fields"]["urgency"], "Not urgent");
    assert_eq!(sent["inferred_contact"], derived["inferred_contact"]);
    assert_eq!(derived["inferred_contact"]["phone"]["e164"], "+15559876543");
}

#[test]
fn callab_recommended_template() {
    let e = event("callab/call_ended_recommended_template.json");
    assert_eq!(e["kind"], "call.ended");
    assert_eq!(e["agent"]["phone"]["e164"], "+15550001111");
    assert_eq!(e["contact"]["phone"]["e164"], "+15550002222");
    assert_eq!(e["contact"]["last_name"], "Scully");
    assert_eq!(e["outcome"]["sentiment"], "positive");
    assert_eq!(e["metrics"][0]["name"], "call_rating");
    assert_eq!(e["variables"]["interested"], true);
    assert_eq!(
        e["transcript"]["messages"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(e["extra"]["/cost"], 0.42);
}

#[test]
fn callab_every_event_name_has_its_kind() {
    let cases = [
        ("call_started", "call.started"),
        ("call_ended_recommended_template", "call.ended"),
        ("call_failed_busy", "call.failed"),
        ("voicemail_detected", "voicemail.detected"),
        ("conversation_transcript_object", "transcript.updated"),
        ("conversation_intent_detected", "intent.detected"),
        ("conversation_entity_captured", "entity.captured"),
        ("campaign_started", "campaign.started"),
        ("campaign_paused", "campaign.paused"),
        ("campaign_completed", "campaign.completed"),
        ("campaign_quota_reached", "campaign.quota_reached"),
    ];
    for (file, kind) in cases {
        assert_eq!(
            event(&format!("callab/{file}.json"))["kind"],
            kind,
            "{file}"
        );
    }
}

#[test]
fn atoms_three_events_join_on_the_call_id() {
    let pre = event("smallest_atoms/pre_conversation.json");
    let post = event("smallest_atoms/post_conversation.json");
    let analytics = event("smallest_atoms/analytics_completed.json");
    for e in [&pre, &post, &analytics] {
        assert_eq!(e["call"]["id"], "CALL-1778226705739-7e4c17");
        assert_eq!(e["contact"]["phone"]["e164"], "+916296641821");
        assert_eq!(e["agent"]["phone"]["e164"], "+918035317096");
    }
    assert_eq!(post["call"]["duration_seconds"], 49.350622);
    assert_eq!(analytics["metrics"][1]["value"], false);
    assert_eq!(post["contact"]["name"], "Rahul Sharma");
}

#[test]
fn atoms_legacy_shapes() {
    let ms = event("smallest_atoms/legacy_duration_milliseconds.json");
    assert_eq!(ms["call"]["duration_seconds"], 180.0);
    assert_eq!(ms["warnings"][0]["code"], "invalid_value");
    let string = event("smallest_atoms/legacy_duration_string_and_success_metrics.json");
    assert_eq!(string["call"]["duration_seconds"], 30.0);
    assert_eq!(
        string["metrics"][0]["name"],
        "Did the agent answer the question?"
    );
    let no_answer = event("smallest_atoms/post_conversation_no_answer.json");
    assert_eq!(no_answer["kind"], "call.failed");
    assert_eq!(no_answer["call"]["status"], "no_answer");
}

#[test]
fn autocalls_transcript_as_text_or_array_and_campaign_in_either_place() {
    let text = event("autocalls/post_call_string_transcript.json");
    assert_eq!(text["transcript"]["messages"][1]["role"], "caller");
    assert_eq!(text["campaign"]["id"], "456");
    assert_eq!(text["outcome"]["success"], true);
    let array = event("autocalls/famulor_array_transcript.json");
    assert_eq!(
        array["transcript"]["messages"][0]["at"],
        "2025-09-02T11:28:31.315Z"
    );
    let beside = event("autocalls/campaign_beside_lead_busy.json");
    assert_eq!(beside["campaign"]["name"], "Winback DE");
    assert_eq!(beside["kind"], "call.failed");
    assert_eq!(beside["contact"]["phone"]["e164"], "+49301234567");
    let nulls = event("autocalls/nullable_phones_without_recording.json");
    assert_eq!(nulls["recording"], serde_json::Value::Null);
    assert_eq!(nulls["contact"]["phone"], serde_json::Value::Null);
}

#[test]
fn raw_is_attached_only_on_request() {
    let body = fixture("staragent/incoming_call.json");
    let plain = normalize(&body, &Options::default()).expect("normalizes");
    assert!(plain.raw.is_none());
    let options = Options {
        include_raw: true,
        ..Options::default()
    };
    let with_raw = normalize(&body, &options).expect("normalizes");
    let raw: serde_json::Value =
        serde_json::from_str(with_raw.raw.expect("raw").get()).expect("raw is JSON");
    let original: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(raw, original);
    assert_eq!(plain.id, with_raw.id);
}

#[test]
fn a_vendor_hint_that_does_not_fit_is_a_rejection_with_paths() {
    let body = fixture("staragent/incoming_call.json");
    let options = Options {
        vendor: Some(Vendor::SmallestAtoms),
        ..Options::default()
    };
    let rejection = normalize(&body, &options).expect_err("not an Atoms body");
    assert_eq!(rejection.issues[0].code, IssueCode::UnknownEvent);
    assert_eq!(rejection.issues[0].path, "/event");
    assert!(rejection
        .issues
        .iter()
        .any(|i| i.path == "/call_id" || i.code == IssueCode::UnknownEvent));
}

#[test]
fn issues_never_repeat_personal_data() {
    let body = br#"{"event":"incoming_call","call_id":{"x":1},"caller":"+15559876543 Jane Smith"}"#;
    let event = normalize(body, &Options::default()).expect("accepted; call_id kept in extra");
    assert!(event.warnings.iter().any(|w| w.path == "/call_id"));
    let text = serde_json::to_string(&event.warnings).expect("serializes");
    assert!(
        !text.contains("5559876543") && !text.contains("Jane"),
        "{text}"
    );
}

#[test]
fn famulor_message_types_are_read_and_other_types_kept() {
    let body = String::from_utf8(fixture("autocalls/famulor_array_transcript.json")).unwrap();
    let e = event("autocalls/famulor_array_transcript.json");
    assert!(e["extra"].as_object().unwrap().is_empty(), "{}", e["extra"]);
    let tool = body.replacen(r#""type": "transcript""#, r#""type": "tool_call""#, 1);
    assert_ne!(tool, body, "the fixture marks its items");
    let e = serde_json::to_value(normalize(tool.as_bytes(), &Options::default()).unwrap()).unwrap();
    assert_eq!(e["extra"]["/transcript/0/type"], "tool_call");
}

#[test]
fn retell_call_ended_reads_the_transcript_once_and_the_analysis() {
    let e = event("retell/call_ended_phone.json");
    assert_eq!(e["vendor"], "retell");
    assert_eq!(e["kind"], "call.ended");
    assert_eq!(e["call"]["id"], "fixture_call_001");
    assert_eq!(e["call"]["started_at"], "2025-05-23T11:33:20.000Z");
    assert_eq!(e["call"]["duration_seconds"], 240.0);
    let messages = e["transcript"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 5, "from transcript_object, not split again");
    assert_eq!(messages[0]["role"], "agent");
    assert_eq!(messages[1]["role"], "caller");
    assert!(e["transcript"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Agent: Thank you"));
    assert!(e["summary"].as_str().unwrap().contains("Sarah Mitchell"));
    assert_eq!(e["outcome"]["success"], true);
    assert_eq!(e["outcome"]["sentiment"], "Positive");
    assert_eq!(e["variables"]["tag"], "appointment_scheduled");
    assert_eq!(
        e["recording"],
        serde_json::Value::Null,
        "an empty URL is no recording"
    );
}

#[test]
fn retell_parties_follow_the_direction_and_inputs_fill_the_contact() {
    let e = event("retell/call_started_outbound.json");
    assert_eq!(e["kind"], "call.started");
    assert_eq!(e["agent"]["phone"]["e164"], "+14155550100");
    assert_eq!(e["contact"]["phone"]["e164"], "+14155550177");
    assert_eq!(e["contact"]["name"], "Ana Ruiz");
    assert_eq!(e["contact"]["email"], "ana@example.com");
    assert_eq!(e["contact"]["fields"]["plan"], "gold");
    let inbound = event("retell/call_ended_voicemail_text_only.json");
    assert_eq!(inbound["contact"]["phone"]["e164"], "+442071838750");
    assert_eq!(inbound["agent"]["phone"]["e164"], "+442071838000");
}

#[test]
fn retell_calls_that_never_connected_or_reached_voicemail() {
    let e = event("retell/call_ended_no_answer.json");
    assert_eq!(e["kind"], "call.failed");
    assert_eq!(e["call"]["status"], "no_answer");
    assert_eq!(e["outcome"]["reason"], "dial_no_answer");
    assert_eq!(
        e["contact"]["phone"]["e164"], "+14155550188",
        "placed in +1"
    );
    let vm = event("retell/call_ended_voicemail_text_only.json");
    assert_eq!(vm["kind"], "voicemail.detected");
    assert_eq!(vm["transcript"]["messages"].as_array().unwrap().len(), 2);
    let transfer = event("retell/transfer_started.json");
    assert_eq!(transfer["kind"], "call.transferred");
    assert_eq!(transfer["vendor_event"], "transfer_started");
}

#[test]
fn vapi_end_of_call_reports_in_every_shape() {
    let web = event("vapi/end_of_call_report_web_call.json");
    assert_eq!(web["vendor"], "vapi");
    assert_eq!(web["kind"], "call.ended");
    assert_eq!(
        web["call"]["status"], "completed",
        "the nested status is stale"
    );
    assert_eq!(web["call"]["direction"], serde_json::Value::Null);
    assert_eq!(web["call"]["duration_seconds"], 25.276);
    assert_eq!(web["agent"]["name"], "Finzie");
    assert_eq!(web["outcome"]["success"], true);
    assert_eq!(web["outcome"]["reason"], "customer-ended-call");
    let messages = web["transcript"]["messages"].as_array().unwrap();
    assert_eq!(
        messages.len(),
        6,
        "artifact.messages, the top-level copy dropped"
    );
    assert_eq!(messages[1]["role"], "agent");
    assert_eq!(messages[2]["role"], "caller");
    assert_eq!(web["extra"]["/message/call/status"], "queued");
    assert!(web["extra"]
        .as_object()
        .unwrap()
        .keys()
        .all(|k| !k.starts_with("/message/messages") && !k.contains("OpenAIFormatted")));

    let old = event("vapi/end_of_call_report_2024_top_level.json");
    assert_eq!(old["call"]["direction"], "outbound");
    assert_eq!(old["call"]["sid"], "CA0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    assert_eq!(old["contact"]["phone"]["e164"], "+12125550143");
    assert_eq!(old["contact"]["name"], "Dana Lee");
    assert_eq!(old["agent"]["phone"]["e164"], "+12125550100");
    assert_eq!(
        old["summary"],
        "Dana confirmed the delivery window for Thursday."
    );
    assert_eq!(
        old["transcript"]["messages"][1]["at"], "2024-07-27T20:23:00.016Z",
        "an exponent-float epoch"
    );

    let both = event("vapi/end_of_call_report_artifact_and_top_level.json");
    assert_eq!(both["kind"], "voicemail.detected");
    assert_eq!(both["transcript"]["messages"].as_array().unwrap().len(), 2);
    assert_eq!(
        both["extra"],
        serde_json::json!({}),
        "the repeats are dropped"
    );
    assert_eq!(both["metrics"][0]["value"], "7/10");
    assert_eq!(both["variables"]["callback_requested"], true);
    assert_eq!(both["occurred_at"], "2025-11-27T08:09:59.000Z", "epoch ms");
}

#[test]
fn vapi_status_updates_with_and_without_a_call() {
    let ringing = event("vapi/status_update_ringing.json");
    assert_eq!(ringing["kind"], "call.started");
    assert_eq!(ringing["call"]["direction"], "inbound");
    assert_eq!(ringing["contact"]["phone"]["e164"], "+12125550199");
    let failed = event("vapi/status_update_ended_invalid_assistant.json");
    assert_eq!(failed["kind"], "call.failed");
    let orphan = event("vapi/status_update_without_call.json");
    assert_eq!(orphan["kind"], "call.failed");
    assert_eq!(orphan["call"]["id"], serde_json::Value::Null);
    assert_eq!(orphan["contact"]["phone"]["e164"], "+12125550143");
}

#[test]
fn vapi_requests_are_refused_with_a_specific_issue() {
    let rejection = normalize(
        &fixture("vapi/assistant_request_is_refused.json"),
        &Options::default(),
    )
    .expect_err("a request, not a notification");
    assert_eq!(rejection.code(), Some(IssueCode::NotANotification));
    assert_eq!(rejection.issues[0].path, "/message/type");
    assert!(rejection.issues[0].message.contains("notifications only"));
}

#[test]
fn bland_post_call_bodies_and_the_corrected_second_webhook() {
    let first = event("bland/inbound_voicemail_with_transcripts.json");
    assert_eq!(first["vendor"], "bland");
    assert_eq!(first["kind"], "voicemail.detected");
    assert_eq!(first["call"]["direction"], "inbound");
    assert_eq!(first["contact"]["phone"]["e164"], "+15125550166");
    assert_eq!(first["agent"]["phone"]["e164"], "+15125550100");
    assert_eq!(
        first["call"]["duration_seconds"], 38.0,
        "corrected_duration, seconds"
    );
    let messages = first["transcript"]["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "agent");
    assert_eq!(messages[1]["role"], "caller");
    assert_eq!(
        messages[2]["role"], "system",
        "agent-action lines are the platform's"
    );
    assert_eq!(messages[1]["at"], "2025-11-20T15:00:12.000Z");
    assert_eq!(first["variables"]["invoice_id"], "INV-2207");
    let corrected = event("bland/corrected_second_webhook.json");
    assert_eq!(corrected["call"]["id"], first["call"]["id"]);
    assert_ne!(
        corrected["id"], first["id"],
        "its own event, not a redelivery"
    );
    assert!(corrected["transcript"]["text"]
        .as_str()
        .unwrap()
        .contains("right now"));
    let minutes = event("bland/call_details_shape.json");
    assert_eq!(
        minutes["call"]["duration_seconds"], 40.0,
        "call_length in minutes"
    );
    let missed = event("bland/outbound_no_answer.json");
    assert_eq!(missed["kind"], "call.failed");
    assert_eq!(missed["contact"]["phone"]["e164"], "+15125550123");
    assert_eq!(missed["outcome"]["label"], "NO_ANSWER");
}

#[test]
fn synthflow_nested_flat_and_capital_call_id() {
    let nested = event("synthflow/nested_with_collected_variables.json");
    assert_eq!(nested["vendor"], "synthflow");
    assert_eq!(nested["kind"], "call.ended");
    assert_eq!(nested["contact"]["name"], "Mia Wong");
    assert_eq!(nested["contact"]["email"], "mia@example.com");
    assert_eq!(nested["contact"]["fields"]["property"], "3 Rose St");
    assert_eq!(nested["call"]["started_at"], "2025-11-27T08:10:00.123Z");
    assert_eq!(nested["transcript"]["messages"][1]["role"], "caller");
    assert_eq!(nested["variables"]["viewing_day"], "Saturday");
    assert_eq!(
        nested["variables"]["booked_slot"],
        "2025-11-29T10:00:00+11:00"
    );
    assert_eq!(nested["outcome"]["reason"], "human_goodbye");
    let capital = event("synthflow/flat_capital_call_id_voicemail.json");
    assert_eq!(capital["call"]["id"], "sf-call-001");
    assert_eq!(capital["kind"], "voicemail.detected");
    let flat = event("synthflow/flat_lowercase_call_id.json");
    assert_eq!(flat["call"]["duration_seconds"], 41.0);
    assert_eq!(event("synthflow/no_answer.json")["kind"], "call.failed");
}

#[test]
fn elevenlabs_transcription_failure_and_audio() {
    let call = event("elevenlabs/post_call_transcription_phone_string_timestamp.json");
    assert_eq!(call["vendor"], "elevenlabs");
    assert_eq!(call["kind"], "call.ended");
    assert_eq!(call["call"]["id"], "conv_7701k2");
    assert_eq!(
        call["occurred_at"], "2025-11-27T08:18:20.000Z",
        "a string timestamp"
    );
    assert_eq!(call["call"]["direction"], "inbound");
    assert_eq!(call["contact"]["phone"]["e164"], "+12065550143");
    assert_eq!(call["agent"]["phone"]["e164"], "+12065550100");
    assert_eq!(call["contact"]["name"], "Lee Park");
    assert_eq!(call["transcript"]["messages"][1]["offset_seconds"], 3.0);
    assert_eq!(call["outcome"]["success"], true);
    assert_eq!(call["metrics"][0]["name"], "booked");
    assert_eq!(call["variables"]["appointment_day"], "Tuesday");
    assert_eq!(
        call["summary"],
        "The caller booked a checkup for Tuesday at 9."
    );
    let failure = event("elevenlabs/call_initiation_failure_twilio_busy.json");
    assert_eq!(failure["kind"], "call.failed");
    assert_eq!(failure["call"]["status"], "busy");
    assert_eq!(failure["call"]["sid"], "CA8367245817625617832576245724");
    assert_eq!(failure["contact"]["phone"]["e164"], "+441111111111");
    let audio = event("elevenlabs/post_call_audio.json");
    assert_eq!(audio["kind"], "recording.available");
    assert_eq!(
        audio["extra"]["/data/full_audio"]["omitted"],
        "base64 audio"
    );
    assert!(
        !audio.to_string().contains("SUQzBAAA"),
        "the audio is not kept"
    );
}

#[test]
fn twilio_form_callbacks() {
    let form = |path: &str| {
        let options = Options {
            content_type: Some("application/x-www-form-urlencoded".into()),
            ..Options::default()
        };
        let event = normalize(&fixture(path), &options).expect("a Twilio callback");
        serde_json::to_value(event).unwrap()
    };
    let done = form("twilio/status_callback_completed.form");
    assert_eq!(done["vendor"], "twilio");
    assert_eq!(done["kind"], "call.ended");
    assert_eq!(done["call"]["id"], "CAf19604a3eec3e63d157870c5f7f3b3a0");
    assert_eq!(done["call"]["sid"], done["call"]["id"]);
    assert_eq!(done["call"]["direction"], "outbound");
    assert_eq!(done["contact"]["phone"]["e164"], "+15005550006");
    assert_eq!(done["agent"]["phone"]["e164"], "+15107571675");
    assert_eq!(
        done["contact"]["city"], "NEW YORK",
        "the called side is the contact"
    );
    assert_eq!(done["call"]["duration_seconds"], 42.0);
    assert_eq!(done["occurred_at"], "1989-07-20T18:30:43.000Z", "RFC 2822");
    let ringing = form("twilio/inbound_ringing_forwarded.form");
    assert_eq!(ringing["kind"], "call.started");
    assert_eq!(ringing["contact"]["name"], "Jane Doe");
    assert_eq!(ringing["call"]["forwarded_from"]["e164"], "+14155550999");
    assert_eq!(ringing["contact"]["fields"]["zip"], "94601");
    let recording = form("twilio/recording_completed.form");
    assert_eq!(recording["kind"], "recording.available");
    assert_eq!(recording["recording"]["duration_seconds"], 37.0);
    let machine = form("twilio/machine_answered_bad_escape.form");
    assert_eq!(machine["kind"], "voicemail.detected");
    assert_eq!(
        machine["extra"]["/Bad"], "50%ZZ",
        "a bad escape is kept as written"
    );
    assert_eq!(machine["warnings"][0]["path"], "/Bad");
    let request = form("twilio/voice_request.form");
    assert_eq!(request["call"]["direction"], "inbound");
    assert_eq!(request["contact"]["phone"]["e164"], "+14158675309");
    // Not guessed from the bytes: without the form's content type a form is not JSON.
    let rejection = normalize(&fixture("twilio/voice_request.form"), &Options::default())
        .expect_err("not JSON");
    assert_eq!(rejection.code(), Some(IssueCode::InvalidJson));
}

#[test]
fn a_platform_voicehook_does_not_know_is_read_with_its_mapping() {
    let mapping = voicehook::Mapping::from_json(
        r#"{"event": "/kind", "events": {"done": "call.ended"},
            "fields": {"call.id": "/ref", "contact.phone": "/who"}}"#,
    )
    .unwrap();
    let options = Options {
        custom_vendor: Some("acme".into()),
        mapping: Some(mapping),
        ..Options::default()
    };
    let body = br#"{"kind": "done", "ref": "A-1", "who": "+15559876543", "note": "x"}"#;
    let e = serde_json::to_value(normalize(body, &options).unwrap()).unwrap();
    assert_eq!(e["vendor"], "custom");
    assert_eq!(e["custom_vendor"], "acme");
    assert_eq!(e["kind"], "call.ended");
    assert_eq!(e["call"]["id"], "A-1");
    assert_eq!(e["extra"]["/note"], "x");
    let without = Options {
        custom_vendor: Some("acme".into()),
        ..Options::default()
    };
    let rejection = normalize(body, &without).expect_err("no mapping");
    assert_eq!(rejection.code(), Some(IssueCode::InvalidMapping));
    assert!(voicehook::is_custom_vendor_name("acme-voice_2"));
    assert!(!voicehook::is_custom_vendor_name("retell"));
    assert!(!voicehook::is_custom_vendor_name("custom"));
    assert!(!voicehook::is_custom_vendor_name("Acme"));
    assert!(!voicehook::is_custom_vendor_name(""));
}
