//! minItems, maxItems, uniqueItems and each(...), nested.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;
use apigen_runtime::Validate;

#[derive(Validate)]
struct Arrays {
    #[validate(min_items = 1, max_items = 3, unique_items, each(max_length = 5))]
    tags: Vec<String>,
    #[validate(unique_items = false, each(minimum = 1, maximum = 9))]
    scores: Option<Vec<i32>>,
    #[validate(each(min_items = 1, each(pattern = "^[A-Z]$")))]
    grid: Vec<Vec<String>>,
    #[validate(each(format = "email"))]
    emails: Vec<Option<String>>,
    #[validate(max_items = 1)]
    value: serde_json::Value,
}

fn main() {
    let valid = Arrays {
        tags: vec!["a".into(), "b".into()],
        scores: Some(vec![1, 1, 9]),
        grid: vec![vec!["A".into()], vec!["B".into(), "C".into()]],
        emails: vec![None, Some("a@b.example".into())],
        value: serde_json::json!([1]),
    };
    assert!(valid.validate().is_ok());
    let invalid = Arrays {
        tags: vec!["a".into(), "toolong".into(), "a".into(), "b".into()],
        scores: Some(vec![0, 5, 10]),
        grid: vec![vec![], vec!["A".into(), "b".into()]],
        emails: vec![Some("nope".into()), None],
        value: serde_json::json!([1, 2]),
    };
    let found: Vec<String> = invalid
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(
        found,
        [
            "/tags: must have at most 3 items, found 4",
            "/tags: items must be unique, but item 2 equals item 0",
            "/tags/1: must be at most 5 characters long, found 7",
            "/scores/0: must be ≥ 1, found 0",
            "/scores/2: must be ≤ 9, found 10",
            "/grid/0: must have at least 1 item, found 0",
            "/grid/1/1: does not match pattern ^[A-Z]$",
            "/emails/0: is not a valid email address",
            "/value: must have at most 1 item, found 2",
        ]
    );
}
