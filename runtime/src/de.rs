//! What `#[derive(apigen_runtime::Deserialize)]` expands to calls: the key of a property, and
//! serde's rule for a property that is absent.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The key of an object property: borrowed from the input when the format allows it. One
/// type for every struct, where serde's derive writes a field enum per struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(v) {
            Ok(s) => Ok(Key(Cow::Borrowed(s))),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(v) {
            Ok(s) => Ok(Key(Cow::Owned(s.to_owned()))),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    /// Formats without names for fields send their index; no generated field answers to a
    /// number, so it is an unknown property.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }
}

/// The value of an absent property, as serde's derive decides it: an `Option` is `None`,
/// anything else an error naming the property.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(field: &'static str) -> Result<T, E> {
    T::deserialize(Absent {
        field,
        error: PhantomData,
    })
}

/// A deserializer that has nothing: `None` to an `Option`, "missing field" to anything else.
struct Absent<E> {
    field: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.field))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_option_is_none_and_anything_else_an_error() {
        let none: Result<Option<u8>, serde_json::Error> = missing("a");
        assert_eq!(none.unwrap(), None);
        let error: Result<u8, serde_json::Error> = missing("a");
        assert_eq!(error.unwrap_err().to_string(), "missing field `a`");
    }

    #[test]
    fn keys_borrow_when_they_can() {
        let key: Key = serde_json::from_str(r#""plain""#).unwrap();
        assert!(matches!(key.0, Cow::Borrowed("plain")));
        let key: Key = serde_json::from_str(r#""esc\"aped""#).unwrap();
        assert_eq!(key.as_str(), "esc\"aped");
    }
}
