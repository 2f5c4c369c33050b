//! Routing and the request pipeline shared by every operation of every generated server.
//!
//! A generated server describes each operation as data ([`Endpoint`]: template, credentials,
//! media types) plus one plain function that reads the typed input and starts the call
//! ([`Handle`]). Everything asynchronous lives here, written once: reading the body, asking the
//! service about credentials, awaiting the handler, writing the response. Generated code thus
//! holds no `async fn` and no future type of its own, which is what made it slow to compile:
//! every `async fn` generic over the service is a state machine whose `Send`-ness the compiler
//! proves anew, and axum's `Handler` bounds multiplied that by the number of routes.

use super::incoming::{Credential, CredentialKind, Incoming};
use super::path::{match_path, Part};
use super::rejection::{Failure, Rejection, RejectionKind};
use super::respond::Response;
use super::Limits;
use crate::validate::Validate;
use axum::extract::{Request, State};
use axum::routing::{MethodFilter, MethodRouter};
use http::{Method, StatusCode};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A future that is `Send` and borrows from the request.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a [`Handle`] returns: the started call, which ends in the written response, or the
/// rejection of an input that does not fit the spec.
pub type Handled<'a> = Result<BoxFuture<'a, Result<Response, Rejection>>, Rejection>;

/// Reads an operation's typed input from the request and starts the service's method.
pub type Handle<S> = for<'a> fn(&'a S, &'a Incoming) -> Handled<'a>;

/// The parts of a generated `Api` trait the pipeline calls, whatever the operation. Generated
/// servers implement it on a wrapper of the user's type, which forwards to the trait.
pub trait Service: Send + Sync + 'static {
    /// The response to a request refused before (or instead of) its handler.
    fn reject(&self, rejection: Rejection) -> Response;

    /// Body size and nesting bounds.
    fn limits(&self) -> Limits;

    /// Whether a credential found in a request is valid. Services without security schemes
    /// are never asked.
    fn authenticate<'a>(&'a self, credential: &'a Credential) -> BoxFuture<'a, bool> {
        let _ = credential;
        Box::pin(std::future::ready(false))
    }
}

/// A security scheme a requirement names, with where its credential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The key of the scheme in the spec.
    pub key: &'static str,
    pub kind: CredentialKind,
}

/// One operation as the router sees it.
pub struct Endpoint<S> {
    /// The `operationId` (or the generated name), for rejections and logs.
    pub operation: &'static str,
    pub method: Method,
    /// The axum route it is registered under: the template with each segment holding a
    /// parameter replaced by a capture, so that operations differing only inside a segment
    /// (`/{id}.json`, `/{id}.xml`) share it and are told apart by [`Endpoint::template`].
    pub route: &'static str,
    /// The full path template, base path included.
    pub template: &'static [Part],
    /// Alternatives of the security requirement: a request passes when every scheme of one
    /// alternative yields a credential the service accepts. Empty: no credentials needed.
    pub security: &'static [&'static [Scheme]],
    /// The media types of the success responses; a caller whose `Accept` rules out all of
    /// them gets 406 before the handler runs. Empty: no check.
    pub produces: &'static [&'static str],
    pub handle: Handle<S>,
}

/// Checks the constraints of an operation's parameters; the rejection names the first
/// offending parameter with its location (`(wire name, "query")`, …).
pub fn check_params<T: Validate>(
    incoming: &Incoming,
    params: &T,
    locations: &[(&'static str, &'static str)],
) -> Result<(), Rejection> {
    params.validate().map_err(|violations| {
        Rejection::parameters(incoming.operation(), violations.into_vec(), locations)
    })
}

/// Starts the call of a service method and writes its typed result with `encode`; a
/// [`Failure`] becomes a 500 rejection of the operation.
pub fn respond<'a, T, F, E>(incoming: &'a Incoming, call: F, encode: E) -> Handled<'a>
where
    F: Future<Output = Result<T, Failure>> + Send + 'a,
    E: FnOnce(&Incoming, T) -> Response + Send + 'a,
{
    Ok(Box::pin(async move {
        match call.await {
            Ok(response) => Ok(encode(incoming, response)),
            Err(failure) => Err(Rejection::internal(incoming.operation(), &failure)),
        }
    }))
}

/// An axum router serving `endpoints`; requests that fit no endpoint are answered 404 or 405
/// through [`Service::reject`].
pub fn router<S: Service>(
    service: S,
    endpoints: impl IntoIterator<Item = Endpoint<S>>,
) -> axum::Router {
    let mut routes: BTreeMap<&'static str, BTreeMap<Method, Vec<Endpoint<S>>>> = BTreeMap::new();
    for endpoint in endpoints {
        routes
            .entry(endpoint.route)
            .or_default()
            .entry(endpoint.method.clone())
            .or_default()
            .push(endpoint);
    }
    let mut router = axum::Router::new();
    for (route, methods) in routes {
        let mut method_router: MethodRouter<Arc<S>> = MethodRouter::new();
        for (method, group) in methods {
            // Methods axum cannot route (extension methods) have no endpoint to reach.
            let Ok(filter) = MethodFilter::try_from(method) else {
                continue;
            };
            let group: Arc<[Endpoint<S>]> = group.into();
            method_router = method_router.on(
                filter,
                move |State(service): State<Arc<S>>, request: Request| {
                    serve(service, group, request)
                },
            );
        }
        router = router.route(route, method_router.fallback(method_not_allowed::<S>));
    }
    router.with_state(Arc::new(service))
}

async fn method_not_allowed<S: Service>(
    State(service): State<Arc<S>>,
    request: Request,
) -> Response {
    let message = format!(
        "{} is not allowed on {}",
        request.method(),
        request.uri().path()
    );
    service.reject(Rejection::new(
        "",
        StatusCode::METHOD_NOT_ALLOWED,
        RejectionKind::MethodNotAllowed,
        message,
    ))
}

/// The pipeline: which endpoint, the body, credentials, `Accept`, then the handler.
async fn serve<S: Service>(
    service: Arc<S>,
    group: Arc<[Endpoint<S>]>,
    request: Request,
) -> Response {
    let found = group.iter().find_map(|endpoint| {
        match_path(endpoint.template, request.uri().path()).map(|path| (endpoint, path))
    });
    let Some((endpoint, path)) = found else {
        let message = format!("no operation at {}", request.uri().path());
        let first = group.first().map_or("", |e| e.operation);
        return service.reject(Rejection::new(
            first,
            StatusCode::NOT_FOUND,
            RejectionKind::NotFound,
            message,
        ));
    };
    let incoming = match Incoming::read(endpoint.operation, request, path, service.limits()).await {
        Ok(incoming) => incoming,
        Err(rejection) => return service.reject(rejection),
    };
    match checked_call(&*service, endpoint, &incoming).await {
        Ok(response) => response,
        Err(rejection) => service.reject(rejection),
    }
}

async fn checked_call<S: Service>(
    service: &S,
    endpoint: &Endpoint<S>,
    incoming: &Incoming,
) -> Result<Response, Rejection> {
    if !endpoint.security.is_empty() && !authorized(service, endpoint.security, incoming).await {
        return Err(Rejection::unauthorized(
            incoming.operation(),
            "missing or invalid credentials",
        ));
    }
    if !endpoint.produces.is_empty() {
        incoming.expect_acceptable(endpoint.produces)?;
    }
    (endpoint.handle)(service, incoming)?.await
}

/// Whether one alternative passes: every scheme of it has a credential the service accepts.
/// Alternatives and schemes are tried in order and stop at the first answer, so the service
/// is asked no more than it must be.
async fn authorized<S: Service>(
    service: &S,
    alternatives: &[&[Scheme]],
    incoming: &Incoming,
) -> bool {
    for alternative in alternatives {
        let mut passes = true;
        for scheme in *alternative {
            passes = match incoming.credential(scheme.key, scheme.kind) {
                Some(credential) => service.authenticate(&credential).await,
                None => false,
            };
            if !passes {
                break;
            }
        }
        if passes {
            return true;
        }
    }
    false
}
