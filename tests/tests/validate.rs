//! `#[derive(Validate)]` on hand-written models in the style of the generated ones: every
//! violation is reported, with its exact pointer, keyword and message.

use apigen_runtime::validate::{Validate as _, Violation};
use apigen_runtime::{Nullable, Validate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// --- A B2B-like page: `data: Vec<BusinessPartner>` with nested locations and contacts. ---

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct BusinessPartnerPage {
    pub data: Vec<BusinessPartner>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Pagination {
    #[serde(rename = "totalItems")]
    #[validate(minimum = 0)]
    pub total_items: i64,
    #[serde(rename = "itemsPerPage")]
    #[validate(minimum = 1, maximum = 100)]
    pub items_per_page: i32,
    #[serde(rename = "currentPage")]
    #[validate(minimum = 1)]
    pub current_page: i32,
    #[serde(
        rename = "nextPageUrl",
        deserialize_with = "::serde::Deserialize::deserialize"
    )]
    #[validate(format = "uri")]
    pub next_page_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct BusinessPartner {
    pub id: String,
    #[serde(rename = "idRemote")]
    #[validate(min_length = 1, max_length = 12)]
    pub id_remote: String,
    pub company: CompanySummary,
    #[validate(min_items = 1)]
    pub locations: Vec<Location>,
    pub contacts: Vec<Contact>,
    #[serde(rename = "updatedAt")]
    #[validate(pattern = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")]
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(max_items = 3, unique_items, each(min_length = 2, max_length = 5))]
    pub tags: Option<Vec<String>>,
    /// Properties the spec does not name (`additionalProperties`), keyed by their wire name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Extra>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct CompanySummary {
    pub id: String,
    #[serde(rename = "companyName")]
    #[validate(min_length = 1)]
    pub company_name: String,
    #[validate(pattern = "^[A-Z][0-9]{8}$")]
    pub tin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Location {
    #[validate(min_length = 1, max_length = 20)]
    pub name: String,
    #[serde(
        rename = "postalCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(pattern = "^[0-9]{5}$")]
    pub postal_code: Option<String>,
    pub country: Country,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[serde(rename = "type")]
    pub r#type: LocationType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Country {
    pub id: String,
    #[validate(min_length = 2, max_length = 2, pattern = "^[A-Z]+$")]
    pub iso: String,
}

/// A string enum: nothing to check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Validate)]
pub enum LocationType {
    #[serde(rename = "billing")]
    Billing,
    #[serde(rename = "shipping")]
    Shipping,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Contact {
    #[validate(min_length = 1)]
    pub name: String,
    #[serde(rename = "contactMethods")]
    pub contact_methods: Vec<ContactMethod>,
}

/// A `oneOf` union: each member validated at the same pointer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(untagged)]
pub enum ContactMethod {
    Email(EmailMethod),
    Phone(PhoneMethod),
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct EmailMethod {
    #[validate(format = "email")]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct PhoneMethod {
    #[validate(pattern = r"^\+[0-9 ]+$", max_length = 16)]
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Extra {
    #[validate(max_length = 3)]
    pub code: String,
}

fn location(name: &str) -> Location {
    Location {
        name: name.into(),
        postal_code: Some("46001".into()),
        country: Country {
            id: "es".into(),
            iso: "ES".into(),
        },
        latitude: Some(39.47),
        r#type: LocationType::Billing,
    }
}

fn partner() -> BusinessPartner {
    BusinessPartner {
        id: "1".into(),
        id_remote: "ERP-1".into(),
        company: CompanySummary {
            id: "7".into(),
            company_name: "Acme".into(),
            tin: "B12345678".into(),
        },
        locations: vec![location("Central")],
        contacts: vec![Contact {
            name: "Ana".into(),
            contact_methods: vec![
                ContactMethod::Email(EmailMethod {
                    email: "ana@acme.example".into(),
                }),
                ContactMethod::Phone(PhoneMethod {
                    phone: "+34 600 000 000".into(),
                }),
            ],
        }],
        updated_at: "2024-05-01 10:00:00".into(),
        tags: Some(vec!["vip".into(), "es".into()]),
        extra: BTreeMap::new(),
    }
}

fn page() -> BusinessPartnerPage {
    BusinessPartnerPage {
        data: vec![partner(), partner()],
        pagination: Pagination {
            total_items: 2,
            items_per_page: 20,
            current_page: 1,
            next_page_url: None,
        },
    }
}

/// `(pointer, keyword, message)` of every violation, in order.
fn violations(
    value: &impl apigen_runtime::validate::Validate,
) -> Vec<(String, &'static str, String)> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(violations) => violations
            .into_iter()
            .map(
                |Violation {
                     pointer,
                     keyword,
                     message,
                 }| (pointer, keyword, message),
            )
            .collect(),
    }
}

fn v(pointer: &str, keyword: &'static str, message: &str) -> (String, &'static str, String) {
    (pointer.to_owned(), keyword, message.to_owned())
}

#[test]
fn a_valid_page_has_no_violation() {
    assert_eq!(violations(&page()), []);
    assert!(page().validate().is_ok());
}

#[test]
fn every_violation_of_a_page_is_reported_with_its_pointer() {
    let mut page = page();
    page.pagination.items_per_page = 101;
    page.pagination.current_page = 0;
    page.pagination.next_page_url = Some("/BusinessPartner?page=2".into());
    let first = &mut page.data[0];
    first.id_remote = "".into();
    first.company.tin = "12345678".into();
    first.locations.push(location(""));
    first
        .locations
        .push(location("A name that is far too long"));
    first.locations[1].postal_code = Some("4600".into());
    first.locations[1].latitude = Some(-90.5);
    first.locations[2].country.iso = "esp".into();
    first.updated_at = "01/05/2024".into();
    first.tags = Some(vec![
        "a".into(),
        "vip".into(),
        "toolong".into(),
        "vip".into(),
    ]);
    first.extra.insert(
        "x/y~z".into(),
        Extra {
            code: "ABCD".into(),
        },
    );
    let second = &mut page.data[1];
    second.locations.clear();
    second.contacts[0].name = "".into();
    second.contacts[0].contact_methods = vec![
        ContactMethod::Email(EmailMethod {
            email: "ana@".into(),
        }),
        ContactMethod::Other("anything".into()),
        ContactMethod::Phone(PhoneMethod {
            phone: "600 000 000 000 000".into(),
        }),
    ];

    assert_eq!(
        violations(&page),
        [
            v(
                "/data/0/idRemote",
                "minLength",
                "must be at least 1 character long, found 0"
            ),
            v(
                "/data/0/company/tin",
                "pattern",
                "does not match pattern ^[A-Z][0-9]{8}$"
            ),
            v(
                "/data/0/locations/1/name",
                "minLength",
                "must be at least 1 character long, found 0"
            ),
            v(
                "/data/0/locations/1/postalCode",
                "pattern",
                "does not match pattern ^[0-9]{5}$"
            ),
            v(
                "/data/0/locations/1/latitude",
                "minimum",
                "must be ≥ -90, found -90.5"
            ),
            v(
                "/data/0/locations/2/name",
                "maxLength",
                "must be at most 20 characters long, found 27"
            ),
            v(
                "/data/0/locations/2/country/iso",
                "maxLength",
                "must be at most 2 characters long, found 3"
            ),
            v(
                "/data/0/locations/2/country/iso",
                "pattern",
                "does not match pattern ^[A-Z]+$"
            ),
            v(
                "/data/0/updatedAt",
                "pattern",
                r"does not match pattern ^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$",
            ),
            v(
                "/data/0/tags",
                "maxItems",
                "must have at most 3 items, found 4"
            ),
            v(
                "/data/0/tags",
                "uniqueItems",
                "items must be unique, but item 3 equals item 1"
            ),
            v(
                "/data/0/tags/0",
                "minLength",
                "must be at least 2 characters long, found 1"
            ),
            v(
                "/data/0/tags/2",
                "maxLength",
                "must be at most 5 characters long, found 7"
            ),
            v(
                "/data/0/x~1y~0z/code",
                "maxLength",
                "must be at most 3 characters long, found 4"
            ),
            v(
                "/data/1/locations",
                "minItems",
                "must have at least 1 item, found 0"
            ),
            v(
                "/data/1/contacts/0/name",
                "minLength",
                "must be at least 1 character long, found 0"
            ),
            v(
                "/data/1/contacts/0/contactMethods/0/email",
                "format",
                "is not a valid email address"
            ),
            v(
                "/data/1/contacts/0/contactMethods/2/phone",
                "maxLength",
                "must be at most 16 characters long, found 19"
            ),
            v(
                "/data/1/contacts/0/contactMethods/2/phone",
                "pattern",
                r"does not match pattern ^\+[0-9 ]+$"
            ),
            v(
                "/pagination/itemsPerPage",
                "maximum",
                "must be ≤ 100, found 101"
            ),
            v("/pagination/currentPage", "minimum", "must be ≥ 1, found 0"),
            v(
                "/pagination/nextPageUrl",
                "format",
                "is not a valid absolute URI (RFC 3986, with a scheme)"
            ),
        ]
    );
}

#[test]
fn a_decoded_payload_is_validated_with_wire_names() {
    let json = r#"{
        "data": [{
            "id": "1", "idRemote": "ERP-0000000001",
            "company": {"id": "7", "companyName": "Acme", "tin": "B12345678"},
            "locations": [{"name": "Central", "postalCode": "46001", "type": "shipping",
                           "country": {"id": "es", "iso": "ES"}}],
            "contacts": [{"name": "Ana", "contactMethods": [{"email": "ana@acme"}, {"phone": "600"}]}],
            "updatedAt": "2024-05-01",
            "warehouse": {"code": "VLC1"}
        }],
        "pagination": {"totalItems": -1, "itemsPerPage": 20, "currentPage": 1, "nextPageUrl": "https://b2b.example/BusinessPartner?page=2"}
    }"#;
    let page: BusinessPartnerPage = serde_json::from_str(json).unwrap();
    let error = page.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "/data/0/idRemote: must be at most 12 characters long, found 14\n\
         /data/0/contacts/0/contactMethods/1/phone: does not match pattern ^\\+[0-9 ]+$\n\
         /data/0/warehouse/code: must be at most 3 characters long, found 4\n\
         /pagination/totalItems: must be ≥ 0, found -1"
    );
}

// --- An Orzame-like PATCH body and list query. ---

/// At least one property must be sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Validate)]
#[validate(min_properties = 1)]
pub struct ContactUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(unique_items, each(minimum = 1))]
    pub types: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(format = "email")]
    pub email: Option<String>,
    /// Optional and nullable: `null` clears it, and counts as a property sent.
    #[serde(default, skip_serializing_if = "::apigen_runtime::Nullable::is_absent")]
    #[validate(pattern = "^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")]
    pub bank_iban: Nullable<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(minimum = 0, exclusive_minimum, maximum = 100, multiple_of = 0.01)]
    pub discount: Option<f64>,
}

#[test]
fn an_empty_patch_breaks_min_properties_at_the_root() {
    let patch: ContactUpdate = serde_json::from_str("{}").unwrap();
    assert_eq!(
        violations(&patch),
        [v(
            "",
            "minProperties",
            "must have at least 1 property, found 0"
        )]
    );
    assert_eq!(
        patch.validate().unwrap_err().to_string(),
        "/: must have at least 1 property, found 0"
    );
}

#[test]
fn a_null_or_any_present_property_satisfies_min_properties() {
    for json in [
        r#"{"bank_iban": null}"#,
        r#"{"name": "Acme"}"#,
        r#"{"types": []}"#,
    ] {
        let patch: ContactUpdate = serde_json::from_str(json).unwrap();
        assert_eq!(violations(&patch), [], "{json}");
    }
}

#[test]
fn every_violation_of_a_patch_is_reported() {
    let patch = ContactUpdate {
        name: Some("".into()),
        types: Some(vec![3, 0, 3, -1]),
        email: Some("not-an-email".into()),
        bank_iban: Nullable::Value("es00".into()),
        discount: Some(12.345),
    };
    assert_eq!(
        violations(&patch),
        [
            v(
                "/name",
                "minLength",
                "must be at least 1 character long, found 0"
            ),
            v(
                "/types",
                "uniqueItems",
                "items must be unique, but item 2 equals item 0"
            ),
            v("/types/1", "minimum", "must be ≥ 1, found 0"),
            v("/types/3", "minimum", "must be ≥ 1, found -1"),
            v("/email", "format", "is not a valid email address"),
            v(
                "/bank_iban",
                "pattern",
                "does not match pattern ^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$"
            ),
            v(
                "/discount",
                "multipleOf",
                "must be a multiple of 0.01, found 12.345"
            ),
        ]
    );
    let edge = ContactUpdate {
        discount: Some(0.0),
        ..ContactUpdate::default()
    };
    assert_eq!(
        violations(&edge),
        [v("/discount", "minimum", "must be > 0, found 0")]
    );
    let decimal = ContactUpdate {
        discount: Some(19.99),
        ..ContactUpdate::default()
    };
    assert_eq!(violations(&decimal), []);
}

/// The query of `GET /contacts`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Validate)]
pub struct ListContactsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(min_length = 3)]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(minimum = 1)]
    pub page: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(minimum = 1, maximum = 100)]
    pub per_page: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(pattern = "^(id|name),(asc|desc)$")]
    pub sort: Option<String>,
}

#[test]
fn query_parameters() {
    assert_eq!(violations(&ListContactsQuery::default()), []);
    let query = ListContactsQuery {
        search: Some("ñu".into()),
        page: Some(0),
        per_page: Some(101),
        sort: Some("date,asc".into()),
    };
    assert_eq!(
        violations(&query),
        [
            v(
                "/search",
                "minLength",
                "must be at least 3 characters long, found 2"
            ),
            v("/page", "minimum", "must be ≥ 1, found 0"),
            v("/per_page", "maximum", "must be ≤ 100, found 101"),
            v(
                "/sort",
                "pattern",
                "does not match pattern ^(id|name),(asc|desc)$"
            ),
        ]
    );
    let ok = ListContactsQuery {
        search: Some("acm".into()),
        page: Some(1),
        per_page: Some(100),
        sort: Some("name,desc".into()),
    };
    assert_eq!(violations(&ok), []);
}

// --- Recursion, maps, newtypes, renames. ---

/// A recursive type, boxed as the generator does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    #[validate(min_length = 1)]
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_category: Option<Box<Category>>,
    #[validate(max_properties = 2)]
    pub labels: BTreeMap<String, Label>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
pub struct Label(#[validate(max_length = 4)] pub String);

#[test]
fn recursion_maps_and_newtypes() {
    let category = Category {
        display_name: "Tools".into(),
        parent_category: Some(Box::new(Category {
            display_name: "".into(),
            parent_category: None,
            labels: [
                ("es".to_owned(), Label("Herramientas".into())),
                ("a/b".to_owned(), Label("ok".into())),
                ("en".to_owned(), Label("Tools".into())),
            ]
            .into(),
        })),
        labels: BTreeMap::new(),
    };
    assert_eq!(
        violations(&category),
        [
            v(
                "/parentCategory/displayName",
                "minLength",
                "must be at least 1 character long, found 0"
            ),
            v(
                "/parentCategory/labels",
                "maxProperties",
                "must have at most 2 properties, found 3"
            ),
            v(
                "/parentCategory/labels/en",
                "maxLength",
                "must be at most 4 characters long, found 5"
            ),
            v(
                "/parentCategory/labels/es",
                "maxLength",
                "must be at most 4 characters long, found 12"
            ),
        ]
    );
}

#[test]
fn validate_into_prefixes_the_given_pointer() {
    let mut out = Vec::new();
    apigen_runtime::validate::Validate::validate_into(
        &Label("toolong".into()),
        "/body/label",
        &mut out,
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].pointer, "/body/label");
    assert_eq!(
        out[0].to_string(),
        "/body/label: must be at most 4 characters long, found 7"
    );
}

#[test]
fn structs_count_their_properties_on_the_wire() {
    use apigen_runtime::validate::ObjectLike;
    let patch = ContactUpdate {
        name: Some("x".into()),
        bank_iban: Nullable::Null,
        ..ContactUpdate::default()
    };
    assert_eq!(patch.property_count(), Some(2));
    assert_eq!(
        serde_json::to_value(&patch)
            .unwrap()
            .as_object()
            .unwrap()
            .len(),
        2
    );
    let mut partner = partner();
    partner.extra.insert("a".into(), Extra { code: "b".into() });
    // 7 fields (one of them optional and present) and one flattened entry.
    assert_eq!(partner.property_count(), Some(8));
    assert_eq!(
        serde_json::to_value(&partner)
            .unwrap()
            .as_object()
            .unwrap()
            .len(),
        8
    );
}
