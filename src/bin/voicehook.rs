//! The `voicehook` command: normalize stored webhook bodies, recognise their vendor, print the
//! schema. How a user replays webhooks and debugs an integration.
//!
//! ```text
//! voicehook normalize [--vendor V] [--mapping FILE] [--raw] [--content-type VALUE] [FILE...|-]
//! voicehook detect FILE...
//! voicehook schema
//! ```
//! `normalize` prints one JSON line per input, `{"ok":true,"event":{…}}` or
//! `{"ok":false,"issues":[…]}` (with `"file"` when reading files); it exits 0 when every input
//! normalized, 1 when any was rejected or unreadable, 2 on a usage error.

use serde_json::json;
use std::io::{self, Read, Write};
use std::process::ExitCode;
use voicehook::{Mapping, Options, Rejection, Vendor, Verdict};

const USAGE: &str = "\
usage: voicehook normalize [--vendor V] [--mapping FILE] [--raw] [--content-type VALUE] [FILE...|-]
       voicehook detect FILE...
       voicehook schema";

/// The usage text, with the vendors of the registry.
fn usage() -> String {
    format!("{USAGE}\n\nvendors: {}", Vendor::names())
}

/// What went wrong before any input was read.
struct UsageError(String);

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
        Err(UsageError(message)) => {
            eprintln!("voicehook: {message}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<bool, UsageError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(UsageError("missing command".into()));
    };
    match command.as_str() {
        "normalize" => normalize(rest),
        "detect" => detect(rest),
        "schema" if rest.is_empty() => {
            print_line(voicehook::JSON_SCHEMA.trim_end());
            Ok(true)
        }
        "-h" | "--help" | "help" => {
            println!("{}", usage());
            Ok(true)
        }
        other => Err(UsageError(format!("unknown command `{other}`"))),
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
                match name.parse::<Vendor>() {
                    Ok(vendor) => options.vendor = Some(vendor),
                    // A custom platform, read with --mapping.
                    Err(_) if voicehook::is_custom_vendor_name(name) => {
                        options.custom_vendor = Some(name.clone());
                    }
                    Err(err) => return Err(UsageError(err.to_string())),
                }
            }
            "--mapping" => {
                let file = args.next().ok_or_else(|| missing_value("--mapping"))?;
                let text = std::fs::read_to_string(file)
                    .map_err(|err| UsageError(format!("cannot read {file}: {err}")))?;
                let mapping = Mapping::from_json(&text).map_err(|rejection| {
                    UsageError(format!("invalid mapping {file}: {rejection}"))
                })?;
                options.mapping = Some(mapping);
            }
            "--raw" => options.include_raw = true,
            "--content-type" => {
                let value = args.next().ok_or_else(|| missing_value("--content-type"))?;
                options.content_type = Some(value.clone());
            }
            flag if flag.starts_with("--") => {
                return Err(UsageError(format!("unknown option `{flag}`")));
            }
            input => inputs.push(input.to_owned()),
        }
    }
    if options.custom_vendor.is_some() && options.mapping.is_none() {
        return Err(UsageError(
            "a vendor voicehook does not know is read with --mapping FILE".into(),
        ));
    }
    if inputs.is_empty() {
        inputs.push("-".to_owned());
    }
    let name_files = inputs.len() > 1;
    Ok(for_each_input(&inputs, name_files, |body| {
        verdict_line("event", &voicehook::normalize(body, &options))
    }))
}

fn detect(files: &[String]) -> Result<bool, UsageError> {
    if files.is_empty() {
        return Err(UsageError("detect needs at least one file".into()));
    }
    Ok(for_each_input(files, true, |body| {
        verdict_line("vendor", &voicehook::detect(body))
    }))
}

/// Runs `answer` on each input and prints one line for each; `true` when every input was read and
/// answered without a rejection.
fn for_each_input(
    inputs: &[String],
    name_files: bool,
    answer: impl Fn(&[u8]) -> serde_json::Value,
) -> bool {
    let mut all_ok = true;
    for input in inputs {
        let line = match read_input(input) {
            Ok(body) => answer(&body),
            Err(err) => json!({ "ok": false, "error": err.to_string() }),
        };
        all_ok &= line["ok"] == true;
        print_line(&with_file(line, input, name_files).to_string());
    }
    all_ok
}

/// One answer as a JSON line's value.
fn verdict_line<T: serde::Serialize>(
    key: &'static str,
    result: &Result<T, Rejection>,
) -> serde_json::Value {
    serde_json::to_value(Verdict::new(key, result))
        .unwrap_or_else(|err| json!({ "ok": false, "error": err.to_string() }))
}

fn missing_value(flag: &str) -> UsageError {
    UsageError(format!("{flag} needs a value"))
}

/// Names the file on each line when asked (several inputs, or `detect`).
fn with_file(mut line: serde_json::Value, input: &str, name_files: bool) -> serde_json::Value {
    if name_files {
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
