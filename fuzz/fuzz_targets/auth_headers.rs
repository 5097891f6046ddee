//! The Worker's credential parsing on any header values: `Authorization` schemes, tokens, Atoms
//! `X-Signature` (hex, prefixes) over any body: never a panic, and no forged signature passes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::worker::auth::{self, IngestSecrets, Presented, Signature};
use voicehook::Vendor;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let (authorization, signature, body) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let secrets = IngestSecrets {
        global: Some("global-secret".into()),
        per_vendor: vec![(Vendor::Starleads, "starleads-secret".into())],
        atoms_signing: Some("atoms-key".into()),
    };
    if let Some(token) = auth::bearer_token(authorization) {
        let grant = auth::grant_for_token(&secrets, token, Presented::Header);
        assert_eq!(grant.is_all(), token == "global-secret");
        let _ = auth::grant_for_token(&secrets, token, Presented::Query);
    }
    let checked = auth::atoms_signature(&secrets, Some(signature), body.as_bytes());
    // Forging HMAC-SHA256 by fuzzing is not possible: a valid answer means a real bug.
    assert_ne!(checked, Signature::Valid);
});
