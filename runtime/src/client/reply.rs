//! A response read to the end, and its body decoded by `Content-Type`.

use super::error::{Error, ErrorKind};
use crate::http::{codec, Codec, HeaderReader, ResponseHeaders};
use crate::xml::{XmlDecode, XmlReader};
use crate::Binary;
use bytes::Bytes;
use serde::de::DeserializeOwned;

/// A whole response: status, `Content-Type` and body, with the request it answers (for
/// errors).
#[derive(Debug, Clone)]
pub struct Reply {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The codec the `Content-Type` names; `None` without one.
    pub fn codec(&self) -> Option<Codec> {
        self.content_type.as_deref().map(codec)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The URL that was requested, without API keys sent in the query.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.undecodable("invalid JSON body", e))
    }

    /// The body as an XML document; the root element's name is not checked (servers differ).
    pub fn xml<T: XmlDecode>(&self) -> Result<T, Error> {
        let text = self.utf8()?;
        decode_xml(text).map_err(|e| self.undecodable("invalid XML body", e))
    }

    pub fn text(&self) -> Result<String, Error> {
        self.utf8().map(str::to_owned)
    }

    pub fn binary(&self) -> Binary {
        Binary(self.body.to_vec())
    }

    /// Every header of the response.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The response's documented headers, as the generated struct `H`; a missing required
    /// header or one that does not fit its schema is a decode error naming it.
    pub fn headers_as<H: ResponseHeaders>(&self) -> Result<H, Error> {
        let reader = HeaderReader::new(self.headers.iter().map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        }));
        H::read(&reader).map_err(|e| {
            self.error(
                ErrorKind::Decode,
                format!("{e} in the {} response", self.status),
            )
        })
    }

    /// The target of the `Link` header's `rel="next"` link (RFC 8288), as written; `None`
    /// when there is none.
    pub fn next_link(&self) -> Option<String> {
        self.headers
            .get_all(reqwest::header::LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(|value| link_with_rel(value, "next"))
    }

    /// The error for a status the operation does not document.
    pub fn undocumented(&self) -> Error {
        self.error(
            ErrorKind::Status,
            format!("undocumented status {}", self.status),
        )
    }

    pub(crate) fn error(&self, kind: ErrorKind, message: impl Into<String>) -> Error {
        Error::new(kind, message)
            .at(&self.method, &self.url)
            .with_reply(self.status, self.content_type.as_deref(), &self.body)
    }

    fn utf8(&self) -> Result<&str, Error> {
        std::str::from_utf8(&self.body).map_err(|e| self.undecodable("body is not UTF-8", e))
    }

    fn undecodable(
        &self,
        what: &str,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.error(
            ErrorKind::Decode,
            format!("{what} in the {} response: {cause}", self.status),
        )
        .with_source(cause)
    }
}

/// The target of the first link of a `Link` header value whose `rel` includes `rel`.
///
/// Written by hand: the grammar is small (`<uri>; param=value; param="quoted, value", <uri>…`)
/// and the crates that parse it pull in far more than one header needs.
fn link_with_rel(header: &str, rel: &str) -> Option<String> {
    let mut rest = header;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        rest = &rest[end + 1..];
        // The parameters run to the next comma outside quotes.
        let mut in_quotes = false;
        let params_end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == ',' && !in_quotes
            })
            .map_or(rest.len(), |(i, _)| i);
        let params = &rest[..params_end];
        rest = &rest[params_end..];
        let matches = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(rel))
        });
        if matches {
            return Some(target.trim().to_owned());
        }
    }
}

/// Reads a whole document as `T`, whatever its root element is called.
pub fn decode_xml<T: XmlDecode>(text: &str) -> Result<T, crate::xml::XmlError> {
    let mut reader = XmlReader::new(text);
    let root = reader.root()?;
    let value = T::decode_element(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply_with(headers: &[(&'static str, &'static str)]) -> Reply {
        let mut map = reqwest::header::HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, reqwest::header::HeaderValue::from_static(value));
        }
        Reply {
            method: "GET".into(),
            url: "http://localhost/x".into(),
            status: 200,
            content_type: None,
            headers: map,
            body: Bytes::new(),
        }
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        let github = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
                      <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
        assert_eq!(
            link_with_rel(github, "next").as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let reordered =
            "</p?a=1,2>; title=\"a, b; c\"; rel=\"prev\", </p?page=3>; REL=\"last next\"";
        assert_eq!(
            link_with_rel(reordered, "next").as_deref(),
            Some("/p?page=3")
        );
        assert_eq!(
            link_with_rel(reordered, "prev").as_deref(),
            Some("/p?a=1,2")
        );
        assert_eq!(
            link_with_rel("<https://x/?page=1>; rel=first", "next"),
            None
        );
        assert_eq!(link_with_rel("garbage <unclosed", "next"), None);
        let reply = reply_with(&[("link", "<?page=2>; rel=next")]);
        assert_eq!(reply.next_link().as_deref(), Some("?page=2"));
        assert_eq!(reply_with(&[]).next_link(), None);
    }

    #[test]
    fn headers_read_as_their_schema_says() {
        use crate::http::{HeaderWriter, Shape};
        #[derive(Debug, PartialEq)]
        struct Counted {
            count: i32,
            tags: Vec<String>,
        }
        impl ResponseHeaders for Counted {
            fn read(headers: &HeaderReader) -> Result<Self, String> {
                Ok(Counted {
                    count: headers.required("X-Count", Shape::Scalar)?,
                    tags: headers.required("X-Tags", Shape::Array)?,
                })
            }
            fn write(&self, _headers: &mut HeaderWriter) {}
        }
        let reply = reply_with(&[("x-count", " 42 "), ("x-tags", "a,b,c")]);
        assert_eq!(
            reply.headers_as::<Counted>().unwrap(),
            Counted {
                count: 42,
                tags: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        let missing = reply_with(&[("x-tags", "a")])
            .headers_as::<Counted>()
            .unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::Decode);
        assert!(
            missing
                .to_string()
                .contains("missing required `X-Count` header in the 200 response"),
            "{missing}"
        );
    }
}
