//! Unions, string enums, newtypes, tuple structs, generics, raw identifiers, serde renames,
//! `rename_all`, `transparent`, `skip`, and recursion into nested models.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;
use apigen_runtime::Validate;

#[derive(serde::Serialize, Validate)]
struct Name {
    #[validate(min_length = 1)]
    text: String,
}

#[derive(serde::Serialize, Validate)]
enum Union {
    Named(Name),
    Text(String),
    Boxed(Box<Name>),
}

/// Members whose types cannot carry their constraints (aliases of `String`, `i64`) carry them
/// on the payload; a member that is a model is checked by its type as well.
#[derive(serde::Serialize, Validate)]
enum Constrained {
    Short(#[validate(max_length = 3)] String),
    Small(#[validate(minimum = 5)] i64),
    Named(#[validate(min_properties = 2)] Name),
}

#[derive(serde::Serialize, Validate)]
struct Labels {
    #[validate(max_properties = 2, values(max_length = 3))]
    labels: std::collections::BTreeMap<String, String>,
    #[validate(values(each(minimum = 0)))]
    scores: Option<std::collections::HashMap<String, Vec<i32>>>,
}

/// Enums that no Rust enum carries: of numbers, of mixed types, with `null`.
#[derive(serde::Serialize, Validate)]
struct Choices {
    #[validate(enum_values = [0.5, 1.5, -2])]
    ratio: Option<f64>,
    #[validate(enum_values = [1, "auto", true, null])]
    mode: apigen_runtime::Nullable<serde_json::Value>,
    #[validate(each(enum_values = [3, 4]))]
    sizes: Vec<i64>,
}

/// A value whose own type was validated already: only the field's constraints run.
#[derive(serde::Serialize, Validate)]
struct Checked(#[validate(max_items = 1, skip_nested)] Vec<Name>);

#[derive(serde::Serialize, Validate)]
enum Status {
    Active,
    Inactive,
}

#[derive(serde::Serialize, Validate)]
enum Empty {}

#[derive(serde::Serialize, Validate)]
struct Newtype(#[validate(max_length = 2)] String);

#[derive(serde::Serialize, Validate)]
struct Pair(#[validate(minimum = 0)] i8, Name);

#[derive(serde::Serialize, Validate)]
struct Unit;

#[derive(serde::Serialize, Validate)]
struct Generic<T> {
    items: Vec<T>,
}

#[derive(serde::Serialize, Validate)]
#[serde(rename_all = "camelCase")]
struct Renamed {
    #[validate(min_length = 1)]
    r#type: String,
    #[validate(min_length = 1)]
    display_name: String,
    #[serde(rename = "ID/x~y")]
    #[validate(min_length = 1)]
    id: String,
    #[serde(skip)]
    cache: Vec<Name>,
    status: Status,
    union: Union,
    pair: Pair,
}

#[derive(serde::Serialize, Validate)]
#[serde(transparent)]
struct Wrapper {
    #[validate(max_items = 1)]
    inner: Vec<Name>,
}

fn name(text: &str) -> Name {
    Name { text: text.into() }
}

fn pointers(value: &impl apigen_runtime::validate::Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(violations) => violations.into_iter().map(|v| v.pointer).collect(),
    }
}

fn main() {
    assert_eq!(pointers(&Union::Named(name(""))), ["/text"]);
    assert_eq!(pointers(&Union::Boxed(Box::new(name("")))), ["/text"]);
    assert!(Union::Text(String::new()).validate().is_ok());
    assert_eq!(pointers(&Constrained::Short("abcd".into())), [""]);
    assert!(Constrained::Short("abc".into()).validate().is_ok());
    assert_eq!(pointers(&Constrained::Small(4)), [""]);
    assert_eq!(pointers(&Constrained::Named(name(""))), ["", "/text"]);
    let labels = Labels {
        labels: [("a/b", "long"), ("c", "ok"), ("d", "okay")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into(),
        scores: Some([("x".to_owned(), vec![1, -1])].into()),
    };
    assert_eq!(pointers(&labels), ["/labels", "/labels/a~1b", "/labels/d", "/scores/x/1"]);
    let choices = |ratio, mode, sizes| Choices { ratio, mode, sizes };
    use apigen_runtime::Nullable;
    assert!(choices(Some(-2.0), Nullable::Null, vec![3, 4]).validate().is_ok());
    assert!(choices(None, Nullable::Absent, vec![]).validate().is_ok());
    assert!(choices(None, Nullable::Value(1.0.into()), vec![]).validate().is_ok());
    assert!(choices(None, Nullable::Value("auto".into()), vec![]).validate().is_ok());
    assert_eq!(
        pointers(&choices(Some(1.0), Nullable::Value("x".into()), vec![3, 5])),
        ["/ratio", "/mode", "/sizes/1"]
    );
    assert!(Checked(vec![name("")]).validate().is_ok());
    assert_eq!(pointers(&Checked(vec![name(""), name("")])), [""]);
    assert!(Status::Active.validate().is_ok());
    assert!(Status::Inactive.validate().is_ok());
    let _ = |e: &Empty| e.validate();
    assert_eq!(pointers(&Newtype("abc".into())), [""]);
    assert_eq!(pointers(&Pair(-1, name(""))), ["/0", "/1/text"]);
    assert!(Unit.validate().is_ok());
    assert_eq!(
        pointers(&Generic {
            items: vec![name("a"), name("")]
        }),
        ["/items/1/text"]
    );
    let renamed = Renamed {
        r#type: "".into(),
        display_name: "".into(),
        id: "".into(),
        cache: vec![name("")],
        status: Status::Active,
        union: Union::Named(name("")),
        pair: Pair(-1, name("")),
    };
    assert_eq!(
        pointers(&renamed),
        [
            "/type",
            "/displayName",
            "/ID~1x~0y",
            "/union/text",
            "/pair/0",
            "/pair/1/text"
        ]
    );
    let wrapper = Wrapper {
        inner: vec![name(""), name("b")],
    };
    assert_eq!(pointers(&wrapper), ["", "/0/text"]);
}
