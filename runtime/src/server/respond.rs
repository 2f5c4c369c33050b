//! Writing a typed body as the negotiated media type.

use crate::xml::{XmlEncode, XmlRoot};
use http::{header, HeaderValue, StatusCode};

pub type Response = axum::response::Response;

fn with_type(status: StatusCode, media: &str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(media) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// A JSON body.
pub fn json<T: serde::Serialize + ?Sized>(status: StatusCode, media: &str, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => with_type(status, media, bytes),
        // Only a map with non-string keys fails here, which generated types never hold.
        Err(error) => with_type(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            format!("the response could not be written as JSON: {error}"),
        ),
    }
}

/// An XML document whose root element is the type's.
pub fn xml<T: XmlEncode + XmlRoot>(status: StatusCode, media: &str, body: &T) -> Response {
    with_type(status, media, crate::xml::to_string(body))
}

/// A text body, as it is.
pub fn text(status: StatusCode, media: &str, body: &str) -> Response {
    with_type(status, media, body.to_owned())
}

/// A body of bytes, as they are.
pub fn bytes(status: StatusCode, media: &str, body: &[u8]) -> Response {
    with_type(status, media, body.to_vec())
}

/// No body.
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = status;
    response
}

/// The status of a `default` or range response variant; a number that is not an HTTP status
/// becomes 500, since the handler, not the client, got it wrong.
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Adds a response's documented headers (a generated struct). Characters a header cannot
/// carry (control characters) are percent-encoded rather than failing the response.
pub fn set_headers<H: crate::http::ResponseHeaders>(response: &mut Response, headers: &H) {
    let mut writer = crate::http::HeaderWriter::default();
    headers.write(&mut writer);
    for (name, text) in writer.into_pairs() {
        let value = HeaderValue::from_str(&text).unwrap_or_else(|_| {
            let escaped: String = text
                .chars()
                .map(|c| {
                    if c.is_control() {
                        format!("%{:02X}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            HeaderValue::from_bytes(escaped.as_bytes()).unwrap_or(HeaderValue::from_static(""))
        });
        if let Ok(name) = header::HeaderName::from_bytes(name.as_bytes()) {
            response.headers_mut().append(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_written_in_simple_style() {
        use crate::http::{HeaderReader, HeaderWriter, ResponseHeaders};
        struct Sent;
        impl ResponseHeaders for Sent {
            fn read(_headers: &HeaderReader) -> Result<Self, String> {
                Ok(Sent)
            }
            fn write(&self, headers: &mut HeaderWriter) {
                headers.put("X-Tags", &vec!["a", "b"]);
                headers.put("X-Count", &7);
                headers.put("X-None", &None::<String>);
                headers.put("X-Text", "two\nlines");
            }
        }
        let mut response = empty(StatusCode::OK);
        set_headers(&mut response, &Sent);
        let headers = response.headers();
        assert_eq!(headers["x-tags"], "a,b");
        assert_eq!(headers["x-count"], "7");
        assert!(!headers.contains_key("x-none"));
        assert_eq!(headers["x-text"], "two%0Alines");
    }
}
