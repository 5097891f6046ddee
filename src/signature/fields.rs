//! Signature headers written as `key=value` pairs separated by commas (Retell's
//! `v=…,d=…`, ElevenLabs' `t=…,v0=…`).

/// Why a `key=value` list could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsError {
    /// A part without `=`, or with an empty key or value.
    Malformed,
    /// A key that must appear once appears more often (as when a header is sent twice and
    /// joined with `, `).
    Repeated,
}

/// The pairs of a header value, in order, with spaces around each part trimmed.
pub fn pairs(header: &str) -> Result<Vec<(&str, &str)>, FieldsError> {
    header
        .split(',')
        .map(|part| {
            let (key, value) = part.trim().split_once('=').ok_or(FieldsError::Malformed)?;
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() || value.is_empty() {
                return Err(FieldsError::Malformed);
            }
            Ok((key, value))
        })
        .collect()
}

/// The value of `key`, which must appear exactly once.
pub fn single<'a>(pairs: &[(&str, &'a str)], key: &str) -> Result<&'a str, FieldsError> {
    let mut found = pairs.iter().filter(|(k, _)| *k == key).map(|(_, v)| *v);
    match (found.next(), found.next()) {
        (Some(value), None) => Ok(value),
        (None, _) => Err(FieldsError::Malformed),
        (Some(_), Some(_)) => Err(FieldsError::Repeated),
    }
}

/// Every value of `key` (a sender may list several signatures while it rotates its secret).
pub fn all<'a>(pairs: &'a [(&str, &'a str)], key: &'a str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| *k == key)
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_refuses_the_malformed() {
        let parsed = pairs("t=1, v0=ab ,v0=cd").unwrap();
        assert_eq!(parsed, [("t", "1"), ("v0", "ab"), ("v0", "cd")]);
        assert_eq!(single(&parsed, "t"), Ok("1"));
        assert_eq!(single(&parsed, "v0"), Err(FieldsError::Repeated));
        assert_eq!(single(&parsed, "x"), Err(FieldsError::Malformed));
        assert_eq!(all(&parsed, "v0").collect::<Vec<_>>(), ["ab", "cd"]);
        for bad in ["", "t", "t=", "=1", "t=1,", "t=1,,v0=a"] {
            assert_eq!(pairs(bad), Err(FieldsError::Malformed), "{bad:?}");
        }
    }
}
