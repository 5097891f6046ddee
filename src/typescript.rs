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

/// The ts-rs configuration: our numbers are f64 and u32, JavaScript numbers, never bigint.
pub(crate) fn config() -> Config {
    Config::new().with_large_int("number")
}

/// Every declaration of the schema, in order, with its doc comment (or, `docs` false, without).
pub(crate) fn declarations(docs: bool) -> Vec<String> {
    fn one<T: TS>(cfg: &Config, docs: bool) -> String {
        match docs {
            true => declaration::<T>(cfg),
            false => T::decl(cfg),
        }
    }
    let cfg = config();
    vec![
        one::<CallEvent>(&cfg, docs),
        one::<EventKind>(&cfg, docs),
        one::<Vendor>(&cfg, docs),
        one::<Call>(&cfg, docs),
        one::<Direction>(&cfg, docs),
        one::<CallStatus>(&cfg, docs),
        one::<Phone>(&cfg, docs),
        one::<Agent>(&cfg, docs),
        one::<Contact>(&cfg, docs),
        one::<Campaign>(&cfg, docs),
        one::<Transcript>(&cfg, docs),
        one::<Message>(&cfg, docs),
        one::<Role>(&cfg, docs),
        one::<Outcome>(&cfg, docs),
        one::<Metric>(&cfg, docs),
        one::<Recording>(&cfg, docs),
        one::<Voicemail>(&cfg, docs),
        one::<InferredContact>(&cfg, docs),
        one::<Issue>(&cfg, docs),
        one::<IssueCode>(&cfg, docs),
        one::<Rejection>(&cfg, docs),
    ]
}

fn generate() -> String {
    let declarations = declarations(true);
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
