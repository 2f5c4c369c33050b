//! The generated reqwest clients against a hand-written loopback server that records every
//! request and answers canned responses: the exact request line, query, headers and body the
//! client sends, and the typed value (or error) it makes of each answer.

use apigen_runtime::client::{Client as RuntimeClient, ErrorKind, FieldEncoding, Method, Style};
use apigen_runtime::server::axum;
use apigen_tests::{alta_bpo, b2b, obzvonilka, orzame};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde_json::json;
use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query, as sent.
    target: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Seen {
    fn line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// A canned answer: status, `Content-Type` and body.
type Answer = (u16, Option<&'static str>, Vec<u8>);
type Responder = dyn Fn(&Seen, &str) -> Answer + Send + Sync;

struct Shared {
    seen: Mutex<Vec<Seen>>,
    respond: Box<Responder>,
    /// `http://127.0.0.1:<port>`, for answers that link back.
    origin: String,
}

struct Server {
    shared: Arc<Shared>,
}

impl Server {
    /// Serves on 127.0.0.1:0, answering each request with `respond(request, origin)`.
    async fn start(respond: impl Fn(&Seen, &str) -> Answer + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared {
            seen: Mutex::new(Vec::new()),
            respond: Box::new(respond),
            origin,
        });
        let app = axum::Router::new()
            .fallback(record)
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { shared }
    }

    fn url(&self, base_path: &str) -> String {
        format!("{}{base_path}", self.shared.origin)
    }

    fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "{seen:#?}");
        seen.into_iter().next().unwrap()
    }
}

async fn record(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let seen = Seen {
        method: parts.method.to_string(),
        target: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    let (status, content_type, body) = (shared.respond)(&seen, &shared.origin);
    shared.seen.lock().unwrap().push(seen);
    let mut response = axum::response::Response::new(axum::body::Body::from(body));
    *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
    if let Some(content_type) = content_type {
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            content_type.parse().unwrap(),
        );
    }
    response
}

fn json_answer(status: u16, value: serde_json::Value) -> Answer {
    (
        status,
        Some("application/json"),
        value.to_string().into_bytes(),
    )
}

fn orzame_contact(id: i64) -> serde_json::Value {
    json!({
        "id": id, "name": "Acme", "types": [2], "tax_name": "", "tax_number": "", "phone": "",
        "phone_secondary": "", "phone_mobile": "", "email": "", "web": "", "notes": "",
        "bank_name": "", "bank_iban": "", "address": null, "person": null,
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-01-02T03:04:05Z"
    })
}

/// A contact as obzvonilka's server returns it: every field present, most of them null.
fn obzvonilka_contact() -> serde_json::Value {
    let mut contact = json!({"id": 1025, "name": "abc", "address_string": null,
        "description": null, "email": null, "external_code": null, "www": null});
    for n in 1..=10 {
        contact[format!("phone{n}")] = serde_json::Value::Null;
        contact[format!("phone_remark{n}")] = serde_json::Value::Null;
    }
    contact["phone1"] = json!("987654321");
    contact
}

fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

#[tokio::test]
async fn json_bodies_query_styles_and_bearer_auth() {
    use orzame::{client::Client, models, operations};
    let server = Server::start(|seen, _| match seen.method.as_str() {
        "POST" => json_answer(201, json!({"data": orzame_contact(5)})),
        _ => json_answer(
            200,
            json!({
                "data": [orzame_contact(1)],
                "links": {"first": "f", "last": "l", "prev": null, "next": null},
                "meta": {"current_page": 2, "from": 1, "last_page": 2, "path": "p",
                         "per_page": 1, "to": 1, "total": 2}
            }),
        ),
    })
    .await;
    let client = Client::new(server.url("/v1")).with_bearer_auth("tok");

    let body: models::ContactCreate = typed(json!({"name": "Acme", "types": [2]}));
    let created = client.create_contact(body).await.unwrap();
    assert_eq!(
        created,
        operations::CreateContactResponse::Created(typed(json!({"data": orzame_contact(5)})))
    );
    let seen = server.only();
    assert_eq!(seen.line(), "POST /v1/contacts");
    assert_eq!(seen.header("authorization"), Some("Bearer tok"));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.text(), r#"{"name":"Acme","types":[2]}"#);

    let params = operations::ListContactsParams {
        page: Some(2),
        per_page: None,
        types: Some(vec![2, 3]),
        search: Some("a b&c".into()),
        order: Some("id,desc".into()),
    };
    let listed = client.list_contacts(&params).await.unwrap();
    let operations::ListContactsResponse::Ok(list) = listed else {
        panic!("{listed:?}")
    };
    assert_eq!(list.data[0].id, 1);
    assert_eq!(
        server.seen()[1].line(),
        "GET /v1/contacts?page=2&types=2%2C3&search=a+b%26c&order=id%2Cdesc"
    );
}

#[tokio::test]
async fn no_content_undocumented_statuses_and_bad_bodies_are_told_apart() {
    use orzame::{client::Client, operations};
    let server = Server::start(|seen, _| match seen.target.as_str() {
        "/contacts/1" => (204, None, Vec::new()),
        "/contacts/2" => (418, Some("text/plain"), b"I'm a teapot".to_vec()),
        "/contacts/3" => (200, Some("application/json"), b"{\"data\": 1".to_vec()),
        _ => json_answer(404, json!({"message": "no such contact"})),
    })
    .await;
    let client = Client::new(server.url(""));

    let deleted = client
        .delete_contact(&operations::DeleteContactParams { id: 1 })
        .await
        .unwrap();
    assert_eq!(deleted, operations::DeleteContactResponse::NoContent);
    assert_eq!(server.seen()[0].line(), "DELETE /contacts/1");
    // No credential set: nothing is sent, and the server decides.
    assert_eq!(server.seen()[0].header("authorization"), None);

    let missing = client
        .get_contact(&operations::GetContactParams { id: 9 })
        .await
        .unwrap();
    assert_eq!(
        missing,
        operations::GetContactResponse::NotFound(typed(json!({"message": "no such contact"})))
    );

    let err = client
        .get_contact(&operations::GetContactParams { id: 2 })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.status(), Some(418));
    assert_eq!(err.content_type(), Some("text/plain"));
    assert_eq!(err.body(), Some("I'm a teapot"));
    let shown = err.to_string();
    assert!(shown.starts_with("GET http://127.0.0.1:"), "{shown}");
    assert!(
        shown.contains("undocumented status 418 (status 418, text/plain): I'm a teapot"),
        "{shown}"
    );

    let err = client
        .get_contact(&operations::GetContactParams { id: 3 })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.body(), Some("{\"data\": 1"));
    assert!(
        err.to_string()
            .contains("invalid JSON body in the 200 response"),
        "{err}"
    );
}

#[tokio::test]
async fn transport_failures_are_errors() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = orzame::client::Client::new(url);
    let err = client
        .get_contact(&orzame::operations::GetContactParams { id: 1 })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn path_parameters_multipart_deep_objects_and_api_keys() {
    use obzvonilka::{client::Client, models, operations};
    let server = Server::start(|_, _| json_answer(201, obzvonilka_contact())).await;
    let base = server.url("/api");

    let client = Client::new(&base).with_api_key_query("se cret");
    let body = models::ContactForm {
        api_key: None,
        contact: models::ContactInput {
            name: Some("abc".into()),
            phone1: Some("987654321".into()),
            ..Default::default()
        },
    };
    let created = client
        .create_contact(&operations::CreateContactParams { base_id: 7 }, body)
        .await
        .unwrap();
    let operations::CreateContactResponse::Created(created) = created else {
        panic!("{created:?}")
    };
    assert_eq!(created.name.as_deref(), Some("abc"));
    let seen = server.only();
    assert_eq!(
        seen.line(),
        "POST /api/contact_bases/7/contacts.json?api_key=se+cret"
    );
    let content_type = seen.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    assert_eq!(
        seen.text(),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"contact[name]\"\r\n\r\nabc\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"contact[phone1]\"\r\n\r\n987654321\r\n\
             --{boundary}--\r\n"
        )
    );

    // Only the header scheme set: the second alternative is sent.
    let client = Client::new(&base).with_api_key_header("k");
    let err = client
        .find_contact_by_external_code(&operations::FindContactByExternalCodeParams {
            base_id: 7,
            code: "a b/c?".into(),
        })
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Status, Some(201)));
    let seen = &server.seen()[1];
    assert_eq!(
        seen.line(),
        "GET /api/contact_bases/7/contacts/find_by_external/a%20b%2Fc%3F.json"
    );
    assert_eq!(seen.header("x-api-key"), Some("k"));

    // Errors name the URL without the key, as they end up in logs.
    let client = Client::new(&base).with_api_key_query("se cret");
    let err = client.list_users().await.unwrap_err();
    assert_eq!(
        server.seen()[2].line(),
        "GET /api/users.json?api_key=se+cret"
    );
    assert_eq!(err.url(), Some(format!("{base}/users.json").as_str()));
    assert!(!err.to_string().contains("cret"), "{err}");
}

#[tokio::test]
async fn form_bodies_write_deep_objects_with_brackets() {
    // obzvonilka's createContact also accepts the form encoding (its second media type);
    // the generated method sends the first, so the form goes through the runtime directly.
    let server = Server::start(|_, _| (204, None, Vec::new())).await;
    let client = RuntimeClient::new(server.url("/api"));
    let body = obzvonilka::models::ContactForm {
        api_key: Some("k".into()),
        contact: obzvonilka::models::ContactInput {
            name: Some("abc".into()),
            phone1: Some("987".into()),
            ..Default::default()
        },
    };
    let mut request = client.request(Method::POST, "/contact_bases/7/contacts.json");
    request.form(
        "application/x-www-form-urlencoded",
        &body,
        &[FieldEncoding {
            property: "contact",
            style: Some(Style::DeepObject),
            explode: true,
            content_type: None,
        }],
    );
    assert_eq!(request.send().await.unwrap().status(), 204);
    let seen = server.only();
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen.text(),
        "api_key=k&contact%5Bname%5D=abc&contact%5Bphone1%5D=987"
    );
}

#[tokio::test]
async fn raw_api_keys_in_the_authorization_header() {
    let server = Server::start(|_, _| (500, Some("text/html"), b"<h1>down</h1>".to_vec())).await;
    let client = alta_bpo::client::Client::new(server.url("")).with_api_key_auth("xxxxxxxxx");
    let err = client.list_partners().await.unwrap_err();
    assert_eq!(server.only().header("authorization"), Some("xxxxxxxxx"));
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.body(), Some("<h1>down</h1>"));
}

fn contact_type_page(
    ids: &[&str],
    next: Option<String>,
    page: i32,
) -> b2b::models::ContactTypePage {
    typed(json!({
        "data": ids.iter().map(|id| json!({"id": id, "value": format!("type {id}")})).collect::<Vec<_>>(),
        "pagination": {
            "totalItems": 5, "itemsPerPage": 2, "currentPage": page, "totalPages": 3,
            "nextPageUrl": next
        }
    }))
}

#[tokio::test]
async fn xml_responses_decode_by_content_type() {
    let page = contact_type_page(&["1", "2"], None, 1);
    let document = apigen_runtime::xml::to_string(&page);
    let server =
        Server::start(move |_, _| (200, Some("application/xml"), document.clone().into_bytes()))
            .await;
    let client = b2b::client::Client::new(server.url("/api/database/v1")).with_bearer_auth("t");
    let params = b2b::operations::GetContactTypesParams {
        page: Some(1),
        page_size: None,
    };
    let got = client.get_contact_types(&params).await.unwrap();
    assert_eq!(got, b2b::operations::GetContactTypesResponse::Ok(page));
    let seen = server.only();
    assert_eq!(
        seen.line(),
        "GET /api/database/v1/BusinessPartner/getContactTypes?page=1"
    );
    assert_eq!(
        seen.header("accept"),
        Some("application/json, application/xml")
    );
}

#[tokio::test]
async fn walks_follow_next_links_over_three_pages() {
    let server = Server::start(|seen, origin| {
        let base = "/api/database/v1/BusinessPartner/getContactTypes";
        match seen.target.strip_prefix(base) {
            // JSON, linking with an absolute URL.
            Some("?pageSize=2") => json_answer(
                200,
                serde_json::to_value(contact_type_page(
                    &["1", "2"],
                    Some(format!("{origin}{base}?page=2&pageSize=2")),
                    1,
                ))
                .unwrap(),
            ),
            // XML, linking with a path relative to the base URL.
            Some("?page=2&pageSize=2") => (
                200,
                Some("application/xml"),
                apigen_runtime::xml::to_string(&contact_type_page(
                    &["3", "4"],
                    Some("/BusinessPartner/getContactTypes?page=3&pageSize=2".into()),
                    2,
                ))
                .into_bytes(),
            ),
            Some("?page=3&pageSize=2") => json_answer(
                200,
                serde_json::to_value(contact_type_page(&["5"], None, 3)).unwrap(),
            ),
            _ => json_answer(400, json!({"message": "bad page"})),
        }
    })
    .await;
    let client = b2b::client::Client::new(server.url("/api/database/v1")).with_bearer_auth("t");
    let params = b2b::operations::GetContactTypesParams {
        page: None,
        page_size: Some(2),
    };
    let items = client.get_contact_types_all(&params).await.unwrap();
    let ids: Vec<&str> = items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let seen = server.seen();
    let lines: Vec<String> = seen.iter().map(Seen::line).collect();
    assert_eq!(
        lines,
        [
            "GET /api/database/v1/BusinessPartner/getContactTypes?pageSize=2",
            "GET /api/database/v1/BusinessPartner/getContactTypes?page=2&pageSize=2",
            "GET /api/database/v1/BusinessPartner/getContactTypes?page=3&pageSize=2",
        ]
    );
    for request in &seen {
        assert_eq!(request.header("authorization"), Some("Bearer t"));
    }
}

#[tokio::test]
async fn walks_stop_on_errors_and_loops() {
    use orzame::{client::Client, operations};
    let server = Server::start(|seen, origin| {
        let links = |next: &str| {
            json!({"first": "f", "last": "l", "prev": null, "next": format!("{origin}{next}")})
        };
        let page = |next: &str| {
            json_answer(
                200,
                json!({
                    "data": [orzame_contact(1)],
                    "links": links(next),
                    "meta": {"current_page": 1, "from": 1, "last_page": 9, "path": "p",
                             "per_page": 1, "total": 9, "to": 1}
                }),
            )
        };
        match seen.target.as_str() {
            "/contacts?search=loop" => page("/contacts?search=loop&page=2"),
            "/contacts?search=loop&page=2" => page("/contacts?search=loop"),
            "/contacts?search=fail" => page("/contacts?search=fail&page=2"),
            _ => json_answer(401, json!({"message": "Unauthenticated."})),
        }
    })
    .await;
    let client = Client::new(server.url(""));
    let params = |search: &str| operations::ListContactsParams {
        page: None,
        per_page: None,
        types: None,
        search: Some(search.into()),
        order: None,
    };

    let err = client.list_contacts_all(&params("loop")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Pagination);
    assert!(err.to_string().contains("leads back"), "{err}");
    assert_eq!(server.seen().len(), 2);

    let err = client.list_contacts_all(&params("fail")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.body(), Some(r#"{"message":"Unauthenticated."}"#));
    assert!(
        err.to_string().contains("page 2 answered with status 401"),
        "{err}"
    );
}
