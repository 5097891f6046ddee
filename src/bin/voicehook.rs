//! The `voicehook` command: normalize stored webhook bodies, recognise their vendor, print the
//! schema. How a user replays webhooks and debugs an integration.
//!
//! ```text
//! voicehook normalize [--vendor V] [--mapping FILE] [--raw] [FILE...|-]
//! voicehook detect FILE...
//! voicehook schema
//! ```
//! `normalize` prints one JSON line per input, `{"ok":true,"event":{…}}` or
//! `{"ok":false,"issues":[…]}` (with `"file"` when reading files); it exits 0 when every input
//! normalized, 1 when any was rejected or unreadable, 2 on a usage error.

use serde_json::json;
use std::io::{self, Read, Write};
use std::process::ExitCode;
use voicehook::{Mapping, Options, Vendor};

const USAGE: &str = "\
usage: voicehook normalize [--vendor V] [--mapping FILE] [--raw] [FILE...|-]
       voicehook detect FILE...
       voicehook schema

vendors: starleads, staragent, callab, smallest_atoms, autocalls";

/// What went wrong before any input was read.
enum UsageError {
    Message(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(all_ok) => {
            if all_ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(UsageError::Message(message)) => {
            eprintln!("voicehook: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<bool, UsageError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(UsageError::Message("missing command".into()));
    };
    match command.as_str() {
        "normalize" => normalize(rest),
        "detect" => detect(rest),
        "schema" if rest.is_empty() => {
            print_line(voicehook::JSON_SCHEMA.trim_end());
            Ok(true)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(true)
        }
        other => Err(UsageError::Message(format!("unknown command `{other}`"))),
    }
}

fn normalize(args: &[String]) -> Result<bool, UsageError> {
    let mut options = Options::default();
    let mut inputs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--vendor" => {
                let name = args.next().ok_or_else(|| missing_value("--vendor"))?;
                let vendor = name
                    .parse::<Vendor>()
                    .map_err(|err| UsageError::Message(err.to_string()))?;
                options.vendor = Some(vendor);
            }
            "--mapping" => {
                let file = args.next().ok_or_else(|| missing_value("--mapping"))?;
                let text = std::fs::read_to_string(file)
                    .map_err(|err| UsageError::Message(format!("cannot read {file}: {err}")))?;
                let mapping = Mapping::from_json(&text).map_err(|rejection| {
                    UsageError::Message(format!("invalid mapping {file}: {rejection}"))
                })?;
                options.mapping = Some(mapping);
            }
            "--raw" => options.include_raw = true,
            flag if flag.starts_with("--") => {
                return Err(UsageError::Message(format!("unknown option `{flag}`")));
            }
            input => inputs.push(input.to_owned()),
        }
    }
    if inputs.is_empty() {
        inputs.push("-".to_owned());
    }
    let mut all_ok = true;
    for input in &inputs {
        let line = match read_input(input) {
            Ok(body) => match voicehook::normalize(&body, &options) {
                Ok(event) => json!({ "ok": true, "event": event }),
                Err(rejection) => {
                    all_ok = false;
                    json!({ "ok": false, "issues": rejection.issues })
                }
            },
            Err(err) => {
                all_ok = false;
                json!({ "ok": false, "error": err.to_string() })
            }
        };
        print_line(&with_file(line, input, inputs.len()).to_string());
    }
    Ok(all_ok)
}

fn detect(files: &[String]) -> Result<bool, UsageError> {
    if files.is_empty() {
        return Err(UsageError::Message("detect needs at least one file".into()));
    }
    let mut all_ok = true;
    for file in files {
        let line = match read_input(file) {
            Ok(body) => match voicehook::detect(&body) {
                Ok(vendor) => json!({ "ok": true, "vendor": vendor }),
                Err(rejection) => {
                    all_ok = false;
                    json!({ "ok": false, "issues": rejection.issues })
                }
            },
            Err(err) => {
                all_ok = false;
                json!({ "ok": false, "error": err.to_string() })
            }
        };
        print_line(&with_file(line, file, 2).to_string());
    }
    Ok(all_ok)
}

fn missing_value(flag: &str) -> UsageError {
    UsageError::Message(format!("{flag} needs a value"))
}

/// Names the file on each line when there is more than one input.
fn with_file(mut line: serde_json::Value, input: &str, inputs: usize) -> serde_json::Value {
    if inputs > 1 {
        if let Some(members) = line.as_object_mut() {
            members.insert("file".into(), json!(input));
        }
    }
    line
}

fn read_input(input: &str) -> io::Result<Vec<u8>> {
    if input == "-" {
        let mut body = Vec::new();
        io::stdin().read_to_end(&mut body)?;
        Ok(body)
    } else {
        std::fs::read(input)
    }
}

/// Prints a line; a closed pipe (`voicehook … | head`) is not an error worth a panic.
fn print_line(line: &str) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{line}");
}
