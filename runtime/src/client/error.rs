//! What can go wrong with a call, carrying what the server said so that the caller can see it.

use std::fmt;

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be built: a value did not serialize, a header value is not
    /// valid, the base URL is not an absolute URL.
    Request,
    /// The request did not complete: connection refused, timeout, reset…
    Transport,
    /// The server answered with a status the spec does not document for the operation (or,
    /// while walking pages, with anything but `200`).
    Status,
    /// The body did not decode as the documented type.
    Decode,
    /// Pages linked in a loop or beyond the page limit.
    Pagination,
}

/// A failed call: the kind, and whatever of the exchange there was to see. Boxed, so that
/// the `Result`s of every call stay one pointer wide on the happy path.
#[derive(Debug)]
pub struct Error(Box<Details>);

#[derive(Debug)]
struct Details {
    kind: ErrorKind,
    message: String,
    method: Option<String>,
    url: Option<String>,
    status: Option<u16>,
    content_type: Option<String>,
    body: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// How much of a body the `Display` form shows; [`Error::body`] keeps all of it.
const SHOWN_BODY: usize = 500;

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            kind,
            message: message.into(),
            method: None,
            url: None,
            status: None,
            content_type: None,
            body: None,
            source: None,
        }))
    }

    pub(crate) fn at(mut self, method: &str, url: &str) -> Self {
        self.0.method = Some(method.to_owned());
        self.0.url = Some(url.to_owned());
        self
    }

    pub(crate) fn with_reply(
        mut self,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        self.0.status = Some(status);
        self.0.content_type = content_type.map(str::to_owned);
        self.0.body = Some(String::from_utf8_lossy(body).into_owned());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The response's `Content-Type`, when a response arrived with one.
    pub fn content_type(&self) -> Option<&str> {
        self.0.content_type.as_deref()
    }

    /// The response body as text (lossily, if it is not UTF-8), when a response arrived.
    pub fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// The URL of the request, once it was built.
    pub fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// What went wrong, without the request and response details.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(method), Some(url)) = (&self.0.method, &self.0.url) {
            write!(f, "{method} {url}: ")?;
        }
        f.write_str(&self.0.message)?;
        if let Some(status) = self.0.status {
            write!(f, " (status {status}")?;
            if let Some(content_type) = &self.0.content_type {
                write!(f, ", {content_type}")?;
            }
            f.write_str(")")?;
        }
        if let Some(body) = self
            .0
            .body
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            match body.char_indices().nth(SHOWN_BODY) {
                Some((cut, _)) => write!(f, ": {}…", &body[..cut])?,
                None => write!(f, ": {body}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
