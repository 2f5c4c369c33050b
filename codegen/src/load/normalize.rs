//! Accepting what real specs get wrong when their intent is clear, with a warning each.

use super::Warning;
use crate::diagnostic::{push_pointer, Diagnostic, Location, Result};
use serde_json::{Map, Value};

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn check_version(document: &Value, locate: &dyn Fn(&str) -> Location) -> Result<()> {
    let Some(map) = document.as_object() else {
        return Err(Diagnostic::new("a spec must be a YAML or JSON object")
            .at(locate(""))
            .into());
    };
    if map.contains_key("swagger") {
        return Err(Diagnostic::new(
            "this is a Swagger 2.0 document; apigen reads OpenAPI 3.0 (convert it first, e.g. with swagger2openapi)",
        )
        .at(locate("/swagger"))
        .into());
    }
    match map.get("openapi") {
        Some(Value::String(version))
            if version.starts_with("3.0") || version.starts_with("3.1") =>
        {
            Ok(())
        }
        Some(Value::String(version)) => Err(Diagnostic::new(format!(
            "OpenAPI {version} is not supported: apigen reads OpenAPI 3.0.x and 3.1.x"
        ))
        .at(locate("/openapi"))
        .into()),
        Some(_) => Err(
            Diagnostic::new("`openapi` must be a version string such as \"3.0.3\"")
                .at(locate("/openapi"))
                .into(),
        ),
        None => Err(Diagnostic::new(
            "missing `openapi: 3.0.x` (or 3.1.x) at the top of the document",
        )
        .at(locate(""))
        .into()),
    }
}

pub fn normalize(
    document: &mut Value,
    locate: &dyn Fn(&str) -> Location,
    warnings: &mut Vec<Warning>,
) {
    let mut warn = |pointer: &str, message: String| {
        warnings.push(Warning {
            message,
            location: locate(pointer),
        })
    };
    let Some(root) = document.as_object_mut() else {
        return;
    };

    let info = root
        .entry("info")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(info) = info.as_object_mut() {
        for key in ["title", "version"] {
            if !info.contains_key(key) {
                warn(
                    "/info",
                    format!("`info.{key}` is missing; using an empty string"),
                );
                info.insert(key.to_owned(), Value::String(String::new()));
            }
        }
    }
    if !root.contains_key("paths") {
        warn(
            "",
            "`paths` is missing; the spec has no operations".to_owned(),
        );
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }

    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let item_pointer = push_pointer("/paths", path);
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                let Some(Value::Object(operation)) = item.get_mut(method) else {
                    continue;
                };
                let op_pointer = push_pointer(&item_pointer, method);
                match operation.get_mut("responses") {
                    None => {
                        warn(
                            &op_pointer,
                            "operation has no `responses`; treating it as documenting none"
                                .to_owned(),
                        );
                        operation.insert("responses".to_owned(), Value::Object(Map::new()));
                    }
                    Some(Value::Object(responses)) => {
                        if responses.is_empty() {
                            warn(
                                &push_pointer(&op_pointer, "responses"),
                                "`responses` is empty; the operation documents no response"
                                    .to_owned(),
                            );
                        }
                        let responses_pointer = push_pointer(&op_pointer, "responses");
                        for (status, response) in responses.iter_mut() {
                            describe(
                                response,
                                &push_pointer(&responses_pointer, status),
                                &mut warn,
                            );
                        }
                    }
                    Some(_) => {}
                }
                if let Some(Value::Object(body)) = operation.get_mut("requestBody") {
                    if !body.contains_key("content") {
                        warn(
                            &push_pointer(&op_pointer, "requestBody"),
                            "request body has no `content`; treating it as having none".to_owned(),
                        );
                        body.insert("content".to_owned(), Value::Object(Map::new()));
                    }
                }
            }
        }
    }
    if let Some(Value::Object(responses)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
    {
        for (name, response) in responses.iter_mut() {
            describe(
                response,
                &push_pointer("/components/responses", name),
                &mut warn,
            );
        }
    }
}

fn describe(response: &mut Value, pointer: &str, warn: &mut dyn FnMut(&str, String)) {
    if let Value::Object(response) = response {
        if !response.contains_key("description") && !response.contains_key("$ref") {
            warn(
                pointer,
                "response has no `description`; using an empty one".to_owned(),
            );
            response.insert("description".to_owned(), Value::String(String::new()));
        }
    }
}
