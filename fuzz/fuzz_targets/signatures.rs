//! Every signature scheme on any header value, body, URL and time: never a panic, never an
//! overflow in the time window, and no forgery verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::signature::{self, Body, Scheme, Signed};

const SCHEMES: [Scheme; 7] = [
    Scheme::BodyHmacHex { headers: &["x-signature"] },
    Scheme::BodyHmacHex { headers: &["x-webhook-signature"] },
    Scheme::Vapi,
    Scheme::Retell,
    Scheme::ElevenLabs,
    Scheme::Synthflow,
    Scheme::Twilio,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.splitn(4, '\n');
    let (value, extra, url, body) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let scheme = SCHEMES[usize::from(selector) % SCHEMES.len()];
    let headers = [
        (scheme.header(), value),
        ("x-timestamp", extra),
        ("x-twilio-webhooks-signature-settings", extra),
        ("x-vapi-secret", extra),
    ];
    let kinds = [Body::Json, Body::Form, Body::InUrl];
    let request = Signed {
        headers: &headers,
        body: body.as_bytes(),
        url,
        body_kind: kinds[usize::from(selector >> 4) % kinds.len()],
        now_ms: (i64::MAX / 255) * i64::from(selector) - i64::MAX / 2,
        tolerance_s: (selector & 1 == 1).then_some(u64::MAX),
    };
    let result = signature::verify(scheme, &["fuzz-secret"], &request);
    let shared_secret = [value, extra].contains(&"fuzz-secret");
    assert!(result.is_err() || (scheme == Scheme::Vapi && shared_secret));
});
