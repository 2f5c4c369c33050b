//! The documents' own curl commands, pointed at the example server, succeed; bad bodies get
//! 400 in the API's own error format; B2B lists say the same in JSON and XML.

use super::harness::{assert_conforms, spec, Server, KEY};
use apigen_runtime::client::reqwest;
use generated_example::b2b;

/// Runs curl with `args`, returning (status, content type, body).
fn curl(args: &[&str]) -> (u16, String, String) {
    let output = std::process::Command::new("curl")
        .args(["-sS", "-w", "\n%{http_code} %{content_type}"])
        .args(args)
        .output()
        .expect("curl runs");
    assert!(output.status.success(), "curl failed: {output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let (body, trailer) = text.rsplit_once('\n').unwrap();
    let (status, content_type) = trailer.split_once(' ').unwrap_or((trailer, ""));
    (
        status.parse().unwrap(),
        content_type.to_owned(),
        body.to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_documents_curl_commands_work() {
    let server = Server::start().await;
    let obzvonilka = spec("obzvonilka.yaml");
    let alta = spec("alta-bpo.yaml");
    let origin = server.origin.clone();
    tokio::task::spawn_blocking(move || {
        // Alta BPO: `curl "{base_url}/web/api/partners" -H "Authorization: xxxxxxxxx"`.
        let (status, ct, body) = curl(&[
            &format!("{origin}/web/api/partners"),
            "-H",
            &format!("Authorization: {KEY}"),
        ]);
        assert_eq!(status, 200, "{body}");
        assert_conforms(&alta, "get", "/web/api/partners", 200, &ct, body.as_bytes());
        assert!(body.contains("\"ALTA BPO SAC\""), "{body}");

        // Obzvonilka: `curl '…/contact_bases/1/contacts.json?api_key=…' -X POST
        //   -F "contact[name]=abc" -F "contact[phone1]=987654321"`.
        let (status, ct, body) = curl(&[
            &format!("{origin}/api/contact_bases/1/contacts.json?api_key={KEY}"),
            "-X",
            "POST",
            "-F",
            "contact[name]=abc",
            "-F",
            "contact[phone1]=987654321",
        ]);
        assert_eq!(status, 201, "{body}");
        assert_conforms(
            &obzvonilka,
            "post",
            "/contact_bases/{base_id}/contacts.json",
            201,
            &ct,
            body.as_bytes(),
        );
        let created: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(created["name"], "abc");
        assert_eq!(created["phone1"], "987654321");

        // `curl '…/contact_bases/1/contacts/22.json?api_key=…' -X PATCH
        //   -F "contact[name]=abcd" -F "contact[phone1]=9876543210"`.
        let (status, ct, body) = curl(&[
            &format!("{origin}/api/contact_bases/1/contacts/22.json?api_key={KEY}"),
            "-X",
            "PATCH",
            "-F",
            "contact[name]=abcd",
            "-F",
            "contact[phone1]=9876543210",
        ]);
        assert_eq!(status, 200, "{body}");
        assert_conforms(
            &obzvonilka,
            "patch",
            "/contact_bases/{base_id}/contacts/{id}.json",
            200,
            &ct,
            body.as_bytes(),
        );
        let updated: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(updated["id"], 22);
        assert_eq!(updated["name"], "abcd");
        assert_eq!(updated["phone1"], "9876543210");

        // The key as a form field, the third way the document allows.
        let (status, _, body) = curl(&[
            &format!("{origin}/api/contact_bases/1/contacts.json"),
            "-X",
            "POST",
            "--data-urlencode",
            &format!("api_key={KEY}"),
            "--data-urlencode",
            "contact[name]=Форма",
        ]);
        assert_eq!(status, 201, "{body}");
        assert!(body.contains("Форма"), "{body}");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn bad_bodies_answer_400_in_each_apis_error_format() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let cases: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
        // spec, method, spec path, url path, auth header, content type, body
        (
            "orzame.yaml",
            "post",
            "/contacts",
            "/v1/contacts",
            "Bearer",
            "application/json",
            r#"{"name": 42}"#,
        ),
        (
            "orzame.yaml",
            "post",
            "/contacts",
            "/v1/contacts",
            "Bearer",
            "application/json",
            r#"{"name": "#,
        ),
        (
            "b2b.yaml",
            "post",
            "/BusinessPartner/create",
            "/api/database/v1/BusinessPartner/create",
            "Bearer",
            "application/json",
            r#"[{"idRemote": "X"}]"#,
        ),
        // `minItems: 1` on the top-level array.
        (
            "b2b.yaml",
            "post",
            "/BusinessPartner/create",
            "/api/database/v1/BusinessPartner/create",
            "Bearer",
            "application/json",
            "[]",
        ),
        (
            "b2b.yaml",
            "put",
            "/BusinessPartner/update/{id}",
            "/api/database/v1/BusinessPartner/update/BP-1",
            "Bearer",
            "application/json",
            "not json",
        ),
        (
            "obzvonilka.yaml",
            "post",
            "/contact_bases/{base_id}/contacts.json",
            "/api/contact_bases/1/contacts.json",
            "X-Api-Key",
            "application/x-www-form-urlencoded",
            "contact=flat",
        ),
    ];
    for (file, method, spec_path, url_path, auth, content_type, body) in cases {
        let loaded = spec(file);
        let mut request = http
            .request(method.to_uppercase().parse().unwrap(), server.url(url_path))
            .header("content-type", *content_type)
            .body(*body);
        request = if *auth == "X-Api-Key" {
            request.header("X-Api-Key", KEY)
        } else {
            request.header("Authorization", format!("Bearer {KEY}"))
        };
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status().as_u16(),
            400,
            "{method} {url_path} {body}"
        );
        let ct = response
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = response.bytes().await.unwrap();
        assert_conforms(&loaded, method, spec_path, 400, &ct, &bytes);
    }
}

#[tokio::test]
async fn b2b_lists_say_the_same_in_json_and_xml() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let loaded = spec("b2b.yaml");
    for path in [
        "/BusinessPartner/getBPartner",
        "/BusinessPartner/getClients",
        "/BusinessPartner/getContacts",
        "/BusinessPartner/getContactTypes",
        "/BusinessPartner/getBPartnerStatus",
    ] {
        let fetch = |accept: &'static str| {
            http.get(server.url(&format!("/api/database/v1{path}")))
                .header("Authorization", format!("Bearer {KEY}"))
                .header("Accept", accept)
                .send()
        };
        let json = fetch("application/json").await.unwrap();
        assert_eq!(json.status().as_u16(), 200);
        assert!(json.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let json = json.bytes().await.unwrap();
        let xml = fetch("application/xml").await.unwrap();
        assert_eq!(xml.status().as_u16(), 200);
        assert!(xml.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml"));
        let xml = String::from_utf8(xml.bytes().await.unwrap().to_vec()).unwrap();
        assert_conforms(&loaded, "get", path, 200, "application/json", &json);
        assert_conforms(&loaded, "get", path, 200, "application/xml", xml.as_bytes());
        macro_rules! same {
            ($ty:ty) => {{
                let from_json: $ty = serde_json::from_slice(&json).unwrap();
                let from_xml: $ty = apigen_runtime::xml::from_str(&xml).unwrap();
                assert_eq!(from_json, from_xml, "{path}");
                assert!(!from_json.data.is_empty(), "{path} lists something");
            }};
        }
        match path {
            "/BusinessPartner/getContacts" => same!(b2b::models::ContactDetailPage),
            "/BusinessPartner/getContactTypes" => same!(b2b::models::ContactTypePage),
            "/BusinessPartner/getBPartnerStatus" => same!(b2b::models::BusinessPartnerStatusPage),
            _ => same!(b2b::models::BusinessPartnerPage),
        }
        let refused = fetch("text/html").await.unwrap();
        assert_eq!(refused.status().as_u16(), 406, "{path}");
    }
}
