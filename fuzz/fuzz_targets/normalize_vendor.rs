//! `normalize` with each vendor hint (the first byte picks it), with and without `raw`: never a
//! panic, and a rejection always names at least one issue.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicehook::{normalize, Options, Vendor};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let vendor = Vendor::ALL[usize::from(selector) % Vendor::ALL.len()];
    let options = Options {
        vendor: Some(vendor),
        mapping: None,
        include_raw: selector & 0x80 != 0,
        // A form body under the form's content type, for one selector in four.
        content_type: (selector & 0x40 != 0 && selector & 0x20 != 0)
            .then(|| "application/x-www-form-urlencoded".to_owned()),
        ..Options::default()
    };
    match normalize(body, &options) {
        Ok(event) => assert_eq!(event.vendor, vendor),
        Err(rejection) => assert!(!rejection.issues.is_empty()),
    }
});
