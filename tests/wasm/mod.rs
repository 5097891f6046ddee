//! The wasm tests shared by Node (`tests/wasm_node.rs`) and headless Chromium
//! (`tests/wasm_browser.rs`): every core fixture, through the wasm API, gives its golden output,
//! which the native golden test checks is what the core gives natively.

mod fixtures;

use serde_json::Value;
use voicehook::wasm::{detect_bytes, normalize_bytes, normalize_text, output_text, vendors_json};
use wasm_bindgen_test::wasm_bindgen_test;

/// One golden case, compiled in (wasm tests have no file system).
pub struct Fixture {
    pub name: &'static str,
    pub body: &'static [u8],
    pub expected: &'static str,
    pub options: Option<&'static str>,
    pub mapping: Option<&'static str>,
}

fn normalized(fixture: &Fixture) -> String {
    let options: Value = fixture
        .options
        .map(|text| serde_json::from_str(text).expect("options are JSON"))
        .unwrap_or(Value::Null);
    let vendor = options["vendor"].as_str().map(str::to_owned);
    let include_raw = options["include_raw"].as_bool().unwrap_or(false);
    let content_type = options["content_type"].as_str().map(str::to_owned);
    let length = normalize_bytes(
        fixture.body,
        vendor,
        fixture.mapping.map(str::to_owned),
        include_raw,
        content_type,
        true,
    );
    let text = output_text();
    assert_eq!(text.len(), length, "{}", fixture.name);
    text
}

#[wasm_bindgen_test]
fn every_fixture_gives_its_golden_output_through_wasm() {
    assert!(fixtures::FIXTURES.len() >= 50);
    for fixture in fixtures::FIXTURES {
        let text = normalized(fixture);
        assert!(text.is_ascii(), "{}: answer is not ASCII", fixture.name);
        let actual: Value = serde_json::from_str(&text).expect("the answer is JSON");
        let expected: Value = serde_json::from_str(fixture.expected).expect("golden is JSON");
        assert_eq!(actual, expected, "{}", fixture.name);
    }
}

#[wasm_bindgen_test]
fn text_and_bytes_give_the_same_answer() {
    for fixture in fixtures::FIXTURES {
        let Ok(text) = std::str::from_utf8(fixture.body) else {
            continue;
        };
        normalize_text(text, None, None, false, None, true);
        let from_text = output_text();
        normalize_bytes(fixture.body, None, None, false, None, true);
        let from_bytes = output_text();
        assert_eq!(from_text, from_bytes, "{}", fixture.name);
    }
}

#[wasm_bindgen_test]
fn the_utf8_answer_is_the_ascii_answer_with_its_characters_unescaped() {
    for fixture in fixtures::FIXTURES {
        let ascii_length = normalize_bytes(fixture.body, None, None, false, None, true);
        let ascii = output_text();
        let utf8_length = normalize_bytes(fixture.body, None, None, false, None, false);
        let utf8 = output_text();
        assert_eq!(utf8.len(), utf8_length, "{}", fixture.name);
        assert!(utf8_length <= ascii_length, "{}", fixture.name);
        let from_ascii: Value = serde_json::from_str(&ascii).unwrap();
        let from_utf8: Value = serde_json::from_str(&utf8).unwrap();
        assert_eq!(from_utf8, from_ascii, "{}", fixture.name);
        if ascii_length > utf8_length {
            assert!(!utf8.is_ascii(), "{}", fixture.name);
        }
    }
}

#[wasm_bindgen_test]
fn detection_and_vendors_cross_as_json() {
    let detected: Value = serde_json::from_str(&detect_bytes(b"{\"hello\":1}", None)).unwrap();
    assert_eq!(detected["ok"], false);
    let vendors: Value = serde_json::from_str(&vendors_json()).unwrap();
    let names: Vec<&str> = voicehook::Vendor::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(vendors, serde_json::json!(names), "the registry's vendors");
}

#[wasm_bindgen_test]
fn bad_options_are_rejections_not_traps() {
    normalize_bytes(b"{}", Some("acme".into()), None, false, None, true);
    let unknown: Value = serde_json::from_str(&output_text()).unwrap();
    assert_eq!(unknown["issues"][0]["code"], "unknown_vendor");
    normalize_bytes(b"{}", None, Some("[".into()), false, None, true);
    let mapping: Value = serde_json::from_str(&output_text()).unwrap();
    assert_eq!(mapping["issues"][0]["code"], "invalid_mapping");
}
