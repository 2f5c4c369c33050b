//! The four hand-written specs: they parse as OpenAPI 3.0 and hold every documented endpoint.

use std::path::PathBuf;

fn spec_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(name)
}

fn parse(name: &str) -> openapiv3::OpenAPI {
    let text = std::fs::read_to_string(spec_path(name)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name} is not OpenAPI 3.0: {e}"))
}

/// The endpoints as the documents in `../shared/seeds/` list them (method and path, with the
/// path relative to the spec's server URL), written out by hand from the documents.
const DOCUMENTED: &[(&str, &str, &str)] = &[
    // Alta BPO: `GET {base_url}/web/api/partners`.
    ("alta-bpo.yaml", "GET", "/web/api/partners"),
    // Orzame: contacts CRUD.
    ("orzame.yaml", "POST", "/contacts"),
    ("orzame.yaml", "GET", "/contacts"),
    ("orzame.yaml", "GET", "/contacts/{id}"),
    ("orzame.yaml", "PATCH", "/contacts/{id}"),
    ("orzame.yaml", "DELETE", "/contacts/{id}"),
    // B2B: twelve endpoints, and the one `statusUrl` points to.
    ("b2b.yaml", "GET", "/BusinessPartner/getBPartner"),
    ("b2b.yaml", "GET", "/BusinessPartner/updatedFrom"),
    ("b2b.yaml", "GET", "/BusinessPartner/getBPartnerStatus"),
    ("b2b.yaml", "GET", "/BusinessPartner/getClients"),
    ("b2b.yaml", "GET", "/BusinessPartner/getAgents"),
    (
        "b2b.yaml",
        "GET",
        "/BusinessPartner/getClientsAssignedToAgent",
    ),
    ("b2b.yaml", "GET", "/BusinessPartner/getContacts"),
    ("b2b.yaml", "GET", "/BusinessPartner/getContactTypes"),
    ("b2b.yaml", "POST", "/BusinessPartner/create"),
    ("b2b.yaml", "POST", "/BusinessPartner/assignClientsToAgent"),
    ("b2b.yaml", "PUT", "/BusinessPartner/update/{id}"),
    ("b2b.yaml", "DELETE", "/BusinessPartner/delete/{id}"),
    ("b2b.yaml", "GET", "/message/status/{messageId}"),
    // Obzvonilka: `/api/...` with the `.json` suffix; `/api` is the server's base path.
    ("obzvonilka.yaml", "GET", "/contact_bases.json"),
    ("obzvonilka.yaml", "GET", "/contact_bases/{id}.json"),
    (
        "obzvonilka.yaml",
        "GET",
        "/contact_bases/{base_id}/contacts.json",
    ),
    (
        "obzvonilka.yaml",
        "GET",
        "/contact_bases/{base_id}/contacts/{id}.json",
    ),
    (
        "obzvonilka.yaml",
        "GET",
        "/contact_bases/{base_id}/contacts/find_by_external/{code}.json",
    ),
    (
        "obzvonilka.yaml",
        "POST",
        "/contact_bases/{base_id}/contacts.json",
    ),
    (
        "obzvonilka.yaml",
        "PATCH",
        "/contact_bases/{base_id}/contacts/{id}.json",
    ),
    ("obzvonilka.yaml", "GET", "/users.json"),
    ("obzvonilka.yaml", "GET", "/users/{id}.json"),
];

const SPECS: [&str; 4] = [
    "alta-bpo.yaml",
    "orzame.yaml",
    "b2b.yaml",
    "obzvonilka.yaml",
];

fn operations(spec: &openapiv3::OpenAPI) -> Vec<(String, String, &openapiv3::Operation)> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item = item.as_item().expect("path items are inline in our specs");
        for (method, operation) in item.iter() {
            out.push((method.to_uppercase(), path.clone(), operation));
        }
    }
    out
}

#[test]
fn every_spec_parses_as_openapi_3_0_3() {
    for name in SPECS {
        let spec = parse(name);
        assert_eq!(spec.openapi, "3.0.3", "{name}");
        assert!(!spec.servers.is_empty(), "{name} has no server URL");
    }
}

#[test]
fn the_28_documented_endpoints_are_all_there() {
    assert_eq!(DOCUMENTED.len(), 28);
    let mut missing = Vec::new();
    for name in SPECS {
        let spec = parse(name);
        let ops = operations(&spec);
        for (_, method, path) in DOCUMENTED.iter().filter(|(spec, ..)| *spec == name) {
            if !ops.iter().any(|(m, p, _)| m == method && p == path) {
                missing.push(format!("{name}: {method} {path}"));
            }
        }
        // Nothing beyond the documents either.
        for (method, path, _) in &ops {
            assert!(
                DOCUMENTED
                    .iter()
                    .any(|(s, m, p)| *s == name && m == method && p == path),
                "{name}: {method} {path} is not a documented endpoint"
            );
        }
    }
    assert!(
        missing.is_empty(),
        "missing endpoints:\n{}",
        missing.join("\n")
    );
}

#[test]
fn operation_ids_are_lower_camel_case_and_unique() {
    for name in SPECS {
        let spec = parse(name);
        let mut seen = std::collections::HashSet::new();
        for (method, path, operation) in operations(&spec) {
            let id = operation
                .operation_id
                .as_deref()
                .unwrap_or_else(|| panic!("{name}: {method} {path} has no operationId"));
            assert!(
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{name}: operationId `{id}` is not lowerCamelCase"
            );
            assert!(
                seen.insert(id.to_owned()),
                "{name}: duplicate operationId `{id}`"
            );
        }
    }
}

#[test]
fn b2b_lists_answer_json_and_xml() {
    let spec = parse("b2b.yaml");
    for (method, path, operation) in operations(&spec) {
        if method != "GET" {
            continue;
        }
        let ok = operation
            .responses
            .responses
            .get(&openapiv3::StatusCode::Code(200))
            .and_then(|r| r.as_item())
            .unwrap_or_else(|| panic!("{path} has no inline 200"));
        for media in ["application/json", "application/xml"] {
            assert!(ok.content.contains_key(media), "{path}: no {media} answer");
        }
    }
}
