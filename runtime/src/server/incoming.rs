//! A request read the way the spec describes it: parameters by style, bodies by media type,
//! credentials by security scheme.

use super::path::PathMatch;
use super::rejection::{Rejection, RejectionKind};
use super::Limits;
use crate::http::text::{from_json, tree_from_leaves};
use crate::http::{from_text, media, style, Query, Shape, Style, TextError, TextValue};
use crate::validate::Validate;
use crate::xml::{XmlDecode, XmlRoot};
use bytes::Bytes;
use http::{header, HeaderMap, StatusCode};
use indexmap::IndexMap;
use serde::de::DeserializeOwned;

/// Where a parameter sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn word(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// How a security scheme carries its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// An API key in a header, query parameter or cookie called `name`. A key expected in the
    /// query is also taken from a form body field of that name, as form-posting clients send it.
    ApiKey {
        location: Location,
        name: &'static str,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic …`, decoded to `user:password`.
    Basic,
}

/// A credential found in a request, for the API to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The key of the security scheme in the spec.
    pub scheme: &'static str,
    pub kind: CredentialKind,
    pub value: String,
}

/// The fields of a form or multipart body, in order: text, the bytes of a part that is not
/// UTF-8, or the tree of a part sent as JSON.
#[derive(Debug, Clone, Default)]
struct Fields(Vec<(String, TextValue)>);

impl Fields {
    fn first(&self, name: &str) -> Option<&str> {
        self.0.iter().find_map(|(key, value)| match value {
            TextValue::Text(text) if key == name => Some(text.as_str()),
            _ => None,
        })
    }

    fn tree(&self) -> Result<IndexMap<String, TextValue>, TextError> {
        tree_from_leaves(
            self.0
                .iter()
                .map(|(key, value)| (key.as_str(), value.clone())),
        )
    }
}

/// The parts of a request a generated handler reads.
#[derive(Debug)]
pub struct Incoming {
    operation: &'static str,
    headers: HeaderMap,
    path: PathMatch,
    query: Query,
    body: Bytes,
    /// Fields of a form or multipart body, read once.
    fields: Option<Fields>,
    limits: Limits,
}

impl Incoming {
    /// Reads the body (up to the size limit) and the query string.
    pub async fn read(
        operation: &'static str,
        request: axum::extract::Request,
        path: PathMatch,
        limits: Limits,
    ) -> Result<Self, Rejection> {
        let (parts, body) = request.into_parts();
        let too_large = || {
            Rejection::new(
                operation,
                StatusCode::PAYLOAD_TOO_LARGE,
                RejectionKind::PayloadTooLarge,
                format!("the body is larger than {} bytes", limits.max_body_bytes),
            )
        };
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
            return Err(too_large());
        }
        let body = axum::body::to_bytes(body, limits.max_body_bytes)
            .await
            .map_err(|_| too_large())?;
        let query = Query::parse(parts.uri.query().unwrap_or(""));
        let mut incoming = Incoming {
            operation,
            headers: parts.headers,
            path,
            query,
            body,
            fields: None,
            limits,
        };
        incoming.fields = incoming.read_fields().await?;
        Ok(incoming)
    }

    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type`, when the request has a body.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    pub fn accept(&self) -> Option<&str> {
        self.headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
    }

    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    fn parameter<T: DeserializeOwned>(
        &self,
        name: &str,
        location: Location,
        value: TextValue,
    ) -> Result<T, Rejection> {
        from_text(&value).map_err(|e| {
            Rejection::parameter(self.operation, name, location.word(), &e.to_string())
        })
    }

    /// A path parameter (always required).
    pub fn path<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        shape: Shape,
    ) -> Result<T, Rejection> {
        let raw = self
            .path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| {
                Rejection::parameter(self.operation, name, "path", "is missing from the path")
            })?;
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| {
                Rejection::parameter(self.operation, name, "path", "is not valid UTF-8")
            })?;
        let value = style::split_value(&decoded, name, style, explode, shape);
        self.parameter(name, Location::Path, value)
    }

    /// A query parameter; `None` when absent.
    pub fn query<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        shape: Shape,
    ) -> Result<Option<T>, Rejection> {
        let value = self
            .query
            .get(name, style, explode, shape)
            .map_err(|e| Rejection::parameter(self.operation, name, "query", &e.to_string()))?;
        value
            .map(|v| self.parameter(name, Location::Query, v))
            .transpose()
    }

    /// A header parameter; `None` when absent.
    pub fn header<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        shape: Shape,
    ) -> Result<Option<T>, Rejection> {
        let Some(raw) = self.header_text(name) else {
            return Ok(None);
        };
        let value = style::split_value(raw.trim(), name, style, explode, shape);
        self.parameter(name, Location::Header, value).map(Some)
    }

    /// A cookie parameter; `None` when absent.
    pub fn cookie<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        shape: Shape,
    ) -> Result<Option<T>, Rejection> {
        let Some(raw) = self.cookie_text(name) else {
            return Ok(None);
        };
        let value = style::split_value(&raw, name, style, explode, shape);
        self.parameter(name, Location::Cookie, value).map(Some)
    }

    /// Turns an absent required parameter into a rejection.
    pub fn required<T>(
        &self,
        value: Option<T>,
        name: &str,
        location: Location,
    ) -> Result<T, Rejection> {
        value.ok_or_else(|| {
            Rejection::parameter(self.operation, name, location.word(), "is required")
        })
    }

    fn header_text(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn cookie_text(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
    }

    /// The credential a scheme would read, if the request carries one.
    pub fn credential(&self, scheme: &'static str, kind: CredentialKind) -> Option<Credential> {
        let value = match kind {
            CredentialKind::ApiKey { location, name } => match location {
                Location::Header => self.header_text(name).map(str::to_owned),
                Location::Cookie => self.cookie_text(name),
                Location::Query | Location::Path => self
                    .query
                    .first(name)
                    .or_else(|| self.fields.as_ref().and_then(|f| f.first(name)))
                    .map(str::to_owned),
            },
            CredentialKind::Bearer => self.authorization("bearer").map(str::to_owned),
            CredentialKind::Basic => self.authorization("basic").and_then(decode_base64),
        }?;
        (!value.is_empty()).then_some(Credential {
            scheme,
            kind,
            value,
        })
    }

    fn authorization(&self, scheme: &str) -> Option<&str> {
        let value = self.header_text("authorization")?.trim();
        let (given, rest) = value.split_once(' ')?;
        given.eq_ignore_ascii_case(scheme).then(|| rest.trim())
    }

    fn unsupported(&self, accepted: &[&str]) -> Rejection {
        Rejection::new(
            self.operation,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RejectionKind::UnsupportedMediaType,
            format!(
                "Content-Type `{}` is not accepted here; send one of: {}",
                self.content_type().unwrap_or("(none)"),
                accepted.join(", ")
            ),
        )
    }

    /// Refuses a request body that no declared media type can be read from into the
    /// operation's type (an XML body whose schema is a free-form object has no element rules
    /// to read it by): 415, whatever the body. Generic rather than `!`, so that the generated
    /// handler has no unreachable code.
    pub fn unreadable_body<T>(&self, declared: &[&str]) -> Result<T, Rejection> {
        Err(Rejection::new(
            self.operation,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RejectionKind::UnsupportedMediaType,
            format!(
                "this server cannot read a request body in {} for this operation",
                declared.join(", ")
            ),
        ))
    }

    /// Refuses with 406 when the `Accept` header rules out every media type the operation
    /// answers with.
    pub fn expect_acceptable(&self, offered: &[&str]) -> Result<(), Rejection> {
        match media::negotiate(self.accept(), offered) {
            Some(_) => Ok(()),
            None => Err(Rejection::new(
                self.operation,
                StatusCode::NOT_ACCEPTABLE,
                RejectionKind::NotAcceptable,
                format!(
                    "`Accept: {}` rules out every media type this operation answers with: {}",
                    self.accept().unwrap_or_default(),
                    offered.join(", ")
                ),
            )),
        }
    }

    /// Which of the declared media types the request's `Content-Type` is; a missing
    /// `Content-Type` on a body counts as the first declared one.
    pub fn body_media(&self, declared: &[&str]) -> Result<usize, Rejection> {
        match self.content_type() {
            None => Ok(0),
            Some(actual) => declared
                .iter()
                .position(|d| media::matches(actual, d))
                .ok_or_else(|| self.unsupported(declared)),
        }
    }

    /// The rejection for a required body that is missing.
    pub fn missing_body(&self) -> Rejection {
        Rejection::new(
            self.operation,
            StatusCode::BAD_REQUEST,
            RejectionKind::MissingBody,
            "a request body is required".to_owned(),
        )
    }

    /// `value` if it meets its constraints, else the 400 that lists what it breaks. Decoding
    /// checks the body's type; generated handlers also call this for the constraints of a
    /// body whose type cannot carry them (an array or string alias), in a wrapper.
    pub fn checked<T: Validate>(&self, value: T) -> Result<T, Rejection> {
        match value.validate() {
            Ok(()) => Ok(value),
            Err(violations) => Err(Rejection::constraints(
                self.operation,
                violations.into_vec(),
            )),
        }
    }

    /// A JSON body, decoded (closed objects refuse undeclared properties) and validated.
    pub fn json<T: DeserializeOwned + Validate>(&self) -> Result<T, Rejection> {
        if json_depth(&self.body) > self.limits.max_depth {
            return Err(self.too_deep());
        }
        let value: T = crate::de::strictly(|| serde_json::from_slice(&self.body))
            .map_err(|e| Rejection::body(self.operation, format!("invalid JSON body: {e}")))?;
        self.checked(value)
    }

    /// An XML body, decoded and validated.
    pub fn xml<T: XmlDecode + XmlRoot + Validate>(&self) -> Result<T, Rejection> {
        let text = std::str::from_utf8(&self.body)
            .map_err(|_| Rejection::body(self.operation, "the XML body is not UTF-8".into()))?;
        if xml_depth(text) > self.limits.max_depth {
            return Err(self.too_deep());
        }
        let value: T = crate::xml::from_str(text)
            .map_err(|e| Rejection::body(self.operation, format!("invalid XML body: {e}")))?;
        self.checked(value)
    }

    /// A form or multipart body (fields as `contact[name]=…`), decoded (closed objects refuse
    /// undeclared fields) and validated.
    pub fn form<T: DeserializeOwned + Validate>(&self) -> Result<T, Rejection> {
        let fields = self.fields.clone().unwrap_or_default();
        let tree = fields
            .tree()
            .map_err(|e| Rejection::body(self.operation, format!("invalid form body: {e}")))?;
        let value: T = crate::de::strictly(|| from_text(&TextValue::Map(tree)))
            .map_err(|e| Rejection::body(self.operation, format!("invalid form body: {e}")))?;
        self.checked(value)
    }

    /// A text body.
    pub fn text(&self) -> Result<String, Rejection> {
        String::from_utf8(self.body.to_vec())
            .map_err(|_| Rejection::body(self.operation, "the body is not UTF-8 text".into()))
    }

    /// The body as it came.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    fn too_deep(&self) -> Rejection {
        Rejection::body(
            self.operation,
            format!(
                "the body nests deeper than {} levels",
                self.limits.max_depth
            ),
        )
    }

    async fn read_fields(&self) -> Result<Option<Fields>, Rejection> {
        let Some(content_type) = self.content_type() else {
            return Ok(None);
        };
        match media::codec(content_type) {
            media::Codec::Form => {
                let text = std::str::from_utf8(&self.body).map_err(|_| {
                    Rejection::body(self.operation, "the form body is not UTF-8".into())
                })?;
                let query = Query::parse(text);
                Ok(Some(Fields(
                    query
                        .pairs()
                        .iter()
                        .map(|(key, value)| (key.clone(), TextValue::Text(value.clone())))
                        .collect(),
                )))
            }
            media::Codec::Multipart => self.read_multipart(content_type).await.map(Some),
            _ => Ok(None),
        }
    }

    async fn read_multipart(&self, content_type: &str) -> Result<Fields, Rejection> {
        use axum::extract::FromRequest;
        let bad =
            |why: String| Rejection::body(self.operation, format!("invalid multipart body: {why}"));
        let request = axum::extract::Request::builder()
            .header(header::CONTENT_TYPE, content_type)
            .body(axum::body::Body::from(self.body.clone()))
            .map_err(|e| bad(e.to_string()))?;
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|e| bad(e.body_text()))?;
        let mut pairs = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| bad(e.body_text()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let json = field
                .content_type()
                .is_some_and(|media| media::codec(media) == media::Codec::Json);
            let data = field.bytes().await.map_err(|e| bad(e.body_text()))?;
            let value = match String::from_utf8(data.to_vec()) {
                Ok(text) if json => {
                    let value: serde_json::Value = serde_json::from_str(&text)
                        .map_err(|e| bad(format!("part `{name}` is not JSON: {e}")))?;
                    match from_json(&value) {
                        Some(tree) => tree,
                        None => continue,
                    }
                }
                Ok(text) => TextValue::Text(text),
                // A file's bytes: only a binary property accepts them.
                Err(not_text) => TextValue::Bytes(not_text.into_bytes()),
            };
            pairs.push((name, value));
        }
        Ok(Fields(pairs))
    }
}

/// The deepest nesting of arrays and objects in JSON text, without parsing it.
fn json_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The deepest nesting of elements in XML text (malformed text is left to the decoder).
fn xml_depth(text: &str) -> usize {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut depth, mut max) = (0usize, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                max = max.max(depth);
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return max,
            Ok(_) => {}
        }
    }
}

/// Standard base64 (with or without padding) to text; written out because it is the only
/// use of base64 in the runtime.
fn decode_base64(text: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for c in text.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scans_ignore_brackets_in_strings() {
        assert_eq!(json_depth(br#"{"a": [1, {"b": "[[[["}]}"#), 3);
        assert_eq!(xml_depth("<a><b><c/></b><d>x</d></a>"), 2);
    }

    #[test]
    fn basic_credentials_decode() {
        assert_eq!(decode_base64("dXNlcjpwYXNz").as_deref(), Some("user:pass"));
        assert_eq!(decode_base64("YQ==").as_deref(), Some("a"));
        assert_eq!(decode_base64("!!"), None);
    }
}
