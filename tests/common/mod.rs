//! Helpers shared by the integration tests (each test crate uses a part of them).
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use voicehook::{normalize, Options};

/// The bytes of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|err| panic!("{}: {err}", full.display()))
}

/// The event of a fixture that must normalize, as JSON.
pub fn event(path: &str) -> Value {
    let event = normalize(&fixture(path), &Options::default())
        .unwrap_or_else(|rejection| panic!("{path}: {rejection}"));
    serde_json::to_value(event).expect("serializes")
}

/// Every fixture body `tests/fixtures/<dir>/<case>.json` (not goldens, options or mappings), sorted.
pub fn fixture_cases() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases = Vec::new();
    for dir in std::fs::read_dir(root).expect("fixtures folder").flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let side_file = [".expected.json", ".options.json", ".mapping.json"]
                .iter()
                .any(|suffix| name.ends_with(suffix));
            if name.ends_with(".json") && !side_file {
                cases.push(path);
            }
        }
    }
    cases.sort();
    cases
}
