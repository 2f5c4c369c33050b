//! One function per OpenAPI keyword: what the expansion of `#[derive(Validate)]` calls.
//!
//! Each takes the value, the constraint, where the value sits and the list to push onto, and
//! does nothing when the value is absent (see the kind traits).

use super::{
    ArrayLike, Decimal, Format, JsonLike, Location, MapLike, Number, NumberLike, ObjectLike,
    StringLike, Violation,
};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// `1 item`, `2 items`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `minLength`: at least `min` Unicode scalar values (`char`s), as JSON Schema counts.
pub fn min_length<V: StringLike + ?Sized>(
    value: &V,
    min: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(text) = value.as_text() {
        let length = text.chars().count();
        if length < min {
            out.push(Violation::new(
                at,
                "minLength",
                format!(
                    "must be at least {} long, found {length}",
                    count(min, "character", "characters")
                ),
            ));
        }
    }
}

/// `maxLength`: at most `max` Unicode scalar values.
pub fn max_length<V: StringLike + ?Sized>(
    value: &V,
    max: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(text) = value.as_text() {
        // Counting stops once past the limit: a long text costs no more than `max` steps.
        let length = text.chars().take(max.saturating_add(1)).count();
        if length > max {
            let length = text.chars().count();
            out.push(Violation::new(
                at,
                "maxLength",
                format!(
                    "must be at most {} long, found {length}",
                    count(max, "character", "characters")
                ),
            ));
        }
    }
}

/// A `pattern`, compiled on first use and kept for the life of the program.
///
/// The expansion of `#[validate(pattern = "...")]` holds one in a `static` next to the check:
/// each pattern is compiled once, the first time it is checked, and every later check is a
/// plain atomic load (no lock, no lookup keyed by the pattern text, as a global cache would
/// need), while the compiling code lives here rather than in every expansion.
pub struct Pattern {
    source: &'static str,
    regex: OnceLock<Result<Regex, PatternError>>,
}

/// A compiled pattern. The `regex` crate (linear time, no backtracking) takes every pattern
/// it can; look-around and backreferences, which ECMA-262 has and real specs use (a name
/// that must not look like a UUID: `^(?![0-9a-f]{8}-...)`), fall back to `fancy-regex`,
/// which backtracks only inside those constructs and delegates the rest to `regex`.
#[derive(Debug)]
pub enum Regex {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

/// Why a pattern cannot be compiled or a text cannot be checked against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(String);

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PatternError {}

impl Regex {
    /// Compiles `pattern` (already in the `regex` crate's dialect, see [`ecma_classes`]).
    pub fn new(pattern: &str) -> Result<Regex, PatternError> {
        match regex::Regex::new(pattern) {
            Ok(regex) => Ok(Regex::Linear(regex)),
            Err(linear) => match fancy_regex::Regex::new(pattern) {
                Ok(regex) => Ok(Regex::Backtracking(regex)),
                // The `regex` crate's message names the offending part of the pattern.
                Err(_) => Err(PatternError(linear.to_string())),
            },
        }
    }

    /// Whether `text` contains a match; `Err` only when backtracking gave up.
    pub fn is_match(&self, text: &str) -> Result<bool, PatternError> {
        match self {
            Regex::Linear(regex) => Ok(regex.is_match(text)),
            Regex::Backtracking(regex) => regex
                .is_match(text)
                .map_err(|e| PatternError(e.to_string())),
        }
    }
}

impl Pattern {
    /// A pattern with the ECMA-262 source `source`, not compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }

    /// The source text, as written in the schema.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The compiled regex (compiled on the first call, from [`ecma_classes`] of the source).
    ///
    /// An error is possible only for a pattern the derive did not check (it rejects those at
    /// build time).
    pub fn regex(&self) -> Result<&Regex, &PatternError> {
        self.regex
            .get_or_init(|| Regex::new(&ecma_classes(self.source)))
            .as_ref()
    }

    /// Whether `text` contains a match: JSON Schema patterns are not anchored.
    pub fn is_match(&self, text: &str) -> Result<bool, PatternError> {
        self.regex().map_err(Clone::clone)?.is_match(text)
    }
}

/// `\d`, `\D`, `\w` and `\W` of an ECMA-262 pattern, which are ASCII-only there, spelled out
/// for the `regex` crate, where they are Unicode-aware (`\d` would match `٣`).
///
/// The rest of the syntax OpenAPI patterns use in practice (anchors, classes, quantifiers,
/// groups, alternation, `\s`, `\b`) means the same in both; look-around and backreferences
/// do not exist in the `regex` crate and are compiled by `fancy-regex` (see [`Regex`]).
///
/// ```
/// use apigen_runtime::validate::ecma_classes;
/// assert_eq!(ecma_classes(r"^\d{4}-\w+$"), "^[0-9]{4}-[0-9A-Za-z_]+$");
/// assert_eq!(ecma_classes(r"[\d.\W]"), "[0-9.[:^word:]]");
/// assert_eq!(ecma_classes(r"\\d"), r"\\d");
/// ```
pub fn ecma_classes(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains(['d', 'D', 'w', 'W']) || !pattern.contains('\\') {
        return std::borrow::Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 8);
    // Depth of `[...]` classes (the `regex` crate nests them), and whether the previous
    // character opened one, where a `]` is a literal.
    let mut depth = 0_usize;
    let mut class_start = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => match (chars.next(), depth > 0) {
                (Some('d'), false) => out.push_str("[0-9]"),
                (Some('d'), true) => out.push_str("0-9"),
                (Some('D'), false) => out.push_str("[^0-9]"),
                (Some('D'), true) => out.push_str("[:^digit:]"),
                (Some('w'), false) => out.push_str("[0-9A-Za-z_]"),
                (Some('w'), true) => out.push_str("0-9A-Za-z_"),
                (Some('W'), false) => out.push_str("[^0-9A-Za-z_]"),
                (Some('W'), true) => out.push_str("[:^word:]"),
                (Some(escaped), _) => {
                    out.push('\\');
                    out.push(escaped);
                }
                (None, _) => out.push('\\'),
            },
            '[' => {
                out.push('[');
                depth += 1;
                class_start = true;
            }
            '^' if at_class_start => {
                out.push('^');
                class_start = true;
            }
            ']' if depth > 0 && !at_class_start => {
                out.push(']');
                depth -= 1;
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// `pattern`: the text contains a match of the regex (add `^...$` to the pattern to match the
/// whole text).
pub fn pattern<V: StringLike + ?Sized>(
    value: &V,
    pattern: &Pattern,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(text) = value.as_text() {
        match pattern.is_match(text) {
            Ok(true) => {}
            Ok(false) => out.push(Violation::new(
                at,
                "pattern",
                format!("does not match pattern {}", pattern.source()),
            )),
            // Reported rather than panicking or passing silently: the value was not checked.
            Err(error) => out.push(Violation::new(
                at,
                "pattern",
                format!(
                    "cannot be checked against pattern {}: {error}",
                    pattern.source()
                ),
            )),
        }
    }
}

/// `format`, for the formats of [`Format`]; the expansion calls nothing for other formats.
pub fn format<V: StringLike + ?Sized>(
    value: &V,
    format: Format,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(text) = value.as_text() {
        if !format.matches(text) {
            out.push(Violation::new(
                at,
                "format",
                format!("is not a valid {}", format.description()),
            ));
        }
    }
}

/// `minimum`, with OpenAPI 3.0's boolean `exclusiveMinimum`. A NaN fails.
pub fn minimum<V: NumberLike + ?Sized>(
    value: &V,
    min: Number,
    exclusive: bool,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(number) = value.as_number() {
        let ok = match number.compare(min) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => !exclusive,
            Some(Ordering::Less) | None => false,
        };
        if !ok {
            let op = if exclusive { ">" } else { "≥" };
            out.push(Violation::new(
                at,
                "minimum",
                format!("must be {op} {min}, found {number}"),
            ));
        }
    }
}

/// `maximum`, with OpenAPI 3.0's boolean `exclusiveMaximum`. A NaN fails.
pub fn maximum<V: NumberLike + ?Sized>(
    value: &V,
    max: Number,
    exclusive: bool,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(number) = value.as_number() {
        let ok = match number.compare(max) {
            Some(Ordering::Less) => true,
            Some(Ordering::Equal) => !exclusive,
            Some(Ordering::Greater) | None => false,
        };
        if !ok {
            let op = if exclusive { "<" } else { "≤" };
            out.push(Violation::new(
                at,
                "maximum",
                format!("must be {op} {max}, found {number}"),
            ));
        }
    }
}

/// `multipleOf`, decided exactly in decimal (see [`Decimal::divides`]): `0.3` is a multiple
/// of `0.1`, `0.30000000000000004` is not. NaN and infinities fail.
pub fn multiple_of<V: NumberLike + ?Sized>(
    value: &V,
    divisor: Decimal,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(number) = value.as_number() {
        if divisor.divides(number) != Some(true) {
            out.push(Violation::new(
                at,
                "multipleOf",
                format!("must be a multiple of {divisor}, found {number}"),
            ));
        }
    }
}

/// `minItems`.
pub fn min_items<V: ArrayLike + ?Sized>(
    value: &V,
    min: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(items) = value.as_items() {
        if items.len() < min {
            out.push(Violation::new(
                at,
                "minItems",
                format!(
                    "must have at least {}, found {}",
                    count(min, "item", "items"),
                    items.len()
                ),
            ));
        }
    }
}

/// `maxItems`.
pub fn max_items<V: ArrayLike + ?Sized>(
    value: &V,
    max: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(items) = value.as_items() {
        if items.len() > max {
            out.push(Violation::new(
                at,
                "maxItems",
                format!(
                    "must have at most {}, found {}",
                    count(max, "item", "items"),
                    items.len()
                ),
            ));
        }
    }
}

/// `uniqueItems`: one violation per item equal to an earlier one, naming both indexes.
///
/// Items are compared with `PartialEq`, pairwise. For the types apigen generates that is JSON
/// equality (derived `PartialEq` compares every field; maps compare regardless of order; an
/// absent and a `null` `Nullable` differ, as on the wire), it needs no `Serialize` bound and
/// allocates nothing. It is O(n²): about 5 million comparisons for 3,000 items, fine for the
/// arrays that carry `uniqueItems` (tags, ids, enum values); hashing serialized items would
/// scale further but would allocate for every item and would tell apart two
/// `serde_json::Value` objects whose keys are in a different order.
pub fn unique_items<V>(value: &V, at: Location<'_>, out: &mut Vec<Violation>)
where
    V: ArrayLike + ?Sized,
    V::Item: PartialEq,
{
    if let Some(items) = value.as_items() {
        for (later, item) in items.iter().enumerate().skip(1) {
            if let Some(earlier) = items[..later].iter().position(|other| other == item) {
                out.push(Violation::new(
                    at,
                    "uniqueItems",
                    format!("items must be unique, but item {later} equals item {earlier}"),
                ));
            }
        }
    }
}

/// A value an `enum` allows, in `#[validate(enum_values = [1, "auto", 2.5, true, null])]`:
/// the enums that no Rust enum carries (of numbers, or of mixed JSON types).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    Int(i128),
    Float(f64),
    Str(&'static str),
    Bool(bool),
    Null,
}

impl Literal {
    /// Equal as JSON: numbers by value (`1` and `1.0` are the same number).
    fn matches(&self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, value) {
            (Literal::Int(i), Value::Number(n)) => {
                n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)) == Some(*i)
                    || n.as_f64() == Some(*i as f64) && !n.is_i64() && !n.is_u64()
            }
            (Literal::Float(x), Value::Number(n)) => n.as_f64() == Some(*x),
            (Literal::Str(s), Value::String(t)) => s == t,
            (Literal::Bool(b), Value::Bool(c)) => b == c,
            (Literal::Null, Value::Null) => true,
            _ => false,
        }
    }
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Str(s) => write!(f, "{s:?}"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Null => f.write_str("null"),
        }
    }
}

/// `enum` of values no Rust enum carries: the value must equal one of `allowed`.
pub fn enum_values<V: JsonLike + ?Sized>(
    value: &V,
    allowed: &[Literal],
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(json) = value.as_json() {
        if !allowed.iter().any(|literal| literal.matches(&json)) {
            let list: Vec<String> = allowed.iter().map(Literal::to_string).collect();
            out.push(Violation::new(
                at,
                "enum",
                format!("must be one of {}, found {json}", list.join(", ")),
            ));
        }
    }
}

/// `minProperties`, on a map or on a struct (counting the properties present on the wire).
pub fn min_properties<V: ObjectLike + ?Sized>(
    value: &V,
    min: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(n) = value.property_count() {
        if n < min {
            out.push(Violation::new(
                at,
                "minProperties",
                format!(
                    "must have at least {}, found {n}",
                    count(min, "property", "properties")
                ),
            ));
        }
    }
}

/// `maxProperties`.
pub fn max_properties<V: ObjectLike + ?Sized>(
    value: &V,
    max: usize,
    at: Location<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(n) = value.property_count() {
        if n > max {
            out.push(Violation::new(
                at,
                "maxProperties",
                format!(
                    "must have at most {}, found {n}",
                    count(max, "property", "properties")
                ),
            ));
        }
    }
}

/// Runs `check` on every value of a map (`#[validate(values(...))]`), each at its key.
pub fn values<V, F>(value: &V, at: Location<'_>, out: &mut Vec<Violation>, mut check: F)
where
    V: MapLike + ?Sized,
    F: FnMut(&V::Value, Location<'_>, &mut Vec<Violation>),
{
    let mut pointer = None;
    value.each_entry(&mut |key, item| {
        let pointer = pointer.get_or_insert_with(|| at.to_pointer());
        check(item, Location::key(pointer, key), out);
    });
}

/// Runs `check` on every item of an array (`#[validate(each(...))]`), each at its index.
pub fn each<V, F>(value: &V, at: Location<'_>, out: &mut Vec<Violation>, mut check: F)
where
    V: ArrayLike + ?Sized,
    F: FnMut(&V::Item, Location<'_>, &mut Vec<Violation>),
{
    if let Some(items) = value.as_items() {
        if items.is_empty() {
            return;
        }
        let pointer = at.to_pointer();
        for (index, item) in items.iter().enumerate() {
            check(item, Location::index(&pointer, index), out);
        }
    }
}
