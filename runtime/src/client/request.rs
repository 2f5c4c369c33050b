//! One request, filled in by a generated operation and sent with reqwest.
//!
//! Filling in never fails on the spot: the first problem (a value that does not serialize) is
//! kept and reported by [`Request::send`], so that generated code reads as a list of
//! parameters rather than a list of `?`s.

use super::body::{
    file_part, form_pairs, form_text, multipart_parts, text_body, FieldEncoding, Part,
};
use super::error::{Error, ErrorKind};
use super::reply::Reply;
use super::{Client, Credential, KeyLocation};
use crate::http::style::{encode_query, encode_value, Style};
use crate::Binary;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use reqwest::{Method, Url};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;

/// Escaped in a path parameter: what would end or restructure the segment. `;`, `,`, `=`
/// and `.` stay, as the label and matrix styles use them as separators.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Escaped in a cookie value (RFC 6265 `cookie-octet` excludes these).
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b',')
    .add(b';')
    .add(b'\\');

#[derive(Debug, Clone)]
enum Body {
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
    Multipart(Vec<Part>),
}

/// The comma-separated `accept` list with the client's preferred types first, in the order
/// of preference (a stable sort keeps the rest in the spec's order).
fn preferred_first(client: &Client, accept: &str) -> String {
    let mut media: Vec<&str> = accept.split(',').map(str::trim).collect();
    media.sort_by_key(|m| client.media_rank(m).unwrap_or(usize::MAX));
    media.join(", ")
}

/// A request being built: URL, parameters, body, and which credentials it needs.
#[derive(Debug)]
pub struct Request<'c> {
    client: &'c Client,
    method: Method,
    /// Base URL and path so far; a followed link may carry a query of its own.
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    accept: Option<&'static str>,
    security: &'static [&'static [&'static str]],
    /// Whether to attach credentials (not to links that lead to another origin).
    credentials: bool,
    body: Option<Body>,
    problem: Option<String>,
}

impl<'c> Request<'c> {
    pub(crate) fn new(client: &'c Client, method: Method, url: String) -> Self {
        Request {
            client,
            method,
            url,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            accept: None,
            security: &[],
            credentials: true,
            body: None,
            problem: None,
        }
    }

    /// Appends a literal piece of the path template.
    pub fn path(&mut self, literal: &str) -> &mut Self {
        self.url.push_str(literal);
        self
    }

    /// Appends a path parameter written by `style`, percent-encoded.
    pub fn path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> &mut Self {
        if let Some(value) = self.serialize(name, value) {
            let text = encode_value(name, &value, style, explode);
            // URL parsers read `.`, `..` and even `%2E%2E` as moves up the path.
            if text == "." || text == ".." {
                return self.fail(format!("path parameter `{name}` cannot be `{text}`"));
            }
            self.url.push_str(&encode_segment(&text));
        }
        self
    }

    /// Adds a query parameter written by `style`/`explode`; `None` adds nothing.
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> &mut Self {
        if let Some(value) = self.serialize(name, value) {
            encode_query(&mut self.query, name, &value, style, explode);
        }
        self
    }

    /// Adds a header parameter; `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> &mut Self {
        match self.serialize(name, value) {
            Some(Value::Null) | None => {}
            Some(value) => {
                let text = encode_value(name, &value, style, explode);
                self.headers.push((name.to_owned(), text));
            }
        }
        self
    }

    /// Adds a cookie parameter, percent-encoded; `None` adds nothing.
    pub fn cookie<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> &mut Self {
        match self.serialize(name, value) {
            Some(Value::Null) | None => {}
            Some(value) => {
                // The form style's `name=` prefix is the cookie's own.
                let style = if style == Style::Form {
                    Style::Simple
                } else {
                    style
                };
                let text = encode_value(name, &value, style, explode);
                self.cookies.push((name.to_owned(), encode_cookie(&text)));
            }
        }
        self
    }

    /// The `Accept` header: the media types the operation's success responses come in
    /// (comma-separated); the client's preferred types go first when it has some.
    pub fn accept(&mut self, media: &'static str) -> &mut Self {
        self.accept = Some(media);
        self
    }

    /// Which of the media types an operation's body can be written in to use: the index in
    /// `offered` of the one the client prefers most, else 0 (the spec's first).
    pub fn body_media(&self, offered: &[&str]) -> usize {
        offered
            .iter()
            .enumerate()
            .filter_map(|(index, media)| Some((self.client.media_rank(media)?, index)))
            .min()
            .map_or(0, |(_, index)| index)
    }

    /// The operation's security alternatives, by scheme key; the first one whose credentials
    /// are all set on the client is sent.
    pub fn security(&mut self, alternatives: &'static [&'static [&'static str]]) -> &mut Self {
        self.security = alternatives;
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, media: &str, value: &T) -> &mut Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.bytes(media, bytes),
            Err(e) => self.fail(format!("the body does not serialize as JSON: {e}")),
        }
    }

    /// An `application/x-www-form-urlencoded` body (see [`form_pairs`]).
    pub fn form<T: Serialize + ?Sized>(
        &mut self,
        media: &str,
        value: &T,
        encodings: &[FieldEncoding],
    ) -> &mut Self {
        let Some(value) = self.serialize("body", value) else {
            return self;
        };
        match form_pairs(&value, encodings) {
            Ok(pairs) => self.bytes(media, form_text(&pairs).into_bytes()),
            Err(e) => self.fail(e),
        }
    }

    /// A `multipart/form-data` body (see [`multipart_parts`]); `files` are the binary
    /// properties, sent as file parts with their bytes.
    pub fn multipart<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        encodings: &[FieldEncoding],
        files: &[(&str, Vec<&Binary>)],
    ) -> &mut Self {
        let Some(value) = self.serialize("body", value) else {
            return self;
        };
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        match multipart_parts(&value, encodings, &names) {
            Ok(mut parts) => {
                for (name, values) in files {
                    for file in values {
                        let content_type = encodings
                            .iter()
                            .find(|e| e.property == *name)
                            .and_then(|e| e.content_type);
                        parts.push(file_part(name, &file.0, content_type));
                    }
                }
                self.body = Some(Body::Multipart(parts));
                self
            }
            Err(e) => self.fail(e),
        }
    }

    /// A `text/*` body: a string as it is, other values as JSON text.
    pub fn text<T: Serialize + ?Sized>(&mut self, media: &str, value: &T) -> &mut Self {
        match self.serialize("body", value) {
            Some(value) => self.bytes(media, text_body(&value).into_bytes()),
            None => self,
        }
    }

    /// A body of bytes as they are (XML documents, octet streams).
    pub fn bytes(&mut self, media: &str, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.body = Some(Body::Bytes {
            content_type: media.to_owned(),
            bytes: bytes.into(),
        });
        self
    }

    /// The URL with the query parameters (credentials are added when sending).
    pub fn url(&self) -> Result<Url, Error> {
        let mut url = Url::parse(&self.url).map_err(|e| {
            Error::new(
                ErrorKind::Request,
                format!(
                    "`{}` is not an absolute URL ({e}); is the base URL right?",
                    self.url
                ),
            )
        })?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok(url)
    }

    /// Sends the request and decodes the reply with `decode`: what a generated operation
    /// returns. The future is written here once rather than as an `async fn` per operation,
    /// which the compiler would have to analyse one by one; it borrows only the client, so
    /// the parameters and body passed to the operation are free as soon as it returns.
    // Not an `async fn`: the `Send` bound is promised here, once, instead of being proved
    // from the future's insides at every generated call site.
    #[allow(clippy::manual_async_fn)]
    pub fn call<T, D>(self, decode: D) -> impl Future<Output = Result<T, Error>> + Send + 'c
    where
        T: 'c,
        D: FnOnce(&Reply) -> Result<T, Error> + Send + 'c,
    {
        async move {
            let reply = self.send().await?;
            decode(&reply)
        }
    }

    /// [`Request::call`] for an operation with a body: `write` puts `body` into the request
    /// when the future first runs. Deferring it keeps the body's encoder (serde_json, the XML
    /// codec, the form encoder, instantiated per body type) out of the generated crate's own
    /// code: it is compiled where the operation is awaited, as the decoder already is.
    #[allow(clippy::manual_async_fn)]
    pub fn call_with<B, W, T, D>(
        mut self,
        body: B,
        write: W,
        decode: D,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'c
    where
        B: Send + 'c,
        W: FnOnce(&mut Request<'c>, &B) + Send + 'c,
        T: 'c,
        D: FnOnce(&Reply) -> Result<T, Error> + Send + 'c,
    {
        async move {
            write(&mut self, &body);
            drop(body);
            let reply = self.send().await?;
            decode(&reply)
        }
    }

    /// Sends the request and reads the whole response.
    pub async fn send(&self) -> Result<Reply, Error> {
        let method = self.method.as_str();
        if let Some(problem) = &self.problem {
            return Err(Error::new(ErrorKind::Request, problem.clone()).at(method, &self.url));
        }
        let mut url = self.url()?;
        let credentials = if self.credentials {
            self.client.credentials_for(self.security)
        } else {
            Vec::new()
        };
        // Errors and replies show the URL without the API keys, as they end up in logs.
        let shown = url.to_string();
        add_query_keys(&mut url, &credentials);
        let request = self
            .build(url, &credentials)
            .map_err(|e| e.at(method, &shown))?;
        let response = request
            .send()
            .await
            .map_err(|e| transport(e, method, &shown))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport(e, method, &shown))?;
        Ok(Reply {
            method: method.to_owned(),
            url: shown,
            status,
            content_type,
            headers,
            body,
        })
    }

    /// The request for a link found in a response: a `GET` with the same headers, cookies,
    /// `Accept` and security, and no query of its own (the link has it). Credentials go only
    /// to the base URL's origin, so that a link cannot carry them elsewhere.
    pub fn follow(&self, url: Url) -> Request<'c> {
        let same_origin = Url::parse(&self.client.base_url)
            .map(|base| base.origin() == url.origin())
            .unwrap_or(false);
        Request {
            client: self.client,
            method: Method::GET,
            url: url.to_string(),
            query: Vec::new(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            accept: self.accept,
            security: self.security,
            credentials: self.credentials && same_origin,
            body: None,
            problem: None,
        }
    }

    pub(crate) fn client(&self) -> &'c Client {
        self.client
    }

    fn build(
        &self,
        url: Url,
        credentials: &[&Credential],
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut request = self.client.http.request(self.method.clone(), url);
        for (name, value) in &self.headers {
            request = request.header(header_name(name)?, header_value(name, value)?);
        }
        let mut cookies = self.cookies.clone();
        for credential in credentials {
            match credential {
                Credential::ApiKey {
                    location: KeyLocation::Header,
                    name,
                    key,
                } => {
                    request = request.header(header_name(name)?, header_value(name, key)?);
                }
                Credential::ApiKey {
                    location: KeyLocation::Cookie,
                    name,
                    key,
                } => {
                    cookies.push(((*name).to_owned(), encode_cookie(key)));
                }
                Credential::ApiKey {
                    location: KeyLocation::Query,
                    ..
                } => {}
                Credential::Bearer(token) => {
                    let value = format!("Bearer {token}");
                    request = request.header(AUTHORIZATION, header_value("Authorization", &value)?);
                }
                Credential::Basic { username, password } => {
                    request = request.basic_auth(username, password.as_ref());
                }
            }
        }
        if !cookies.is_empty() {
            let line: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(COOKIE, header_value("Cookie", &line.join("; "))?);
        }
        if let Some(accept) = self.accept {
            let accept = preferred_first(self.client, accept);
            request = request.header(ACCEPT, header_value("Accept", &accept)?);
        }
        Ok(match &self.body {
            None => request,
            Some(Body::Bytes {
                content_type,
                bytes,
            }) => request
                .header(CONTENT_TYPE, header_value("Content-Type", content_type)?)
                .body(bytes.clone()),
            Some(Body::Multipart(parts)) => request.multipart(multipart_form(parts)?),
        })
    }

    fn serialize<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(format!("`{name}` does not serialize: {e}"));
                None
            }
        }
    }

    fn fail(&mut self, problem: String) -> &mut Self {
        self.problem.get_or_insert(problem);
        self
    }
}

/// Adds API keys that travel in the query, unless the URL (a followed link) has them.
fn add_query_keys(url: &mut Url, credentials: &[&Credential]) {
    for credential in credentials {
        if let Credential::ApiKey {
            location: KeyLocation::Query,
            name,
            key,
        } = credential
        {
            if !url.query_pairs().any(|(k, _)| k == *name) {
                url.query_pairs_mut().append_pair(name, key);
            }
        }
    }
}

/// Percent-encodes a path parameter.
pub(crate) fn encode_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

fn encode_cookie(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_VALUE).to_string()
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
        Error::new(
            ErrorKind::Request,
            format!("`{name}` is not a header name: {e}"),
        )
    })
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::new(
            ErrorKind::Request,
            format!("the value of header `{name}` is not valid in a header: {e}"),
        )
    })
}

fn multipart_form(parts: &[Part]) -> Result<reqwest::multipart::Form, Error> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        let mut body = reqwest::multipart::Part::bytes(part.data.clone());
        if let Some(content_type) = &part.content_type {
            body = body.mime_str(content_type).map_err(|e| {
                Error::new(
                    ErrorKind::Request,
                    format!("`{content_type}` is not a media type: {e}"),
                )
            })?;
        }
        if let Some(file_name) = &part.file_name {
            body = body.file_name(file_name.clone());
        }
        form = form.part(part.name.clone(), body);
    }
    Ok(form)
}

fn transport(e: reqwest::Error, method: &str, url: &str) -> Error {
    Error::new(ErrorKind::Transport, format!("the request failed: {e}"))
        .at(method, url)
        .with_source(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new("http://example.com/api/v1/")
    }

    #[test]
    fn urls_join_the_base_the_template_and_the_query() {
        let client = client();
        let mut request = client.request(Method::GET, "/contact_bases/");
        request
            .path_param("base_id", &7, Style::Simple, false)
            .path("/contacts/")
            .path_param("code", "a/b c?", Style::Simple, false)
            .path(".json")
            .query("page", &Some(2), Style::Form, true)
            .query("absent", &None::<i32>, Style::Form, true)
            .query("types", &[2, 3], Style::Form, false)
            .query("ids", &[4, 5], Style::Form, true)
            .query(
                "filter",
                &serde_json::json!({"name": "a b"}),
                Style::DeepObject,
                true,
            );
        assert_eq!(
            request.url().unwrap().as_str(),
            "http://example.com/api/v1/contact_bases/7/contacts/a%2Fb%20c%3F.json\
             ?page=2&types=2%2C3&ids=4&ids=5&filter%5Bname%5D=a+b"
        );
    }

    #[test]
    fn preferred_media_pick_the_body_and_lead_accept() {
        let mut client = client();
        let offered = [
            "application/json",
            "application/xml",
            "application/x-www-form-urlencoded",
        ];
        assert_eq!(client.request(Method::POST, "/x").body_media(&offered), 0);
        assert_eq!(
            preferred_first(&client, "application/json, application/xml"),
            "application/json, application/xml"
        );
        client.prefer_media([
            "text/csv",
            "Application/X-WWW-Form-Urlencoded",
            "application/xml",
        ]);
        assert_eq!(client.request(Method::POST, "/x").body_media(&offered), 2);
        assert_eq!(
            client
                .request(Method::POST, "/x")
                .body_media(&["application/json"]),
            0
        );
        assert_eq!(
            preferred_first(
                &client,
                "application/json, text/plain, application/xml; q=1"
            ),
            "application/xml; q=1, application/json, text/plain"
        );
    }

    #[test]
    fn path_styles_keep_their_separators() {
        let client = client();
        let mut request = client.request(Method::GET, "/x/");
        request
            .path_param("id", &[1, 2], Style::Label, true)
            .path_param("m", &[1, 2], Style::Matrix, false)
            .path("/");
        assert_eq!(
            request.url().unwrap().as_str(),
            "http://example.com/api/v1/x/.1.2;m=1,2/"
        );
        request.path_param("dots", "..", Style::Simple, false);
        assert!(request.problem.as_deref().unwrap().contains("`..`"));
    }

    #[test]
    fn query_keys_are_added_once() {
        let key = Credential::ApiKey {
            location: KeyLocation::Query,
            name: "api_key",
            key: "s&t".into(),
        };
        let mut url = Url::parse("http://h/a?page=2").unwrap();
        add_query_keys(&mut url, &[&key]);
        assert_eq!(url.as_str(), "http://h/a?page=2&api_key=s%26t");
        add_query_keys(&mut url, &[&key]);
        assert_eq!(url.as_str(), "http://h/a?page=2&api_key=s%26t");
    }

    #[test]
    fn building_problems_surface_when_sending() {
        let client = Client::new("not a url");
        let request = client.request(Method::GET, "/a");
        let err = request.url().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Request);
        assert!(err.to_string().contains("base URL"), "{err}");
        assert_eq!(encode_cookie("a b;c"), "a%20b%3Bc");
    }
}
