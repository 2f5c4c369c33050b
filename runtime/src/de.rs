//! What `#[derive(apigen_runtime::Deserialize)]` expands to calls: the key of a property, one
//! function per step of reading a struct's properties, serde's rule for a property that is
//! absent, and the variant of a unit enum. Written once here, generic over the format, so that
//! the code derived per type stays small (its type checking is what a large model costs).

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, VariantAccess, Visitor,
};
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
        utf8(v, &self).map(|s| Key(Cow::Borrowed(s)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
        utf8(v, &self).map(|s| Key(Cow::Owned(s.to_owned())))
    }

    /// Formats without names for fields send their index; no generated field answers to a
    /// number, so it is an unknown property.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }
}

/// Names sent as bytes (by formats that do) must be UTF-8 to match any wire name.
fn utf8<'a, E: de::Error>(v: &'a [u8], expected: &dyn de::Expected) -> Result<&'a str, E> {
    std::str::from_utf8(v).map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), expected))
}

/// Reads the value of the property whose key was just read into its slot; a key seen twice is
/// an error, as with serde's derive.
pub fn field<'de, M: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a property no field takes.
pub fn skip<'de, M: MapAccess<'de>>(map: &mut M) -> Result<(), M::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

thread_local! {
    /// Whether closed objects refuse undeclared properties on this thread now (see
    /// [`strictly`]). A thread-local, not a parameter: serde gives `Deserialize` no context,
    /// and a decode runs on one thread from start to end.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` with closed objects (`#[apigen(closed)]`, `additionalProperties: false`)
/// refusing undeclared properties, as a server must; outside it they are skipped, as a client
/// reading a newer server's responses wants. Nests, and restores the previous mode even if
/// `decode` panics.
pub fn strictly<R>(decode: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.set(self.0);
        }
    }
    let _restore = Restore(STRICT.replace(true));
    decode()
}

/// A property that a closed object does not declare: an error inside [`strictly`], skipped
/// elsewhere.
pub fn unknown<'de, M: MapAccess<'de>>(
    map: &mut M,
    key: &str,
    declared: &'static [&'static str],
) -> Result<(), M::Error> {
    if STRICT.get() {
        Err(de::Error::unknown_field(key, declared))
    } else {
        skip(map)
    }
}

/// A property's value once the map is read: serde's rule when it was absent ([`missing`]).
/// The map only names the error type.
pub fn take<'de, M: MapAccess<'de>, T: Deserialize<'de>>(
    _map: &M,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, M::Error> {
    match slot {
        Some(value) => Ok(value),
        None => missing(name),
    }
}

/// A property's value once the map is read: an error when it was absent, whatever its type.
pub fn require<'de, M: MapAccess<'de>, T>(
    _map: &M,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, M::Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// The index in `variants` of the unit variant on the wire, as serde's derive reads an enum
/// (a string, or whatever the format makes of `deserialize_enum`), with serde's messages.
pub fn unit_variant<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &'static [&'static str],
) -> Result<usize, D::Error> {
    deserializer.deserialize_enum(name, variants, UnitVariant { name, variants })
}

struct UnitVariant {
    name: &'static str,
    variants: &'static [&'static str],
}

impl<'de> Visitor<'de> for UnitVariant {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        VariantName(self.variants).visit_str(v)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(VariantName(self.variants))?;
        variant.unit_variant()?;
        Ok(index)
    }
}

/// The name of a variant, looked up while the format reads it (so its errors carry the
/// format's position), as serde's derive reads a variant identifier.
struct VariantName(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for VariantName {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for VariantName {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|variant| *variant == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        let s = utf8(v, &self)?;
        self.visit_str(s)
    }

    /// Formats without names for variants send their index.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(index) if index < self.0.len() => Ok(index),
            _ => Err(E::invalid_value(
                de::Unexpected::Unsigned(v),
                &format!("variant index 0 <= i < {}", self.0.len()).as_str(),
            )),
        }
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

    #[derive(Debug, PartialEq)]
    struct Variant(usize);

    impl<'de> Deserialize<'de> for Variant {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            unit_variant(deserializer, "Kind", &["a", "b-c"]).map(Variant)
        }
    }

    #[test]
    fn unit_variants_are_read_as_serde_reads_them() {
        let read = |json: &str| serde_json::from_str::<Variant>(json).map_err(|e| e.to_string());
        assert_eq!(read(r#""b-c""#), Ok(Variant(1)));
        assert_eq!(read(r#"{"a": null}"#), Ok(Variant(0)));
        assert_eq!(
            read(r#""d""#).unwrap_err(),
            "unknown variant `d`, expected `a` or `b-c` at line 1 column 3"
        );
        // serde_json's own answer to anything but a string or an object, as with serde's derive.
        assert_eq!(read("7").unwrap_err(), "expected value at line 1 column 1");
        assert!(read(r#"{"a": 1}"#).is_err());
    }

    #[test]
    fn keys_borrow_when_they_can() {
        let key: Key = serde_json::from_str(r#""plain""#).unwrap();
        assert!(matches!(key.0, Cow::Borrowed("plain")));
        let key: Key = serde_json::from_str(r#""esc\"aped""#).unwrap();
        assert_eq!(key.as_str(), "esc\"aped");
    }
}
