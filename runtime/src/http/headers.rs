//! Documented response headers: a generated struct per response (or per operation) reads
//! itself from header text and writes itself back, the way OpenAPI lays headers out (`simple`
//! style: lists and objects comma-separated). One impl per struct keeps the server's and the
//! client's code per response to one call.

use super::style::{encode_value, split_value};
use super::{from_text, Shape, Style};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A generated struct of response headers.
pub trait ResponseHeaders: Sized {
    /// Reads the struct's headers; the error names the header and why.
    fn read(headers: &HeaderReader) -> Result<Self, String>;
    /// Writes the headers that have a value.
    fn write(&self, headers: &mut HeaderWriter);
}

/// The headers of a response, by name (compared case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct HeaderReader {
    pairs: Vec<(String, String)>,
}

impl HeaderReader {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        HeaderReader {
            pairs: pairs.into_iter().collect(),
        }
    }

    /// The header `name` as `T`; `None` when absent.
    pub fn optional<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<Option<T>, String> {
        let Some((_, text)) = self
            .pairs
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let value = split_value(text.trim(), name, Style::Simple, false, shape);
        from_text(&value)
            .map(Some)
            .map_err(|e| format!("invalid `{name}` header: {e}"))
    }

    /// A header the spec marks `required`: its absence is an error.
    pub fn required<T: DeserializeOwned>(&self, name: &str, shape: Shape) -> Result<T, String> {
        self.optional(name, shape)?
            .ok_or_else(|| format!("missing required `{name}` header"))
    }
}

/// Header text to send, in order.
#[derive(Debug, Clone, Default)]
pub struct HeaderWriter {
    pairs: Vec<(&'static str, String)>,
}

impl HeaderWriter {
    /// Adds `name` with `value` as text; `None` (or anything serialising to `null`) adds
    /// nothing.
    pub fn put<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(value) => {
                let text = encode_value(name, &value, Style::Simple, false);
                self.pairs.push((name, text));
            }
        }
    }

    pub fn into_pairs(self) -> Vec<(&'static str, String)> {
        self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Limits {
        limit: i32,
        tags: Option<Vec<String>>,
        missing: Option<String>,
    }

    impl ResponseHeaders for Limits {
        fn read(headers: &HeaderReader) -> Result<Self, String> {
            Ok(Limits {
                limit: headers.required("X-Limit", Shape::Scalar)?,
                tags: headers.optional("X-Tags", Shape::Array)?,
                missing: headers.optional("X-Missing", Shape::Scalar)?,
            })
        }
        fn write(&self, headers: &mut HeaderWriter) {
            headers.put("X-Limit", &self.limit);
            headers.put("X-Tags", &self.tags);
            headers.put("X-Missing", &self.missing);
        }
    }

    #[test]
    fn headers_round_trip_in_simple_style() {
        let limits = Limits {
            limit: 42,
            tags: Some(vec!["a".into(), "b".into()]),
            missing: None,
        };
        let mut writer = HeaderWriter::default();
        limits.write(&mut writer);
        let pairs = writer.into_pairs();
        assert_eq!(
            pairs,
            [("X-Limit", "42".to_owned()), ("X-Tags", "a,b".to_owned())]
        );
        let reader = HeaderReader::new(
            pairs
                .into_iter()
                .map(|(name, text)| (name.to_ascii_lowercase(), format!(" {text} "))),
        );
        assert_eq!(Limits::read(&reader).unwrap(), limits);
        assert_eq!(
            Limits::read(&HeaderReader::default()).unwrap_err(),
            "missing required `X-Limit` header"
        );
        let wrong = HeaderReader::new([("x-limit".to_owned(), "many".to_owned())]);
        let err = Limits::read(&wrong).unwrap_err();
        assert!(err.starts_with("invalid `X-Limit` header: "), "{err}");
    }
}
