//! Request bodies as bytes: form fields, multipart parts and XML documents, from the
//! `serde_json::Value` of the body (so that renames and skipped fields are serde's).

use crate::http::style::{encode_deep, encode_query, scalar_text, Style};
use crate::Binary;
use serde_json::Value;

/// How one property of a form or multipart body is written: the spec's `encoding` object,
/// with defaults resolved by the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldEncoding {
    pub property: &'static str,
    /// `None`: the property's shape decides (see [`form_pairs`] and [`multipart_parts`]).
    pub style: Option<Style>,
    pub explode: bool,
    /// The part's `Content-Type` in a multipart body.
    pub content_type: Option<&'static str>,
}

fn encoding<'e>(encodings: &'e [FieldEncoding], property: &str) -> Option<&'e FieldEncoding> {
    encodings.iter().find(|e| e.property == property)
}

fn members(value: &Value) -> Result<&serde_json::Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!(
            "a form body must be an object, not {}",
            kind_of(other)
        )),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `name=value` pairs of an `application/x-www-form-urlencoded` body. A property with an
/// encoding style is written as that style says; otherwise nested objects use brackets
/// (`contact[name]=abc`, which is what Rails, PHP and apigen servers read), arrays repeat the
/// key, and `null`s are left out.
pub fn form_pairs(
    value: &Value,
    encodings: &[FieldEncoding],
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for (key, item) in members(value)? {
        match encoding(encodings, key).and_then(|e| e.style.map(|s| (s, e.explode))) {
            Some((style, explode)) => encode_query(&mut pairs, key, item, style, explode),
            None => match item {
                Value::Object(_) => encode_deep(&mut pairs, key, item),
                _ => encode_query(&mut pairs, key, item, Style::Form, true),
            },
        }
    }
    Ok(pairs)
}

/// Percent-encodes pairs as a form body or query string.
pub fn form_text(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub content_type: Option<String>,
    pub file_name: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    fn text(name: String, text: String, content_type: Option<&str>) -> Self {
        Part {
            name,
            content_type: content_type.map(str::to_owned),
            file_name: None,
            data: text.into_bytes(),
        }
    }
}

/// The parts of a `multipart/form-data` body. Properties in `files` are left out (their
/// bytes are added as file parts by [`file_part`]). A property with an encoding style is
/// written as one text part per pair of that style (`contact[name]`); otherwise objects
/// become an `application/json` part, arrays one part per item, scalars a text part — the
/// defaults OpenAPI gives.
pub fn multipart_parts(
    value: &Value,
    encodings: &[FieldEncoding],
    files: &[&str],
) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for (key, item) in members(value)? {
        if item.is_null() || files.contains(&key.as_str()) {
            continue;
        }
        let encoding = encoding(encodings, key);
        let content_type = encoding.and_then(|e| e.content_type);
        if let Some((style, explode)) = encoding.and_then(|e| e.style.map(|s| (s, e.explode))) {
            let mut pairs = Vec::new();
            encode_query(&mut pairs, key, item, style, explode);
            parts.extend(
                pairs
                    .into_iter()
                    .map(|(name, text)| Part::text(name, text, content_type)),
            );
            continue;
        }
        match item {
            Value::Array(items) => {
                for item in items.iter().filter(|i| !i.is_null()) {
                    parts.push(value_part(key, item, content_type));
                }
            }
            _ => parts.push(value_part(key, item, content_type)),
        }
    }
    Ok(parts)
}

fn value_part(name: &str, value: &Value, content_type: Option<&str>) -> Part {
    let json = content_type.is_some_and(|c| crate::http::codec(c) == crate::http::Codec::Json);
    match value {
        Value::Object(_) | Value::Array(_) => Part::text(
            name.to_owned(),
            value.to_string(),
            Some(content_type.unwrap_or("application/json")),
        ),
        _ if json => Part::text(name.to_owned(), value.to_string(), content_type),
        scalar => Part::text(name.to_owned(), scalar_text(scalar), content_type),
    }
}

/// A file part carrying `bytes` as they are.
pub fn file_part(name: &str, bytes: &[u8], content_type: Option<&str>) -> Part {
    Part {
        name: name.to_owned(),
        content_type: Some(
            content_type
                .unwrap_or("application/octet-stream")
                .to_owned(),
        ),
        file_name: Some(name.to_owned()),
        data: bytes.to_vec(),
    }
}

/// The bytes a binary property of a multipart body sends, one file part each: a required or
/// optional file, or a list of them.
pub trait FileValues {
    fn file_values(&self) -> Vec<&Binary>;
}

impl FileValues for Binary {
    fn file_values(&self) -> Vec<&Binary> {
        vec![self]
    }
}

impl<T: FileValues> FileValues for Option<T> {
    fn file_values(&self) -> Vec<&Binary> {
        self.as_ref().map(T::file_values).unwrap_or_default()
    }
}

impl<T: FileValues> FileValues for crate::Nullable<T> {
    fn file_values(&self) -> Vec<&Binary> {
        match self {
            crate::Nullable::Value(value) => value.file_values(),
            _ => Vec::new(),
        }
    }
}

impl<T: FileValues> FileValues for Vec<T> {
    fn file_values(&self) -> Vec<&Binary> {
        self.iter().flat_map(T::file_values).collect()
    }
}

/// The text of a `text/*` body: strings as they are, other values as JSON.
pub fn text_body(value: &Value) -> String {
    scalar_text(value)
}

/// The XML documents of bodies that are not documents of their own, shared with the server.
pub use crate::xml::{document as xml_document, list_document as xml_list_document};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEEP_CONTACT: &[FieldEncoding] = &[FieldEncoding {
        property: "contact",
        style: Some(Style::DeepObject),
        explode: true,
        content_type: None,
    }];

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn form_bodies_write_deep_objects_with_brackets() {
        let body = json!({"api_key": "k", "contact": {"name": "abc", "phone1": "9"}, "gone": null});
        let got = form_pairs(&body, DEEP_CONTACT).unwrap();
        assert_eq!(
            got,
            pairs(&[
                ("api_key", "k"),
                ("contact[name]", "abc"),
                ("contact[phone1]", "9")
            ])
        );
        assert_eq!(
            form_text(&got),
            "api_key=k&contact%5Bname%5D=abc&contact%5Bphone1%5D=9"
        );
    }

    #[test]
    fn form_bodies_repeat_arrays_and_nest_unencoded_objects() {
        let body = json!({"ids": [1, 2], "filter": {"a": {"b": true}}, "q": "x y"});
        let got = form_pairs(&body, &[]).unwrap();
        assert_eq!(
            got,
            pairs(&[
                ("ids", "1"),
                ("ids", "2"),
                ("filter[a][b]", "true"),
                ("q", "x y")
            ])
        );
        assert_eq!(
            form_text(&got),
            "ids=1&ids=2&filter%5Ba%5D%5Bb%5D=true&q=x+y"
        );
        let styled = [FieldEncoding {
            property: "ids",
            style: Some(Style::PipeDelimited),
            explode: false,
            content_type: None,
        }];
        assert_eq!(
            form_pairs(&json!({"ids": [1, 2]}), &styled).unwrap(),
            pairs(&[("ids", "1|2")])
        );
        assert!(form_pairs(&json!([1]), &[]).is_err());
    }

    #[test]
    fn multipart_parts_follow_encodings_and_defaults() {
        let body = json!({
            "contact": {"name": "abc"},
            "meta": {"k": 1},
            "tags": ["a", "b"],
            "file": "ignored",
            "n": 3
        });
        let mut parts = multipart_parts(&body, DEEP_CONTACT, &["file"]).unwrap();
        parts.push(file_part("file", b"\x00\x01", None));
        let summary: Vec<(&str, Option<&str>, &[u8])> = parts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.content_type.as_deref(),
                    p.data.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("contact[name]", None, &b"abc"[..]),
                ("meta", Some("application/json"), &br#"{"k":1}"#[..]),
                ("tags", None, &b"a"[..]),
                ("tags", None, &b"b"[..]),
                ("n", None, &b"3"[..]),
                ("file", Some("application/octet-stream"), &b"\x00\x01"[..]),
            ]
        );
        assert_eq!(parts[5].file_name.as_deref(), Some("file"));
    }

    #[test]
    fn text_and_xml_bodies() {
        assert_eq!(text_body(&json!("plain")), "plain");
        assert_eq!(text_body(&json!(42)), "42");
        let doc = xml_document(&"a<b".to_owned(), "name");
        assert!(doc.ends_with("<name>a&lt;b</name>"), "{doc}");
        let doc = xml_list_document(&[1, 2], "ids", "id");
        assert!(doc.ends_with("<ids><id>1</id><id>2</id></ids>"), "{doc}");
        let back: Vec<i32> =
            crate::xml::decode_fragment(doc.trim_start_matches(|c| c != '\n'), 1).unwrap();
        assert_eq!(back, [1, 2]);
    }
}
