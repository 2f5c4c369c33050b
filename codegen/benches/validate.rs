//! `apigen validate`'s throughput on a large B2B payload against the `jsonschema` crate used
//! directly on the same schema, in the same run.
//!
//! `cargo bench -p apigen --bench validate`
//!
//! Both sides parse the payload text and collect every violation (the page is valid, so the
//! whole document is walked). apigen's side is what the command does per file: parse, check
//! against the converted OpenAPI schema; the baseline compiles the spec's schema as plain JSON
//! Schema (no OpenAPI semantics) and checks the same text.

use apigen::payload::{PayloadValidator, Target};
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

const PARTNERS: usize = 2_000;

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/b2b.yaml")
}

/// The document's list example with its partner repeated: about 2 MB of JSON.
fn payload() -> String {
    let spec: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec_path()).unwrap()).unwrap();
    let mut page = spec
        .pointer("/paths/~1BusinessPartner~1getBPartner/get/responses/200/content/application~1json/examples/doc_example/value")
        .unwrap()
        .clone();
    let partner = page["data"][0].clone();
    page["data"] = serde_json::Value::Array(
        (0..PARTNERS)
            .map(|i| {
                let mut p = partner.clone();
                p["id"] = format!("BP-{i}").into();
                p
            })
            .collect(),
    );
    serde_json::to_string_pretty(&page).unwrap()
}

#[divan::bench(name = "apigen: parse + OpenAPI validation")]
fn apigen_validate(bencher: divan::Bencher) {
    let spec = apigen::load::load(&spec_path()).unwrap();
    let target = Target::response("GET /BusinessPartner/getBPartner 200").unwrap();
    let validator = PayloadValidator::new(&spec, &target, Some("application/json")).unwrap();
    let text = payload();
    let file = Path::new("page.json");
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let value: serde_json::Value = serde_json::from_str(divan::black_box(&text)).unwrap();
            let violations = validator.check_value(file, &value, &|_| None);
            assert!(violations.is_empty());
        });
}

#[divan::bench(name = "jsonschema directly (baseline)")]
fn jsonschema_direct(bencher: divan::Bencher) {
    let spec: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec_path()).unwrap()).unwrap();
    let schema = serde_json::json!({
        "$ref": "#/components/schemas/BusinessPartnerPage",
        "components": spec["components"].clone(),
    });
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    let text = payload();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let value: serde_json::Value = serde_json::from_str(divan::black_box(&text)).unwrap();
            assert_eq!(validator.iter_errors(&value).count(), 0);
        });
}
