//! The mapping parser on any text, and a parsed mapping applied to any body: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::{normalize, Mapping, Options};

fuzz_target!(|data: &[u8]| {
    // The first half is the mapping, the second half the body.
    let (mapping, body) = data.split_at(data.len() / 2);
    let Ok(text) = std::str::from_utf8(mapping) else {
        return;
    };
    if let Ok(mapping) = Mapping::from_json(text) {
        let options = Options {
            mapping: Some(mapping),
            ..Options::default()
        };
        let _ = normalize(body, &options);
    }
});
