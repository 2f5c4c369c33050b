//! An OpenAPI 3.1 spec (`specs/openapi31.yaml`, FastAPI's idioms) generates types that mean
//! what the 3.1 schemas say.

use apigen_runtime::validate::Validate;
use apigen_runtime::Nullable;
use apigen_tests::openapi31::models::*;
use apigen_tests::openapi31::{client, operations, server};
use serde_json::json;
use std::sync::Arc;

#[test]
fn null_unions_const_and_type_lists_become_rust_types() {
    let text = json!({
        "name": "Foo", "price": 2.5, "description": null, "owner": {"id": 7},
        "kind": "item", "size": null, "either": "x", "properties": {"const": null, "default": 1}
    });
    let item: Item = serde_json::from_value(text.clone()).unwrap();
    // `anyOf: [T, {type: null}]` and `type: [T, "null"]` are nullable, and null is kept.
    assert_eq!(item.description, Nullable::Null);
    assert_eq!(item.size, Nullable::Null);
    assert_eq!(item.owner, Nullable::Value(User { id: 7 }));
    // `const` is a one-value enum; a name that is a keyword of 2020-12 is still a property.
    assert_eq!(item.kind, Some(ItemKind::Item));
    let properties = item.properties.clone().unwrap();
    assert_eq!(properties.r#const, Nullable::Null);
    assert_eq!(properties.default, Some(1));
    assert_eq!(serde_json::to_value(&item).unwrap(), text);
    assert!(
        serde_json::from_value::<Item>(json!({"name": "Foo", "price": 1, "kind": "other"}))
            .is_err()
    );
}

#[test]
fn numeric_exclusive_bounds_are_checked() {
    let free: Item = serde_json::from_value(json!({"name": "Foo", "price": 0})).unwrap();
    let violations = free.validate().unwrap_err().into_vec();
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword))
        .collect();
    assert_eq!(found, [("/price", "minimum")]);
    let paid: Item = serde_json::from_value(json!({"name": "Foo", "price": 0.01})).unwrap();
    assert!(paid.validate().is_ok());
}

/// Answers with an item that carries the query, its nulls intact.
struct Items;

impl server::Api for Items {
    async fn read_item(
        &self,
        params: operations::ReadItemParams,
    ) -> Result<operations::ReadItemResponse, apigen_runtime::server::Failure> {
        Ok(operations::ReadItemResponse::Ok(Item {
            name: format!("item {}", params.item_id),
            description: params.q.map_or(Nullable::Null, Nullable::Value),
            price: 1.5,
            owner: Nullable::Value(User { id: params.item_id }),
            kind: Some(ItemKind::Item),
            size: Nullable::Null,
            either: None,
            blob: None,
            pair: None,
            properties: None,
        }))
    }
}

#[tokio::test]
async fn a_3_1_server_and_client_talk_over_loopback() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(Arc::new(Items));
    tokio::spawn(async move { apigen_runtime::server::axum::serve(listener, router).await });
    let client = client::Client::new(origin);
    let params = operations::ReadItemParams {
        item_id: 7,
        q: None,
    };
    let operations::ReadItemResponse::Ok(item) = client.read_item(&params).await.unwrap() else {
        panic!("not the 200 response")
    };
    assert_eq!(item.name, "item 7");
    assert_eq!(item.description, Nullable::Null);
    assert_eq!(item.owner, Nullable::Value(User { id: 7 }));
    let params = operations::ReadItemParams {
        item_id: 8,
        q: Some("found".into()),
    };
    let operations::ReadItemResponse::Ok(item) = client.read_item(&params).await.unwrap() else {
        panic!("not the 200 response")
    };
    assert_eq!(item.description, Nullable::Value("found".into()));
}
