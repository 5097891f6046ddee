//! The JavaScript decoder of the compact answer (`src/wasm/compact.rs`), generated from the Rust
//! types through the same ts-rs declarations as the TypeScript types, and checked in at
//! `pkg-config/decode.js`: the test fails when the file differs from what the types say,
//! `UPDATE_SCHEMA=1 cargo test --lib` rewrites it. One function per type builds its object as a
//! literal with the fields in declaration order (the order the serializer writes them), so every
//! object of a type has one shape and no key is ever read.
//!
//! Test-only (`#[cfg(test)]` in `lib.rs`): it reads the crate's own ts-rs declarations, never
//! request data, so an `expect` here can only fail on a broken generator, in a test.

use crate::schema::tests::check_generated;
use crate::typescript::declarations;

const DECODER_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-config/decode.js");

/// One declaration: a struct's fields (name, TypeScript type) or an enum's variant names.
enum Declaration {
    Struct(Vec<(String, String)>),
    Enum(Vec<String>),
}

/// `type Name = …;` without its doc comments: the name and what it declares.
fn parse(decl: &str) -> (String, Declaration) {
    let decl = strip_comments(decl);
    let rest = decl
        .trim()
        .trim_start_matches("type ")
        .trim_end_matches(';');
    let (name, body) = rest.split_once('=').expect("a ts-rs declaration");
    let body = body.trim();
    let declaration = match body.strip_prefix('{') {
        Some(fields) => Declaration::Struct(
            split_top_level(fields.trim_end_matches('}'))
                .into_iter()
                .map(|field| {
                    let (name, ty) = field.split_once(':').expect("a field");
                    (name.trim().to_owned(), ty.trim().to_owned())
                })
                .collect(),
        ),
        None => Declaration::Enum(
            body.split('|')
                .map(|variant| variant.trim().trim_matches('"').to_owned())
                .collect(),
        ),
    };
    (name.trim().to_owned(), declaration)
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The comma-separated parts of a field list, commas inside `{}` and `<>` left alone.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    for c in text.chars() {
        match c {
            '{' | '<' | '(' | '[' => depth += 1,
            '}' | '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|part| part.trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

/// The JavaScript expression that reads one value of TypeScript type `ty`.
fn reader(ty: &str, enums: &[String]) -> String {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_suffix("| null") {
        // Every reader of a scalar takes a null tag as null; a struct needs `opt`.
        let inner = inner.trim();
        return match inner.chars().next() {
            Some(c)
                if c.is_uppercase()
                    && !enums.iter().any(|e| e == inner)
                    && inner != "JsonValue" =>
            {
                format!("opt({})", lower_first(inner))
            }
            _ => reader(inner, enums),
        };
    }
    if let Some(item) = ty.strip_prefix("Array<").and_then(|t| t.strip_suffix('>')) {
        return format!("seq({})", function(item, enums));
    }
    if let Some(value) = ty
        .strip_prefix("{ [key in string]:")
        .and_then(|t| t.strip_suffix('}'))
    {
        return format!("map({})", function(value, enums));
    }
    match ty {
        "string" => "str()".into(),
        "number" => "num()".into(),
        "boolean" => "bool()".into(),
        "JsonValue" => "value()".into(),
        name if enums.iter().any(|e| e == name) => format!("variant({})", constant(name)),
        name => format!("{}()", lower_first(name)),
    }
}

/// A function reading one value of `ty` (for `seq` and `map`).
fn function(ty: &str, enums: &[String]) -> String {
    match ty.trim() {
        "string" => "str".into(),
        "number" => "num".into(),
        "boolean" => "bool".into(),
        "JsonValue" => "value".into(),
        name if !enums.iter().any(|e| e == name) && !name.contains(['<', '{', '|']) => {
            lower_first(name)
        }
        other => format!("() => {}", reader(other, enums)),
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// `EventKind` → `EVENT_KIND`.
fn constant(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn generate() -> String {
    let parsed: Vec<(String, Declaration)> = declarations(false).iter().map(|d| parse(d)).collect();
    let enums: Vec<String> = parsed
        .iter()
        .filter(|(_, d)| matches!(d, Declaration::Enum(_)))
        .map(|(name, _)| name.clone())
        .collect();
    let mut out = String::from(
        "// Generated from the Rust types (src/event.rs, src/error.rs) by `UPDATE_SCHEMA=1 cargo test --lib`.\n\
         // Do not edit by hand. Reads the compact answer of src/wasm/compact.rs (see compact.js).\n\
         import { begin, bool, map, num, open, opt, seq, str, value, variant } from \"./compact.js\";\n",
    );
    for (name, declaration) in &parsed {
        match declaration {
            Declaration::Enum(variants) => {
                let list: Vec<String> = variants.iter().map(|v| format!("{v:?}")).collect();
                out.push_str(&format!(
                    "\nconst {} = [{}];\n",
                    constant(name),
                    list.join(", ")
                ));
            }
            Declaration::Struct(fields) => {
                out.push_str(&format!(
                    "\nfunction {}() {{\n  open();\n  return {{\n",
                    lower_first(name)
                ));
                for (field, ty) in fields {
                    out.push_str(&format!("    {field}: {},\n", reader(ty, &enums)));
                }
                out.push_str("  };\n}\n");
            }
        }
    }
    out.push_str(
        "\n/** The answer from `slots[start]` and its two tables: `{ ok: true, event }` or `{ ok: false, issues }`. */\n\
         export function decodeAnswer(slots, start, asciiTable, wideTable) {\n  \
           begin(slots, start, asciiTable, wideTable);\n  \
           return bool() ? { ok: true, event: callEvent() } : { ok: false, issues: seq(issue) };\n\
         }\n",
    );
    out
}

#[test]
fn the_checked_in_decoder_is_what_the_types_say() {
    let generated = generate();
    let checked_in = std::fs::read_to_string(DECODER_PATH).unwrap_or_default();
    check_generated(DECODER_PATH, &checked_in, &generated);
}
