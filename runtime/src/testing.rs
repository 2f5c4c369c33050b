//! Checks that generated example tests call: one copy here instead of one per generated
//! module. They panic with a readable message, as test assertions do.

use crate::validate::Validate;
use crate::xml::{self, XmlDecode, XmlEncode, XmlRoot};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes a JSON example into `T`, checks the spec's constraints on it, and encodes it back
/// to exactly the same JSON value.
pub fn json_round_trip<T: Serialize + DeserializeOwned + Validate>(text: &str) {
    let expected: serde_json::Value = serde_json::from_str(text).expect("the example is JSON");
    let decoded: T = serde_json::from_value(expected.clone())
        .unwrap_or_else(|e| panic!("the example does not decode: {e}"));
    if let Err(violations) = decoded.validate() {
        panic!("the example breaks the spec's constraints:\n{violations}");
    }
    let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
    // Numbers compare by value: a `number` schema writes `2` back as `2.0`, the same number.
    if !same_json(&encoded, &expected) {
        assert_eq!(encoded, expected, "the example changed in a round trip");
    }
}

/// Whether two JSON values are equal, numbers compared by value (as JSON Schema does).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => crate::union::same_number(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

/// Decodes an example of a form body (`application/x-www-form-urlencoded`, `multipart`),
/// whose values are text on the wire (`"true"`, `"1.5"`, one value for a list), the way the
/// server reads such a body, checks the spec's constraints, and encodes it back to the same
/// fields (compared as the text a form carries).
pub fn form_round_trip<T: Serialize + DeserializeOwned + Validate>(text: &str) {
    use crate::http::text::from_json;
    let expected: serde_json::Value = serde_json::from_str(text).expect("the example is JSON");
    let tree = from_json(&expected).expect("the example is not null");
    let decoded: T = crate::http::from_text(&tree)
        .unwrap_or_else(|e| panic!("the example does not decode as a form: {e}"));
    if let Err(violations) = decoded.validate() {
        panic!("the example breaks the spec's constraints:\n{violations}");
    }
    let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
    let mut encoded_fields = form_fields(&encoded);
    let mut expected_fields = form_fields(&expected);
    encoded_fields.sort();
    expected_fields.sort();
    assert_eq!(
        encoded_fields, expected_fields,
        "the example changed in a round trip"
    );
}

/// A value as the `(name, text)` fields of a form: nested names bracketed, a list as one
/// field per item, `null`s left out; numbers as their value's text (`2` and `2.0` agree).
fn form_fields(value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(value: &serde_json::Value, name: String, out: &mut Vec<(String, String)>) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::Object(members) => {
                for (key, member) in members {
                    let nested = if name.is_empty() {
                        key.clone()
                    } else {
                        format!("{name}[{key}]")
                    };
                    walk(member, nested, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, name.clone(), out)),
            Value::String(text) => out.push((name, text.clone())),
            Value::Number(n) => {
                out.push((name, n.as_f64().map_or(n.to_string(), |f| f.to_string())))
            }
            Value::Bool(b) => out.push((name, b.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// Decodes an XML example into `T` and encodes it back to the same document (compared
/// canonically: elements, attributes and text, not formatting).
pub fn xml_round_trip<T: XmlEncode + XmlDecode + XmlRoot + Validate>(text: &str) {
    let decoded: T =
        xml::from_str(text).unwrap_or_else(|e| panic!("the example does not decode: {e}"));
    if let Err(violations) = decoded.validate() {
        panic!("the example breaks the spec's constraints:\n{violations}");
    }
    let encoded = xml::to_string(&decoded);
    assert_eq!(
        xml::canonical(&encoded).expect("the encoded XML reads"),
        xml::canonical(text).expect("the example is XML"),
        "the example changed in a round trip; encoded:\n{encoded}"
    );
}

/// The JSON and XML forms of one example decode to the same value.
pub fn json_and_xml_agree<T>(json: &str, xml_text: &str)
where
    T: DeserializeOwned + XmlDecode + XmlRoot + PartialEq + std::fmt::Debug,
{
    let from_json: T = serde_json::from_str(json).expect("the JSON example decodes");
    let from_xml: T = xml::from_str(xml_text).expect("the XML example decodes");
    assert_eq!(from_json, from_xml);
}
