//! The input side: parsing a body into a borrowed tree and naming places in it.

pub(crate) mod float;
mod form;
mod parse;
pub(crate) mod pointer;
mod surrogates;
mod value;

pub(crate) use form::parse_form;
pub use parse::MAX_DEPTH;
pub(crate) use parse::{parse, parse_document};
pub(crate) use pointer::Path;
pub(crate) use surrogates::repair_lone_surrogates;
pub(crate) use value::Value;
