//! The derived XML codec of the generated B2B models against quick-xml's serde support, on
//! the same page of 1,000 business partners.
//!
//! `cargo bench -p generated-example --bench xml_codec`
//!
//! The serde baseline needs its own structs: serde cannot express the OpenAPI `xml` rules
//! (the `<data><item>` wrapping), so they spell the document's shape out by hand. Both sides
//! read and write the same text.

use generated_example::b2b::models::BusinessPartnerPage;
use serde::{Deserialize, Serialize};

fn main() {
    divan::main();
}

const PARTNERS: usize = 1_000;

/// The document's example of `getBPartner`'s 200 answer, with its one partner repeated (ids
/// varied) 1,000 times.
fn page() -> BusinessPartnerPage {
    let spec: serde_json::Value =
        serde_yaml::from_str(include_str!("../../spec/b2b.yaml")).expect("the spec reads");
    let example = spec
        .pointer("/paths/~1BusinessPartner~1getBPartner/get/responses/200/content/application~1json/examples/doc_example/value")
        .expect("the example")
        .clone();
    let mut page: BusinessPartnerPage =
        serde_json::from_value(example).expect("the example decodes");
    let template = page.data[0].clone();
    page.data = (0..PARTNERS)
        .map(|i| {
            let mut partner = template.clone();
            partner.id = format!("BP-{i}");
            partner.contact_name = format!("Contacto «{i}» & Cía");
            partner
        })
        .collect();
    page
}

mod baseline {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename = "export")]
    pub struct Export {
        pub data: Data,
        pub pagination: Pagination,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Data {
        pub item: Vec<Partner>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Pagination {
        #[serde(rename = "totalItems")]
        pub total_items: i64,
        #[serde(rename = "itemsPerPage")]
        pub items_per_page: i32,
        #[serde(rename = "currentPage")]
        pub current_page: i32,
        #[serde(rename = "totalPages")]
        pub total_pages: i32,
        #[serde(rename = "nextPageUrl")]
        pub next_page_url: Option<String>,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Partner {
        pub id: String,
        pub id_remote: String,
        pub rol: String,
        pub status: String,
        pub company: Company,
        pub locations: Vec<Location>,
        pub contacts: Vec<Contact>,
        pub contact_name: String,
        pub comercial_name: String,
        pub tin: String,
        pub observation: String,
        pub origin: String,
        pub updated_at: String,
        pub active: bool,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Company {
        pub id: String,
        pub id_remote: String,
        pub company_name: String,
        pub comercial_name: String,
        pub tin: String,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Location {
        pub id: String,
        pub id_remote: String,
        pub name: String,
        pub address: String,
        pub city: String,
        pub state: String,
        pub postal_code: String,
        pub shipping_address: bool,
        pub billing_address: bool,
        pub country: Country,
        pub default: bool,
        pub active: bool,
        pub created_at: String,
        pub updated_at: String,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Country {
        pub id: String,
        pub description: String,
        pub iso: String,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Contact {
        pub id: String,
        pub id_remote: String,
        pub name: String,
        pub position: String,
        pub default: bool,
        pub active: bool,
        pub contact_methods: Vec<ContactMethod>,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ContactMethod {
        pub id: String,
        pub id_remote: String,
        pub contact_type_id: String,
        pub value: String,
        #[serde(rename = "send_by_whatsapp")]
        pub send_by_whatsapp: bool,
        #[serde(rename = "send_by_mail")]
        pub send_by_mail: bool,
        #[serde(rename = "send_by_telegram")]
        pub send_by_telegram: bool,
        #[serde(rename = "send_by_sms")]
        pub send_by_sms: bool,
    }
}

fn xml_text() -> String {
    apigen_runtime::xml::to_string(&page())
}

#[divan::bench(name = "decode: derived codec")]
fn decode_derived(bencher: divan::Bencher) {
    let text = xml_text();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            apigen_runtime::xml::from_str::<BusinessPartnerPage>(divan::black_box(&text)).unwrap()
        });
}

#[divan::bench(name = "decode: quick-xml serde (baseline)")]
fn decode_serde(bencher: divan::Bencher) {
    let text = xml_text();
    // Both sides read the same document (checked once; `cargo test --benches` runs this).
    let derived = apigen_runtime::xml::from_str::<BusinessPartnerPage>(&text).unwrap();
    let baseline: baseline::Export = quick_xml::de::from_str(&text).unwrap();
    assert_eq!(derived.data.len(), PARTNERS);
    assert_eq!(baseline.data.item.len(), PARTNERS);
    assert_eq!(
        baseline.data.item[999].contact_name,
        derived.data[999].contact_name
    );
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| quick_xml::de::from_str::<baseline::Export>(divan::black_box(&text)).unwrap());
}

#[divan::bench(name = "encode: derived codec")]
fn encode_derived(bencher: divan::Bencher) {
    let page = page();
    bencher.bench(|| apigen_runtime::xml::to_string(divan::black_box(&page)));
}

#[divan::bench(name = "encode: quick-xml serde (baseline)")]
fn encode_serde(bencher: divan::Bencher) {
    let page: baseline::Export = quick_xml::de::from_str(&xml_text()).unwrap();
    bencher.bench(|| quick_xml::se::to_string(divan::black_box(&page)).unwrap());
}
