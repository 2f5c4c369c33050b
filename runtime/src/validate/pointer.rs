//! JSON pointers (RFC 6901), built only when a violation needs one.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// Escapes one reference token of a JSON pointer: `~` becomes `~0` and `/` becomes `~1`.
///
/// ```
/// assert_eq!(apigen_runtime::validate::escape("a/b~c"), "a~1b~0c");
/// ```
pub fn escape(token: &str) -> Cow<'_, str> {
    if !token.contains(['~', '/']) {
        return Cow::Borrowed(token);
    }
    let mut escaped = String::with_capacity(token.len() + 2);
    for c in token.chars() {
        match c {
            '~' => escaped.push_str("~0"),
            '/' => escaped.push_str("~1"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Where a checked value sits: a JSON pointer, possibly followed by one more reference token.
///
/// It is two borrowed parts and is `Copy`; the pointer text is built by
/// [`to_pointer`](Location::to_pointer) only when a violation is reported, so checking a valid
/// field allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    base: &'a str,
    token: Token<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    None,
    /// An object key, not yet escaped.
    Key(&'a str),
    Index(usize),
}

impl<'a> Location<'a> {
    /// The value at `pointer` itself (an already escaped JSON pointer, `""` for the root).
    pub const fn at(pointer: &'a str) -> Self {
        Location {
            base: pointer,
            token: Token::None,
        }
    }

    /// The member `key` (unescaped: a property name as on the wire) of the object at `pointer`.
    pub const fn key(pointer: &'a str, key: &'a str) -> Self {
        Location {
            base: pointer,
            token: Token::Key(key),
        }
    }

    /// The item `index` of the array at `pointer`.
    pub const fn index(pointer: &'a str, index: usize) -> Self {
        Location {
            base: pointer,
            token: Token::Index(index),
        }
    }

    /// The JSON pointer text.
    pub fn to_pointer(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Location<'_> {
    /// The JSON pointer text (`""` for the root).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base)?;
        match self.token {
            Token::None => Ok(()),
            Token::Key(key) => {
                f.write_char('/')?;
                f.write_str(&escape(key))
            }
            Token::Index(index) => write!(f, "/{index}"),
        }
    }
}
