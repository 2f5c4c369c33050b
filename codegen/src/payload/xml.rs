//! Reading an XML payload into a JSON value through the target schema's `xml` objects.
//!
//! XML carries no types and its names differ from the JSON ones (`xml.name`, wrapped arrays,
//! attributes), so the schema drives the reading: it says which child element is which
//! property, which ones repeat, and whether `42` is a number or a string. The result is the
//! JSON value the same payload would be, which the JSON Schema validator then checks; the
//! byte offset of every element is kept to point at it.

use crate::diagnostic::push_pointer;
use apigen_runtime::xml::{Start, XmlError, XmlReader};
use serde_json::{Map, Value};

type Positions = Vec<(String, usize)>;

/// Follows `$ref`s and single-member `allOf` wrappers to the schema that has the shape.
fn resolve<'d>(mut schema: &'d Value, document: &'d Value) -> &'d Value {
    for _ in 0..32 {
        if let Some(Value::String(reference)) = schema.get("$ref") {
            match reference
                .strip_prefix('#')
                .and_then(|p| document.pointer(p))
            {
                Some(target) => schema = target,
                None => return schema,
            }
        } else if let Some(Value::Array(members)) = schema.get("allOf") {
            if members.len() == 1 && schema.get("properties").is_none() {
                schema = &members[0];
            } else {
                return schema;
            }
        } else {
            return schema;
        }
    }
    schema
}

fn xml_key<'v>(schema: &'v Value, key: &str) -> Option<&'v Value> {
    schema.get("xml").and_then(|x| x.get(key))
}

/// The `xml` object that applies: the schema's own, else the one of what it refers to.
fn xml_of<'d>(schema: &'d Value, document: &'d Value, key: &str) -> Option<&'d Value> {
    xml_key(schema, key).or_else(|| xml_key(resolve(schema, document), key))
}

/// Every property of an object schema, through `allOf`.
fn properties<'d>(
    schema: &'d Value,
    document: &'d Value,
    out: &mut Vec<(&'d String, &'d Value)>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let schema = resolve(schema, document);
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for member in members {
            properties(member, document, out, depth + 1);
        }
    }
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, prop) in props {
            out.retain(|(n, _)| *n != name);
            out.push((name, prop));
        }
    }
}

fn kind<'d>(schema: &'d Value, document: &'d Value) -> Option<&'d str> {
    let schema = resolve(schema, document);
    match schema.get("type").and_then(Value::as_str) {
        Some(kind) => Some(kind),
        None if schema.get("properties").is_some() || schema.get("allOf").is_some() => {
            Some("object")
        }
        None if schema.get("items").is_some() => Some("array"),
        None => None,
    }
}

/// Reads a whole XML payload.
pub fn read(text: &str, schema: &Value, document: &Value) -> Result<(Value, Positions), XmlError> {
    let mut reader = XmlReader::new(text);
    let root = reader.root()?;
    let mut positions = Vec::new();
    let value = element(&mut reader, &root, schema, document, "", &mut positions)?;
    reader.finish()?;
    Ok((value, positions))
}

/// A scalar from text, typed as the schema says; text that does not fit stays a string so
/// that the validator reports the type error.
fn scalar(text: String, schema: &Value, document: &Value) -> Value {
    let trimmed = text.trim();
    match kind(schema, document) {
        Some("integer") => trimmed
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        Some("number") => trimmed
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::String(text)),
        Some("boolean") => match trimmed {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        _ => Value::String(text),
    }
}

fn element(
    reader: &mut XmlReader<'_>,
    start: &Start<'_>,
    schema: &Value,
    document: &Value,
    pointer: &str,
    positions: &mut Positions,
) -> Result<Value, XmlError> {
    positions.push((pointer.to_owned(), start.position));
    match kind(schema, document) {
        Some("object") => object(reader, start, schema, document, pointer, positions),
        Some("array") => {
            let items = resolve(schema, document)
                .get("items")
                .cloned()
                .unwrap_or(Value::Null);
            let mut out = Vec::new();
            while let Some(child) = reader.next_child(start)? {
                let item_pointer = format!("{pointer}/{}", out.len());
                out.push(element(
                    reader,
                    &child,
                    &items,
                    document,
                    &item_pointer,
                    positions,
                )?);
            }
            Ok(Value::Array(out))
        }
        Some(_) => Ok(scalar(reader.read_text(start)?, schema, document)),
        None => untyped(reader, start),
    }
}

/// No schema to follow: children make an object (repeated names an array), text a string.
fn untyped(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Value, XmlError> {
    let (raw, line) = reader.raw_element(start)?;
    apigen_runtime::xml::decode_fragment(raw, line)
}

fn object(
    reader: &mut XmlReader<'_>,
    start: &Start<'_>,
    schema: &Value,
    document: &Value,
    pointer: &str,
    positions: &mut Positions,
) -> Result<Value, XmlError> {
    let mut props = Vec::new();
    properties(schema, document, &mut props, 0);
    let mut out = Map::new();
    for (name, prop) in &props {
        if xml_of(prop, document, "attribute") == Some(&Value::Bool(true)) {
            let wire = xml_of(prop, document, "name")
                .and_then(Value::as_str)
                .unwrap_or(name);
            if let Some((_, value)) = start.attributes.iter().find(|(a, _)| a == wire) {
                out.insert((*name).clone(), scalar(value.clone(), prop, document));
            }
        }
    }
    while let Some(child) = reader.next_child(start)? {
        let matched = props.iter().find_map(|(name, prop)| {
            if xml_of(prop, document, "attribute") == Some(&Value::Bool(true)) {
                return None;
            }
            let is_array = kind(prop, document) == Some("array");
            let wrapped = is_array && xml_of(prop, document, "wrapped") == Some(&Value::Bool(true));
            let items = resolve(prop, document).get("items");
            let item_name = items
                .and_then(|i| xml_of(i, document, "name"))
                .and_then(Value::as_str)
                .unwrap_or(name.as_str());
            let element_name = if is_array && !wrapped {
                item_name
            } else {
                xml_of(prop, document, "name")
                    .and_then(Value::as_str)
                    .unwrap_or(name.as_str())
            };
            (element_name == child.name).then_some((*name, *prop, is_array, wrapped, item_name))
        });
        match matched {
            Some((name, prop, true, wrapped, item_name)) => {
                let items = resolve(prop, document)
                    .get("items")
                    .cloned()
                    .unwrap_or(Value::Null);
                let array_pointer = push_pointer(pointer, name);
                let entry = out
                    .entry(name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let mut list = match entry.take() {
                    Value::Array(list) => list,
                    _ => Vec::new(),
                };
                if wrapped {
                    positions.push((array_pointer.clone(), child.position));
                    while let Some(item) = reader.next_child(&child)? {
                        if item.name == item_name {
                            let item_pointer = format!("{array_pointer}/{}", list.len());
                            list.push(element(
                                reader,
                                &item,
                                &items,
                                document,
                                &item_pointer,
                                positions,
                            )?);
                        } else {
                            reader.skip(&item)?;
                        }
                    }
                } else {
                    let item_pointer = format!("{array_pointer}/{}", list.len());
                    list.push(element(
                        reader,
                        &child,
                        &items,
                        document,
                        &item_pointer,
                        positions,
                    )?);
                }
                out.insert(name.clone(), Value::Array(list));
            }
            Some((name, prop, false, _, _)) => {
                let child_pointer = push_pointer(pointer, name);
                let value = element(reader, &child, prop, document, &child_pointer, positions)?;
                out.insert(name.clone(), value);
            }
            None => {
                // Not a declared property: kept, so that `additionalProperties: false` sees it.
                let name = child.name.to_owned();
                let child_pointer = push_pointer(pointer, &name);
                positions.push((child_pointer.clone(), child.position));
                let value = untyped(reader, &child)?;
                out.insert(name, value);
            }
        }
    }
    // XML cannot tell an empty unwrapped array from an absent one: none of its elements is
    // an empty array.
    for (name, prop) in &props {
        let is_array = kind(prop, document) == Some("array");
        let wrapped = xml_of(prop, document, "wrapped") == Some(&Value::Bool(true));
        if is_array && !wrapped && !out.contains_key(name.as_str()) {
            out.insert((*name).clone(), Value::Array(Vec::new()));
        }
        // And `null` is written as a missing element (apigen's XML has no `xsi:nil`).
        let nullable = |s: &Value| s.get("nullable") == Some(&Value::Bool(true));
        if !out.contains_key(name.as_str()) && (nullable(prop) || nullable(resolve(prop, document)))
        {
            out.insert((*name).clone(), Value::Null);
        }
    }
    Ok(Value::Object(out))
}
