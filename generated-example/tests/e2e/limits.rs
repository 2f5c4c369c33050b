//! What the generated layer refuses before a handler runs: parameters that break their
//! constraints, unknown paths and methods, oversized and over-nested bodies, unsupported
//! media types. Each answers with the API's own error body and never with a 5xx.

use super::harness::{Server, KEY};
use apigen_runtime::client::reqwest;
use serde_json::Value;

async fn call(
    http: &reqwest::Client,
    method: &str,
    url: String,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, Value) {
    let mut request = http
        .request(method.parse().unwrap(), url)
        .header("Authorization", format!("Bearer {KEY}"))
        .header("X-Api-Key", KEY);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "a JSON error body, got {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, body)
}

#[tokio::test]
async fn query_constraints_answer_400_naming_the_parameter() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let (status, body) = call(
        &http,
        "GET",
        server.url("/v1/contacts?per_page=1000"),
        None,
        vec![],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"]["per_page"][0]
            .as_str()
            .unwrap()
            .contains("100"),
        "{body}"
    );
    let (status, body) = call(
        &http,
        "GET",
        server.url("/v1/contacts?order=sideways"),
        None,
        vec![],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["errors"]["order"].is_array(), "{body}");
    let (status, body) = call(
        &http,
        "GET",
        server.url("/v1/contacts?page=zero"),
        None,
        vec![],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["errors"]["page"].is_array(), "{body}");
    let (status, body) = call(
        &http,
        "GET",
        server.url("/api/database/v1/BusinessPartner/getBPartner?pageSize=0"),
        None,
        vec![],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 400, "{body}");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_apis_format() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    // The shape of `/contact_bases/{id}.json` without its suffix.
    let (status, body) = call(
        &http,
        "GET",
        server.url("/api/contact_bases/1"),
        None,
        vec![],
    )
    .await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string(), "{body}");
    let (status, body) = call(&http, "DELETE", server.url("/api/users.json"), None, vec![]).await;
    assert_eq!(status, 405);
    assert!(body["error"].is_string(), "{body}");
    let (status, body) = call(&http, "PUT", server.url("/v1/contacts"), None, vec![]).await;
    assert_eq!(status, 405);
    assert!(body["message"].is_string(), "{body}");
}

#[tokio::test]
async fn oversized_and_over_nested_bodies_are_refused() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let url = server.url("/v1/contacts");
    let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(3 * 1024 * 1024)).into_bytes();
    let (status, body) = call(&http, "POST", url.clone(), Some("application/json"), huge).await;
    assert_eq!(status, 413);
    assert!(body["message"].is_string(), "{body}");

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
    let (status, body) = call(&http, "POST", url.clone(), Some("application/json"), deep).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("deeper"),
        "{body}"
    );

    let form = format!("contact{}=x", "[a]".repeat(100)).into_bytes();
    let (status, _) = call(
        &http,
        "POST",
        server.url("/api/contact_bases/1/contacts.json"),
        Some("application/x-www-form-urlencoded"),
        form,
    )
    .await;
    assert_eq!(status, 400);

    let xml = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000)).into_bytes();
    let (status, _) = call(&http, "POST", url.clone(), Some("application/xml"), xml).await;
    assert_eq!(status, 415, "Orzame takes only JSON");

    let (status, _) = call(
        &http,
        "POST",
        url,
        Some("application/json"),
        b"\xff\xfe".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
}
