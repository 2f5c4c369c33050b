//! The reqwest side of generated clients: a [`Client`] that holds the connection pool, the
//! base URL and the credentials, a [`Request`] that generated operations fill in by the spec's
//! rules (path templates, parameter styles, body media types, security requirements), a
//! [`Reply`] that decodes by `Content-Type`, and [`Pages`] for walking paginated lists.
//!
//! reqwest is re-exported so that generated crates need no dependency of their own on it.

mod body;
mod error;
mod pages;
mod reply;
mod request;

pub use body::{
    file_part, form_pairs, form_text, multipart_parts, text_body, xml_document, xml_list_document,
    FieldEncoding, FileValues, Part,
};
pub use error::{Error, ErrorKind};
pub use pages::{resolve_link, Pages, MAX_PAGES};
pub use reply::{decode_xml, Reply};
pub use request::Request;

pub use crate::http::{Codec, Shape, Style};
pub use reqwest;
pub use reqwest::{Method, Url};

use std::fmt;

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// A secret for one security scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key sent as the header, query parameter or cookie `name`.
    ApiKey {
        location: KeyLocation,
        name: &'static str,
        key: String,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64(username:password)>`.
    Basic {
        username: String,
        password: Option<String>,
    },
}

// Secrets stay out of logs.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey { location, name, .. } => {
                write!(f, "ApiKey({location:?} {name}: ***)")
            }
            Credential::Bearer(_) => f.write_str("Bearer(***)"),
            Credential::Basic { username, .. } => write!(f, "Basic({username}: ***)"),
        }
    }
}

/// What every generated client wraps: the HTTP client, the URL the spec's paths are relative
/// to, and the credentials set so far, by security scheme key.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<(&'static str, Credential)>,
    /// Media types to prefer where an operation offers several, most wanted first.
    preferred_media: Vec<String>,
}

impl Client {
    /// A client with a default `reqwest::Client`. `base_url` is the server URL, base path
    /// included (`http://localhost/api/v1`); a trailing `/` is dropped.
    pub fn new(base_url: impl Into<String>) -> Self {
        Client::with_http_client(reqwest::Client::new(), base_url)
    }

    /// A client over a configured `reqwest::Client` (timeouts, proxies, TLS…).
    pub fn with_http_client(http: reqwest::Client, base_url: impl Into<String>) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        Client {
            http,
            base_url,
            credentials: Vec::new(),
            preferred_media: Vec::new(),
        }
    }

    /// Media types to prefer, most wanted first, where an operation offers several: a request
    /// body is written in the first preferred type the operation accepts, and `Accept` lists
    /// the preferred response types first. Without a preference, bodies are written in the
    /// spec's first media type and `Accept` puts JSON first.
    pub fn prefer_media<I, S>(&mut self, media: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.preferred_media = media
            .into_iter()
            .map(|m| crate::http::media::essence(m.as_ref()))
            .collect();
    }

    /// The rank of `media` among the preferred types (`None` when not preferred).
    pub(crate) fn media_rank(&self, media: &str) -> Option<usize> {
        let media = crate::http::media::essence(media);
        self.preferred_media.iter().position(|m| *m == media)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sets (or replaces) the credential of the security scheme `scheme`.
    pub fn set_credential(&mut self, scheme: &'static str, credential: Credential) {
        match self.credentials.iter_mut().find(|(key, _)| *key == scheme) {
            Some(slot) => slot.1 = credential,
            None => self.credentials.push((scheme, credential)),
        }
    }

    pub fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|(key, _)| *key == scheme)
            .map(|(_, c)| c)
    }

    /// A request to `base URL + path`; generated code appends the rest of the path template.
    pub fn request(&self, method: Method, path: &str) -> Request<'_> {
        Request::new(self, method, format!("{}{path}", self.base_url))
    }

    /// The credentials of the first alternative of `security` that is fully set: a request
    /// satisfies one alternative, all of its schemes together. Empty when none is.
    fn credentials_for(&self, security: &[&[&str]]) -> Vec<&Credential> {
        security
            .iter()
            .find_map(|alternative| {
                alternative
                    .iter()
                    .map(|scheme| self.credential(scheme))
                    .collect::<Option<Vec<_>>>()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_complete_alternative_supplies_credentials() {
        let mut client = Client::new("http://h/api/");
        assert_eq!(client.base_url(), "http://h/api");
        client.set_credential("key", Credential::Bearer("a".into()));
        client.set_credential("key", Credential::Bearer("b".into()));
        let security: &[&[&str]] = &[&["basic", "key"], &["key"]];
        assert_eq!(
            client.credentials_for(security),
            vec![&Credential::Bearer("b".into())]
        );
        assert!(client.credentials_for(&[&["basic"]]).is_empty());
        assert_eq!(
            format!("{:?}", Credential::Bearer("secret".into())),
            "Bearer(***)"
        );
    }
}
