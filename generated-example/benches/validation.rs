//! Derived validation of a typed B2B page of 1,000 partners against the `jsonschema` crate
//! validating the same page as JSON against the spec's schema.
//!
//! `cargo bench -p generated-example --bench validation`
//!
//! Both report every violation (none here: the page is valid). The typed side checks only
//! what the types do not already guarantee; `jsonschema` checks types and `required` too,
//! which is the work a JSON-level validator has to do.

use apigen_runtime::validate::Validate;
use generated_example::b2b::models::BusinessPartnerPage;

fn main() {
    divan::main();
}

const PARTNERS: usize = 1_000;

fn spec() -> serde_json::Value {
    serde_yaml::from_str(include_str!("../../spec/b2b.yaml")).expect("the spec reads")
}

fn page_json() -> serde_json::Value {
    let spec = spec();
    let example = spec
        .pointer("/paths/~1BusinessPartner~1getBPartner/get/responses/200/content/application~1json/examples/doc_example/value")
        .expect("the example")
        .clone();
    let mut page: BusinessPartnerPage = serde_json::from_value(example).expect("decodes");
    let template = page.data[0].clone();
    page.data = (0..PARTNERS)
        .map(|i| {
            let mut partner = template.clone();
            partner.id = format!("BP-{i}");
            partner
        })
        .collect();
    serde_json::to_value(page).expect("encodes")
}

#[divan::bench(name = "derived Validate on the typed page")]
fn derived(bencher: divan::Bencher) {
    let page: BusinessPartnerPage = serde_json::from_value(page_json()).unwrap();
    bencher.bench(|| divan::black_box(&page).validate().is_ok());
}

#[divan::bench(name = "jsonschema on the JSON page (baseline)")]
fn jsonschema_baseline(bencher: divan::Bencher) {
    let spec = spec();
    let schema = serde_json::json!({
        "$ref": "#/components/schemas/BusinessPartnerPage",
        "components": spec["components"].clone(),
    });
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let page = page_json();
    assert!(
        validator.is_valid(&page),
        "the baseline agrees the page is valid"
    );
    bencher.bench(|| validator.iter_errors(divan::black_box(&page)).count());
}
