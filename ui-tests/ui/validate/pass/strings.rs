//! minLength, maxLength, pattern and format, through every wrapper.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;
use apigen_runtime::{Date, Nullable, Validate};

#[derive(Validate)]
struct Strings {
    #[validate(min_length = 2, max_length = 4)]
    code: String,
    #[validate(min_length = 1)]
    optional: Option<String>,
    #[validate(max_length = 3)]
    nullable: Nullable<String>,
    #[validate(pattern = "^[a-z]+$")]
    boxed: Box<String>,
    #[validate(pattern = r"\d")]
    unanchored: String,
    #[validate(format = "email")]
    email: String,
    #[validate(format = "uri")]
    uri: String,
    #[validate(format = "uuid")]
    uuid: String,
    #[validate(format = "date")]
    date: String,
    #[validate(format = "date-time")]
    date_time: String,
    #[validate(format = "ipv4")]
    ipv4: String,
    #[validate(format = "ipv6")]
    ipv6: String,
    #[validate(format = "hostname")]
    hostname: String,
    /// Formats without a check are accepted, as JSON Schema says.
    #[validate(format = "password")]
    password: String,
    /// A typed date: still a string on the wire.
    #[validate(pattern = "^2024-")]
    typed_date: Date,
    #[validate(min_length = 2)]
    value: serde_json::Value,
}

fn valid() -> Strings {
    Strings {
        code: "ab".into(),
        optional: None,
        nullable: Nullable::Null,
        boxed: Box::new("abc".into()),
        unanchored: "a1b".into(),
        email: "ana@example.com".into(),
        uri: "https://example.com/a?b#c".into(),
        uuid: "3f2504e0-4f89-11d3-9a0c-0305e82c3301".into(),
        date: "2024-02-29".into(),
        date_time: "2024-02-29T10:00:00Z".into(),
        ipv4: "10.0.0.1".into(),
        ipv6: "::1".into(),
        hostname: "example.com".into(),
        password: "".into(),
        typed_date: "2024-01-01".parse().unwrap(),
        value: serde_json::json!(12),
    }
}

fn main() {
    assert!(valid().validate().is_ok());
    let invalid = Strings {
        code: "abcde".into(),
        optional: Some("".into()),
        nullable: Nullable::Value("abcd".into()),
        boxed: Box::new("ABC".into()),
        unanchored: "abc".into(),
        email: "ana".into(),
        uri: "example.com".into(),
        uuid: "3f2504e0".into(),
        date: "2023-02-29".into(),
        date_time: "2024-02-29".into(),
        ipv4: "10.0.0.256".into(),
        ipv6: "::g".into(),
        hostname: "-example.com".into(),
        password: "".into(),
        typed_date: "2023-01-01".parse().unwrap(),
        value: serde_json::json!("a"),
    };
    let keywords: Vec<(String, &str)> = invalid
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| (v.pointer, v.keyword))
        .collect();
    let expected = [
        ("/code", "maxLength"),
        ("/optional", "minLength"),
        ("/nullable", "maxLength"),
        ("/boxed", "pattern"),
        ("/unanchored", "pattern"),
        ("/email", "format"),
        ("/uri", "format"),
        ("/uuid", "format"),
        ("/date", "format"),
        ("/date_time", "format"),
        ("/ipv4", "format"),
        ("/ipv6", "format"),
        ("/hostname", "format"),
        ("/typed_date", "pattern"),
        ("/value", "minLength"),
    ];
    assert_eq!(keywords, expected.map(|(p, k)| (p.to_owned(), k)));
}
