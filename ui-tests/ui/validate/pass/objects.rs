//! minProperties/maxProperties on maps and on the struct itself (counting what is on the wire),
//! flattened maps, renames.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;
use apigen_runtime::{Nullable, Validate};
use std::collections::BTreeMap;

#[derive(Default, serde::Serialize, Validate)]
#[validate(min_properties = 1, max_properties = 2)]
struct Patch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
    #[serde(
        rename = "extra-labels",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[validate(min_properties = 1, max_properties = 2)]
    labels: BTreeMap<String, String>,
    #[serde(flatten)]
    #[validate(max_properties = 1)]
    rest: BTreeMap<String, u8>,
}

#[derive(Validate)]
#[validate(max_properties = 1)]
struct Required {
    a: u8,
    b: Option<u8>,
}

fn main() {
    let empty = Patch::default();
    assert_eq!(
        empty.validate().unwrap_err().to_string(),
        "/: must have at least 1 property, found 0"
    );
    let null = Patch {
        note: Nullable::Null,
        ..Patch::default()
    };
    assert!(null.validate().is_ok());
    let mut too_many = Patch {
        name: Some("x".into()),
        note: Nullable::Null,
        ..Patch::default()
    };
    too_many.rest.insert("r".into(), 1);
    too_many.rest.insert("s".into(), 2);
    too_many.labels.insert("a".into(), "b".into());
    assert_eq!(
        too_many.validate().unwrap_err().to_string(),
        // The flattened map's entries are properties of the struct: its constraints too
        // are reported at the struct's pointer.
        "/: must have at most 2 properties, found 5\n/: must have at most 1 property, found 2"
    );
    // A required property counts even when it holds `None` (it is sent as `null`).
    let required = Required { a: 1, b: None };
    assert_eq!(
        required.validate().unwrap_err().to_string(),
        "/: must have at most 1 property, found 2"
    );
}
