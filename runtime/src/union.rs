//! Support for `oneOf`/`anyOf` unions: tagged by an OpenAPI `discriminator`, or told apart by
//! which member fits the value best.

use std::fmt;

/// Why a discriminated union could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscriminatorError {
    /// The value is not an object, or has no string at the discriminator property.
    MissingTag { property: &'static str },
    /// The discriminator names no known variant.
    UnknownTag {
        property: &'static str,
        tag: String,
        expected: &'static [&'static str],
    },
}

impl fmt::Display for DiscriminatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscriminatorError::MissingTag { property } => {
                write!(f, "missing string discriminator property `{property}`")
            }
            DiscriminatorError::UnknownTag {
                property,
                tag,
                expected,
            } => write!(
                f,
                "unknown `{property}` value `{tag}`, expected one of: {}",
                expected.join(", ")
            ),
        }
    }
}

impl std::error::Error for DiscriminatorError {}

/// Reads the discriminator of a tagged union and returns it with the whole value.
///
/// serde's internally tagged enums remove the tag before the variant sees the value, but
/// OpenAPI variants declare the discriminator as one of their own (often required) properties;
/// so generated unions read the tag here and hand the untouched value to the variant's type.
pub fn discriminated<'v>(
    value: &'v serde_json::Value,
    property: &'static str,
    expected: &'static [&'static str],
) -> Result<&'v str, DiscriminatorError> {
    let tag = value
        .get(property)
        .and_then(serde_json::Value::as_str)
        .ok_or(DiscriminatorError::MissingTag { property })?;
    if expected.contains(&tag) {
        Ok(tag)
    } else {
        Err(DiscriminatorError::UnknownTag {
            property,
            tag: tag.to_owned(),
            expected,
        })
    }
}

/// Writes a union variant whose type does not declare the discriminator property itself:
/// the variant's JSON object with the tag added.
pub fn serialize_tagged<T, S>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize,
    S: serde::Serializer,
{
    use serde::ser::Error;
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    match &mut json {
        serde_json::Value::Object(map) => {
            map.insert(
                property.to_owned(),
                serde_json::Value::String(tag.to_owned()),
            );
        }
        _ => return Err(S::Error::custom("a tagged union variant must be an object")),
    }
    serde::Serialize::serialize(&json, serializer)
}

/// One way to read a union's value: a member's type, wrapped in its variant.
pub type Variant<U> = fn(&serde_json::Value) -> Result<U, serde_json::Error>;

/// Decodes a union without a discriminator: the first member that reads the value and writes
/// it back unchanged wins; failing that, the member that keeps the most of it.
///
/// serde's `untagged` takes the first member that reads the value at all, and a member whose
/// properties are all optional reads any object, dropping what it does not declare; OpenAPI's
/// `oneOf`/`anyOf` mean the member the value matches, which is the one that keeps it.
pub fn best_variant<'de, D, U>(
    deserializer: D,
    union: &'static str,
    variants: &[Variant<U>],
) -> Result<U, D::Error>
where
    D: serde::Deserializer<'de>,
    U: serde::Serialize,
{
    use serde::de::Error as _;
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let mut best: Option<(usize, U)> = None;
    let mut errors = Vec::new();
    for variant in variants {
        match variant(&value) {
            Ok(decoded) => {
                let kept = serde_json::to_value(&decoded)
                    .map(|written| kept(&value, &written))
                    .unwrap_or(0);
                if kept == size(&value) {
                    return Ok(decoded);
                }
                if best.as_ref().is_none_or(|(most, _)| kept > *most) {
                    best = Some((kept, decoded));
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    match best {
        Some((_, decoded)) => Ok(decoded),
        None => Err(D::Error::custom(format!(
            "the value matches no member of `{union}`: {}",
            errors.join("; ")
        ))),
    }
}

/// Whether two JSON numbers are the same number, as JSON Schema compares them (`2` and `2.0`
/// are; integers beyond `f64`'s precision are compared exactly).
pub(crate) fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(a), Some(b), _, _) => a == b,
        (_, _, Some(a), Some(b)) => a == b,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// How many scalars and members a value has.
fn size(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    match value {
        Value::Object(members) => members.values().map(|v| 1 + size(v)).sum(),
        Value::Array(items) => items.iter().map(size).sum::<usize>().max(1),
        _ => 1,
    }
}

/// How much of `original` survives in `written`: members present in both (and what they
/// keep), items pairwise, scalars equal by value.
fn kept(original: &serde_json::Value, written: &serde_json::Value) -> usize {
    use serde_json::Value;
    match (original, written) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .filter_map(|(key, a)| b.get(key).map(|b| 1 + kept(a, b)))
            .sum(),
        (Value::Array(a), Value::Array(b)) if a.is_empty() && b.is_empty() => 1,
        (Value::Array(a), Value::Array(b)) => a.iter().zip(b).map(|(a, b)| kept(a, b)).sum(),
        (Value::Number(a), Value::Number(b)) => usize::from(same_number(a, b)),
        (a, b) => usize::from(a == b),
    }
}

#[cfg(test)]
mod best_variant_tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Short {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Long {
        a: String,
        b: Vec<i64>,
    }

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Either {
        Short(Short),
        Long(Long),
        Number(f64),
    }

    fn decode(text: &str) -> Result<Either, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        best_variant(
            &mut deserializer,
            "Either",
            &[
                |v| Short::deserialize(v).map(Either::Short),
                |v| Long::deserialize(v).map(Either::Long),
                |v| f64::deserialize(v).map(Either::Number),
            ],
        )
    }

    #[test]
    fn numbers_are_equal_by_value() {
        let n = |text: &str| serde_json::from_str::<serde_json::Number>(text).unwrap();
        assert!(same_number(&n("2"), &n("2.0")));
        assert!(same_number(&n("-3"), &n("-3")));
        // Beyond f64's precision, integers stay exact.
        assert!(!same_number(&n("9007199254740993"), &n("9007199254740992")));
        assert!(!same_number(
            &n("18446744073709551615"),
            &n("18446744073709551614")
        ));
        assert!(!same_number(&n("1.5"), &n("2")));
    }

    #[test]
    fn the_member_that_keeps_the_value_wins() {
        // `Short` reads this object too (ignoring `b`); `Long` keeps all of it.
        assert_eq!(
            decode(r#"{"a": "x", "b": [1]}"#).unwrap(),
            Either::Long(Long {
                a: "x".into(),
                b: vec![1]
            })
        );
        assert_eq!(
            decode(r#"{"a": "x"}"#).unwrap(),
            Either::Short(Short {
                a: Some("x".into())
            })
        );
        assert_eq!(decode("2").unwrap(), Either::Number(2.0));
        // Only `Short` reads it, though it keeps nothing: still better than an error.
        assert_eq!(
            decode(r#"{"c": 1}"#).unwrap(),
            Either::Short(Short { a: None })
        );
        let err = decode("true").unwrap_err().to_string();
        assert!(
            err.starts_with("the value matches no member of `Either`: "),
            "{err}"
        );
    }
}
