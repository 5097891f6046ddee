//! JSON Pointers (RFC 6901): the `path` of every issue and the keys of `extra`.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub(crate) fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Appends `/` and `token`, escaped, to `pointer`: the pointer of a member of the value at
/// `pointer`.
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape_token(token));
}

/// The pointer of the member `token` of the value at `pointer` (`""` for the root).
pub(crate) fn member(pointer: &str, token: &str) -> String {
    let mut member = String::with_capacity(pointer.len() + 1 + token.len());
    member.push_str(pointer);
    push_token(&mut member, token);
    member
}

/// Splits a pointer into unescaped tokens; `None` when it is not a pointer (no leading `/`).
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

use std::cell::OnceCell;

/// Where a value sits in the body, built without allocating: each step borrows its parent.
/// Turned into a pointer string only when an issue or an `extra` entry needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    step: Step<'p>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'p> {
    Root,
    Key(&'p str),
    /// An element, with the array's own pointer once written (shared by all its elements: a
    /// transcript's thousands of messages each write it once otherwise).
    Index(usize, &'p OnceCell<String>),
}

impl<'p> Path<'p> {
    /// The whole body.
    pub(crate) const ROOT: Path<'static> = Path {
        parent: None,
        step: Step::Root,
    };

    /// The member `key` of the object at this path.
    pub(crate) fn key(&'p self, key: &'p str) -> Path<'p> {
        Path {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// The element `index` of the array at this path; `pointer` holds the array's pointer once
    /// one of its elements has needed it (the same cell for every element).
    pub(crate) fn index(&'p self, index: usize, pointer: &'p OnceCell<String>) -> Path<'p> {
        Path {
            parent: Some(self),
            step: Step::Index(index, pointer),
        }
    }

    /// The RFC 6901 pointer string (built in one allocation: `extra` can hold thousands).
    pub(crate) fn pointer(&self) -> String {
        let mut pointer = String::with_capacity(self.len());
        self.write(&mut pointer);
        pointer
    }

    /// An upper bound of the pointer's length (escapes aside).
    fn len(&self) -> usize {
        let parent = || self.parent.map_or(0, Path::len);
        match self.step {
            Step::Root => 0,
            Step::Key(key) => 1 + key.len() + parent(),
            Step::Index(_, array) => 1 + 20 + array.get().map_or_else(parent, String::len),
        }
    }

    fn write(&self, pointer: &mut String) {
        match self.step {
            Step::Root => {}
            Step::Key(key) => {
                if let Some(parent) = self.parent {
                    parent.write(pointer);
                }
                push_token(pointer, key);
            }
            Step::Index(index, array) => {
                let array =
                    array.get_or_init(|| self.parent.map(Path::pointer).unwrap_or_default());
                pointer.push_str(array);
                pointer.push('/');
                pointer.push_str(itoa::Buffer::new().format(index));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape() {
        let root = Path::ROOT;
        let a = root.key("a/b");
        let cell = OnceCell::new();
        let b = a.index(3, &cell);
        let c = b.key("m~n");
        assert_eq!(c.pointer(), "/a~1b/3/m~0n");
        // The array's pointer is written once, for its first element that needs it.
        assert_eq!(cell.get().map(String::as_str), Some("/a~1b"));
        assert_eq!(a.index(4, &cell).key("m~n").pointer(), "/a~1b/4/m~0n");
        let top = OnceCell::new();
        let big = root.index(0, &top);
        assert_eq!(big.pointer(), "/0");
        assert_eq!(
            root.index(usize::MAX, &top).pointer(),
            format!("/{}", usize::MAX)
        );
        assert_eq!(root.index(1_234_567, &top).key("x").pointer(), "/1234567/x");
        let nested = OnceCell::new();
        assert_eq!(
            big.index(2, &nested).index(5, &OnceCell::new()).pointer(),
            "/0/2/5"
        );
        assert_eq!(root.pointer(), "");
        assert_eq!(tokens("/a~1b/3/m~0n").unwrap(), ["a/b", "3", "m~n"]);
        assert_eq!(tokens("").unwrap(), Vec::<String>::new());
        assert_eq!(tokens("/").unwrap(), [""]);
        assert!(tokens("a").is_none());
        // "~01" is "~1" unescaped, never "/".
        assert_eq!(tokens("/~01").unwrap(), ["~1"]);
    }
}
