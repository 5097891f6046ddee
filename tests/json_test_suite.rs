//! JSONTestSuite (github.com/nst/JSONTestSuite, `test_parsing/`, MIT): every `n_` file must be
//! rejected as invalid JSON (or invalid UTF-8), no file may panic, and no `y_` file may be called
//! invalid JSON (it may still be rejected for not being a webhook: not an object, no vendor).

use std::path::Path;
use voicehook::{normalize, IssueCode, Options, Vendor};

fn suite() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/JSONTestSuite/test_parsing");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("JSONTestSuite folder")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_owned();
            (name, std::fs::read(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

fn first_code(body: &[u8], options: &Options) -> Option<IssueCode> {
    normalize(body, options).err().and_then(|r| r.code())
}

#[test]
fn the_suite_is_all_there() {
    assert_eq!(suite().len(), 318);
}

/// Unclosed nesting deeper than the limit is refused as `too_deep` before its end is reached.
const TOO_DEEP: [&str; 2] = [
    "n_structure_100000_opening_arrays.json",
    "n_structure_open_array_object.json",
];

#[test]
fn n_files_are_invalid_json_or_invalid_utf8() {
    for (name, body) in suite().iter().filter(|(n, _)| n.starts_with("n_")) {
        let code = first_code(body, &Options::default());
        if TOO_DEEP.contains(&name.as_str()) {
            assert_eq!(code, Some(IssueCode::TooDeep), "{name}");
        } else {
            assert!(
                matches!(code, Some(IssueCode::InvalidJson | IssueCode::InvalidUtf8)),
                "{name}: {code:?}"
            );
        }
    }
}

#[test]
fn y_files_are_never_invalid_json() {
    for (name, body) in suite().iter().filter(|(n, _)| n.starts_with("y_")) {
        let code = first_code(body, &Options::default());
        assert!(
            !matches!(code, Some(IssueCode::InvalidJson | IssueCode::InvalidUtf8)),
            "{name}: {code:?}"
        );
    }
}

#[test]
fn no_file_panics_with_any_vendor_hint() {
    for (_, body) in suite() {
        let _ = normalize(&body, &Options::default());
        let _ = voicehook::detect(&body);
        for &vendor in Vendor::ALL {
            let options = Options {
                vendor: Some(vendor),
                include_raw: true,
                ..Options::default()
            };
            let _ = normalize(&body, &options);
        }
    }
}
