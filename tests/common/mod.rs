//! Helpers shared by the integration tests (each test crate uses a part of them).
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use voicehook::{normalize, IssueCode, Options, Vendor};

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

/// Every fixture body `tests/fixtures/<dir>/<case>.json` or `.form` (not goldens, options or
/// mappings), sorted.
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
            if (name.ends_with(".json") || name.ends_with(".form")) && !side_file {
                cases.push(path);
            }
        }
    }
    cases.sort();
    cases
}

/// A fixture that normalizes: its name, its body as JSON, and the vendor it is from.
pub struct Normalizable {
    pub name: String,
    pub value: Value,
    pub vendor: Vendor,
}

/// The fixtures that normalize, as JSON values.
pub fn normalizable_fixtures() -> Vec<Normalizable> {
    fixture_cases()
        .into_iter()
        .filter_map(|path| {
            let value: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
            let event = normalize(value.to_string().as_bytes(), &Options::default()).ok()?;
            Some(Normalizable {
                name: path.display().to_string(),
                value,
                vendor: event.vendor,
            })
        })
        .collect()
}

/// Every JSON Pointer in `value`, the root included.
pub fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Normalizes a mutated body as the fixture's vendor (so a mutation that breaks detection is
/// still read): an event, or a rejection whose issues point at (or into) the mutated `place`;
/// never a panic. An issue about the whole body (path `""`) fits only a mutation of the root.
pub fn check(fixture: &Normalizable, mutated: &Value, body: &[u8], place: &str) {
    let name = &fixture.name;
    let options = Options {
        vendor: Some(fixture.vendor),
        ..Options::default()
    };
    match normalize(body, &options) {
        Ok(event) => {
            let text = serde_json::to_string(&event).expect("an event serializes");
            assert!(text.starts_with('{'), "{name} {place}");
        }
        Err(rejection) => {
            assert!(!rejection.issues.is_empty(), "{name} {place}");
            let parent = |p: &str| p.rsplit_once('/').map_or("", |(head, _)| head).to_owned();
            let within = |outer: &str, inner: &str| {
                inner == outer || inner.starts_with(&format!("{outer}/"))
            };
            let related = rejection.issues.iter().any(|issue| {
                (issue.path.is_empty() && place.is_empty())
                    || (!issue.path.is_empty() && within(&issue.path, place))
                    || within(place, &issue.path)
                    // A deleted member is reported under the vendor's canonical name for it.
                    || (issue.code == IssueCode::MissingField && parent(&issue.path) == parent(place))
            });
            assert!(
                related,
                "{name}: mutation at {place} gave {rejection} for {mutated}"
            );
        }
    }
}
