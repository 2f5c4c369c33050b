//! The example server: the four APIs of `spec/` (Alta BPO, Orzame, B2B and Obzvonilka) served
//! from their generated `server` modules over one SQLite [`store::Store`].
//!
//! Each API has a service ([`AltaService`], [`OrzameService`], [`B2bService`],
//! [`ObzvonilkaService`]) implementing its generated `server::Api`: the generated routers read
//! and check parameters, credentials and bodies, the services only call the store and map
//! [`store::StoreError`]s to the documented responses of each operation. [`app`] merges the four
//! routers; [`serve`] runs it on a listener. The binary `example-server` (`src/bin/`) opens the
//! database, starts the B2B queue worker and calls [`serve`].
//!
//! # The persistence layer
//!
//! [`store::Store`] is an embedded SQLite database that takes and returns the generated model
//! types. A fresh database is seeded with the specs' documented examples, so the documents'
//! example requests get sensible answers. B2B's `createBPartners` is asynchronous in the spec
//! (201 with a status URL, processing later); the store keeps a real queue for it, drained by
//! [`store::spawn_worker`] — [`app`] does not start a worker, whoever owns the store does.
//!
//! # Errors outside the documented responses
//!
//! The generated response enums hold only the documented statuses, and Alta BPO, Orzame and
//! Obzvonilka document no 500. A store failure such an operation cannot express (a broken
//! database) is returned as an `Err` ([`rt::Failure`]); the generated router passes it to the
//! API's `reject` as [`rt::RejectionKind::Internal`], which logs it and answers 500 with a
//! generic message in that API's error body. The routing errors of the generated layer (a path
//! that fits a route's shape but not its template, a wrong method) reach `reject` too, so they
//! also get the API's error body.

pub mod alta;
pub mod b2b;
pub mod obzvonilka;
pub mod orzame;
pub mod store;

pub use alta::AltaService;
pub use b2b::B2bService;
pub use obzvonilka::ObzvonilkaService;
pub use orzame::OrzameService;

use apigen_runtime::server as rt;
use rt::axum;
use rt::StatusCode;
use std::sync::Arc;
use store::Store;

/// The key the binary uses when it is given no `--api-key`.
pub const DEMO_API_KEY: &str = "demo-key";

/// What the server needs besides its store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The one API key every API accepts (as a bearer token, a raw `Authorization` header, an
    /// `api_key` query or form field or an `X-Api-Key` header, whichever the API uses).
    pub api_key: String,
    /// The server's own URL as clients reach it, e.g. `http://127.0.0.1:8080`, for absolute
    /// links in bodies (B2B `nextPageUrl` and `statusUrl`, Orzame's pagination links).
    pub public_url: String,
}

impl Config {
    /// `path` (starting with `/`) under [`Config::public_url`].
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    /// Whether a credential the generated router found is the configured key, compared
    /// without an early exit so that the time taken does not tell how much of it matched.
    pub(crate) fn accepts(&self, credential: &rt::Credential) -> bool {
        let (given, expected) = (credential.value.as_bytes(), self.api_key.as_bytes());
        given.len() == expected.len()
            && given
                .iter()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// The four APIs over `store`, at the spec's base paths: Alta BPO at `/web/api/partners`,
/// Orzame at `/v1/contacts…`, B2B at `/api/database/v1/…`, Obzvonilka at `/api/….json`. Any
/// other path answers a JSON 404.
///
/// Does not start the B2B queue worker: call [`store::spawn_worker`] for `createBPartners` to
/// progress.
pub fn app(store: Arc<Store>, config: Config) -> axum::Router {
    let alta = AltaService::new(Arc::clone(&store), config.clone());
    let orzame = OrzameService::new(Arc::clone(&store), config.clone());
    let b2b = B2bService::new(Arc::clone(&store), config.clone());
    let obzvonilka = ObzvonilkaService::new(store, config);
    axum::Router::new()
        .merge(crate::alta_bpo::server::router(Arc::new(alta)))
        .merge(crate::orzame::server::router(Arc::new(orzame)))
        .merge(crate::b2b::server::router(Arc::new(b2b)))
        .merge(crate::obzvonilka::server::router(Arc::new(obzvonilka)))
        .fallback(not_found)
}

/// Serves [`app`] on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<Store>,
    config: Config,
) -> std::io::Result<()> {
    axum::serve(listener, app(store, config)).await
}

/// What a client is told about an internal failure; the failure itself goes to the log only.
pub(crate) const INTERNAL_ERROR: &str = "Internal server error.";

/// For a [`rt::RejectionKind::Internal`] rejection (a handler's [`rt::Failure`]): logs
/// `operation: message` to stderr and returns the generic message to answer with.
pub(crate) fn internal_failure(rejection: &rt::Rejection) -> Option<&'static str> {
    if rejection.kind != rt::RejectionKind::Internal {
        return None;
    }
    eprintln!(
        "example-server: {}: {}",
        rejection.operation, rejection.message
    );
    Some(INTERNAL_ERROR)
}

/// The app's fallback: a path no API serves.
async fn not_found(request: axum::extract::Request) -> rt::Response {
    rt::json(
        StatusCode::NOT_FOUND,
        "application/json",
        &serde_json::json!({
            "error": format!(
                "no operation of the example server at {} {}",
                request.method(),
                request.uri().path()
            ),
        }),
    )
}

/// Adds `WWW-Authenticate` to a 401.
pub(crate) fn challenge(mut response: rt::Response, scheme: &'static str) -> rt::Response {
    if response.status() == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static(scheme),
        );
    }
    response
}

/// A rejection's message followed by its violations, for APIs whose error body has one text.
pub(crate) fn rejection_text(rejection: &rt::Rejection) -> String {
    let mut text = rejection.message.clone();
    if rejection.violations.len() > 1 {
        let all: Vec<String> = rejection
            .violations
            .iter()
            .map(ToString::to_string)
            .collect();
        text.push_str(": ");
        text.push_str(&all.join("; "));
    }
    text
}

#[cfg(test)]
mod tests;
