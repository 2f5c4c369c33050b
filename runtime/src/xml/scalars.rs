//! The codec of values that are not generated types: scalars and containers.

use super::{Start, XmlDecode, XmlEncode, XmlError, XmlReader, XmlWriter};
use crate::{Binary, Date, DateTime, Nullable, Uuid};
use std::borrow::Cow;
use std::collections::BTreeMap;

macro_rules! text_scalar {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl XmlEncode for $ty {
            fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
                writer.text_element(name, &self.to_string());
            }
            fn to_xml_text(&self) -> Option<Cow<'_, str>> {
                Some(Cow::Owned(self.to_string()))
            }
        }

        impl XmlDecode for $ty {
            fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
                let text = reader.read_text(start)?;
                Self::from_xml_text(&text).map_err(|e| reader.error_at(start.position, format!("<{}>: {e}", start.name)))
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|e| format!("`{text}` is not {}: {e}", $what))
            }
        }
    )*};
}

text_scalar! {
    bool => "a boolean",
    i8 => "an integer", i16 => "an integer", i32 => "an integer", i64 => "an integer",
    u8 => "an integer", u16 => "an integer", u32 => "an integer", u64 => "an integer",
    f32 => "a number", f64 => "a number",
    Date => "a date", DateTime => "a date-time", Uuid => "a uuid",
}

impl XmlEncode for String {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        writer.text_element(name, self);
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl XmlDecode for String {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        reader.read_text(start)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl XmlEncode for Binary {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        writer.text_element(name, &String::from_utf8_lossy(&self.0));
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        Some(String::from_utf8_lossy(&self.0))
    }
}

impl XmlDecode for Binary {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        Ok(Binary(reader.read_text(start)?.into_bytes()))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(Binary(text.as_bytes().to_vec()))
    }
}

impl<T: XmlEncode> XmlEncode for Option<T> {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        if let Some(value) = self {
            value.encode_element(writer, name);
        }
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(XmlEncode::to_xml_text)
    }
}

impl<T: XmlDecode> XmlDecode for Option<T> {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        T::decode_element(reader, start).map(Some)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        T::from_xml_text(text).map(Some)
    }
}

impl<T: XmlEncode> XmlEncode for Nullable<T> {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        if let Nullable::Value(value) = self {
            value.encode_element(writer, name);
        }
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(XmlEncode::to_xml_text)
    }
}

impl<T: XmlDecode> XmlDecode for Nullable<T> {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        T::decode_element(reader, start).map(Nullable::Value)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        T::from_xml_text(text).map(Nullable::Value)
    }
}

impl<T: XmlEncode> XmlEncode for Box<T> {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        (**self).encode_element(writer, name);
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        (**self).to_xml_text()
    }
}

impl<T: XmlDecode> XmlDecode for Box<T> {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        T::decode_element(reader, start).map(Box::new)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        T::from_xml_text(text).map(Box::new)
    }
}

/// An array on its own is a run of elements of one name (the unwrapped form); a field that
/// is a wrapped array writes its wrapper around this.
impl<T: XmlEncode> XmlEncode for Vec<T> {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        for item in self {
            item.encode_element(writer, name);
        }
    }
}

/// Read as one element whose children are the items, whatever their names (an array nested
/// in an array).
impl<T: XmlDecode> XmlDecode for Vec<T> {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        let mut items = Vec::new();
        while let Some(child) = reader.next_child(start)? {
            items.push(T::decode_element(reader, &child)?);
        }
        Ok(items)
    }
}

/// A map is an element whose children are named by the keys.
impl<T: XmlEncode> XmlEncode for BTreeMap<String, T> {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        writer.open_start(name);
        writer.open_end();
        for (key, value) in self {
            value.encode_element(writer, key);
        }
        writer.close(name);
    }
}

impl<T: XmlDecode> XmlDecode for BTreeMap<String, T> {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        let mut map = BTreeMap::new();
        while let Some(child) = reader.next_child(start)? {
            let value = T::decode_element(reader, &child)?;
            map.insert(child.name.to_owned(), value);
        }
        Ok(map)
    }
}

/// Free-form values: objects as child elements, arrays as repeated elements, scalars as
/// text. Read back, an element with children is an object and anything else a string (XML
/// has no number or boolean types).
impl XmlEncode for serde_json::Value {
    fn encode_element(&self, writer: &mut XmlWriter, name: &str) {
        use serde_json::Value;
        match self {
            Value::Null => {}
            Value::Bool(b) => writer.text_element(name, if *b { "true" } else { "false" }),
            Value::Number(n) => writer.text_element(name, &n.to_string()),
            Value::String(s) => writer.text_element(name, s),
            Value::Array(items) => items
                .iter()
                .for_each(|item| item.encode_element(writer, name)),
            Value::Object(map) => {
                writer.open_start(name);
                writer.open_end();
                for (key, value) in map {
                    value.encode_element(writer, key);
                }
                writer.close(name);
            }
        }
    }
    fn to_xml_text(&self) -> Option<Cow<'_, str>> {
        use serde_json::Value;
        match self {
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            Value::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }
}

impl XmlDecode for serde_json::Value {
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        use serde_json::{Map, Value};
        let (raw, line) = reader.raw_element(start)?;
        let has_children = {
            let mut probe = XmlReader::fragment(raw, line);
            let root = probe.root()?;
            probe.next_child(&root).is_ok_and(|c| c.is_some())
        };
        let mut inner = XmlReader::fragment(raw, line);
        let root = inner.root()?;
        if !has_children {
            return Ok(Value::String(inner.read_text(&root)?));
        }
        let mut map = Map::new();
        while let Some(child) = inner.next_child(&root)? {
            let value = Value::decode_element(&mut inner, &child)?;
            match map.get_mut(child.name) {
                Some(Value::Array(items)) => items.push(value),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
                None => {
                    map.insert(child.name.to_owned(), value);
                }
            }
        }
        Ok(Value::Object(map))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(serde_json::Value::String(text.to_owned()))
    }
}
