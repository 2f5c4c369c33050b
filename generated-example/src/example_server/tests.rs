//! The example server in-process on 127.0.0.1:0, called through the generated clients (which
//! decode every documented response into its type) and through plain HTTP for raw bodies.

use super::store::{spawn_worker, Store};
use super::{app, Config};
use apigen_runtime::client::reqwest;
use apigen_runtime::server::axum;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEY: &str = "test-key";

struct Running {
    url: String,
    store: Arc<Store>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.store.stop_workers();
    }
}

async fn start_router(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

async fn start() -> Running {
    let store = Arc::new(Store::open_in_memory().unwrap());
    spawn_worker(Arc::clone(&store));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let config = Config {
        api_key: KEY.to_owned(),
        public_url: url.clone(),
    };
    let router = app(Arc::clone(&store), config);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Running { url, store }
}

/// Status, content type and JSON body of a raw request.
async fn raw(request: reqwest::RequestBuilder) -> (u16, String, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, media, body)
}

#[tokio::test]
async fn alta_lists_partners_and_refuses_with_its_envelope() {
    use crate::alta_bpo::client::Client;
    use crate::alta_bpo::operations::ListPartnersResponse;
    let server = start().await;
    let client = Client::new(&server.url).with_api_key_auth(KEY);
    let ListPartnersResponse::Ok(list) = client.list_partners().await.unwrap() else {
        panic!("expected 200");
    };
    assert_eq!(list.result.len(), 5);
    let wrong = Client::new(&server.url).with_api_key_auth("Bearer test-key");
    let ListPartnersResponse::Unauthorized(body) = wrong.list_partners().await.unwrap() else {
        panic!("expected 401");
    };
    assert_eq!(body.error.code, 100);

    let http = reqwest::Client::new();
    let (status, _, body) = raw(http
        .get(format!("{}/web/api/partners", server.url))
        .header("Authorization", KEY)
        .header("Accept", "text/html"))
    .await;
    assert_eq!(status, 406);
    assert_eq!(body["error"]["message"], "Odoo Server Error");
}

#[tokio::test]
async fn orzame_contacts_round_trip_with_laravel_errors() {
    use crate::orzame::client::Client;
    use crate::orzame::models::{ContactCreate, ContactUpdate};
    use crate::orzame::operations::*;
    let server = start().await;
    let client = Client::new(format!("{}/v1", server.url)).with_bearer_auth(KEY);
    let input: ContactCreate = serde_json::from_value(json!({
        "name": "Acme", "types": [1, 3], "email": "info@acme.com",
        "address": {"street": "Acme address nº 99", "country": "ES"}
    }))
    .unwrap();
    let CreateContactResponse::Created(created) = client.create_contact(input).await.unwrap()
    else {
        panic!("expected 201");
    };
    let id = created.data.id;
    let patch = ContactUpdate {
        name: Some("Acme Enterprises".into()),
        ..ContactUpdate::default()
    };
    assert_eq!(
        client
            .update_contact(&UpdateContactParams { id }, patch)
            .await
            .unwrap(),
        UpdateContactResponse::NoContent
    );
    let GetContactResponse::Ok(got) = client.get_contact(&GetContactParams { id }).await.unwrap()
    else {
        panic!("expected 200");
    };
    assert_eq!(got.data.name, "Acme Enterprises");
    assert_eq!(
        client
            .delete_contact(&DeleteContactParams { id })
            .await
            .unwrap(),
        DeleteContactResponse::NoContent
    );
    let GetContactResponse::NotFound(missing) =
        client.get_contact(&GetContactParams { id }).await.unwrap()
    else {
        panic!("expected 404");
    };
    assert!(missing.message.ends_with(&id.to_string()));

    let ListContactsResponse::Ok(page) = client
        .list_contacts(&ListContactsParams {
            page: None,
            per_page: Some(1),
            types: None,
            search: None,
            order: None,
        })
        .await
        .unwrap()
    else {
        panic!("expected 200");
    };
    assert_eq!(
        page.links.next.as_deref(),
        Some(format!("{}/v1/contacts?per_page=1&page=2", server.url).as_str())
    );
    let ListContactsResponse::BadRequest(invalid) = client
        .list_contacts(&ListContactsParams {
            page: None,
            per_page: None,
            types: None,
            search: Some("ab".into()),
            order: None,
        })
        .await
        .unwrap()
    else {
        panic!("expected 400");
    };
    assert!(invalid.errors.contains_key("search"));

    let http = reqwest::Client::new();
    let (status, _, body) = raw(http.get(format!("{}/v1/contacts", server.url))).await;
    assert_eq!(
        (status, body),
        (401, json!({"message": "Unauthenticated."}))
    );
    let (status, _, body) = raw(http
        .post(format!("{}/v1/contacts", server.url))
        .bearer_auth(KEY)
        .header("Content-Type", "application/json")
        .body(
            json!({"name": "X", "email": "bad", "person": {"name": "P", "email": "no"}})
                .to_string(),
        ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["person.email"].as_array().unwrap().len(), 1);
    assert!(body["errors"]["email"].is_array());
    let (status, _, _) = raw(http
        .get(format!("{}/v1/contacts/abc", server.url))
        .bearer_auth(KEY))
    .await;
    assert_eq!(status, 404, "getContact documents no 400");
}

#[tokio::test]
async fn b2b_lists_in_json_and_xml_and_creates_through_the_queue() {
    use crate::b2b::client::Client;
    use crate::b2b::models::{BusinessPartnerCreate, MessageStatusStatus};
    use crate::b2b::operations::*;
    let server = start().await;
    let client = Client::new(format!("{}/api/database/v1", server.url)).with_bearer_auth(KEY);
    let GetBPartnerResponse::Ok(page) = client
        .get_b_partner(&GetBPartnerParams {
            page: None,
            page_size: Some(1),
        })
        .await
        .unwrap()
    else {
        panic!("expected 200");
    };
    assert_eq!(
        page.pagination.next_page_url.as_deref(),
        Some(
            format!(
                "{}/api/database/v1/BusinessPartner/getBPartner?page=2&pageSize=1",
                server.url
            )
            .as_str()
        )
    );

    let http = reqwest::Client::new();
    let (status, media, body) = raw(http
        .get(format!(
            "{}/api/database/v1/BusinessPartner/getBPartner",
            server.url
        ))
        .bearer_auth(KEY)
        .header("Accept", "application/xml"))
    .await;
    assert_eq!((status, media.as_str()), (200, "application/xml"));
    assert!(body.as_str().unwrap().contains("<export><data><item>"));
    let (status, _, body) = raw(http.get(format!(
        "{}/api/database/v1/BusinessPartner/getBPartner",
        server.url
    )))
    .await;
    assert_eq!(
        (status, body),
        (401, json!({"code": 401, "error": "Unauthorized."}))
    );

    let partner: BusinessPartnerCreate = serde_json::from_value(json!({
        "idRemote": "NEW-1", "roleId": "1", "statusId": "1", "companyId": "1",
        "contactName": "Ana", "comercialName": "Ana S.L.", "tin": "B3", "active": true
    }))
    .unwrap();
    let CreateBPartnersResponse::Created(accepted) =
        client.create_b_partners(vec![partner]).await.unwrap()
    else {
        panic!("expected 201");
    };
    let prefix = format!("{}/api/database/v1/message/status/", server.url);
    let message_id = accepted
        .status_url
        .strip_prefix(&prefix)
        .unwrap()
        .to_owned();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let GetMessageStatusResponse::Ok(status) = client
            .get_message_status(&GetMessageStatusParams {
                message_id: message_id.clone(),
            })
            .await
            .unwrap()
        else {
            panic!("expected 200");
        };
        match status.data[0].status {
            MessageStatusStatus::Pending if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => {
                assert_eq!(other, MessageStatusStatus::Completed);
                break;
            }
        }
    }
    let DeleteBPartnerResponse::NotFound(missing) = client
        .delete_b_partner(&DeleteBPartnerParams { id: "NOPE".into() })
        .await
        .unwrap()
    else {
        panic!("expected 404");
    };
    assert_eq!(missing.code, 404);
    let DeleteBPartnerResponse::Conflict(in_use) = client
        .delete_b_partner(&DeleteBPartnerParams {
            id: "AG-001".into(),
        })
        .await
        .unwrap()
    else {
        panic!("expected 409");
    };
    assert_eq!(in_use.code, 409);
}

#[tokio::test]
async fn obzvonilka_takes_its_key_three_ways() {
    use crate::obzvonilka::client::Client;
    use crate::obzvonilka::models::{ContactForm, ContactInput};
    use crate::obzvonilka::operations::*;
    let server = start().await;
    let client = Client::new(format!("{}/api", server.url)).with_api_key_query(KEY);
    let form = ContactForm {
        api_key: None,
        contact: ContactInput {
            name: Some("abc".into()),
            phone1: Some("987654321".into()),
            ..ContactInput::default()
        },
    };
    let CreateContactResponse::Created(created) = client
        .create_contact(&CreateContactParams { base_id: 1 }, form)
        .await
        .unwrap()
    else {
        panic!("expected 201");
    };
    assert_eq!(created.phone1.as_deref(), Some("987654321"));
    let header = Client::new(format!("{}/api", server.url)).with_api_key_header(KEY);
    let GetUserResponse::NotFound(_) = header.get_user(&GetUserParams { id: 99 }).await.unwrap()
    else {
        panic!("expected 404");
    };

    let http = reqwest::Client::new();
    let url = format!("{}/api/contact_bases/1/contacts.json", server.url);
    let (status, _, _) = raw(http
        .post(&url)
        .form(&[("api_key", KEY), ("contact[name]", "form")]))
    .await;
    assert_eq!(status, 201, "the key as a form field");
    let (status, _, body) = raw(http.post(&url).form(&[("api_key", KEY)])).await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "param is missing or the value is empty: contact"})
        )
    );
    let (status, _, body) = raw(http.get(format!("{}/api/users.json", server.url))).await;
    assert_eq!((status, body), (401, json!({"error": "Неверный ключ API"})));
    let (status, _, body) = raw(http.get(format!(
        "{}/api/contact_bases/abc.json?api_key={KEY}",
        server.url
    )))
    .await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_json() {
    let server = start().await;
    let http = reqwest::Client::new();
    let (status, media, _) = raw(http.get(format!("{}/nowhere", server.url))).await;
    assert_eq!((status, media.as_str()), (404, "application/json"));
    // The shape of a route but not its template (no `.json`).
    let (status, _, body) =
        raw(http.get(format!("{}/api/contact_bases/1?api_key={KEY}", server.url))).await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
    let (status, _, body) = raw(http.delete(format!(
        "{}/api/database/v1/BusinessPartner/getBPartner",
        server.url
    )))
    .await;
    assert_eq!((status, body["code"].clone()), (405, json!(405)));
}

#[tokio::test]
async fn an_undocumented_store_failure_is_a_500_in_the_apis_shape() {
    let dir = std::env::temp_dir().join(format!("apigen-failure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.sqlite3");
    let _ = std::fs::remove_file(&path);
    let store = Arc::new(Store::open(&path).unwrap());
    // Break the database under the running server: listUsers and listPartners document no 500.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE obz_users; DROP TABLE alta_partners;")
        .unwrap();
    let config = Config {
        api_key: KEY.to_owned(),
        public_url: "http://127.0.0.1".to_owned(),
    };
    let url = start_router(app(store, config)).await;
    let http = reqwest::Client::new();

    let (status, _, body) = raw(http.get(format!("{url}/api/users.json?api_key={KEY}"))).await;
    assert_eq!(
        (status, body),
        (500, json!({"error": "Internal server error."}))
    );
    let (status, _, body) = raw(http
        .get(format!("{url}/web/api/partners"))
        .header("Authorization", KEY))
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["error"]["message"], "Odoo Server Error");
    assert_eq!(body["error"]["data"]["message"], "Internal server error.");
    assert!(
        !body.to_string().contains("alta_partners"),
        "the failure is not shown: {body}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
