//! Every fixture, mutated everywhere: each value replaced by every other JSON type, each key
//! deleted, each key duplicated. The result must be an event or a rejection whose issues point at
//! (or above) the mutated place, and nothing may panic. Deterministic, so it runs in every suite.

mod common;

use serde_json::{json, Value};
use voicehook::{normalize, IssueCode, Options};

/// The fixtures that normalize, as JSON values.
fn fixtures() -> Vec<(String, Value)> {
    common::fixture_cases()
        .into_iter()
        .filter_map(|path| {
            let value: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
            let ok = normalize(value.to_string().as_bytes(), &Options::default()).is_ok();
            ok.then(|| (path.display().to_string(), value))
        })
        .collect()
}

/// Every JSON Pointer in `value`, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
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

fn check(name: &str, mutated: &Value, body: &[u8], place: &str) {
    match normalize(body, &Options::default()) {
        Ok(event) => {
            let text = serde_json::to_string(&event).expect("an event serializes");
            assert!(text.starts_with('{'), "{name} {place}");
        }
        Err(rejection) => {
            assert!(!rejection.issues.is_empty(), "{name} {place}");
            let parent = |p: &str| p.rsplit_once('/').map_or("", |(head, _)| head).to_owned();
            let related = rejection.issues.iter().any(|issue| {
                place.starts_with(&issue.path)
                    || issue.path.starts_with(place)
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

#[test]
fn every_value_replaced_by_every_other_type() {
    let replacements = [
        json!(null),
        json!(true),
        json!(-0.5),
        json!(12345678901234567890u64),
        json!(""),
        json!("¿qué? 🦜"),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({"k": "v"}),
    ];
    let mut count = 0;
    for (name, original) in fixtures() {
        let mut places = Vec::new();
        pointers(&original, String::new(), &mut places);
        for place in places.iter().filter(|p| !p.is_empty()) {
            for replacement in &replacements {
                let mut mutated = original.clone();
                if let Some(slot) = mutated.pointer_mut(place) {
                    *slot = replacement.clone();
                }
                check(&name, &mutated, mutated.to_string().as_bytes(), place);
                count += 1;
            }
        }
    }
    assert!(count > 5_000, "only {count} mutations");
}

#[test]
fn every_key_deleted_or_duplicated() {
    for (name, original) in fixtures() {
        let mut places = Vec::new();
        pointers(&original, String::new(), &mut places);
        for place in places.iter().filter(|p| !p.is_empty()) {
            let (parent, key) = place.rsplit_once('/').expect("a child pointer");
            let key = key.replace("~1", "/").replace("~0", "~");
            let mut mutated = original.clone();
            let removed = match mutated.pointer_mut(parent) {
                Some(Value::Object(members)) => members.remove(&key),
                _ => None,
            };
            let Some(removed) = removed else {
                continue;
            };
            check(&name, &mutated, mutated.to_string().as_bytes(), place);
            // The same key twice: the text is spliced, as serde_json maps cannot hold duplicates.
            let text = original.to_string();
            let member = format!("{}:{}", json!(key), removed);
            let duplicated = text.replacen(&member, &format!("{member},{member}"), 1);
            if duplicated != text {
                check(&name, &mutated, duplicated.as_bytes(), place);
            }
        }
    }
}
