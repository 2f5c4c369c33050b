//! The axum side of generated servers: reading a request the way the spec describes it,
//! rejecting what does not fit, and writing typed responses in the negotiated media type.
//!
//! Generated routers call into this module for everything that is the same for every
//! operation, so that the generated code only says what differs: which parameter sits where,
//! which body types are accepted, which statuses exist.

mod incoming;
mod path;
mod rejection;
mod respond;
mod serve;

pub use incoming::{Credential, CredentialKind, Incoming, Location};
pub use path::{match_path, Part, PathMatch};
pub use rejection::{Failure, Rejection, RejectionKind};
pub use respond::{bytes, empty, json, set_headers, status, text, xml, Response};
pub use serve::{
    check_params, respond, router, BoxFuture, Endpoint, Handle, Handled, Scheme, Service,
};

pub use crate::http::{negotiate, Shape, Style};
pub use axum;
pub use http::{Method, StatusCode};

/// Bounds on what a request may make the server do before the handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest body read, in bytes (`413 Payload Too Large` beyond).
    pub max_body_bytes: usize,
    /// The deepest nesting of a JSON, XML or form body.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 2 * 1024 * 1024,
            max_depth: 64,
        }
    }
}
