//! The one answer shape shared by the CLI's lines, the npm package's `safeNormalize` and the
//! Worker's dry run: `{"ok":true,"event":…}` (or `"vendor"`) and `{"ok":false,"issues":[…]}`.

use crate::error::Rejection;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A result serialized as `{"ok":true,"<key>":value}` or `{"ok":false,"issues":[…]}`.
pub struct Verdict<'a, T> {
    key: &'static str,
    result: &'a Result<T, Rejection>,
}

impl<'a, T: Serialize> Verdict<'a, T> {
    /// Names the success value `key` (`"event"` for `normalize`, `"vendor"` for `detect`).
    pub fn new(key: &'static str, result: &'a Result<T, Rejection>) -> Verdict<'a, T> {
        Verdict { key, result }
    }
}

impl<T: Serialize> Serialize for Verdict<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        match self.result {
            Ok(value) => {
                map.serialize_entry("ok", &true)?;
                map.serialize_entry(self.key, value)?;
            }
            Err(rejection) => {
                map.serialize_entry("ok", &false)?;
                map.serialize_entry("issues", &rejection.issues)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Issue, IssueCode};

    #[test]
    fn success_and_rejection_shapes() {
        let ok: Result<&str, Rejection> = Ok("starleads");
        let text = serde_json::to_string(&Verdict::new("vendor", &ok)).unwrap();
        assert_eq!(text, r#"{"ok":true,"vendor":"starleads"}"#);

        let issue = Issue::new(IssueCode::InvalidJson, "/a", "bad");
        let err: Result<&str, Rejection> = Err(Rejection::single(issue));
        let text = serde_json::to_string(&Verdict::new("vendor", &err)).unwrap();
        assert_eq!(
            text,
            r#"{"ok":false,"issues":[{"code":"invalid_json","path":"/a","expected":null,"found":null,"message":"bad"}]}"#
        );
    }
}
