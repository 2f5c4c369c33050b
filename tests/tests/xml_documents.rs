//! `specs/xml-documents.yaml` served over loopback: a body that none of its declared media
//! types can be read into is refused with 415, with or without a `Content-Type`, and the
//! server never panics on it.

use apigen_runtime::server::Failure;
use apigen_tests::xml_documents::{models, operations, server};
use std::sync::Arc;

struct Service;

impl server::Api for Service {
    async fn get_metadata(&self) -> Result<operations::GetMetadataResponse, Failure> {
        Ok(operations::GetMetadataResponse::Ok("<Edmx/>".into()))
    }

    async fn get_status(&self) -> Result<operations::GetStatusResponse, Failure> {
        Ok(operations::GetStatusResponse::Ok(models::Status {
            state: "up".into(),
        }))
    }

    async fn post_legacy(
        &self,
        body: Option<models::Anything>,
    ) -> Result<operations::PostLegacyResponse, Failure> {
        assert!(body.is_none(), "no body can be read for this operation");
        Ok(operations::PostLegacyResponse::NoContent)
    }
}

#[tokio::test]
async fn a_body_no_declared_media_type_can_be_read_into_is_refused_with_415() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(Arc::new(Service));
    tokio::spawn(async move { apigen_runtime::server::axum::serve(listener, router).await });
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
