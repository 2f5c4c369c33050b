//! Support for `oneOf`/`anyOf` unions tagged by an OpenAPI `discriminator`.

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
