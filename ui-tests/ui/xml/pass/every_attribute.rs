use apigen_runtime::{Nullable, XmlDecode, XmlEncode};
use std::collections::BTreeMap;

#[derive(XmlEncode, XmlDecode, serde::Serialize)]
#[xml(root = "doc", namespace = "urn:x", prefix = "x")]
struct Doc {
    #[xml(attribute)]
    id: i64,
    #[xml(attribute, name = "kind")]
    kind: Option<String>,
    #[xml(name = "title", prefix = "x", namespace = "urn:x")]
    heading: String,
    #[xml(wrapped, item = "entry")]
    entries: Vec<String>,
    #[xml(wrapped, name = "list", item = "i")]
    maybe: Option<Vec<i32>>,
    #[xml(item = "n")]
    numbers: Nullable<Vec<u8>>,
    boxed: Box<Inner>,
    tags: Tags,
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

/// A newtype is written as its field.
#[derive(XmlEncode, XmlDecode, serde::Serialize, Debug, PartialEq)]
struct Tags(BTreeMap<String, String>);

#[derive(XmlEncode, XmlDecode, serde::Serialize)]
struct Inner {
    value: f64,
}

#[derive(XmlEncode, XmlDecode)]
enum Choice {
    A(Inner),
    B(String),
}

#[derive(XmlEncode, XmlDecode, serde::Serialize)]
enum Word {
    #[serde(rename = "a-b")]
    AB,
    C,
}

fn main() {
    let doc = Doc {
        id: 1,
        kind: None,
        heading: String::new(),
        entries: Vec::new(),
        maybe: None,
        numbers: Nullable::Absent,
        boxed: Box::new(Inner { value: 1.0 }),
        tags: Tags(BTreeMap::from([("a".to_owned(), "1".to_owned())])),
        rest: BTreeMap::new(),
    };
    let text = apigen_runtime::xml::to_string(&doc);
    assert!(text.contains("<tags><a>1</a></tags>"), "{text}");
    let back: Doc = apigen_runtime::xml::from_str(&text).unwrap();
    assert_eq!(back.tags, doc.tags);
    let _ = (Choice::B(String::new()), Choice::A(Inner { value: 0.0 }), Word::AB, Word::C);
}
