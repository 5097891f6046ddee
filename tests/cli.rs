//! The `voicehook` command as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_voicehook");

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("voicehook runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("written");
    child.wait_with_output().expect("finished")
}

fn lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn normalize_files_one_line_each_exit_zero() {
    let a = fixture("staragent/incoming_call.json");
    let b = fixture("autocalls/post_call_string_transcript.json");
    let output = run(&["normalize", &a, &b], b"");
    assert_eq!(output.status.code(), Some(0));
    let lines = lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["file"], a.as_str());
    assert_eq!(lines[1]["event"]["vendor"], "autocalls");
}

#[test]
fn a_rejected_input_exits_one_and_says_why() {
    let output = run(&["normalize", "-"], b"{\"event\": ");
    assert_eq!(output.status.code(), Some(1));
    let lines = lines(&output);
    assert_eq!(lines[0]["ok"], false);
    assert_eq!(lines[0]["issues"][0]["code"], "invalid_json");
    let missing = run(&["normalize", "/nonexistent/file.json"], b"");
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn vendor_and_mapping_options() {
    let body = fixture("callab/custom_template_with_mapping.json");
    let mapping = fixture("callab/custom_template_with_mapping.mapping.json");
    let output = run(&["normalize", "--mapping", &mapping, &body], b"");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(lines(&output)[0]["event"]["kind"], "call.ended");
    let hinted = run(
        &[
            "normalize",
            "--vendor",
            "smallest-atoms",
            &fixture("smallest_atoms/draft_call_start.json"),
        ],
        b"",
    );
    assert_eq!(lines(&hinted)[0]["event"]["vendor"], "smallest_atoms");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&[], b"").status.code(), Some(2));
    let unknown = run(&["normalize", "--vendor", "acme"], b"");
    assert_eq!(unknown.status.code(), Some(2));
    // The usage lists every vendor of the registry.
    let usage = String::from_utf8_lossy(&unknown.stderr);
    for vendor in voicehook::Vendor::ALL {
        assert!(usage.contains(vendor.as_str()), "{usage}");
    }
    assert_eq!(run(&["normalize", "--bogus"], b"").status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(run(&["detect"], b"").status.code(), Some(2));
}

#[test]
fn detect_and_schema() {
    let output = run(
        &["detect", &fixture("starleads/webhook_pascal_case.json")],
        b"",
    );
    assert_eq!(lines(&output)[0]["vendor"], "starleads");
    let schema = run(&["schema"], b"");
    assert_eq!(schema.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("schema is JSON");
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn a_form_body_is_read_with_its_content_type() {
    let body =
        b"CallSid=CA1&CallStatus=ringing&Direction=inbound&From=%2B14155550143&To=%2B14155550100";
    let form = run(
        &[
            "normalize",
            "--content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        ],
        body,
    );
    assert_eq!(form.status.code(), Some(0));
    assert_eq!(lines(&form)[0]["event"]["vendor"], "twilio");
    let json = run(&["normalize"], body);
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(lines(&json)[0]["issues"][0]["code"], "invalid_json");
}
