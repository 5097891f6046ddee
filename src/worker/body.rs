//! Reading a request body without ever holding more than the limit: bytes are counted as they
//! stream in, and reading stops at `MAX_BODY_BYTES` whatever `Content-Length` says (a chunked
//! body declares nothing). Also what is kept of a refused body, and its headers without
//! credentials.

use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use worker::{Request, Result};

/// How much of a refused body is kept as its trace.
pub const TRACE_BYTES: usize = 64 * 1024;

/// A body read up to a limit.
pub struct Body {
    /// The bytes read (all of them when `over` is false).
    pub bytes: Vec<u8>,
    /// Whether the body is larger than the limit (declared, or found while reading).
    pub over: bool,
}

/// Reads the body up to `limit` bytes. A declared length over the limit reads only a trace;
/// otherwise reading stops one byte past the limit.
pub async fn read_limited(req: &mut Request, limit: usize) -> Result<Body> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|length| length.trim().parse::<u64>().ok());
    let declared_over = declared.is_some_and(|length| length > limit as u64);
    let cap = if declared_over {
        TRACE_BYTES
    } else {
        limit.saturating_add(1)
    };
    let Ok(mut stream) = req.stream() else {
        // No body at all.
        return Ok(Body {
            bytes: Vec::new(),
            over: false,
        });
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = cap.saturating_sub(bytes.len());
        bytes.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
        if bytes.len() >= cap {
            break;
        }
    }
    Ok(Body {
        over: declared_over || bytes.len() > limit,
        bytes,
    })
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::signature::encoding::encode_hex(&Sha256::digest(bytes))
}

/// Header names whose values are never kept: credentials and signatures.
const SECRET_WORDS: [&str; 7] = [
    "auth",
    "token",
    "secret",
    "signature",
    "key",
    "cookie",
    "password",
];

/// The longest header value kept.
const MAX_HEADER_VALUE: usize = 1024;

/// The request's headers as a JSON object, without any that may carry a credential.
pub fn headers_without_credentials(req: &Request) -> String {
    let kept: serde_json::Map<String, serde_json::Value> = req
        .headers()
        .entries()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            !SECRET_WORDS.iter().any(|word| name.contains(word))
        })
        .map(|(name, value)| {
            let value: String = value.chars().take(MAX_HEADER_VALUE).collect();
            (name, serde_json::Value::String(value))
        })
        .collect();
    serde_json::Value::Object(kept).to_string()
}
