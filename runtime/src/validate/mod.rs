//! Validation of OpenAPI constraints on typed values.
//!
//! `#[derive(Validate)]` (from `apigen-macros`, re-exported as `apigen_runtime::Validate`)
//! implements [`Validate`] for a model from its `#[validate(...)]` attributes. Checking a value
//! reports **every** violation, each with a JSON pointer (RFC 6901) into the value as it travels
//! on the wire (field names are the serde names):
//!
//! ```
//! use apigen_runtime::validate::Validate as _;
//!
//! #[derive(apigen_runtime::Validate)]
//! struct Search {
//!     #[validate(min_length = 3)]
//!     q: String,
//!     #[validate(minimum = 1, maximum = 100)]
//!     per_page: Option<i32>,
//! }
//!
//! let err = Search { q: "ab".into(), per_page: Some(0) }.validate().unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "/q: must be at least 3 characters long, found 2\n/per_page: must be ≥ 1, found 0"
//! );
//! ```
//!
//! The keys: `min_length`, `max_length`, `pattern`, `format`, `minimum`, `maximum` (with
//! `exclusive_minimum`/`exclusive_maximum`), `multiple_of`, `min_items`, `max_items`,
//! `unique_items`, `min_properties`, `max_properties` (also on the struct), `enum_values` (an
//! `enum` no Rust enum carries: of numbers or of mixed JSON types), and for what a field holds,
//! `each(...)` (the items of an array) and `values(...)` (the values of a map); `skip_nested`
//! runs only the field's own constraints, for a value whose type was validated already. A union's
//! member carries its own on the payload of its tuple variant:
//!
//! ```
//! use apigen_runtime::validate::Validate as _;
//! use std::collections::BTreeMap;
//!
//! #[derive(apigen_runtime::Validate)]
//! enum Size {
//!     Named(#[validate(max_length = 3)] String),
//!     Number(#[validate(minimum = 1)] i64),
//! }
//!
//! #[derive(apigen_runtime::Validate)]
//! struct Item {
//!     #[validate(values(max_length = 5), max_properties = 10)]
//!     labels: BTreeMap<String, String>,
//!     #[validate(enum_values = [0.5, 1, "auto"])]
//!     ratio: serde_json::Value,
//!     size: Size,
//! }
//!
//! let item = Item {
//!     labels: BTreeMap::from([("a/b".to_owned(), "too long".to_owned())]),
//!     ratio: serde_json::json!(2),
//!     size: Size::Number(0),
//! };
//! let pointers: Vec<String> = item.validate().unwrap_err().into_iter().map(|v| v.pointer).collect();
//! assert_eq!(pointers, ["/labels/a~1b", "/ratio", "/size"]);
//! ```
//!
//! The functions of this module ([`min_length`], [`maximum`], [`pattern`], ...) are what the
//! derive's expansion calls, one call per constraint: the logic lives here, so the generated
//! code stays small. Each takes the value through a "kind" trait ([`StringLike`],
//! [`NumberLike`], [`ArrayLike`], [`ObjectLike`], [`MapLike`], [`JsonLike`]) implemented for
//! the plain types and for `Option`, [`Nullable`], `Box` and `serde_json::Value`; a wrapper
//! with no value (`None`, absent, `null`) or a `Value` of another JSON type is not checked, as
//! in JSON Schema (but `enum_values` may list `null`, which a `Nullable::Null` matches).

mod check;
mod format;
mod kinds;
mod number;
mod pointer;

#[cfg(test)]
mod tests;

use crate::{Binary, Date, DateTime, Nullable, Uuid};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

pub use check::{
    each, ecma_classes, enum_values, format, max_items, max_length, max_properties, maximum,
    min_items, min_length, min_properties, minimum, multiple_of, pattern, unique_items, values,
    Literal, Pattern, PatternError, Regex,
};
pub use format::Format;
pub use kinds::{ArrayLike, JsonLike, MapLike, NumberLike, ObjectLike, StringLike};
pub use number::{Decimal, Number};
pub use pointer::{escape, Location};

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer (RFC 6901) to the offending value; `""` is the whole value.
    pub pointer: String,
    /// The OpenAPI keyword that is broken: `minLength`, `maximum`, `pattern`, `format`, ...
    pub keyword: &'static str,
    /// What was expected and what was found, e.g. `must be ≤ 100, found 101`.
    pub message: String,
}

impl Violation {
    /// A violation at `at`.
    pub fn new(at: Location<'_>, keyword: &'static str, message: impl Into<String>) -> Self {
        Violation {
            pointer: at.to_pointer(),
            keyword,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// Every violation found in a value, in the order of its fields; never empty when returned by
/// [`Validate::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations, in order.
    pub fn as_slice(&self) -> &[Violation] {
        &self.0
    }

    /// The violations, in order.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// The violations, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Violations {
    /// One violation per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A value whose OpenAPI constraints can be checked.
///
/// Derive it with `#[derive(apigen_runtime::Validate)]`; implement it by hand for a type the
/// derive cannot see into, pushing one [`Violation`] per broken constraint.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `apigen_runtime::validate::Validate`",
    label = "a field of this type is validated recursively",
    note = "derive it with `#[derive(apigen_runtime::Validate)]`, or implement it by hand"
)]
pub trait Validate {
    /// Pushes every violation of `self`, which sits at JSON pointer `pointer` (`""` for the
    /// root), onto `out`.
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>);

    /// Like [`validate_into`](Validate::validate_into), with the pointer not yet built: leaves
    /// and absent values override it so that they cost no allocation.
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        self.validate_into(&at.to_pointer(), out);
    }

    /// Checks the whole value, returning every violation.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Vec::new();
        self.validate_into("", &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }
}

/// Types with nothing inside to check: constraints on them are checked by the field that
/// holds them.
macro_rules! leaf {
    ($($ty:ty),* $(,)?) => {$(
        impl Validate for $ty {
            #[inline]
            fn validate_into(&self, _pointer: &str, _out: &mut Vec<Violation>) {}
            #[inline]
            fn validate_at(&self, _at: Location<'_>, _out: &mut Vec<Violation>) {}
        }
    )*};
}

leaf!(
    String,
    str,
    bool,
    char,
    (),
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
    Date,
    DateTime,
    Uuid,
    Binary,
);

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        T::validate_into(self, pointer, out);
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        T::validate_at(self, at, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        T::validate_into(self, pointer, out);
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        T::validate_at(self, at, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_into(pointer, out);
        }
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(at, out);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        if let Nullable::Value(value) = self {
            value.validate_into(pointer, out);
        }
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        if let Nullable::Value(value) = self {
            value.validate_at(at, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(Location::index(pointer, index), out);
        }
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        // An empty list has nothing to point into.
        if !self.is_empty() {
            self.validate_into(&at.to_pointer(), out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        self.as_slice().validate_into(pointer, out);
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(at, out);
    }
}

impl<T: Validate, const N: usize> Validate for [T; N] {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        self.as_slice().validate_into(pointer, out);
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(at, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(Location::key(pointer, key), out);
        }
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        if !self.is_empty() {
            self.validate_into(&at.to_pointer(), out);
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    /// In key order, so that the violations come in the same order every time.
    fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            value.validate_at(Location::key(pointer, key), out);
        }
    }
    fn validate_at(&self, at: Location<'_>, out: &mut Vec<Violation>) {
        if !self.is_empty() {
            self.validate_into(&at.to_pointer(), out);
        }
    }
}
