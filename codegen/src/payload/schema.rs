//! OpenAPI 3.0 schema objects as JSON Schema (draft 4), for the `jsonschema` crate.
//!
//! OpenAPI's schema object is draft-4-like with its own keywords; the differences that change
//! validation are handled here: `nullable` (null is allowed too), and `readOnly`/`writeOnly`
//! (such properties are neither required nor allowed in requests, respectively responses).
//! `discriminator`, `xml`, `example` and `x-` keys do not constrain values and are left as
//! they are (unknown keywords are ignored).

use serde_json::{json, Map, Value};

/// Which way a payload travels: it decides what `readOnly` and `writeOnly` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
    /// A bare schema: both kinds of property allowed.
    Neither,
}

/// Converts one schema (and everything inside it).
pub fn convert(schema: &Value, direction: Direction) -> Value {
    match schema {
        Value::Object(map) => convert_object(map, direction),
        other => other.clone(),
    }
}

fn convert_object(map: &Map<String, Value>, direction: Direction) -> Value {
    let mut out = Map::with_capacity(map.len());
    for (key, value) in map {
        let converted = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => match value {
                Value::Object(props) => Value::Object(
                    props
                        .iter()
                        .map(|(name, schema)| (name.clone(), convert(schema, direction)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" | "additionalProperties" | "not" | "additionalItems" => match value {
                Value::Array(items) => {
                    Value::Array(items.iter().map(|s| convert(s, direction)).collect())
                }
                other => convert(other, direction),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(items) => {
                    Value::Array(items.iter().map(|s| convert(s, direction)).collect())
                }
                other => other.clone(),
            },
            // Data, not schemas.
            "nullable" => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    integer_format_bounds(map, &mut out);
    apply_discriminator(map, &mut out);
    hide_directional_properties(map, &mut out, direction);
    if map.get("nullable") == Some(&Value::Bool(true)) {
        return allow_null(out);
    }
    Value::Object(out)
}

/// `format: int32`/`int64` on integers are ranges; JSON Schema formats only apply to strings,
/// so they become bounds (unless the schema sets tighter ones).
fn integer_format_bounds(original: &Map<String, Value>, out: &mut Map<String, Value>) {
    if original.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let (min, max): (i64, i64) = match original.get("format").and_then(Value::as_str) {
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN, i64::MAX),
        _ => return,
    };
    out.entry("minimum").or_insert_with(|| json!(min));
    out.entry("maximum").or_insert_with(|| json!(max));
}

/// A `discriminator` names the member that must match: each `oneOf`/`anyOf` member becomes
/// "the property has one of this member's tags, and the member matches", so a value is checked
/// against the member its tag selects (and an unknown tag matches none). Tags come from
/// `mapping`, else from the component name, as OpenAPI says.
fn apply_discriminator(original: &Map<String, Value>, out: &mut Map<String, Value>) {
    let Some(property) = original
        .get("discriminator")
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
    else {
        return;
    };
    let mapping = original
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = out.get(keyword) else {
            continue;
        };
        let mut tagged = Vec::with_capacity(members.len());
        for member in members {
            let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                return; // Inline members cannot be named by a tag: keep plain oneOf/anyOf.
            };
            let component = reference.rsplit('/').next().unwrap_or(reference);
            let mut tags: Vec<Value> = mapping
                .into_iter()
                .flatten()
                .filter(|(_, target)| {
                    target.as_str() == Some(reference) || target.as_str() == Some(component)
                })
                .map(|(tag, _)| Value::String(tag.clone()))
                .collect();
            if tags.is_empty() {
                tags.push(Value::String(component.to_owned()));
            }
            tagged.push(json!({
                "required": [property],
                "properties": {property: {"enum": tags}},
                "allOf": [member],
            }));
        }
        out.insert(keyword.to_owned(), Value::Array(tagged));
    }
}

/// Makes `null` valid too. With a `type`, `null` joins it (and the `enum`, if any); without
/// one (`allOf`/`oneOf`/`$ref`), the schema becomes one alternative of an `anyOf`.
fn allow_null(mut schema: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match schema.get("type").cloned() {
        Some(Value::String(kind)) => {
            schema.insert("type".to_owned(), json!([kind, "null"]));
            Value::Object(schema)
        }
        Some(Value::Array(mut kinds)) => {
            if !kinds.contains(&json!("null")) {
                kinds.push(json!("null"));
            }
            schema.insert("type".to_owned(), Value::Array(kinds));
            Value::Object(schema)
        }
        _ => json!({"anyOf": [{"type": "null"}, Value::Object(schema)]}),
    }
}

/// Read-only properties may not be sent in requests, write-only ones not in responses; and a
/// `required` list does not oblige either in the direction where it is absent.
fn hide_directional_properties(
    original: &Map<String, Value>,
    out: &mut Map<String, Value>,
    direction: Direction,
) {
    let hidden_flag = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
        Direction::Neither => return,
    };
    let Some(Value::Object(properties)) = original.get("properties") else {
        return;
    };
    let hidden: Vec<&String> = properties
        .iter()
        .filter(|(_, schema)| schema.get(hidden_flag) == Some(&Value::Bool(true)))
        .map(|(name, _)| name)
        .collect();
    if hidden.is_empty() {
        return;
    }
    if let Some(Value::Array(required)) = out.get_mut("required") {
        required.retain(|name| !hidden.iter().any(|h| name.as_str() == Some(h.as_str())));
    }
    if let Some(Value::Object(props)) = out.get_mut("properties") {
        for name in hidden {
            // `not: {}` matches nothing: the property must be absent.
            props.insert(
                name.clone(),
                json!({"not": {}, "description": format!("{hidden_flag} property")}),
            );
        }
    }
}

/// The root document handed to `jsonschema`: the target schema, with every component
/// converted beside it so that `#/components/schemas/…` references resolve.
pub fn root_document(document: &Value, target: &Value, direction: Direction) -> Value {
    let components = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| (name.clone(), convert(schema, direction)))
                .collect::<Map<_, _>>()
        })
        .unwrap_or_default();
    json!({
        "$ref": "#/x-apigen-target",
        "x-apigen-target": convert(target, direction),
        "components": {"schemas": components},
    })
}
