//! minimum, maximum (inclusive and exclusive), multipleOf, on integers and floats.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;
use apigen_runtime::Validate;

#[derive(Validate)]
struct Numbers {
    #[validate(minimum = 1, maximum = 100)]
    per_page: i32,
    #[validate(minimum = -90.0, maximum = 90)]
    latitude: f64,
    #[validate(minimum = 0, exclusive_minimum)]
    positive: Option<i64>,
    #[validate(maximum = 1.5, exclusive_maximum = true)]
    below: f32,
    #[validate(minimum = 0, exclusive_minimum = false)]
    non_negative: u8,
    #[validate(multiple_of = 5)]
    step: u64,
    #[validate(multiple_of = 0.01)]
    price: f64,
    #[validate(multiple_of = 2.5e-1, minimum = 0, maximum = 10)]
    quarter: Option<Box<f64>>,
    #[validate(minimum = 1)]
    value: serde_json::Value,
}

fn main() {
    let valid = Numbers {
        per_page: 100,
        latitude: -90.0,
        positive: Some(1),
        below: 1.4,
        non_negative: 0,
        step: 15,
        price: 19.99,
        quarter: Some(Box::new(9.75)),
        value: serde_json::json!("not a number: not checked"),
    };
    assert!(valid.validate().is_ok());
    let invalid = Numbers {
        per_page: 0,
        latitude: 90.5,
        positive: Some(0),
        below: 1.5,
        non_negative: 0,
        step: 7,
        price: 0.125,
        quarter: Some(Box::new(10.1)),
        value: serde_json::json!(0.5),
    };
    let messages: Vec<String> = invalid
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "/per_page: must be ≥ 1, found 0",
            "/latitude: must be ≤ 90, found 90.5",
            "/positive: must be > 0, found 0",
            "/below: must be < 1.5, found 1.5",
            "/step: must be a multiple of 5, found 7",
            "/price: must be a multiple of 0.01, found 0.125",
            "/quarter: must be ≤ 10, found 10.1",
            "/quarter: must be a multiple of 0.25, found 10.1",
            "/value: must be ≥ 1, found 0.5",
        ]
    );
}
