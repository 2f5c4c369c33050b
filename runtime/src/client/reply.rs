//! A response read to the end, and its body decoded by `Content-Type`.

use super::error::{Error, ErrorKind};
use crate::http::{codec, Codec};
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

/// Reads a whole document as `T`, whatever its root element is called.
pub fn decode_xml<T: XmlDecode>(text: &str) -> Result<T, crate::xml::XmlError> {
    let mut reader = XmlReader::new(text);
    let root = reader.root()?;
    let value = T::decode_element(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}
