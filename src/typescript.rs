//! The TypeScript declarations of the schema, generated from the Rust types by ts-rs (a
//! dev-dependency) and checked in at `pkg-config/call-event.d.ts`, like the JSON Schema: the test
//! fails when the file differs from what the types say, `UPDATE_SCHEMA=1 cargo test --lib`
//! rewrites it. The npm package's own declarations import these.

use crate::error::{Issue, IssueCode, Rejection};
use crate::event::*;
use crate::schema::tests::check_generated;
use crate::vendor::Vendor;
use ts_rs::{Config, TS};

const DECLARATIONS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-config/call-event.d.ts");

/// One exported declaration with its doc comment.
fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

fn generate() -> String {
    // Our numbers are f64 and u32: JavaScript numbers, never bigint.
    let cfg = Config::new().with_large_int("number");
    let declarations = [
        declaration::<CallEvent>(&cfg),
        declaration::<EventKind>(&cfg),
        declaration::<Vendor>(&cfg),
        declaration::<Call>(&cfg),
        declaration::<Direction>(&cfg),
        declaration::<CallStatus>(&cfg),
        declaration::<Phone>(&cfg),
        declaration::<Agent>(&cfg),
        declaration::<Contact>(&cfg),
        declaration::<Campaign>(&cfg),
        declaration::<Transcript>(&cfg),
        declaration::<Message>(&cfg),
        declaration::<Role>(&cfg),
        declaration::<Outcome>(&cfg),
        declaration::<Metric>(&cfg),
        declaration::<Recording>(&cfg),
        declaration::<Voicemail>(&cfg),
        declaration::<InferredContact>(&cfg),
        declaration::<Issue>(&cfg),
        declaration::<IssueCode>(&cfg),
        declaration::<Rejection>(&cfg),
    ];
    let mut text = String::from(
        "// Generated from the Rust types (src/event.rs, src/error.rs) by `UPDATE_SCHEMA=1 cargo test --lib`.\n\
         // Do not edit by hand.\n\n\
         /** Any JSON value, as `JSON.parse` returns it. */\n\
         export type JsonValue = number | string | boolean | JsonValue[] | { [key: string]: JsonValue } | null;\n\n",
    );
    text.push_str(&declarations.join("\n"));
    text
}

#[test]
fn the_checked_in_declarations_are_what_the_types_say() {
    let generated = generate();
    let checked_in = std::fs::read_to_string(DECLARATIONS_PATH).unwrap_or_default();
    check_generated(DECLARATIONS_PATH, &checked_in, &generated);
}
