//! Helpers shared by the integration tests.

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
