use super::*;
use crate::signature::{hmac_sha256, Body};

fn credentials() -> Credentials {
    Credentials {
        global: secret_list("global-secret, global-next"),
        per_vendor: vec![
            (Vendor::Staragent, secret_list("staragent-secret")),
            (Vendor::Starleads, secret_list("starleads-secret")),
        ],
        signing: vec![
            (Vendor::SmallestAtoms, secret_list("atoms-key")),
            (Vendor::Bland, secret_list("bland-old,bland-new")),
        ],
    }
}

fn hex_hmac(key: &str, body: &[u8]) -> String {
    crate::signature::encoding::encode_hex(&hmac_sha256(key.as_bytes(), &[body]).unwrap())
}

fn signed<'a>(headers: &'a [(&'a str, &'a str)], body: &'a [u8]) -> Signed<'a> {
    Signed {
        headers,
        body,
        url: "https://hooks.example/v1/hooks",
        body_kind: Body::Json,
        now_ms: 0,
        tolerance_s: None,
    }
}

#[test]
fn global_token_in_a_header_allows_every_vendor_and_rotates() {
    for token in ["global-secret", "global-next"] {
        assert!(grant_for_token(&credentials(), token, Presented::Header).is_all());
    }
}

#[test]
fn a_vendor_token_allows_only_its_vendor() {
    let grant = grant_for_token(&credentials(), "staragent-secret", Presented::Header);
    assert!(grant.allows(Vendor::Staragent));
    assert!(!grant.allows(Vendor::Callab));
}

#[test]
fn query_tokens_only_serve_url_only_vendors_with_their_own_token() {
    let global = grant_for_token(&credentials(), "global-secret", Presented::Query);
    assert!(
        global.is_none(),
        "the all-vendor token never rides in a URL"
    );
    let staragent = grant_for_token(&credentials(), "staragent-secret", Presented::Query);
    assert!(staragent.is_none());
    let starleads = grant_for_token(&credentials(), "starleads-secret", Presented::Query);
    assert!(starleads.allows(Vendor::Starleads));
}

#[test]
fn every_token_presented_counts() {
    // A vendor's own `Authorization` header does not hide voicehook's `?token`.
    let tokens = [
        ("the-vendors-own-credential".to_owned(), Presented::Header),
        ("starleads-secret".to_owned(), Presented::Query),
    ];
    let grant = grant_for_tokens(&credentials(), &tokens);
    assert!(grant.allows(Vendor::Starleads) && !grant.allows(Vendor::Callab));
}

#[test]
fn wrong_empty_and_prefix_tokens_are_refused() {
    for token in [
        "",
        "global",
        "global-secret ",
        "GLOBAL-SECRET",
        "global-secretx",
        "global-secret,global-next",
    ] {
        assert!(
            grant_for_token(&credentials(), token, Presented::Header).is_none(),
            "{token:?}"
        );
    }
    let unset = Credentials::default();
    assert!(grant_for_token(&unset, "", Presented::Header).is_none());
}

#[test]
fn secret_lists_are_comma_separated_and_trimmed() {
    assert_eq!(secret_list(" a , b,,c "), ["a", "b", "c"]);
    assert!(secret_list(" , ").is_empty());
}

#[test]
fn signers_follow_the_route_and_the_configured_secrets() {
    let body = b"{\"call_id\":\"c1\"}";
    let signature = hex_hmac("bland-new", body);
    let headers = [
        ("X-Webhook-Signature", signature.as_str()),
        ("x-retell-signature", "v=1,d=00"),
    ];
    // Retell has no secret here: its header is not evaluated.
    assert_eq!(signers(&credentials(), None, &headers), [Vendor::Bland]);
    assert_eq!(
        signers(&credentials(), Some(Vendor::Bland), &headers),
        [Vendor::Bland]
    );
    // Another vendor's route never evaluates Bland's header.
    assert!(signers(&credentials(), Some(Vendor::SmallestAtoms), &headers).is_empty());
    assert!(signers(&credentials(), Some(Vendor::Retell), &headers).is_empty());
    let grant = check_signatures(&credentials(), &[Vendor::Bland], &signed(&headers, body));
    assert_eq!(grant, Ok(Grant::NONE.with(Vendor::Bland)));
    assert!(expects_signature(&credentials(), Vendor::Bland));
    assert!(!expects_signature(&credentials(), Vendor::Retell));
    assert!(!expects_signature(&credentials(), Vendor::Staragent));
}

#[test]
fn signatures_rotate_and_forgeries_are_refused() {
    let body = b"{\"call_id\":\"c1\"}";
    for key in ["bland-old", "bland-new"] {
        let signature = hex_hmac(key, body);
        let headers = [("x-webhook-signature", signature.as_str())];
        assert!(
            check_signatures(&credentials(), &[Vendor::Bland], &signed(&headers, body)).is_ok()
        );
    }
    let forged = hex_hmac("someone-else", body);
    let headers = [("x-webhook-signature", forged.as_str())];
    let refused = check_signatures(&credentials(), &[Vendor::Bland], &signed(&headers, body));
    assert_eq!(
        refused.map_err(|err| err.code().as_str()),
        Err("invalid_signature")
    );
}

#[test]
fn atoms_signatures_over_the_raw_bytes() {
    let body = "{\"event_type\":\"post-conversation\",\"note\":\"café ☕ 📞\"}".as_bytes();
    let good = hex_hmac("atoms-key", body);
    let check = |value: &str, body: &[u8]| {
        let headers = [("x-signature", value)];
        check_signatures(
            &credentials(),
            &[Vendor::SmallestAtoms],
            &signed(&headers, body),
        )
        .is_ok()
    };
    assert!(check(&good, body));
    assert!(check(&good.to_uppercase(), body));
    assert!(check(&format!("sha256={good}"), body));
    assert!(!check(&good, b"{}"));
    assert!(!check("zz", body));
    assert!(!check("abc", body));
}

#[test]
fn bearer_scheme_is_matched_without_case() {
    assert_eq!(bearer_token("Bearer abc"), Some("abc"));
    assert_eq!(bearer_token("bearer  abc "), Some("abc"));
    assert_eq!(bearer_token("Basic abc"), None);
    assert_eq!(bearer_token("Bearer "), None);
    assert_eq!(bearer_token(""), None);
}
