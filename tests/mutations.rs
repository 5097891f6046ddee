//! Every fixture, mutated everywhere: each value replaced by every other JSON type, each key
//! deleted, each key duplicated. The result must be an event or a rejection whose issues point at
//! (or above) the mutated place, and nothing may panic. Deterministic, so it runs in every suite.

mod common;

use common::{check, normalizable_fixtures as fixtures, pointers};
use serde_json::{json, Value};

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
    for fixture in fixtures() {
        let original = &fixture.value;
        let mut places = Vec::new();
        pointers(original, String::new(), &mut places);
        for place in places.iter().filter(|p| !p.is_empty()) {
            for replacement in &replacements {
                let mut mutated = original.clone();
                if let Some(slot) = mutated.pointer_mut(place) {
                    *slot = replacement.clone();
                }
                check(&fixture, &mutated, mutated.to_string().as_bytes(), place);
                count += 1;
            }
        }
    }
    assert!(count > 5_000, "only {count} mutations");
}

#[test]
fn every_key_deleted_or_duplicated() {
    for fixture in fixtures() {
        let original = &fixture.value;
        let mut places = Vec::new();
        pointers(original, String::new(), &mut places);
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
            check(&fixture, &mutated, mutated.to_string().as_bytes(), place);
            // The same key twice: the text is spliced, as serde_json maps cannot hold duplicates.
            let text = original.to_string();
            let member = format!("{}:{}", json!(key), removed);
            let duplicated = text.replacen(&member, &format!("{member},{member}"), 1);
            if duplicated != text {
                check(&fixture, &mutated, duplicated.as_bytes(), place);
            }
        }
    }
}
