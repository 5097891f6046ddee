//! `normalize` with detection (no vendor hint), and `detect`, on any bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::{detect, normalize, Options};

fuzz_target!(|body: &[u8]| {
    let normalized = normalize(body, &Options::default());
    let detected = detect(body);
    // A body that normalizes without a hint was recognised, as `detect` says.
    if let Ok(event) = &normalized {
        assert_eq!(detected.ok(), Some(event.vendor));
    }
});
