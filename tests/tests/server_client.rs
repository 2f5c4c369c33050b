//! The generated server and client of `specs/features.yaml` talking to each other over
//! loopback: file uploads whose bytes are not text, JSON parts, recursive aliases.

use apigen_runtime::server::Failure;
use apigen_runtime::Binary;
use apigen_tests::features::{client::Client, models, operations, server};
use std::sync::Arc;

struct Service;

#[derive(Debug)]
struct NotInThisTest;

impl std::fmt::Display for NotInThisTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not part of this test")
    }
}

impl std::error::Error for NotInThisTest {}

impl server::Api for Service {
    async fn create_pet(
        &self,
        _body: Option<models::Pet>,
    ) -> Result<operations::CreatePetResponse, Failure> {
        Err(NotInThisTest.into())
    }

    async fn get_things(&self) -> Result<operations::GetThingsResponse, Failure> {
        Err(NotInThisTest.into())
    }

    /// Answers with what arrived: the file's bytes, each attachment's size, the JSON part.
    async fn upload_files(
        &self,
        body: models::UploadFilesRequest,
    ) -> Result<operations::UploadFilesResponse, Failure> {
        let meta = body.meta.unwrap_or_default();
        let headers = operations::UploadFilesHeaders {
            x_request_id: format!("upload-{}", body.file.0.len()),
            x_rate_limit: Some(99),
            x_tags: meta.tags.clone(),
        };
        Ok(operations::UploadFilesResponse::Ok(
            models::Received {
                file: body.file.0.iter().map(|&b| i64::from(b)).collect(),
                attachments: body
                    .attachments
                    .unwrap_or_default()
                    .iter()
                    .map(|a| a.0.len() as i64)
                    .collect(),
                meta_name: meta.name,
                meta_size: meta.size,
                meta_tags: meta.tags,
                note: body.note,
            },
            headers,
        ))
    }

    /// Three pages of three numbers, each linking to the next (the second one relative to
    /// the page, the first one absolute-path).
    async fn list_numbers(
        &self,
        params: operations::ListNumbersParams,
    ) -> Result<operations::ListNumbersResponse, Failure> {
        let page = params.page.unwrap_or(1);
        let link = match page {
            1 => {
                Some("</numbers?page=2>; rel=\"next\", </numbers?page=3>; rel=\"last\"".to_owned())
            }
            2 => Some("<numbers?page=3>; rel=next".to_owned()),
            _ => None,
        };
        let first = (page - 1) * 3;
        Ok(operations::ListNumbersResponse::Ok(
            (first..first + 3).collect(),
            operations::ListNumbersHeaders { link },
        ))
    }

    /// The alphabet's first six letters, two per page, the cursor being the next letter; the
    /// other parameter (`upper`) must come back with every page.
    async fn list_letters(
        &self,
        params: operations::ListLettersParams,
    ) -> Result<operations::ListLettersResponse, Failure> {
        let start = params.cursor.as_deref().unwrap_or("a").as_bytes()[0];
        let letters: Vec<String> = (start..start + 2)
            .map(|b| {
                let letter = (b as char).to_string();
                if params.upper == Some(true) {
                    letter.to_uppercase()
                } else {
                    letter
                }
            })
            .collect();
        let next = start + 2;
        Ok(operations::ListLettersResponse::Ok(
            models::ListLettersResponse {
                letters,
                response_metadata: Some(models::ListLettersResponseResponseMetadata {
                    next_cursor: (next < b'g').then(|| (next as char).to_string()),
                }),
            },
        ))
    }

    /// Echoes the outline with one more branch, named by the `mode` parameter.
    async fn put_outline(
        &self,
        params: operations::PutOutlineParams,
        body: Option<models::Outline>,
    ) -> Result<operations::PutOutlineResponse, Failure> {
        let mut outline = body.unwrap_or_default();
        if let Some(mode) = params.mode {
            outline
                .0
                .insert(mode.to_string(), models::Outline::default());
        }
        Ok(operations::PutOutlineResponse::Ok(outline))
    }

    async fn put_tags(&self, _body: models::Tags) -> Result<operations::PutTagsResponse, Failure> {
        Ok(operations::PutTagsResponse::NoContent)
    }

    async fn post_note(&self, body: models::Note) -> Result<operations::PostNoteResponse, Failure> {
        Ok(operations::PostNoteResponse::Ok(body))
    }

    async fn post_labels(
        &self,
        _body: models::Labeled,
    ) -> Result<operations::PostLabelsResponse, Failure> {
        Ok(operations::PostLabelsResponse::NoContent)
    }
}

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(Arc::new(Service));
    tokio::spawn(async move { apigen_runtime::server::axum::serve(listener, router).await });
    origin
}

#[tokio::test]
async fn files_that_are_not_text_arrive_byte_for_byte() {
    let client = Client::new(start().await);
    // Not UTF-8 (a PNG signature, a lone continuation byte): only a file part carries these.
    let png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff];
    let body = models::UploadFilesRequest {
        file: Binary(png.clone()),
        attachments: Some(vec![Binary(vec![0x80; 3]), Binary(b"plain text".to_vec())]),
        meta: Some(models::UploadFilesRequestMeta {
            name: Some("logo".into()),
            size: Some(10),
            tags: Some(vec!["a".into(), "b".into()]),
        }),
        note: Some("ünïcode".into()),
    };
    let operations::UploadFilesResponse::Ok(received, headers) =
        client.upload_files(body).await.unwrap();
    // The documented headers travel too: required, optional, and a list (comma-separated).
    assert_eq!(
        headers,
        operations::UploadFilesHeaders {
            x_request_id: "upload-10".into(),
            x_rate_limit: Some(99),
            x_tags: Some(vec!["a".into(), "b".into()]),
        }
    );
    assert_eq!(
        received,
        models::Received {
            file: png.iter().map(|&b| i64::from(b)).collect(),
            attachments: vec![3, 10],
            meta_name: Some("logo".into()),
            meta_size: Some(10),
            meta_tags: Some(vec!["a".into(), "b".into()]),
            note: Some("ünïcode".into()),
        }
    );
}

/// Posts a hand-made multipart body to `/files`: the status and the body of the answer.
async fn post_files(
    origin: &str,
    form: apigen_runtime::client::reqwest::multipart::Form,
) -> (u16, String) {
    let response = apigen_runtime::client::reqwest::Client::new()
        .post(format!("{origin}/files"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn bytes_sent_for_a_text_property_are_refused_with_the_reason() {
    use apigen_runtime::client::reqwest::multipart::{Form, Part};
    let origin = start().await;
    let form = Form::new()
        .part("file", Part::bytes(vec![1, 2, 3]))
        .part("note", Part::bytes(vec![0xff, 0xfe]));
    let (status, text) = post_files(&origin, form).await;
    assert_eq!(status, 400);
    assert!(
        text.contains("invalid form body") && text.contains("byte array"),
        "{text}"
    );

    // A JSON part that is not JSON is named.
    let meta = Part::text("{oops").mime_str("application/json").unwrap();
    let form = Form::new()
        .part("file", Part::bytes(vec![1]))
        .part("meta", meta);
    let (status, text) = post_files(&origin, form).await;
    assert_eq!(status, 400);
    assert!(text.contains("part `meta` is not JSON"), "{text}");
}

#[tokio::test]
async fn recursive_aliases_are_newtypes_on_both_sides() {
    let client = Client::new(start().await);
    let leaf = models::Outline::default();
    let outline = models::Outline(
        [(
            "intro".to_owned(),
            models::Outline([("a".to_owned(), leaf)].into()),
        )]
        .into(),
    );
    // `self` and `Self` both survive as variant names (`Self2`, `Self_`).
    let params = operations::PutOutlineParams {
        mode: Some(models::PutOutlineMode::Self2),
    };
    let operations::PutOutlineResponse::Ok(back) = client
        .put_outline(&params, Some(outline.clone()))
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::json!({"intro": {"a": {}}, "self": {}})
    );
    let nesting: models::Nesting = serde_json::from_str("[[[]], []]").unwrap();
    assert_eq!(nesting.0.len(), 2);
    assert_eq!(serde_json::to_string(&nesting).unwrap(), "[[[]],[]]");
}

#[tokio::test]
async fn a_link_header_walks_every_page() {
    let client = Client::new(start().await);
    let params = operations::ListNumbersParams { page: None };
    let all = client.list_numbers_all(&params).await.unwrap();
    assert_eq!(all, (0..9).collect::<Vec<i64>>());
    // One page alone still carries its link.
    let params = operations::ListNumbersParams { page: Some(2) };
    let operations::ListNumbersResponse::Ok(numbers, headers) =
        client.list_numbers(&params).await.unwrap();
    assert_eq!(numbers, [3, 4, 5]);
    assert_eq!(headers.link.as_deref(), Some("<numbers?page=3>; rel=next"));
}

#[tokio::test]
async fn a_cursor_walks_every_page_with_the_other_parameters() {
    let client = Client::new(start().await);
    let params = operations::ListLettersParams {
        cursor: None,
        upper: Some(true),
    };
    let all = client.list_letters_all(&params).await.unwrap();
    assert_eq!(all, ["A", "B", "C", "D", "E", "F"]);
}

/// Sends `body` as JSON to `path` and returns the status and the reply's text.
async fn send_json(origin: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let method = apigen_runtime::client::reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let reply = apigen_runtime::client::reqwest::Client::new()
        .request(method, format!("{origin}{path}"))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.text().await.unwrap())
}

#[tokio::test]
async fn constraints_of_an_alias_body_are_checked_by_the_server() {
    let origin = start().await;
    assert_eq!(
        send_json(&origin, "PUT", "/tags", r#"["a", "bc"]"#).await.0,
        204
    );
    let (status, text) = send_json(&origin, "PUT", "/tags", r#"["a", "b", "c"]"#).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("at most 2"), "{text}");
    let (status, text) = send_json(&origin, "PUT", "/tags", r#"["a", "long"]"#).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("/1"), "{text}");
    // The client's typed call reaches the same server and is refused the same way.
    let client = Client::new(origin);
    let error = client
        .put_tags(vec!["a".into(), "b".into(), "c".into()])
        .await
        .unwrap_err();
    assert!(error.to_string().contains("400"), "{error}");
}

#[tokio::test]
async fn map_values_union_members_and_enums_of_numbers_carry_their_constraints() {
    let origin = start().await;
    let ok =
        r#"{"labels": {"a": "short"}, "either": "abc", "extra": 9, "ratio": 1.5, "mode": 1.0}"#;
    let (status, text) = send_json(&origin, "POST", "/labels", ok).await;
    assert_eq!(status, 204, "{text}");
    assert_eq!(
        send_json(&origin, "POST", "/labels", r#"{"mode": "auto"}"#)
            .await
            .0,
        204
    );
    for (body, pointer) in [
        (r#"{"labels": {"a/b": "toolong"}}"#, "/labels/a~1b"),
        (r#"{"either": "abcd"}"#, "/either"),
        (r#"{"either": 4}"#, "/either"),
        (r#"{"extra": 10}"#, "/extra"),
        // Enums no Rust enum carries: of numbers, and of mixed types.
        (r#"{"ratio": 0.7}"#, "/ratio"),
        (r#"{"mode": "manual"}"#, "/mode"),
        (r#"{"mode": true}"#, "/mode"),
    ] {
        let (status, text) = send_json(&origin, "POST", "/labels", body).await;
        assert_eq!(status, 400, "{body}: {text}");
        assert!(text.contains(pointer), "{body}: {text}");
    }
}

/// Answers one request on a loopback port with `reply` (JSON) and hands back the request as
/// text, headers and body, to see what the client sent.
fn capture_one(reply: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let task = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = socket.read(&mut chunk).unwrap();
            seen.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&seen).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|line| {
                        let line = line.to_ascii_lowercase();
                        let value = line.strip_prefix("content-length:")?;
                        value.trim().parse::<usize>().ok()
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{reply}",
            reply.len()
        );
        socket.write_all(answer.as_bytes()).unwrap();
        String::from_utf8_lossy(&seen).to_string()
    });
    (origin, task)
}

#[tokio::test]
async fn a_body_is_written_in_the_media_type_the_client_prefers() {
    let note = models::Note {
        title: "a b".into(),
        stars: Some(3),
    };
    let reply = r#"{"title": "a b", "stars": 3}"#;
    let (origin, sent) = capture_one(reply);
    let operations::PostNoteResponse::Ok(back) =
        Client::new(origin).post_note(note.clone()).await.unwrap();
    assert_eq!(back, note);
    let sent = sent.join().unwrap().to_ascii_lowercase();
    assert!(sent.contains("content-type: application/json"), "{sent}");

    let (origin, sent) = capture_one(reply);
    let client = Client::new(origin).prefer_media(&["application/x-www-form-urlencoded"]);
    client.post_note(note.clone()).await.unwrap();
    let sent = sent.join().unwrap();
    assert!(
        sent.to_ascii_lowercase()
            .contains("content-type: application/x-www-form-urlencoded"),
        "{sent}"
    );
    assert!(sent.ends_with("title=a+b&stars=3"), "{sent}");

    // The generated server reads either.
    let client = Client::new(start().await).prefer_media(&["application/x-www-form-urlencoded"]);
    let operations::PostNoteResponse::Ok(back) = client.post_note(note.clone()).await.unwrap();
    assert_eq!(back, note);
}

#[tokio::test]
async fn a_closed_object_is_refused_with_extra_properties_by_the_server_only() {
    let origin = start().await;
    let (status, text) = send_json(&origin, "POST", "/notes", r#"{"title": "a"}"#).await;
    assert_eq!(status, 200, "{text}");
    let (status, text) = send_json(
        &origin,
        "POST",
        "/notes",
        r#"{"title": "a", "color": "red"}"#,
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("unknown field `color`"), "{text}");
    let form = apigen_runtime::client::reqwest::Client::new()
        .post(format!("{origin}/notes"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=a&color=red")
        .send()
        .await
        .unwrap();
    let status = form.status().as_u16();
    let text = form.text().await.unwrap();
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("unknown field `color`"), "{text}");

    // A client reads a newer server's reply with a property the spec does not list.
    let (origin, _sent) = capture_one(r#"{"title": "a", "stars": 3, "color": "red"}"#);
    let note = models::Note {
        title: "a".into(),
        stars: Some(3),
    };
    let operations::PostNoteResponse::Ok(back) =
        Client::new(origin).post_note(note.clone()).await.unwrap();
    assert_eq!(back, note);
}
