//! Every secured operation of the four APIs answers 401 without a key, with the API's own
//! error body; every operation is found by its path (parameters with suffixes included).

use super::harness::{assert_conforms, spec, Server};
use apigen_runtime::client::reqwest;

/// The four specs with the base path they are served at.
const APIS: &[(&str, &str)] = &[
    ("alta-bpo.yaml", ""),
    ("orzame.yaml", "/v1"),
    ("b2b.yaml", "/api/database/v1"),
    ("obzvonilka.yaml", "/api"),
];

/// `/contact_bases/{base_id}/contacts/{id}.json` with every parameter set to `1`.
fn fill(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap() + open;
        out.push_str(&rest[..open]);
        out.push('1');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn every_secured_operation_answers_401_with_the_apis_body() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let mut checked = 0;
    for (file, base) in APIS {
        let loaded = spec(file);
        let document = loaded.document.clone();
        let paths = document["paths"].as_object().unwrap();
        for (path, item) in paths {
            for (method, op) in item.as_object().unwrap() {
                if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                    continue;
                }
                let url = server.url(&format!("{base}{}", fill(path)));
                let method_upper = method.to_ascii_uppercase();
                let mut request = http.request(method_upper.parse().unwrap(), &url);
                if op.get("requestBody").is_some() {
                    request = request
                        .header("content-type", "application/json")
                        .body("{}");
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                assert_eq!(status, 401, "{method_upper} {url} without a key");
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let body = response.bytes().await.unwrap();
                assert_conforms(&loaded, method, path, 401, &content_type, &body);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 28, "every operation of the four specs is secured");
}
