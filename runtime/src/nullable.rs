//! A field that may be absent, explicitly `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The three states of an optional, nullable field.
///
/// `Option<T>` cannot tell an absent field from an explicit `null`, yet partial updates (PATCH)
/// depend on the difference: absent means "leave it", `null` means "clear it". Generated models
/// use this type for properties that are both optional and `nullable`, together with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so both states survive a
/// round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// The field was not present.
    #[default]
    Absent,
    /// The field was present with the value `null`.
    Null,
    /// The field was present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field was not present; used by `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when the field was an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one, dropping the absent/null distinction.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`: a caller who builds a value from an `Option` has
    /// decided the field is present.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Reached only when the field is not skipped, i.e. a caller serializes an absent
            // value directly; `null` is the only faithful JSON for it.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Called only when the field is present (absent fields take `Default`).
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn absent_null_and_value_survive_a_round_trip() {
        for text in [r#"{}"#, r#"{"name":null}"#, r#"{"name":"x"}"#] {
            let patch: Patch = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&patch).unwrap(), text);
        }
        let absent: Patch = serde_json::from_str("{}").unwrap();
        assert!(absent.name.is_absent());
        let null: Patch = serde_json::from_str(r#"{"name":null}"#).unwrap();
        assert!(null.name.is_null());
    }
}
