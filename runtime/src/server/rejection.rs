//! Why a request never reached its handler.

use super::respond::Response;
use crate::validate::Violation;
use axum::response::IntoResponse;
use http::{header, HeaderValue, StatusCode};

/// What went wrong, for an API's own error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectionKind {
    /// No credential, or one the server did not accept.
    Unauthorized,
    /// A parameter is missing or does not fit its schema.
    Parameter {
        name: String,
        location: &'static str,
    },
    /// The body could not be read as the declared media type and schema.
    Body,
    /// The body was read but breaks constraints of the schema.
    Constraints,
    /// A required body is missing.
    MissingBody,
    UnsupportedMediaType,
    NotAcceptable,
    PayloadTooLarge,
    /// The path has the shape of a route but matches none of its templates.
    NotFound,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The handler failed in a way the spec documents no response for (a [`Failure`]).
    Internal,
}

/// An error a handler returns when the spec documents no response for what went wrong (a
/// database that is down, say): the router answers 500 through `Api::reject`. Any
/// `std::error::Error` converts into it, so handlers can use `?`.
#[derive(Debug)]
pub struct Failure(Box<dyn std::error::Error + Send + Sync>);

impl<E: std::error::Error + Send + Sync + 'static> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(Box::new(error))
    }
}

impl Failure {
    /// A failure from a message.
    pub fn msg(message: impl Into<String>) -> Self {
        Failure(message.into().into())
    }

    pub fn error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A request refused before its handler ran. Generated servers pass it to the API's
/// `reject` method, which may answer with the API's own error body; by default it becomes
/// `{"error": message, "violations": [...]}` with the fitting status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: StatusCode,
    pub kind: RejectionKind,
    /// The operationId (or generated name) of the operation that refused the request.
    pub operation: &'static str,
    /// One sentence for a human.
    pub message: String,
    /// Constraint violations, with JSON pointers into the body.
    pub violations: Vec<Violation>,
}

impl Rejection {
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        kind: RejectionKind,
        message: String,
    ) -> Self {
        Rejection {
            status,
            kind,
            operation,
            message,
            violations: Vec::new(),
        }
    }

    pub fn unauthorized(operation: &'static str, message: &str) -> Self {
        Self::new(
            operation,
            StatusCode::UNAUTHORIZED,
            RejectionKind::Unauthorized,
            message.to_owned(),
        )
    }

    pub fn parameter(
        operation: &'static str,
        name: &str,
        location: &'static str,
        why: &str,
    ) -> Self {
        Self::new(
            operation,
            StatusCode::BAD_REQUEST,
            RejectionKind::Parameter {
                name: name.to_owned(),
                location,
            },
            format!("{location} parameter `{name}`: {why}"),
        )
    }

    /// Parameters that were read but break their schema's constraints. The violations point
    /// at parameters by wire name (`/pageSize`); `locations` tells where each one sits, and
    /// the first one names the rejection's kind.
    pub fn parameters(
        operation: &'static str,
        violations: Vec<Violation>,
        locations: &[(&str, &'static str)],
    ) -> Self {
        let first = violations.first();
        let name = first
            .map(|v| {
                let top = v.pointer.trim_start_matches('/');
                let top = top.split('/').next().unwrap_or(top);
                top.replace("~1", "/").replace("~0", "~")
            })
            .unwrap_or_default();
        let location = locations
            .iter()
            .find(|(wire, _)| *wire == name)
            .map_or("query", |(_, location)| *location);
        let message = match first {
            Some(v) => format!("{location} parameter `{name}`: {}", v.message),
            None => "invalid parameters".to_owned(),
        };
        Rejection {
            violations,
            ..Self::new(
                operation,
                StatusCode::BAD_REQUEST,
                RejectionKind::Parameter { name, location },
                message,
            )
        }
    }

    /// A handler's [`Failure`]; the message is the failure's, for logs and `reject` (the
    /// default response does not show it to the client).
    pub fn internal(operation: &'static str, failure: &Failure) -> Self {
        Self::new(
            operation,
            StatusCode::INTERNAL_SERVER_ERROR,
            RejectionKind::Internal,
            failure.to_string(),
        )
    }

    pub fn body(operation: &'static str, why: String) -> Self {
        Self::new(operation, StatusCode::BAD_REQUEST, RejectionKind::Body, why)
    }

    pub fn constraints(operation: &'static str, violations: Vec<Violation>) -> Self {
        let message = match violations.as_slice() {
            [one] => format!("the body breaks a constraint: {one}"),
            many => format!("the body breaks {} constraints", many.len()),
        };
        Rejection {
            violations,
            ..Self::new(
                operation,
                StatusCode::BAD_REQUEST,
                RejectionKind::Constraints,
                message,
            )
        }
    }

    /// The response this crate writes when the API does not write its own.
    pub fn default_response(&self) -> Response {
        let violations: Vec<serde_json::Value> = self
            .violations
            .iter()
            .map(|v| {
                serde_json::json!({
                    "pointer": v.pointer,
                    "keyword": v.keyword,
                    "message": v.message,
                })
            })
            .collect();
        let message = match self.kind {
            RejectionKind::Internal => "internal server error",
            _ => self.message.as_str(),
        };
        let mut body = serde_json::json!({ "error": message });
        if !violations.is_empty() {
            body["violations"] = serde_json::Value::Array(violations);
        }
        let mut response = super::respond::json(self.status, "application/json", &body);
        if self.kind == RejectionKind::Unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer, ApiKey"),
            );
        }
        response
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.default_response()
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.operation, self.message)
    }
}

impl std::error::Error for Rejection {}
