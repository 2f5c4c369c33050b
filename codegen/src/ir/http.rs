//! What the server and client backends share about HTTP: the base path, security schemes,
//! path templates, and the names of per-operation items (parameters, bodies, responses).
//! Deciding these once here keeps both backends saying the same thing.

use super::names::camel;
use super::{Content, Docs, Operation, ParamLocation, Response, Status, TypeRef};
use crate::load::{LoadedSpec, Warning};
use openapiv3::{ReferenceOr, SecurityScheme as RawScheme};

/// HTTP-level facts of the whole API.
#[derive(Debug, Clone, Default)]
pub struct Http {
    /// The path of the first server URL (`/api/database/v1`), without a trailing slash; empty
    /// when the server URL has no path. Server variables take their defaults.
    pub base_path: String,
    /// The first server URL with variables at their defaults, if it is absolute.
    pub default_url: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The spec-wide security requirement: alternatives of scheme keys (an empty alternative
    /// means anonymous access is allowed).
    pub security: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key in `components/securitySchemes`.
    pub key: String,
    pub kind: SchemeKind,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, a query parameter or a cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A path parameter, by its wire name.
    Param(String),
}

/// Parses `/contact_bases/{id}.json` into literals and parameters.
pub fn path_parts(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        parts.push(PathPart::Param(rest[open + 1..open + close].to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// The axum route an operation is registered under: segments holding a parameter become
/// `{p1}`, `{p2}`, … (matchit captures whole segments only; the generated handler matches the
/// full template), literal braces are doubled. Operations with the same shape share a route.
pub fn route_shape(base_path: &str, path: &str) -> String {
    let full = format!("{base_path}{path}");
    let mut shape = String::new();
    let mut n = 0;
    for (i, segment) in full.split('/').enumerate() {
        if i > 0 {
            shape.push('/');
        }
        let parts = path_parts(segment);
        if parts.iter().any(|p| matches!(p, PathPart::Param(_))) {
            n += 1;
            shape.push_str(&format!("{{p{n}}}"));
        } else {
            shape.push_str(&segment.replace('{', "{{").replace('}', "}}"));
        }
    }
    if !shape.starts_with('/') {
        shape.insert(0, '/');
    }
    shape
}

/// Whether `style` is one of OpenAPI's parameter styles.
pub fn style_known(style: &str) -> bool {
    matches!(
        style,
        "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject"
    )
}

impl super::Parameter {
    /// The style and explode of a parameter, with OpenAPI's defaults per location (`simple`
    /// in path and headers, `form` in query and cookies; explode only for `form`).
    pub fn style_and_explode(&self) -> (&str, bool) {
        let default = match self.location {
            ParamLocation::Path | ParamLocation::Header => "simple",
            ParamLocation::Query | ParamLocation::Cookie => "form",
        };
        let style = match self.style.as_deref() {
            Some(style) if style_known(style) => style,
            _ => default,
        };
        (style, self.explode.unwrap_or(style == "form"))
    }
}

impl Operation {
    /// The struct of path, query, header and cookie parameters, if the operation has any.
    pub fn params_type(&self) -> Option<String> {
        (!self.parameters.is_empty()).then(|| format!("{}Params", self.type_name))
    }

    /// The enum of documented responses.
    pub fn response_type(&self) -> String {
        format!("{}Response", self.type_name)
    }

    /// The struct of a response's documented headers, when it declares any: one struct for
    /// the whole operation when every response that declares headers declares the same ones
    /// (rate-limit headers on every status, as DigitalOcean does), else one per response.
    pub fn headers_type(&self, response: &Response) -> Option<String> {
        if response.headers.is_empty() {
            return None;
        }
        let same = |a: &Response| {
            a.headers.len() == response.headers.len()
                && a.headers.iter().zip(&response.headers).all(|(a, b)| {
                    (&a.name, &a.wire, &a.ty, a.required) == (&b.name, &b.wire, &b.ty, b.required)
                })
        };
        let shared = self
            .responses
            .iter()
            .filter(|r| !r.headers.is_empty())
            .all(same);
        Some(if shared {
            format!("{}Headers", self.type_name)
        } else {
            format!("{}{}Headers", self.type_name, response.variant())
        })
    }

    /// The request body as one type, or an enum with one variant per media type when the media
    /// types carry different schemas.
    pub fn body_shape(&self) -> Option<BodyShape<'_>> {
        let request = self.request.as_ref()?;
        let contents: Vec<&Content> = request.contents.iter().collect();
        let first = contents.first()?;
        if contents.iter().all(|c| c.ty == first.ty) {
            return Some(BodyShape::Single {
                ty: first.ty.clone().unwrap_or(TypeRef::Any),
                contents,
            });
        }
        let mut variants: Vec<(String, &Content)> = Vec::new();
        for content in contents {
            let base = media_variant(&content.media_type);
            let mut name = base.clone();
            let mut n = 2;
            while variants.iter().any(|(v, _)| *v == name) {
                name = format!("{base}{n}");
                n += 1;
            }
            variants.push((name, content));
        }
        Some(BodyShape::Variants {
            name: format!("{}Body", self.type_name),
            variants,
        })
    }
}

/// How a request body reaches the handler.
#[derive(Debug, Clone)]
pub enum BodyShape<'a> {
    Single {
        ty: TypeRef,
        contents: Vec<&'a Content>,
    },
    /// An enum named `name`, one variant per media type.
    Variants {
        name: String,
        variants: Vec<(String, &'a Content)>,
    },
}

/// The variant name a media type gets in a body enum (`application/json` → `Json`).
fn media_variant(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or("").trim();
    let sub = essence.rsplit('/').next().unwrap_or(essence);
    let sub = sub.rsplit('+').next().unwrap_or(sub);
    match sub {
        "x-www-form-urlencoded" => "Form".to_owned(),
        "form-data" => "Multipart".to_owned(),
        "octet-stream" => "Binary".to_owned(),
        "*" => "Any".to_owned(),
        _ => {
            let name = camel(sub);
            if name.is_empty() {
                "Other".to_owned()
            } else {
                name
            }
        }
    }
}

impl Response {
    /// The variant of the operation's response enum: the reason phrase of a known status
    /// (`201` → `Created`), `Status418` otherwise, `Status4XX` for ranges, `Default`.
    pub fn variant(&self) -> String {
        match &self.status {
            Status::Code(code) => match reason(*code) {
                Some(reason) => camel(reason),
                None => format!("Status{code}"),
            },
            Status::Range(class) => format!("Status{class}XX"),
            Status::Default => "Default".to_owned(),
        }
    }

    /// The body type: the schema of `application/json` if the response has it, else of the
    /// first JSON media type, else of the first media type with a schema. Media types whose
    /// schema differs are left out of [`Response::media_types`]. (GitHub lists
    /// `application/json+sarif`, a string, before the JSON analysis object it mostly returns.)
    pub fn body(&self) -> Option<&TypeRef> {
        let rank = |media: &str| {
            let essence = media.split(';').next().unwrap_or("").trim();
            if essence.eq_ignore_ascii_case("application/json") {
                0
            } else if essence.to_ascii_lowercase().contains("json") {
                1
            } else {
                2
            }
        };
        self.contents
            .iter()
            .filter(|c| c.ty.is_some())
            .min_by_key(|c| rank(&c.media_type))
            .and_then(|c| c.ty.as_ref())
    }

    /// The media types the body can be written as, in the spec's order.
    pub fn media_types(&self) -> Vec<&str> {
        let body = self.body();
        self.contents
            .iter()
            .filter(|c| c.ty.as_ref() == body || c.ty.is_none() && body.is_none())
            .map(|c| c.media_type.as_str())
            .collect()
    }

    /// Whether the variant carries a status code (ranges and `default`).
    pub fn has_dynamic_status(&self) -> bool {
        !matches!(self.status, Status::Code(_))
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// Reads servers and security schemes.
pub(super) fn lower_http(spec: &LoadedSpec, warnings: &mut Vec<Warning>) -> Http {
    let openapi = &spec.openapi;
    let (base_path, default_url) = match openapi.servers.first() {
        Some(server) => {
            let mut url = server.url.clone();
            if let Some(variables) = &server.variables {
                for (name, variable) in variables {
                    url = url.replace(&format!("{{{name}}}"), &variable.default);
                }
            }
            split_server_url(&url)
        }
        None => (String::new(), None),
    };
    let mut security_schemes = Vec::new();
    if let Some(components) = &openapi.components {
        for (key, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else {
                continue;
            };
            let pointer = crate::diagnostic::push_pointer("/components/securitySchemes", key);
            let (kind, description) = match scheme {
                RawScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        Some(SchemeKind::ApiKey {
                            location,
                            name: name.clone(),
                        }),
                        description,
                    )
                }
                RawScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (Some(SchemeKind::Bearer), description),
                    "basic" => (Some(SchemeKind::Basic), description),
                    _ => (None, description),
                },
                RawScheme::OAuth2 { description, .. }
                | RawScheme::OpenIDConnect { description, .. } => {
                    // Both end in a bearer token on the wire; obtaining it is the caller's job.
                    (Some(SchemeKind::Bearer), description)
                }
            };
            match kind {
                Some(kind) => security_schemes.push(SecurityScheme {
                    key: key.clone(),
                    kind,
                    docs: Docs {
                        description: description.clone(),
                        ..Docs::default()
                    },
                }),
                None => warnings.push(Warning {
                    message: format!(
                        "security scheme `{key}` uses an HTTP scheme other than bearer or basic; \
                         generated servers and clients ignore it"
                    ),
                    location: spec.locate(&pointer),
                }),
            }
        }
    }
    let security = openapi
        .security
        .as_ref()
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|requirement| requirement.keys().cloned().collect())
                .collect()
        })
        .unwrap_or_default();
    Http {
        base_path,
        default_url,
        security_schemes,
        security,
    }
}

/// `http://{host}/api/v1/` → (`/api/v1`, Some(`http://host/api/v1`)); `/v1` → (`/v1`, None).
fn split_server_url(url: &str) -> (String, Option<String>) {
    let url = url.trim();
    let (absolute, path) = match url.find("://") {
        Some(scheme_end) => {
            let after = &url[scheme_end + 3..];
            let path = after.find('/').map(|i| &after[i..]).unwrap_or("");
            (Some(url.trim_end_matches('/').to_owned()), path)
        }
        None => (None, url),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    (path, absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_json_is_the_body_when_media_types_differ() {
        let api = crate::ir::testing::api_from_paths(
            "  /analysis:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json+sarif: {schema: {type: string}}
            application/json: {schema: {type: object, properties: {id: {type: integer}}}}
            text/csv: {schema: {type: string}}
",
        );
        let ok = &api.operations[0].responses[0];
        assert!(
            matches!(ok.body(), Some(TypeRef::Named(_))),
            "{:?}",
            ok.body()
        );
        assert_eq!(ok.media_types(), ["application/json"]);
    }

    #[test]
    fn server_urls_split_into_base_path_and_default_url() {
        assert_eq!(
            split_server_url("http://localhost/api/database/v1"),
            (
                "/api/database/v1".to_owned(),
                Some("http://localhost/api/database/v1".to_owned())
            )
        );
        assert_eq!(
            split_server_url("https://alta-bpo.example.com"),
            (
                String::new(),
                Some("https://alta-bpo.example.com".to_owned())
            )
        );
        assert_eq!(split_server_url("/v1/"), ("/v1".to_owned(), None));
        assert_eq!(split_server_url("v2"), ("/v2".to_owned(), None));
    }

    #[test]
    fn path_templates_split_parameters_from_suffixes() {
        assert_eq!(
            path_parts("/contact_bases/{id}.json"),
            vec![
                PathPart::Literal("/contact_bases/".to_owned()),
                PathPart::Param("id".to_owned()),
                PathPart::Literal(".json".to_owned()),
            ]
        );
        assert_eq!(path_parts("/a"), vec![PathPart::Literal("/a".to_owned())]);
    }

    #[test]
    fn route_shapes_capture_whole_segments() {
        assert_eq!(
            route_shape("/api", "/contact_bases/{base_id}/contacts/{id}.json"),
            "/api/contact_bases/{p1}/contacts/{p2}"
        );
        assert_eq!(route_shape("", "/a.json"), "/a.json");
        assert_eq!(route_shape("", ""), "/");
        assert_eq!(route_shape("/v1", "/a/{x}/b"), "/v1/a/{p1}/b");
    }

    #[test]
    fn media_types_name_body_variants() {
        assert_eq!(media_variant("application/json"), "Json");
        assert_eq!(media_variant("application/vnd.api+json"), "Json");
        assert_eq!(media_variant("application/x-www-form-urlencoded"), "Form");
        assert_eq!(media_variant("multipart/form-data"), "Multipart");
        assert_eq!(media_variant("text/plain; charset=utf-8"), "Plain");
    }
}
