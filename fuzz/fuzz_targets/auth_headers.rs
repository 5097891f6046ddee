//! The Worker's credential rules on any header values: `Authorization` schemes, token lists in
//! headers and query, and every vendor's signature header over any body: never a panic, and no
//! forged signature grants anything.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::signature::{Body, Signed};
use voicehook::worker::auth::{self, Credentials, Presented};
use voicehook::Vendor;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let (authorization, signature, body) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let credentials = Credentials {
        global: auth::secret_list("global-secret,global-next"),
        per_vendor: vec![(Vendor::Starleads, auth::secret_list("starleads-secret"))],
        signing: Vendor::ALL
            .iter()
            .filter(|vendor| vendor.signing().is_some())
            .map(|vendor| (*vendor, auth::secret_list("signing-key,rotated-key")))
            .collect(),
    };
    if let Some(token) = auth::bearer_token(authorization) {
        let grant = auth::grant_for_token(&credentials, token, Presented::Header);
        assert_eq!(grant.is_all(), token == "global-secret" || token == "global-next");
        let _ = auth::grant_for_token(&credentials, token, Presented::Query);
    }
    let headers: Vec<(&str, &str)> = Vendor::ALL
        .iter()
        .filter_map(|vendor| vendor.signing())
        .map(|signing| (signing.scheme.header(), signature))
        .collect();
    let signers = auth::signers(&credentials, None, &headers);
    let request = Signed {
        headers: &headers,
        body: body.as_bytes(),
        url: "https://hooks.example/v1/hooks",
        body_kind: Body::Form,
        now_ms: 1_764_265_800_000,
        tolerance_s: None,
    };
    // Forging an HMAC by fuzzing is not possible: a grant means a real bug. (Vapi's default
    // credential is the secret itself, which the fuzzer may find: it is kept out of the check.)
    if signature != "signing-key" && signature != "rotated-key" {
        let grant = auth::check_signatures(&credentials, &signers, &request);
        assert!(grant.is_err() || signers.is_empty());
    }
});
