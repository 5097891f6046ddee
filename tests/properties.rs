//! Property tests (proptest, on stable, in the normal suite): random bytes under every vendor
//! hint, random JSON grafted anywhere into every fixture, and every truncation of a body. The
//! result is always an event or a rejection whose issues point at the changed place; never a
//! panic. Deterministic per proptest's seed; failures are kept in proptest-regressions/.
#![cfg(not(target_arch = "wasm32"))] // Native only: its dev-dependencies do not build for wasm32.

mod common;

use common::{check, fixture, normalizable_fixtures, pointers};
use proptest::prelude::*;
use serde_json::Value;
use voicehook::{normalize, IssueCode, Options, Vendor, MAX_DEPTH};

/// Any JSON value, nested a few levels, with the awkward numbers and strings webhooks carry.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        Just(serde_json::from_str("12345678901234567890123").unwrap_or(Value::Null)),
        Just(serde_json::from_str("-0").unwrap_or(Value::Null)),
        ".{0,24}".prop_map(Value::String),
        "[+0-9 ()-]{0,16}".prop_map(Value::String),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-][01][0-9]:[0-5][0-9])?"
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z_]{1,10}", inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Replaces the value at `pointer` in `document` (the root when `pointer` is empty).
fn graft(document: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
    }
}

fn vendor_hint() -> impl Strategy<Value = Option<Vendor>> {
    prop_oneof![
        Just(None),
        prop::sample::select(Vendor::ALL.to_vec()).prop_map(Some)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Form bodies: any bytes, and pairs built from the characters that matter (`%`, `+`, `&`,
    /// `=`, hex digits, bytes that are not UTF-8), under every vendor hint.
    #[test]
    fn any_form_gives_an_event_or_a_rejection(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            prop::collection::vec(prop::sample::select(b"%+&=aF09CallSid\xff\xc3".to_vec()), 0..256),
        ],
        vendor in vendor_hint(),
    ) {
        let options = Options {
            vendor,
            content_type: Some("application/x-www-form-urlencoded".into()),
            ..Options::default()
        };
        match normalize(&body, &options) {
            Ok(event) => {
                for warning in &event.warnings {
                    prop_assert!(warning.path.is_empty() || warning.path.starts_with('/'), "{}", warning.path);
                }
            }
            Err(rejection) => prop_assert!(!rejection.issues.is_empty()),
        }
    }

    #[test]
    fn any_bytes_give_an_event_or_a_rejection(body in prop::collection::vec(any::<u8>(), 0..512), vendor in vendor_hint()) {
        let options = Options { vendor, ..Options::default() };
        if let Err(rejection) = normalize(&body, &options) {
            prop_assert!(!rejection.issues.is_empty());
            for issue in &rejection.issues {
                prop_assert!(issue.path.is_empty() || issue.path.starts_with('/'), "{}", issue.path);
            }
        }
    }

    #[test]
    fn any_json_grafted_anywhere_is_reported_where_it_was_grafted(
        pick in any::<prop::sample::Index>(),
        place in any::<prop::sample::Index>(),
        value in json_value(),
    ) {
        let fixtures = normalizable_fixtures();
        let fixture = pick.get(&fixtures);
        let original = &fixture.value;
        let mut places = Vec::new();
        pointers(original, String::new(), &mut places);
        let pointer = place.get(&places).clone();
        let mut mutated = original.clone();
        graft(&mut mutated, &pointer, value);
        check(fixture, &mutated, mutated.to_string().as_bytes(), &pointer);
    }

    #[test]
    fn every_truncation_is_invalid_json(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let cases = common::fixture_cases();
        let path = pick.get(&cases);
        let relative = path.strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/")).unwrap_or(path);
        let body = fixture(&relative.display().to_string());
        let trimmed = body.trim_ascii_end();
        prop_assume!(trimmed.len() > 1 && serde_json::from_slice::<Value>(&body).is_ok());
        let at = cut.index(trimmed.len() - 1);
        let truncated = &trimmed[..at];
        let rejection = normalize(truncated, &Options::default()).expect_err("a truncated body");
        prop_assert!(
            matches!(rejection.issues[0].code, IssueCode::InvalidJson | IssueCode::InvalidUtf8),
            "{} cut at {at}: {rejection}", path.display()
        );
    }

    #[test]
    fn nesting_past_the_limit_is_too_deep(depth in 0usize..200, objects in any::<bool>()) {
        let (open, close) = if objects { ("{\"a\":", "}") } else { ("[", "]") };
        // The root object and `depth` containers inside it: `depth + 1` levels.
        let body = format!("{{\"x\":{}1{}}}", open.repeat(depth), close.repeat(depth));
        let result = normalize(body.as_bytes(), &Options { vendor: Some(Vendor::Staragent), ..Options::default() });
        let rejection = result.expect_err("no StarAgent event in this body");
        let too_deep = rejection.issues.iter().any(|issue| issue.code == IssueCode::TooDeep);
        prop_assert_eq!(too_deep, depth + 1 > MAX_DEPTH, "depth {}: {}", depth, rejection);
    }
}
