//! `#[apigen(closed)]` (`additionalProperties: false`): an undeclared property is an error
//! inside `apigen_runtime::de::strictly` (a server reading a request), skipped outside it (a
//! client reading a response), at any depth, and the mode is restored afterwards.

#[derive(Debug, PartialEq, apigen_runtime::Deserialize)]
#[apigen(closed)]
struct Point {
    x: i64,
    #[serde(rename = "y-axis")]
    y: i64,
}

#[derive(Debug, PartialEq, apigen_runtime::Deserialize)]
struct Open {
    point: Point,
    label: Option<String>,
}

fn main() {
    let extra = r#"{"point": {"x": 1, "y-axis": 2, "z": 3}, "other": true}"#;
    let strict = apigen_runtime::de::strictly(|| serde_json::from_str::<Open>(extra));
    assert_eq!(
        strict.unwrap_err().to_string(),
        "unknown field `z`, expected `x` or `y-axis` at line 1 column 35"
    );
    // Outside `strictly` the same document decodes; `Open` skips `other` in either mode.
    let lenient = serde_json::from_str::<Open>(extra).unwrap();
    assert_eq!(lenient.point, Point { x: 1, y: 2 });
    let declared = r#"{"point": {"x": 1, "y-axis": 2}, "other": true}"#;
    assert!(apigen_runtime::de::strictly(|| serde_json::from_str::<Open>(declared)).is_ok());

    // Nested calls and panics leave the previous mode in place.
    let inner = apigen_runtime::de::strictly(|| {
        apigen_runtime::de::strictly(|| ());
        serde_json::from_str::<Point>(r#"{"x": 1, "y-axis": 2, "z": 3}"#)
    });
    assert!(inner.is_err());
    std::panic::set_hook(Box::new(|_| {}));
    let _ = std::panic::catch_unwind(|| apigen_runtime::de::strictly(|| panic!("in a decode")));
    assert!(serde_json::from_str::<Point>(r#"{"x": 1, "y-axis": 2, "z": 3}"#).is_ok());
}
