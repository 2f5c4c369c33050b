//! The two servers of the route throughput benchmark (`bench/wrk-routes.sh`): Orzame's
//! `GET /v1/contacts/{id}` served by the generated router, and the same route written by
//! hand in axum, doing the same work: check the bearer token, parse the path parameter, look
//! the contact up, write it as JSON (or a 404/401 body).
//!
//! `cargo run --release -p generated-example --example route_bench_server -- 127.0.0.1:18181 127.0.0.1:18182`

use apigen_runtime::server::axum;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use generated_example::orzame::{models, operations, server};
use std::collections::HashMap;
use std::sync::Arc;

const TOKEN: &str = "bench-token";

/// The documented contact 102, as every lookup answers it.
fn contacts() -> HashMap<i64, models::ContactResponse> {
    let spec: serde_json::Value =
        serde_yaml::from_str(include_str!("../../spec/orzame.yaml")).expect("the spec parses");
    let example = spec
        .pointer("/paths/~1contacts~1{id}/get/responses/200/content/application~1json/examples")
        .and_then(|examples| examples.as_object())
        .and_then(|examples| examples.values().next())
        .and_then(|example| example.get("value"))
        .cloned()
        .expect("getContact documents an example");
    let contact: models::ContactResponse =
        serde_json::from_value(example).expect("the example fits the model");
    HashMap::from([(102, contact)])
}

fn not_found() -> models::ErrorResponse {
    models::ErrorResponse {
        message: "No query results for model [App\\Models\\Contact].".to_owned(),
    }
}

fn unauthenticated() -> models::ErrorResponse {
    models::ErrorResponse {
        message: "Unauthenticated.".to_owned(),
    }
}

/// The generated side: only `get_contact` is exercised.
struct Generated {
    contacts: HashMap<i64, models::ContactResponse>,
}

impl server::Api for Generated {
    async fn list_contacts(
        &self,
        _params: operations::ListContactsParams,
    ) -> Result<operations::ListContactsResponse, apigen_runtime::server::Failure> {
        Ok(operations::ListContactsResponse::Unauthorized(
            unauthenticated(),
        ))
    }

    async fn create_contact(
        &self,
        _body: models::ContactCreate,
    ) -> Result<operations::CreateContactResponse, apigen_runtime::server::Failure> {
        Ok(operations::CreateContactResponse::Unauthorized(
            unauthenticated(),
        ))
    }

    async fn get_contact(
        &self,
        params: operations::GetContactParams,
    ) -> Result<operations::GetContactResponse, apigen_runtime::server::Failure> {
        Ok(match self.contacts.get(&params.id) {
            Some(contact) => operations::GetContactResponse::Ok(contact.clone()),
            None => operations::GetContactResponse::NotFound(not_found()),
        })
    }

    async fn delete_contact(
        &self,
        _params: operations::DeleteContactParams,
    ) -> Result<operations::DeleteContactResponse, apigen_runtime::server::Failure> {
        Ok(operations::DeleteContactResponse::Unauthorized(
            unauthenticated(),
        ))
    }

    async fn update_contact(
        &self,
        _params: operations::UpdateContactParams,
        _body: models::ContactUpdate,
    ) -> Result<operations::UpdateContactResponse, apigen_runtime::server::Failure> {
        Ok(operations::UpdateContactResponse::Unauthorized(
            unauthenticated(),
        ))
    }

    async fn authenticate(&self, credential: &apigen_runtime::server::Credential) -> bool {
        credential.value == TOKEN
    }
}

/// The hand-written side.
async fn get_contact_by_hand(
    State(contacts): State<Arc<HashMap<i64, models::ContactResponse>>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        == Some(TOKEN);
    if !authorized {
        return (StatusCode::UNAUTHORIZED, axum::Json(unauthenticated())).into_response();
    }
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::BAD_REQUEST, axum::Json(not_found())).into_response();
    };
    match contacts.get(&id) {
        Some(contact) => axum::Json(contact.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, axum::Json(not_found())).into_response(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let generated_addr = args.next().unwrap_or_else(|| "127.0.0.1:18181".to_owned());
    let hand_addr = args.next().unwrap_or_else(|| "127.0.0.1:18182".to_owned());

    let generated = server::router(Arc::new(Generated {
        contacts: contacts(),
    }));
    let hand = axum::Router::new()
        .route("/v1/contacts/{id}", axum::routing::get(get_contact_by_hand))
        .with_state(Arc::new(contacts()));

    let generated_listener = tokio::net::TcpListener::bind(&generated_addr).await?;
    let hand_listener = tokio::net::TcpListener::bind(&hand_addr).await?;
    println!("generated route on http://{generated_addr}/v1/contacts/102");
    println!("hand-written route on http://{hand_addr}/v1/contacts/102");
    let generated = tokio::spawn(async move { axum::serve(generated_listener, generated).await });
    let hand = tokio::spawn(async move { axum::serve(hand_listener, hand).await });
    let (generated, hand) = tokio::join!(generated, hand);
    generated.map_err(std::io::Error::other)??;
    hand.map_err(std::io::Error::other)??;
    Ok(())
}
