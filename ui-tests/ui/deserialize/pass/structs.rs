//! `apigen_runtime::Deserialize` reads what serde's derive would, from a map only.

use std::collections::BTreeMap;

#[derive(Debug, PartialEq, serde::Serialize, apigen_runtime::Deserialize)]
struct Contact {
    #[serde(rename = "fullName")]
    name: String,
    /// Absent and `null` are both `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    /// An `Option` without `default` is `None` when absent, as with serde's derive.
    email: Option<String>,
    /// Present, possibly `null`: absent is an error.
    #[serde(deserialize_with = "::serde::Deserialize::deserialize")]
    company: Option<String>,
    r#type: u8,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, PartialEq, apigen_runtime::Deserialize)]
struct Empty {}

/// An `Option` under another name still follows serde's rule (absent is `None`).
type Maybe = Option<u8>;

#[derive(Debug, PartialEq, apigen_runtime::Deserialize)]
struct Aliased {
    count: Maybe,
    full: ::std::option::Option<u8>,
}

fn main() {
    let contact: Contact = serde_json::from_str(
        r#"{"fullName": "Ana", "company": null, "type": 2, "x-note": [1], "phone": null}"#,
    )
    .unwrap();
    assert_eq!(contact.name, "Ana");
    assert_eq!(contact.phone, None);
    assert_eq!(contact.email, None);
    assert_eq!(contact.company, None);
    assert_eq!(contact.r#type, 2);
    assert_eq!(contact.extra["x-note"], serde_json::json!([1]));
    assert_eq!(contact.extra.len(), 1);

    let error = |json: &str| serde_json::from_str::<Contact>(json).unwrap_err().to_string();
    assert!(error(r#"{"company": null, "type": 1}"#).starts_with("missing field `fullName`"));
    assert!(error(r#"{"fullName": "A", "type": 1}"#).starts_with("missing field `company`"));
    assert!(
        error(r#"{"fullName": "A", "fullName": "B", "company": null, "type": 1}"#)
            .starts_with("duplicate field `fullName`")
    );
    // An array is not an object, whatever serde's derive would have made of it.
    assert!(error(r#"["A", null, null, null, 1]"#).starts_with("invalid type: sequence, expected struct Contact"));
    assert!(error(r#"{"fullName": 7, "company": null, "type": 1}"#).starts_with("invalid type: integer `7`, expected a string"));

    // Escaped keys are keys.
    let escaped: Contact =
        serde_json::from_str(r#"{"full\u004eame": "Ana", "company": "X", "type": 0}"#).unwrap();
    assert_eq!(escaped.name, "Ana");
    assert_eq!(escaped.company.as_deref(), Some("X"));

    // Unknown properties of a struct without a flattened map are ignored.
    let empty: Empty = serde_json::from_str(r#"{"anything": {"deep": [1, 2]}}"#).unwrap();
    assert_eq!(empty, Empty {});

    let aliased: Aliased = serde_json::from_str("{}").unwrap();
    assert_eq!(aliased, Aliased { count: None, full: None });
    let aliased: Aliased = serde_json::from_str(r#"{"count": 1, "full": null}"#).unwrap();
    assert_eq!(aliased, Aliased { count: Some(1), full: None });
}
