//! `specs/xml-documents.yaml` served over loopback: XML bodies whose schema is not an object
//! (a string is the document's text; a list is wrapped in an element) reach the client, and
//! a request body that none of its declared media types can be read into is refused with
//! 415, with or without a `Content-Type`, never a panic.

use apigen_runtime::server::Failure;
use apigen_tests::xml_documents::{models, operations, server};
use std::sync::Arc;

const METADATA: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="urn:e"><x/></edmx:Edmx>"#;

struct Service;

impl server::Api for Service {
    async fn get_metadata(&self) -> Result<operations::GetMetadataResponse, Failure> {
        Ok(operations::GetMetadataResponse::Ok(METADATA.into()))
    }

    async fn get_status(&self) -> Result<operations::GetStatusResponse, Failure> {
        Ok(operations::GetStatusResponse::Ok(models::Status {
            state: "up".into(),
            is_default: Some(true),
            certificates: Some(vec!["a".into()]),
        }))
    }

    async fn get_tags(&self) -> Result<operations::GetTagsResponse, Failure> {
        Ok(operations::GetTagsResponse::Ok(vec![
            "a".into(),
            "b & c".into(),
        ]))
    }

    async fn post_legacy(
        &self,
        body: Option<models::Anything>,
    ) -> Result<operations::PostLegacyResponse, Failure> {
        assert!(body.is_none(), "no body can be read for this operation");
        Ok(operations::PostLegacyResponse::NoContent)
    }
}

/// Serves `Service` on a loopback port; returns its origin.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(Arc::new(Service));
    tokio::spawn(async move { apigen_runtime::server::axum::serve(listener, router).await });
    origin
}

#[tokio::test]
async fn a_body_no_declared_media_type_can_be_read_into_is_refused_with_415() {
    let origin = start().await;
    let http = apigen_runtime::client::reqwest::Client::new();
    let post = |content_type: Option<&'static str>, body: &'static str| {
        let mut request = http.post(format!("{origin}/legacy")).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.send()
    };
    for content_type in [Some("text/xml"), None] {
        let reply = post(content_type, "<Query><Action>x</Action></Query>")
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let text = reply.text().await.unwrap();
        assert_eq!(status, 415, "{content_type:?}: {text}");
        assert!(text.contains("text/xml"), "{text}");
    }
    // Without a body the operation runs.
    assert_eq!(post(None, "").await.unwrap().status().as_u16(), 204);
}

#[tokio::test]
async fn xml_bodies_without_a_root_element_of_their_own_reach_the_client() {
    let origin = start().await;
    // A string schema is the document's text, untouched.
    let raw = apigen_runtime::client::reqwest::get(format!("{origin}/metadata"))
        .await
        .unwrap();
    assert_eq!(raw.headers()["content-type"], "application/xml");
    assert_eq!(raw.text().await.unwrap(), METADATA);
    let client = apigen_tests::xml_documents::client::Client::new(origin.clone());
    let operations::GetMetadataResponse::Ok(text) = client.get_metadata().await.unwrap();
    assert_eq!(text, METADATA);
    // A list is wrapped in an element, as the client writes one.
    let raw = apigen_runtime::client::reqwest::get(format!("{origin}/tags"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        raw.contains("<items><item>a</item><item>b &amp; c</item></items>"),
        "{raw}"
    );
    let operations::GetTagsResponse::Ok(tags) = client.get_tags().await.unwrap();
    assert_eq!(tags, ["a", "b & c"]);
}
