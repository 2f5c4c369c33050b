//! Typed values from text: path segments, query strings, headers, form and multipart fields
//! all arrive as strings, possibly nested (`contact[name]=abc`, `ids=1,2,3`).
//!
//! Written by hand because the deserializers of serde_urlencoded and serde_qs are private
//! and neither understands OpenAPI's styles; this one parses a scalar only when the target type
//! asks for it (`"42"` becomes an `i64` for an integer field and stays a string for a string
//! field), which is what a string-typed wire needs.

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Text arranged the way the request nested it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextValue {
    Text(String),
    /// A multipart part that is not UTF-8 text: a file's bytes, for a binary property.
    Bytes(Vec<u8>),
    List(Vec<TextValue>),
    Map(IndexMap<String, TextValue>),
}

/// Why text did not fit the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError(pub String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl de::Error for TextError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TextError(msg.to_string())
    }
}

/// Deserializes `T` from text.
pub fn from_text<'de, T: serde::Deserialize<'de>>(value: &'de TextValue) -> Result<T, TextError> {
    T::deserialize(TextDeserializer(value))
}

/// How deep `a[b][c]` keys may nest: bounded so that hostile keys cannot exhaust the stack.
pub const MAX_DEPTH: usize = 32;

/// Builds a tree from `key=value` pairs whose keys use brackets (`contact[name]`,
/// `tags[]`, `a[b][c]`); repeated keys become lists.
pub fn tree_from_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<IndexMap<String, TextValue>, TextError> {
    tree_from_leaves(
        pairs
            .into_iter()
            .map(|(key, value)| (key, TextValue::Text(value.to_owned()))),
    )
}

/// Like [`tree_from_pairs`], with values that are already leaves (text, bytes, or a JSON part
/// read as a tree).
pub fn tree_from_leaves<'a>(
    leaves: impl IntoIterator<Item = (&'a str, TextValue)>,
) -> Result<IndexMap<String, TextValue>, TextError> {
    let mut root: IndexMap<String, TextValue> = IndexMap::new();
    for (key, value) in leaves {
        let path = bracket_path(key)?;
        insert(&mut root, &path, value)?;
    }
    Ok(root)
}

/// A JSON value as a text tree, for a multipart part sent as `application/json`: scalars
/// become their text (the text deserializer parses numbers and booleans back), `null`s are
/// left out, as text cannot say null.
pub fn from_json(value: &serde_json::Value) -> Option<TextValue> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::String(text) => Some(TextValue::Text(text.clone())),
        Value::Bool(_) | Value::Number(_) => Some(TextValue::Text(value.to_string())),
        Value::Array(items) => Some(TextValue::List(
            items.iter().filter_map(from_json).collect(),
        )),
        Value::Object(members) => Some(TextValue::Map(
            members
                .iter()
                .filter_map(|(key, value)| Some((key.clone(), from_json(value)?)))
                .collect(),
        )),
    }
}

/// `a[b][]` → [`a`, `b`, ``].
fn bracket_path(key: &str) -> Result<Vec<&str>, TextError> {
    let (head, mut rest) = match key.find('[') {
        Some(i) if key.ends_with(']') => (&key[..i], &key[i..]),
        _ => return Ok(vec![key]),
    };
    let mut path = vec![head];
    while let Some(stripped) = rest.strip_prefix('[') {
        let Some(close) = stripped.find(']') else {
            return Ok(vec![key]);
        };
        path.push(&stripped[..close]);
        rest = &stripped[close + 1..];
        if path.len() > MAX_DEPTH {
            return Err(TextError(format!(
                "`{}…` nests deeper than {MAX_DEPTH} levels",
                &key[..key.len().min(40)]
            )));
        }
    }
    if !rest.is_empty() {
        return Ok(vec![key]);
    }
    Ok(path)
}

fn insert(
    map: &mut IndexMap<String, TextValue>,
    path: &[&str],
    value: TextValue,
) -> Result<(), TextError> {
    let (first, rest) = path.split_first().expect("paths are never empty");
    if rest.is_empty() || rest == [""] {
        match map.get_mut(*first) {
            None => {
                let leaf = if rest.is_empty() {
                    value
                } else {
                    TextValue::List(vec![value])
                };
                map.insert((*first).to_owned(), leaf);
            }
            Some(TextValue::List(items)) => items.push(value),
            Some(existing @ (TextValue::Text(_) | TextValue::Bytes(_))) => {
                let previous = std::mem::replace(existing, TextValue::List(Vec::new()));
                *existing = TextValue::List(vec![previous, value]);
            }
            Some(TextValue::Map(_)) => {
                return Err(TextError(format!(
                    "`{first}` is given both as a value and as an object"
                )))
            }
        }
        return Ok(());
    }
    let entry = map
        .entry((*first).to_owned())
        .or_insert_with(|| TextValue::Map(IndexMap::new()));
    match entry {
        TextValue::Map(inner) => insert(inner, rest, value),
        _ => Err(TextError(format!(
            "`{first}` is given both as a value and as an object"
        ))),
    }
}

/// A [`serde::Deserializer`] over a [`TextValue`].
pub struct TextDeserializer<'a>(pub &'a TextValue);

impl<'a> TextDeserializer<'a> {
    fn text(&self, expected: &str) -> Result<&'a str, TextError> {
        match self.0 {
            TextValue::Text(text) => Ok(text),
            // A single value sent where one is expected, but repeated: take the last, as most
            // servers do for `?a=1&a=2` on a scalar.
            TextValue::List(items) => match items.last() {
                Some(TextValue::Text(text)) => Ok(text),
                Some(TextValue::Bytes(_)) => Err(not_text(expected)),
                _ => Err(TextError(format!("expected {expected}, found a list"))),
            },
            TextValue::Bytes(_) => Err(not_text(expected)),
            TextValue::Map(_) => Err(TextError(format!("expected {expected}, found an object"))),
        }
    }

    fn parse<T: std::str::FromStr>(&self, expected: &str) -> Result<T, TextError> {
        let text = self.text(expected)?;
        text.trim()
            .parse()
            .map_err(|_| TextError(format!("expected {expected}, found `{text}`")))
    }
}

fn not_text(expected: &str) -> TextError {
    TextError(format!(
        "expected {expected}, found binary data (not UTF-8 text)"
    ))
}

macro_rules! parse_number {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            visitor.$visit(self.parse::<$ty>($what)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for TextDeserializer<'de> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            TextValue::Text(text) => visitor.visit_borrowed_str(text),
            TextValue::Bytes(bytes) => visitor.visit_borrowed_bytes(bytes),
            TextValue::List(items) => visitor.visit_seq(Items(items.iter())),
            TextValue::Map(map) => visitor.visit_map(Entries {
                iter: map.iter(),
                value: None,
            }),
        }
    }

    parse_number! {
        deserialize_i8 visit_i8 i8, "an integer";
        deserialize_i16 visit_i16 i16, "an integer";
        deserialize_i32 visit_i32 i32, "an integer";
        deserialize_i64 visit_i64 i64, "an integer";
        deserialize_i128 visit_i128 i128, "an integer";
        deserialize_u8 visit_u8 u8, "a non-negative integer";
        deserialize_u16 visit_u16 u16, "a non-negative integer";
        deserialize_u32 visit_u32 u32, "a non-negative integer";
        deserialize_u64 visit_u64 u64, "a non-negative integer";
        deserialize_u128 visit_u128 u128, "a non-negative integer";
        deserialize_f32 visit_f32 f32, "a number";
        deserialize_f64 visit_f64 f64, "a number";
        deserialize_char visit_char char, "a character";
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.text("a boolean")? {
            "true" | "1" | "on" => visitor.visit_bool(true),
            "false" | "0" | "off" => visitor.visit_bool(false),
            other => Err(TextError(format!(
                "expected a boolean (`true` or `false`), found `{other}`"
            ))),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            // The visitor decides: `Binary` takes the bytes, `String` refuses them.
            TextValue::Bytes(bytes) => visitor.visit_borrowed_bytes(bytes),
            _ => visitor.visit_borrowed_str(self.text("a string")?),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            TextValue::Bytes(bytes) => visitor.visit_borrowed_bytes(bytes),
            _ => visitor.visit_borrowed_bytes(self.text("bytes")?.as_bytes()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        // Text cannot say null: a present value is always `Some`.
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            TextValue::List(items) => visitor.visit_seq(Items(items.iter())),
            // One occurrence of an exploded array.
            single @ (TextValue::Text(_) | TextValue::Bytes(_)) => {
                visitor.visit_seq(Items(std::slice::from_ref(single).iter()))
            }
            // `a[0]=x&a[1]=y`: a map with index keys.
            TextValue::Map(map) => {
                visitor.visit_seq(Items(map.values().collect::<Vec<_>>().into_iter()))
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            TextValue::Map(map) => visitor.visit_map(Entries {
                iter: map.iter(),
                value: None,
            }),
            // An object in one multipart part without a content type: JSON is OpenAPI's
            // default for object properties.
            TextValue::Text(text) if text.trim_start().starts_with('{') => {
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| TextError(format!("expected an object as JSON: {e}")))?;
                de::Deserializer::deserialize_map(value, visitor)
                    .map_err(|e| TextError(e.to_string()))
            }
            _ => Err(TextError("expected an object".to_owned())),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        let text = self.text("one of the allowed values")?;
        visitor.visit_enum(text.into_deserializer())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_unit()
    }
}

impl<'de> IntoDeserializer<'de, TextError> for &'de TextValue {
    type Deserializer = TextDeserializer<'de>;

    fn into_deserializer(self) -> TextDeserializer<'de> {
        TextDeserializer(self)
    }
}

struct Items<I>(I);

impl<'de, I: Iterator<Item = &'de TextValue>> SeqAccess<'de> for Items<I> {
    type Error = TextError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TextError> {
        match self.0.next() {
            Some(item) => seed.deserialize(TextDeserializer(item)).map(Some),
            None => Ok(None),
        }
    }
}

struct Entries<'de> {
    iter: indexmap::map::Iter<'de, String, TextValue>,
    value: Option<&'de TextValue>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = TextError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TextError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.as_str().into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TextError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| TextError("a value without a key".to_owned()))?;
        seed.deserialize(TextDeserializer(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Contact {
        name: String,
        phone1: Option<String>,
        age: Option<u32>,
        vip: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Form {
        contact: Contact,
        api_key: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn deep_object_keys_nest_and_scalars_parse_on_demand() {
        let tree = tree_from_pairs([
            ("contact[name]", "abc"),
            ("contact[phone1]", "987654321"),
            ("contact[age]", "42"),
            ("contact[vip]", "true"),
            ("tags", "a"),
            ("tags", "b"),
        ])
        .unwrap();
        let form: Form = from_text(&TextValue::Map(tree)).unwrap();
        assert_eq!(
            form,
            Form {
                contact: Contact {
                    name: "abc".into(),
                    phone1: Some("987654321".into()),
                    age: Some(42),
                    vip: Some(true),
                },
                api_key: None,
                tags: vec!["a".into(), "b".into()],
            }
        );
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Upload {
        file: crate::Binary,
        #[serde(default)]
        files: Vec<crate::Binary>,
        contact: Contact,
        note: Option<String>,
    }

    #[test]
    fn multipart_leaves_carry_bytes_and_json_objects() {
        let contact = serde_json::json!({"name": "abc", "age": 42, "vip": true, "phone1": null});
        let tree = tree_from_leaves([
            ("file", TextValue::Bytes(vec![0xff, 0x00])),
            ("files", TextValue::Text("text".into())),
            ("files", TextValue::Bytes(vec![0x80])),
            ("contact", from_json(&contact).unwrap()),
        ])
        .unwrap();
        let upload: Upload = from_text(&TextValue::Map(tree)).unwrap();
        assert_eq!(upload.file.0, [0xff, 0x00]);
        assert_eq!(
            upload.files,
            [crate::Binary(b"text".to_vec()), crate::Binary(vec![0x80])]
        );
        assert_eq!(
            upload.contact,
            Contact {
                name: "abc".into(),
                phone1: None,
                age: Some(42),
                vip: Some(true)
            }
        );

        // An object part without a content type is read as JSON.
        let tree = tree_from_leaves([
            ("file", TextValue::Text("x".into())),
            (
                "contact",
                TextValue::Text(r#"{"name": "j", "age": 7}"#.into()),
            ),
        ])
        .unwrap();
        let upload: Upload = from_text(&TextValue::Map(tree)).unwrap();
        assert_eq!(upload.contact.age, Some(7));

        // Bytes for a text property, and broken JSON, are errors that say why.
        let tree = tree_from_leaves([
            ("file", TextValue::Text("x".into())),
            ("contact", TextValue::Text(r#"{"name": "j""#.into())),
        ])
        .unwrap();
        let err = from_text::<Upload>(&TextValue::Map(tree)).unwrap_err();
        assert!(err.0.contains("expected an object as JSON"), "{err}");
        let tree = tree_from_leaves([
            ("file", TextValue::Text("x".into())),
            ("contact", from_json(&contact).unwrap()),
            ("note", TextValue::Bytes(vec![0xff])),
        ])
        .unwrap();
        let err = from_text::<Upload>(&TextValue::Map(tree)).unwrap_err();
        assert!(err.0.contains("byte array"), "{err}");
    }

    #[test]
    fn wrong_scalars_and_shapes_are_errors_not_panics() {
        let tree = tree_from_pairs([("contact[name]", "abc"), ("contact[age]", "old")]).unwrap();
        let err = from_text::<Form>(&TextValue::Map(tree)).unwrap_err();
        assert!(
            err.0
                .contains("expected a non-negative integer, found `old`"),
            "{err}"
        );
        assert!(tree_from_pairs([("a", "1"), ("a[b]", "2")]).is_err());
        let deep = format!("a{}", "[x]".repeat(40));
        assert!(tree_from_pairs([(deep.as_str(), "1")]).is_err());
    }

    #[test]
    fn brackets_that_do_not_close_stay_part_of_the_name() {
        let tree = tree_from_pairs([("a[b", "1"), ("c]", "2"), ("tags[]", "x")]).unwrap();
        assert_eq!(tree["a[b"], TextValue::Text("1".into()));
        assert_eq!(tree["c]"], TextValue::Text("2".into()));
        assert_eq!(
            tree["tags"],
            TextValue::List(vec![TextValue::Text("x".into())])
        );
    }
}
