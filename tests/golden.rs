//! Golden fixtures: every `tests/fixtures/<dir>/<case>.json` is normalized and compared with
//! `<case>.expected.json` (`{"ok":true,"event":…}` or `{"ok":false,"issues":[…]}`, the CLI's
//! line). Options come from `<case>.options.json` (`vendor`, `include_raw`) and a mapping from
//! `<case>.mapping.json`. Every event must validate against the published JSON Schema, and in a
//! vendor's folder the vendor must be recognised from the body alone.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the expected files; review the diff.
#![cfg(not(target_arch = "wasm32"))] // Native only: its dev-dependencies do not build for wasm32.

mod common;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use voicehook::{detect_with, json_schema, normalize, Mapping, Options, Vendor};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<PathBuf> {
    common::fixture_cases()
}

fn sibling(case: &Path, suffix: &str) -> PathBuf {
    let stem = case.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    case.with_file_name(format!("{stem}{suffix}"))
}

fn options_for(case: &Path) -> Options {
    let mut options = Options::default();
    if let Ok(text) = std::fs::read_to_string(sibling(case, ".options.json")) {
        let value: Value = serde_json::from_str(&text).expect("options are JSON");
        if let Some(name) = value["vendor"].as_str() {
            match name.parse() {
                Ok(vendor) => options.vendor = Some(vendor),
                // A platform voicehook does not know, read with the fixture's mapping.
                Err(_) => options.custom_vendor = Some(name.to_owned()),
            }
        }
        options.include_raw = value["include_raw"].as_bool().unwrap_or(false);
        options.content_type = value["content_type"].as_str().map(str::to_owned);
    }
    if let Ok(text) = std::fs::read_to_string(sibling(case, ".mapping.json")) {
        options.mapping = Some(Mapping::from_json(&text).expect("a valid mapping"));
    }
    options
}

fn output(body: &[u8], options: &Options) -> Value {
    match normalize(body, options) {
        Ok(event) => json!({ "ok": true, "event": event }),
        Err(rejection) => json!({ "ok": false, "issues": rejection.issues }),
    }
}

#[test]
fn every_fixture_matches_its_golden_output() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let schema = json_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 50, "only {} fixtures found", cases.len());
    for case in &cases {
        let name = case
            .strip_prefix(fixtures_dir())
            .unwrap_or(case)
            .display()
            .to_string();
        let body = std::fs::read(case).expect("fixture readable");
        let options = options_for(case);
        let actual = output(&body, &options);
        let expected_path = sibling(case, ".expected.json");
        if update {
            let text = serde_json::to_string_pretty(&actual).expect("serializes") + "\n";
            std::fs::write(&expected_path, text).expect("golden written");
        }
        let expected: Value = match std::fs::read_to_string(&expected_path) {
            Ok(text) => serde_json::from_str(&text).expect("golden is JSON"),
            Err(_) => {
                failures.push(format!("{name}: no {}", expected_path.display()));
                continue;
            }
        };
        if actual != expected {
            failures.push(format!(
                "{name}: output differs from golden\n  actual:   {actual}\n  expected: {expected}"
            ));
        }
        if actual["ok"] == true {
            let event = &actual["event"];
            for error in validator.iter_errors(event) {
                failures.push(format!(
                    "{name}: schema: {error} at {}",
                    error.instance_path()
                ));
            }
            let folder = case
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str());
            if let Some(vendor) = folder.and_then(|f| f.parse::<Vendor>().ok()) {
                assert_eq!(event["vendor"], vendor.as_str(), "{name}");
                if options.vendor.is_none() && options.mapping.is_none() {
                    let detected = detect_with(&body, &options).ok();
                    assert_eq!(detected, Some(vendor), "{name}: detection");
                }
            }
            let again = output(&body, &options);
            assert_eq!(
                again["event"]["id"], event["id"],
                "{name}: ids are deterministic"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_vendor_has_fixtures_covering_its_events() {
    let names: Vec<String> = cases()
        .iter()
        .filter_map(|c| {
            c.strip_prefix(fixtures_dir())
                .ok()
                .map(|p| p.display().to_string())
        })
        .collect();
    for &vendor in Vendor::ALL {
        let count = names
            .iter()
            .filter(|n| n.starts_with(vendor.as_str()))
            .count();
        assert!(count >= 5, "{vendor} has only {count} fixtures");
    }
}

/// The fixture list compiled into the wasm tests (`tests/wasm/fixtures.rs`), which cannot read
/// files: regenerated with `UPDATE_GOLDEN=1`, and checked here so that it never falls behind.
#[test]
fn the_wasm_fixture_list_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm/fixtures.rs");
    let include = |case: &Path, suffix: &str, how: &str| {
        let file = sibling(case, suffix);
        let relative = file.strip_prefix(fixtures_dir()).unwrap_or(&file).display();
        if file.exists() {
            format!("Some({how}!(\"../fixtures/{relative}\"))")
        } else {
            "None".to_owned()
        }
    };
    let mut text = String::from(
        "// Generated by `UPDATE_GOLDEN=1 cargo test --test golden`; do not edit.\n\
         use super::Fixture;\n\n\
         #[rustfmt::skip]\n\
         pub const FIXTURES: &[Fixture] = &[\n",
    );
    for case in cases() {
        let name = case.strip_prefix(fixtures_dir()).unwrap_or(&case).display();
        text.push_str(&format!(
            "    Fixture {{\n        name: \"{name}\",\n        body: include_bytes!(\"../fixtures/{name}\"),\n        \
             expected: include_str!(\"../fixtures/{}\"),\n        options: {},\n        mapping: {},\n    }},\n",
            sibling(&case, ".expected.json")
                .strip_prefix(fixtures_dir())
                .unwrap_or(&case)
                .display(),
            include(&case, ".options.json", "include_str"),
            include(&case, ".mapping.json", "include_str"),
        ));
    }
    text.push_str("];\n");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).expect("fixture list written");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == text,
        "tests/wasm/fixtures.rs is stale: run `UPDATE_GOLDEN=1 cargo test --test golden`"
    );
}
