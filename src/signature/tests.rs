//! Every scheme against vectors from its vendor's docs or SDK, and against its failures: header
//! missing, empty, truncated, repeated, wrong length, wrong prefix or algorithm, stale and future
//! times, rotation.

use super::*;

const RETELL_BODY: &[u8] = include_bytes!("../../tests/fixtures/retell/call_ended_phone.json");
const ELEVENLABS_BODY: &[u8] =
    include_bytes!("../../tests/fixtures/elevenlabs/post_call_transcription_web.json");
const TWILIO_FORM: &[u8] = include_bytes!("../../tests/fixtures/twilio/voice_request.form");
const TWILIO_REPEATED: &[u8] =
    include_bytes!("../../tests/fixtures/twilio/repeated_keys_signature_vector.form");
const TWILIO_JSON: &[u8] = include_bytes!("../../tests/fixtures/twilio/json_body.json");
const SYNTHFLOW_BODY: &[u8] =
    include_bytes!("../../tests/fixtures/synthflow/flat_capital_call_id_voicemail.json");
const BLAND_BODY: &[u8] =
    include_bytes!("../../tests/fixtures/bland/post_call_transfer_fields.json");
const VAPI_BODY: &[u8] =
    include_bytes!("../../tests/fixtures/vapi/assistant_request_is_refused.json");

/// Retell: made with retell-sdk 5.66.1 `symmetric.sign(body, key, 1764265800000)`.
const RETELL_KEY: &str = "key_4f8b2c1d9e7a";
const RETELL_SIGNATURE: &str =
    "v=1764265800000,d=9897283e5453af65c4d8fbe99ca2b035528467c7129e380f8647d8cb5fc05130";
const RETELL_AT_MS: i64 = 1_764_265_800_000;

/// ElevenLabs: accepted by @elevenlabs/elevenlabs-js 2.73.0 `webhooks.constructEvent`.
const ELEVENLABS_SECRET: &str = "wsec_el_0123456789";
const ELEVENLABS_SIGNATURE: &str =
    "t=1795805548,v0=c564c487b9945301abaf8144a46a5f29c5d555299f94c9c7b30f41461dc1e265";
const ELEVENLABS_AT_MS: i64 = 1_795_805_548_000;

/// Twilio: twilio-python's and twilio-node's request-validator tests (auth token `12345`).
const TWILIO_TOKEN: &str = "12345";
const TWILIO_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

fn request<'a>(headers: &'a [(&'a str, &'a str)], body: &'a [u8], now_ms: i64) -> Signed<'a> {
    Signed {
        headers,
        body,
        url: "",
        body_kind: Body::Json,
        now_ms,
        tolerance_s: None,
    }
}

fn code(result: Result<(), SignatureError>) -> Option<&'static str> {
    result.err().map(|err| err.code().as_str())
}

#[test]
fn retell_sdk_vector_and_window() {
    let headers = [("X-Retell-Signature", RETELL_SIGNATURE)];
    let ok = |now| {
        verify(
            Scheme::Retell,
            &[RETELL_KEY],
            &request(&headers, RETELL_BODY, now),
        )
    };
    assert_eq!(ok(RETELL_AT_MS), Ok(()));
    assert_eq!(ok(RETELL_AT_MS + 300_000), Ok(()), "5 minutes is inside");
    assert_eq!(ok(RETELL_AT_MS - 300_000), Ok(()), "so is 5 minutes ahead");
    assert_eq!(code(ok(RETELL_AT_MS + 301_000)), Some("stale_signature"));
    assert_eq!(code(ok(RETELL_AT_MS - 301_000)), Some("stale_signature"));
    let widened = Signed {
        tolerance_s: Some(3600),
        ..request(&headers, RETELL_BODY, RETELL_AT_MS + 3_000_000)
    };
    assert_eq!(verify(Scheme::Retell, &[RETELL_KEY], &widened), Ok(()));
}

#[test]
fn retell_refuses_the_body_alone_tampering_and_malformed_headers() {
    let check = |header: &str, body: &[u8]| {
        let headers = [("x-retell-signature", header)];
        code(verify(
            Scheme::Retell,
            &[RETELL_KEY],
            &request(&headers, body, RETELL_AT_MS),
        ))
    };
    let mut tampered = RETELL_BODY.to_vec();
    tampered.push(b' ');
    assert_eq!(
        check(RETELL_SIGNATURE, &tampered),
        Some("invalid_signature")
    );
    // The HMAC of the body alone: the mistake Retell's users make.
    let body_only =
        encoding::encode_hex(&hmac_sha256(RETELL_KEY.as_bytes(), &[RETELL_BODY]).unwrap());
    let body_only = format!("v={RETELL_AT_MS},d={body_only}");
    assert_eq!(check(&body_only, RETELL_BODY), Some("invalid_signature"));
    let truncated = &RETELL_SIGNATURE[..RETELL_SIGNATURE.len() - 2];
    let repeated = format!("{RETELL_SIGNATURE}, {RETELL_SIGNATURE}");
    let no_time = RETELL_SIGNATURE.replace("v=1764265800000,", "");
    let seconds = RETELL_SIGNATURE.replace("v=1764265800000", "v=1764265800");
    let negative = RETELL_SIGNATURE.replace("v=", "v=-");
    let wrong_key = RETELL_SIGNATURE.replace("d=", "v0=");
    let extra = format!("{RETELL_SIGNATURE},x=1");
    for bad in [
        truncated, &repeated, &no_time, &negative, &wrong_key, &extra, "v=1,d=zz", "garbage",
    ] {
        assert_eq!(check(bad, RETELL_BODY), Some("invalid_signature"), "{bad}");
    }
    assert_eq!(check(&seconds, RETELL_BODY), Some("invalid_signature"));
    assert_eq!(check("", RETELL_BODY), Some("missing_signature"));
    assert_eq!(check("  ", RETELL_BODY), Some("missing_signature"));
    let none = request(&[], RETELL_BODY, RETELL_AT_MS);
    assert_eq!(
        code(verify(Scheme::Retell, &[RETELL_KEY], &none)),
        Some("missing_signature")
    );
}

#[test]
fn a_stale_forgery_is_invalid_not_stale() {
    let headers = [(
        "x-retell-signature",
        "v=1,d=0000000000000000000000000000000000000000000000000000000000000000",
    )];
    let result = verify(
        Scheme::Retell,
        &[RETELL_KEY],
        &request(&headers, RETELL_BODY, RETELL_AT_MS),
    );
    assert_eq!(code(result), Some("invalid_signature"));
}

#[test]
fn rotation_any_configured_secret_is_enough() {
    let headers = [("x-retell-signature", RETELL_SIGNATURE)];
    let signed = request(&headers, RETELL_BODY, RETELL_AT_MS);
    assert_eq!(
        verify(Scheme::Retell, &["key_new", RETELL_KEY], &signed),
        Ok(())
    );
    assert_eq!(
        verify(Scheme::Retell, &[RETELL_KEY, "key_new"], &signed),
        Ok(())
    );
    assert_eq!(
        code(verify(Scheme::Retell, &["key_new"], &signed)),
        Some("invalid_signature")
    );
    assert_eq!(
        verify(Scheme::Retell, &[], &signed),
        Err(SignatureError::NoSecret)
    );
    assert_eq!(
        verify(Scheme::Retell, &[""], &signed),
        Err(SignatureError::NoSecret)
    );
}

#[test]
fn repeated_headers_are_refused() {
    let headers = [
        ("x-retell-signature", RETELL_SIGNATURE),
        ("X-Retell-Signature", RETELL_SIGNATURE),
    ];
    let result = verify(
        Scheme::Retell,
        &[RETELL_KEY],
        &request(&headers, RETELL_BODY, RETELL_AT_MS),
    );
    assert!(matches!(result, Err(SignatureError::Repeated { .. })));
}

#[test]
fn elevenlabs_sdk_vector_window_and_failures() {
    let check = |header: &str, body: &[u8], now: i64| {
        let headers = [("ElevenLabs-Signature", header)];
        code(verify(
            Scheme::ElevenLabs,
            &[ELEVENLABS_SECRET],
            &request(&headers, body, now),
        ))
    };
    assert_eq!(
        check(ELEVENLABS_SIGNATURE, ELEVENLABS_BODY, ELEVENLABS_AT_MS),
        None
    );
    assert_eq!(
        check(
            ELEVENLABS_SIGNATURE,
            ELEVENLABS_BODY,
            ELEVENLABS_AT_MS + 1_800_000
        ),
        None
    );
    assert_eq!(
        check(
            ELEVENLABS_SIGNATURE,
            ELEVENLABS_BODY,
            ELEVENLABS_AT_MS + 1_801_000
        ),
        Some("stale_signature")
    );
    assert_eq!(
        check(
            ELEVENLABS_SIGNATURE,
            ELEVENLABS_BODY,
            ELEVENLABS_AT_MS - 1_801_000
        ),
        Some("stale_signature"),
        "a time far in the future"
    );
    assert_eq!(
        check(ELEVENLABS_SIGNATURE, b"{}", ELEVENLABS_AT_MS),
        Some("invalid_signature")
    );
    // A sender listing a second signature while it rotates: either may be ours.
    let listed = ELEVENLABS_SIGNATURE.replace("v0=", "v0=00,v0=");
    assert_eq!(
        check(&listed, ELEVENLABS_BODY, ELEVENLABS_AT_MS),
        Some("invalid_signature")
    );
    let listed = format!("{ELEVENLABS_SIGNATURE},v0={}", "ab".repeat(32));
    assert_eq!(check(&listed, ELEVENLABS_BODY, ELEVENLABS_AT_MS), None);
    let v1 = ELEVENLABS_SIGNATURE.replace("v0=", "v1=");
    let sha1_length = ELEVENLABS_SIGNATURE
        .get(..ELEVENLABS_SIGNATURE.len() - 24)
        .unwrap_or("");
    let two_times = format!("t=1,{ELEVENLABS_SIGNATURE}");
    for bad in [
        v1.as_str(),
        sha1_length,
        two_times.as_str(),
        "t=abc,v0=00",
        "v0=00",
    ] {
        assert_eq!(
            check(bad, ELEVENLABS_BODY, ELEVENLABS_AT_MS),
            Some("invalid_signature"),
            "{bad}"
        );
    }
    assert_eq!(
        check("", ELEVENLABS_BODY, ELEVENLABS_AT_MS),
        Some("missing_signature")
    );
}

fn twilio_request<'a>(
    headers: &'a [(&'a str, &'a str)],
    url: &'a str,
    body: &'a [u8],
    body_kind: Body,
) -> Signed<'a> {
    Signed {
        url,
        body_kind,
        ..request(headers, body, 0)
    }
}

/// The issue code of a Twilio request signed `signature` in header `name` (either case works).
fn twilio_check(
    name: &str,
    signature: &str,
    url: &str,
    body: &[u8],
    kind: Body,
) -> Option<&'static str> {
    let headers = [(name, signature)];
    code(verify(
        Scheme::Twilio,
        &[TWILIO_TOKEN],
        &twilio_request(&headers, url, body, kind),
    ))
}

#[test]
fn twilio_sdk_vectors() {
    let check =
        |signature, url, body, kind| twilio_check("X-Twilio-Signature", signature, url, body, kind);
    assert_eq!(
        check(
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            TWILIO_URL,
            TWILIO_FORM,
            Body::Form
        ),
        None
    );
    assert_eq!(
        check(
            "IK+Dwps556ElfBT0I3Rgjkr1wJU=",
            TWILIO_URL,
            TWILIO_REPEATED,
            Body::Form
        ),
        None
    );
    // The same request seen on an explicit default port (a proxy that adds it).
    let with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    assert_eq!(
        check(
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            with_port,
            TWILIO_FORM,
            Body::Form
        ),
        None
    );
    // JSON bodies: twilio-node's test vector, and NOTES.md's body (signature from twilio-node's
    // getExpectedTwilioSignature).
    let body = br#"{"property": "value", "boolean": true}"#;
    let url = format!(
        "{TWILIO_URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
    );
    assert_eq!(
        check("a9nBmqA0ju/hNViExpshrM61xv4=", &url, body, Body::Json),
        None
    );
    let url = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
    assert_eq!(
        check("hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=", url, TWILIO_JSON, Body::Json),
        None
    );
    assert_eq!(
        check("hPXmLwIy3Fgqv1i9KPmH/HhQ6zo", url, TWILIO_JSON, Body::Json),
        None,
        "unpadded"
    );
}

#[test]
fn twilio_failures() {
    let check =
        |signature, url, body, kind| twilio_check("x-twilio-signature", signature, url, body, kind);
    let good = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    // Behind a proxy: the URL the server sees is not the one Twilio signed.
    let internal = "http://10.0.0.7:8080/myapp.php?foo=1&bar=2";
    assert_eq!(
        check(good, internal, TWILIO_FORM, Body::Form),
        Some("invalid_signature")
    );
    let mut tampered = TWILIO_FORM.to_vec();
    tampered.extend_from_slice(b"&Digits=9");
    assert_eq!(
        check(good, TWILIO_URL, &tampered, Body::Form),
        Some("invalid_signature")
    );
    // The parameters are signed, not the bytes: another order of the same form is the same.
    let reordered = b"To=%2B18005551212&CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309";
    assert_eq!(check(good, TWILIO_URL, reordered, Body::Form), None);
    // The form read as JSON (no bodySHA256): its parameters are not signed at all.
    assert_eq!(
        check(good, TWILIO_URL, TWILIO_FORM, Body::Json),
        Some("invalid_signature")
    );
    let url = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
    assert_eq!(
        check(
            "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=",
            url,
            b"{\"CallSid\":\"CA2\"}",
            Body::Json
        ),
        Some("invalid_signature"),
        "the body no longer matches bodySHA256"
    );
    let sha256_length = encoding::encode_base64(&[0; 32]);
    for bad in [
        "RSOYDt4T1cUTdK1PDd93",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8=x",
        "%%%",
        sha256_length.as_str(),
    ] {
        assert_eq!(
            check(bad, TWILIO_URL, TWILIO_FORM, Body::Form),
            Some("invalid_signature"),
            "{bad}"
        );
    }
    assert_eq!(
        check("", TWILIO_URL, TWILIO_FORM, Body::Form),
        Some("missing_signature")
    );
}

#[test]
fn twilio_sha256_when_its_settings_header_says_so() {
    let text = format!("{TWILIO_URL}CallerGET");
    let signature =
        encoding::encode_base64(&hmac_sha256(TWILIO_TOKEN.as_bytes(), &[text.as_bytes()]).unwrap());
    let headers = [
        ("x-twilio-signature", signature.as_str()),
        (
            "x-twilio-webhooks-signature-settings",
            "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
        ),
    ];
    let signed = twilio_request(&headers, TWILIO_URL, b"Caller=GET", Body::Form);
    assert_eq!(verify(Scheme::Twilio, &[TWILIO_TOKEN], &signed), Ok(()));
    let sha1_only = [("x-twilio-signature", signature.as_str())];
    let signed = twilio_request(&sha1_only, TWILIO_URL, b"Caller=GET", Body::Form);
    assert_eq!(
        code(verify(Scheme::Twilio, &[TWILIO_TOKEN], &signed)),
        Some("invalid_signature")
    );
}

#[test]
fn twilio_get_callbacks_sign_the_url_alone() {
    let url = "https://mycompany.com/cb?CallSid=CA1&CallStatus=completed";
    let signature = {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(TWILIO_TOKEN.as_bytes()).unwrap();
        mac.update(url.as_bytes());
        encoding::encode_base64(&mac.finalize().into_bytes())
    };
    let headers = [("x-twilio-signature", signature.as_str())];
    let signed = twilio_request(
        &headers,
        url,
        b"CallSid=CA1&CallStatus=completed",
        Body::InUrl,
    );
    assert_eq!(verify(Scheme::Twilio, &[TWILIO_TOKEN], &signed), Ok(()));
}

#[test]
fn synthflow_signs_the_call_id_only() {
    // Base64 HMAC-SHA256 of `sf-call-001` (the body's `Call_id`), made with Node's crypto.
    let signature = "Cvka0lN7YyriVKeyjSJTRWBLMtZ7Ewb4/6bhR8FMLgo=";
    let check = |header: &str, body: &[u8]| {
        let headers = [("Synthflow-Signature", header)];
        code(verify(
            Scheme::Synthflow,
            &["sf_workspace_secret"],
            &request(&headers, body, 0),
        ))
    };
    assert_eq!(check(signature, SYNTHFLOW_BODY), None);
    // The header as Synthflow's docs literally write it (a CGI/Django name).
    let literal = [("HTTP_SYNTHFLOW_SIGNATURE", signature)];
    let signed = request(&literal, SYNTHFLOW_BODY, 0);
    assert_eq!(
        verify(Scheme::Synthflow, &["sf_workspace_secret"], &signed),
        Ok(())
    );
    assert!(Scheme::Synthflow.is_presented(&literal));
    // What it does not prove: the rest of the body can change under the same signature.
    let edited = String::from_utf8_lossy(SYNTHFLOW_BODY).replace("voicemail", "completed");
    assert_eq!(check(signature, edited.as_bytes()), None);
    let nested = br#"{"lead":{},"call":{"call_id":"sf-call-001"}}"#;
    assert_eq!(check(signature, nested), None);
    let other_call = String::from_utf8_lossy(SYNTHFLOW_BODY).replace("sf-call-001", "sf-call-002");
    assert_eq!(
        check(signature, other_call.as_bytes()),
        Some("invalid_signature")
    );
    assert_eq!(
        check(signature, b"{\"lead\":{}}"),
        Some("invalid_signature")
    );
    assert_eq!(check(signature, b"not json"), Some("invalid_signature"));
    assert_eq!(
        check(&signature[..20], SYNTHFLOW_BODY),
        Some("invalid_signature")
    );
    assert_eq!(check("", SYNTHFLOW_BODY), Some("missing_signature"));
}

#[test]
fn bland_and_atoms_sign_the_body_in_hex() {
    // Hex HMAC-SHA256 of the fixture's bytes under `bland_whsec_01`, made with Node's crypto.
    let signature = "2ff3dcfec3fa390e248d4fc3a06bc99fda4114d1cbb7588df94f06295987b5ed";
    let bland = Scheme::BodyHmacHex {
        headers: &["x-webhook-signature"],
    };
    let check = |headers: &[(&str, &str)], body: &[u8]| {
        code(verify(
            bland,
            &["bland_whsec_01"],
            &request(headers, body, 0),
        ))
    };
    assert_eq!(
        check(&[("X-Webhook-Signature", signature)], BLAND_BODY),
        None
    );
    let upper = signature.to_uppercase();
    assert_eq!(check(&[("x-webhook-signature", &upper)], BLAND_BODY), None);
    let prefixed = format!("sha256={signature}");
    assert_eq!(
        check(&[("x-webhook-signature", &prefixed)], BLAND_BODY),
        None
    );
    assert_eq!(
        check(&[("x-webhook-signature", signature)], b"{}"),
        Some("invalid_signature")
    );
    let sha1 = format!("sha1={}", &signature[..40]);
    for bad in [&signature[..63], &signature[..62], sha1.as_str(), "zz"] {
        assert_eq!(
            check(&[("x-webhook-signature", bad)], BLAND_BODY),
            Some("invalid_signature")
        );
    }
    // Another vendor's header is not evaluated: Bland's check finds no signature of its own.
    assert_eq!(
        check(&[("x-signature", signature)], BLAND_BODY),
        Some("missing_signature")
    );
}

#[test]
fn vapi_shared_secret_and_hmac_credentials() {
    let check = |headers: &[(&str, &str)], now_ms: i64| {
        code(verify(
            Scheme::Vapi,
            &["vapi_hmac_secret"],
            &request(headers, VAPI_BODY, now_ms),
        ))
    };
    assert_eq!(check(&[("X-Vapi-Signature", "vapi_hmac_secret")], 0), None);
    assert_eq!(check(&[("x-vapi-secret", "vapi_hmac_secret")], 0), None);
    assert_eq!(
        check(&[("x-vapi-signature", "vapi_hmac_secre")], 0),
        Some("invalid_signature")
    );
    // HMAC credentials (hex, made with Node's crypto): of the body, and of "<t>.<body>".
    let body = "8931d1b4352468df69cecad8f8de5e06e512da95cd2ef2fb90e54317bc9add09";
    assert_eq!(check(&[("x-vapi-signature", body)], 0), None);
    let timed = "36f042e89f079b6cb6be8e3a3a7f1b0741e1308cd5c05d4bda888afa84bec035";
    let at = 1_764_265_800_000;
    let headers = [("x-vapi-signature", timed), ("x-timestamp", "1764265800")];
    assert_eq!(check(&headers, at), None);
    assert_eq!(check(&headers, at + 301_000), Some("stale_signature"));
    assert_eq!(
        check(&[("x-vapi-signature", timed)], at),
        Some("invalid_signature")
    );
    assert_eq!(
        check(
            &[("x-vapi-signature", body), ("x-timestamp", "1764265800")],
            at
        ),
        Some("invalid_signature")
    );
    assert_eq!(check(&[], 0), Some("missing_signature"));
}

#[test]
fn issues_name_the_header_and_what_was_expected() {
    let issue = Issue::from(SignatureError::Stale {
        header: "x-retell-signature",
        age_s: 412,
        tolerance_s: 300,
    });
    assert_eq!(issue.code, IssueCode::StaleSignature);
    assert!(
        issue.message.contains("x-retell-signature"),
        "{}",
        issue.message
    );
    assert_eq!(
        issue.expected.as_deref(),
        Some("a signed time within 300 s of now")
    );
    assert_eq!(issue.found.as_deref(), Some("412 s from now"));
    let missing = Issue::from(SignatureError::Missing {
        header: "synthflow-signature",
    });
    assert_eq!(missing.code, IssueCode::MissingSignature);
}
