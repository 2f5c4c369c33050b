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
    assert_eq!(encoded, expected, "the example changed in a round trip");
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
