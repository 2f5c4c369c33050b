//! Reading OpenAPI 3.1 by rewriting its JSON Schema 2020-12 idioms into the OpenAPI 3.0 forms
//! that mean the same, before the document meets `openapiv3` (which reads 3.0 only).
//!
//! 3.1 specs are common in the wild (FastAPI writes them), and what they use of the newer JSON
//! Schema mostly has a 3.0 spelling: `type: [T, "null"]` and `anyOf: [T, {type: "null"}]` are
//! `nullable`, `const` is a one-value `enum`, numeric `exclusiveMinimum` is `minimum` plus the
//! flag. What has none (`webhooks`, mutual TLS) is dropped with a warning. The rewrite keeps
//! every object where it was, so JSON pointers into the document still lead to the same
//! schemas.

use crate::diagnostic::push_pointer;
use serde_json::{Map, Value};

/// Keys whose values are data (examples, defaults, enumerations), never schemas to rewrite.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "value"];

/// Keys whose values map names to schemas: a name there is never a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "schemas",
    "$defs",
    "definitions",
];

/// Whether the document declares OpenAPI 3.1.
pub fn is_31(document: &Value) -> bool {
    document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
}

/// Rewrites a 3.1 document in place as 3.0; `warn` gets what could not be kept.
pub fn downgrade(document: &mut Value, warn: &mut dyn FnMut(&str, String)) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    if root.remove("webhooks").is_some() {
        warn(
            "",
            "`webhooks` (OpenAPI 3.1) are not generated: they are requests the API sends, \
             not operations it serves"
                .to_owned(),
        );
    }
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                schemes.remove(&name);
                warn(
                    &push_pointer("/components/securitySchemes", &name),
                    format!(
                        "security scheme `{name}` is mutual TLS, which the HTTP layer (not the \
                         generated code) sets up; it is left out"
                    ),
                );
            }
        }
    }
    if !root.contains_key("paths") {
        // 3.1 makes `paths` optional; 3.0 requires it.
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    walk(document, false);
}

fn walk(value: &mut Value, name_map: bool) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, false)),
        Value::Object(object) if name_map => {
            object.values_mut().for_each(|item| walk(item, false));
        }
        Value::Object(object) => {
            for (key, item) in object.iter_mut() {
                if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                walk(item, NAME_MAPS.contains(&key.as_str()));
            }
            // Children first: a `{type: "null"}` member is already `nullable` here.
            rewrite_schema(object);
        }
        _ => {}
    }
}

/// The 3.0 spelling of one object's 3.1 keywords; keywords of other objects are left alone
/// because each rule matches only a shape a schema has.
fn rewrite_schema(schema: &mut Map<String, Value>) {
    type_list(schema);
    null_members(schema, "anyOf");
    null_members(schema, "oneOf");
    if let Some(value) = schema.remove("const") {
        schema
            .entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = schema.get("examples") {
        let first = examples.first().cloned();
        schema.remove("examples");
        if let Some(first) = first {
            schema.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit @ Value::Number(_)) = schema.get(exclusive).cloned() {
            schema.insert(bound.to_owned(), limit);
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
    if let Some(encoding) = schema.remove("contentEncoding") {
        if is_string && encoding == "base64" {
            schema
                .entry("format")
                .or_insert_with(|| Value::String("byte".to_owned()));
        }
    }
    if schema.remove("contentMediaType").is_some() && is_string {
        schema
            .entry("format")
            .or_insert_with(|| Value::String("binary".to_owned()));
    }
    if let Some(prefix) = schema.remove("prefixItems") {
        // A tuple has no 3.0 form: an array of whatever its members allow.
        if !schema.contains_key("items") {
            let items = match prefix {
                Value::Array(members) if members.len() == 1 => members[0].clone(),
                _ => Value::Object(Map::new()),
            };
            schema.insert("items".to_owned(), items);
        }
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several types become an `anyOf`.
fn type_list(schema: &mut Map<String, Value>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        _ => return,
    };
    schema.remove("type");
    let declared = types.len();
    let mut kept: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    if kept.len() < declared {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    if kept.len() == 1 {
        schema.insert("type".to_owned(), Value::String(kept.remove(0)));
    } else if kept.len() > 1 && !schema.contains_key("anyOf") && !schema.contains_key("oneOf") {
        let members = kept
            .into_iter()
            .map(|t| {
                let mut member = Map::new();
                member.insert("type".to_owned(), Value::String(t));
                Value::Object(member)
            })
            .collect();
        schema.insert("anyOf".to_owned(), Value::Array(members));
    }
}

/// Whether a member of `anyOf`/`oneOf` allows only `null`.
fn is_null_schema(member: &Value) -> bool {
    let Some(member) = member.as_object() else {
        return false;
    };
    match member.get("type") {
        Some(Value::String(t)) => t == "null",
        // Already rewritten: `{nullable: true}` and nothing else.
        None => member.len() == 1 && member.get("nullable") == Some(&Value::Bool(true)),
        _ => false,
    }
}

/// `anyOf: [T, {type: "null"}]` → `T` with `nullable: true` (a `$ref` as `allOf: [T]`, the 3.0
/// way to put `nullable` beside a reference).
fn null_members(schema: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(members)) = schema.get_mut(keyword) else {
        return;
    };
    let before = members.len();
    members.retain(|m| !is_null_schema(m));
    if members.len() == before {
        return;
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
    let Some(Value::Array(members)) = schema.get(keyword) else {
        return;
    };
    match members.as_slice() {
        [] => {
            schema.remove(keyword);
        }
        [Value::Object(only)] if only.contains_key("$ref") => {
            let only = Value::Object(only.clone());
            schema.remove(keyword);
            match schema.get_mut("allOf") {
                Some(Value::Array(all)) => all.push(only),
                _ => {
                    schema.insert("allOf".to_owned(), Value::Array(vec![only]));
                }
            }
        }
        [Value::Object(only)] => {
            let only = only.clone();
            schema.remove(keyword);
            for (key, value) in only {
                schema.entry(key).or_insert(value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn downgraded(mut document: Value) -> (Value, Vec<String>) {
        let mut warnings = Vec::new();
        downgrade(&mut document, &mut |pointer, message| {
            warnings.push(format!("{pointer}: {message}"))
        });
        (document, warnings)
    }

    #[test]
    fn schemas_are_rewritten_and_data_is_not() {
        let (document, warnings) = downgraded(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {
                "A": {
                    "type": "object",
                    "example": {"type": ["kept", "null"], "const": 1},
                    "properties": {
                        "enum": {"type": ["string", "null"], "enum": [{"const": 2}]},
                        "onlyNull": {"type": "null"},
                        "union": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
                        "ref": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}], "allOf": [{"description": "x"}]},
                        "max": {"type": "integer", "exclusiveMaximum": 10, "contentMediaType": "image/png"},
                        "file": {"type": "string", "contentMediaType": "image/png"}
                    }
                }
            }}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}));
        let a = &document["components"]["schemas"]["A"];
        assert_eq!(a["example"], json!({"type": ["kept", "null"], "const": 1}));
        let properties = &a["properties"];
        assert_eq!(
            properties["enum"],
            json!({"type": "string", "nullable": true, "enum": [{"const": 2}]})
        );
        assert_eq!(properties["onlyNull"], json!({"nullable": true}));
        assert_eq!(
            properties["union"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(
            properties["ref"],
            json!({"allOf": [{"description": "x"}, {"$ref": "#/components/schemas/B"}], "nullable": true})
        );
        assert_eq!(
            properties["max"],
            json!({"type": "integer", "maximum": 10, "exclusiveMaximum": true})
        );
        assert_eq!(
            properties["file"],
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn what_has_no_3_0_form_is_dropped_with_a_warning() {
        let (document, warnings) = downgraded(json!({
            "openapi": "3.1.0",
            "paths": {},
            "webhooks": {"w": {}},
            "components": {"securitySchemes": {"m": {"type": "mutualTLS"}, "k": {"type": "http", "scheme": "bearer"}}}
        }));
        assert!(document.get("webhooks").is_none());
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"k": {"type": "http", "scheme": "bearer"}})
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].starts_with("/components/securitySchemes/m: "));
    }
}
