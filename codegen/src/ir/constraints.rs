//! Reading a schema's constraints (lengths, bounds, pattern, formats, item counts).
//!
//! Read from the bundled document rather than `openapiv3`'s types, where the same keyword sits
//! in a different struct for each schema kind (and in `AnySchema` for mixed ones).

use super::Constraints;
use serde_json::{Map, Value};

/// String formats checked by validation; the others are types of their own or unknown.
const CHECKED_FORMATS: &[&str] = &["email", "uri", "hostname", "ipv4", "ipv6"];

fn schema_at<'d>(document: &'d Value, pointer: &str) -> Option<&'d Map<String, Value>> {
    document.pointer(pointer)?.as_object()
}

fn target_of(reference: &str) -> Option<String> {
    reference.strip_prefix('#').map(str::to_owned)
}

/// The constraints of the schema at `pointer`, merged through `allOf` members and `$ref`s to
/// schemas that are not objects (a named string with a `pattern`, say).
pub fn constraints_at(document: &Value, pointer: &str) -> Constraints {
    let mut out = Constraints::default();
    collect(document, pointer, &mut out, 0);
    out
}

fn number(value: Option<&Value>) -> Option<serde_json::Number> {
    match value? {
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

fn count(value: Option<&Value>) -> Option<u64> {
    value?.as_u64()
}

fn collect(document: &Value, pointer: &str, out: &mut Constraints, depth: usize) {
    if depth > 16 {
        return;
    }
    let Some(schema) = schema_at(document, pointer) else {
        return;
    };
    if let Some(Value::String(reference)) = schema.get("$ref") {
        if let Some(target) = target_of(reference) {
            let is_object = schema_at(document, &target).is_some_and(|s| {
                s.get("type").and_then(Value::as_str) == Some("object")
                    || s.contains_key("properties")
            });
            if !is_object {
                collect(document, &target, out, depth + 1);
            }
        }
        return;
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for i in 0..members.len() {
            collect(document, &format!("{pointer}/allOf/{i}"), out, depth + 1);
        }
    }
    let kind = schema.get("type").and_then(Value::as_str);
    out.min_length = out.min_length.or(count(schema.get("minLength")));
    out.max_length = out.max_length.or(count(schema.get("maxLength")));
    if out.pattern.is_none() {
        out.pattern = schema
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    if out.format.is_none() && kind != Some("integer") && kind != Some("number") {
        out.format = schema
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| CHECKED_FORMATS.contains(f))
            .map(str::to_owned);
    }
    if out.minimum.is_none() {
        out.minimum = number(schema.get("minimum"));
        out.exclusive_minimum = schema
            .get("exclusiveMinimum")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    }
    if out.maximum.is_none() {
        out.maximum = number(schema.get("maximum"));
        out.exclusive_maximum = schema
            .get("exclusiveMaximum")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    }
    out.multiple_of = out.multiple_of.clone().or(number(schema.get("multipleOf")));
    out.min_items = out.min_items.or(count(schema.get("minItems")));
    out.max_items = out.max_items.or(count(schema.get("maxItems")));
    out.unique_items |= schema
        .get("uniqueItems")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // String, integer and boolean enums are Rust enums, which check themselves.
    if out.enumeration.is_none() && !matches!(kind, Some("string" | "integer" | "boolean")) {
        out.enumeration = schema
            .get("enum")
            .and_then(Value::as_array)
            .filter(|values| !values.is_empty())
            .filter(|values| values.iter().all(|v| !v.is_array() && !v.is_object()))
            .cloned();
    }
    out.min_properties = out.min_properties.or(count(schema.get("minProperties")));
    out.max_properties = out.max_properties.or(count(schema.get("maxProperties")));
    if out.items.is_none() && schema.contains_key("items") {
        let items = constraints_at(document, &format!("{pointer}/items"));
        if !items.is_empty() {
            out.items = Some(Box::new(items));
        }
    }
    if out.values.is_none()
        && schema
            .get("additionalProperties")
            .is_some_and(Value::is_object)
    {
        let values = constraints_at(document, &format!("{pointer}/additionalProperties"));
        if !values.is_empty() {
            out.values = Some(Box::new(values));
        }
    }
}

/// Drops patterns the runtime cannot compile (neither the `regex` crate nor, for look-around
/// and backreferences, `fancy-regex`), returning why for each, so that generated code never
/// fails to build on a pattern it cannot check. The raw pattern is what the derive checks,
/// its ECMA-class spelling what the runtime compiles; both must pass.
pub fn drop_unsupported_patterns(c: &mut Constraints) -> Vec<String> {
    let mut dropped = Vec::new();
    if let Some(pattern) = &c.pattern {
        use apigen_runtime::validate::{ecma_classes, Regex};
        if let Err(e) = Regex::new(pattern).and_then(|_| Regex::new(&ecma_classes(pattern))) {
            let reason = e
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_owned();
            dropped.push(format!("pattern `{pattern}` is not checked: {reason}"));
            c.pattern = None;
        }
    }
    for inner in [c.items.as_mut(), c.values.as_mut()].into_iter().flatten() {
        dropped.extend(drop_unsupported_patterns(inner));
    }
    dropped
}
