//! One uniform view of an `openapiv3` schema.
//!
//! `openapiv3` splits schemas into typed variants and a catch-all `AnySchema` for everything
//! that mixes keywords (`type: object` with `oneOf`, properties without `type`…). Lowering
//! reads this flat view instead, so each keyword is handled once, whichever variant it came in.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

pub struct Flat<'a> {
    pub data: &'a SchemaData,
    pub kind: Option<Kind>,
    pub format: Option<String>,
    pub enumeration: Vec<Value>,
    pub properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub not: bool,
}

fn format_of<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => {
            // The known formats print as their variant name; map them back to the spec's words.
            let name = format!("{item:?}");
            Some(match name.as_str() {
                "DateTime" => "date-time".to_owned(),
                other => other.to_lowercase(),
            })
        }
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

const EMPTY_SCHEMAS: &[ReferenceOr<Schema>] = &[];
const EMPTY_STRINGS: &[String] = &[];

pub fn flatten(schema: &Schema) -> Flat<'_> {
    let mut flat = Flat {
        data: &schema.schema_data,
        kind: None,
        format: None,
        enumeration: Vec::new(),
        properties: Vec::new(),
        required: EMPTY_STRINGS,
        additional: None,
        items: None,
        one_of: EMPTY_SCHEMAS,
        any_of: EMPTY_SCHEMAS,
        all_of: EMPTY_SCHEMAS,
        not: false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            flat.kind = Some(Kind::String);
            flat.format = format_of(&s.format);
            flat.enumeration = s
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            flat.kind = Some(Kind::Number);
            flat.format = format_of(&n.format);
            flat.enumeration = n
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, |v| serde_json::json!(v)))
                .collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            flat.kind = Some(Kind::Integer);
            flat.format = format_of(&i.format);
            flat.enumeration = i
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect();
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            flat.kind = Some(Kind::Boolean);
            flat.enumeration = b
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::Bool))
                .collect();
        }
        SchemaKind::Type(Type::Object(o)) => {
            flat.kind = Some(Kind::Object);
            flat.properties = o.properties.iter().collect();
            flat.required = &o.required;
            flat.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            flat.kind = Some(Kind::Array);
            flat.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => flat.one_of = one_of,
        SchemaKind::AnyOf { any_of } => flat.any_of = any_of,
        SchemaKind::AllOf { all_of } => flat.all_of = all_of,
        SchemaKind::Not { .. } => flat.not = true,
        SchemaKind::Any(any) => {
            flat.kind = match any.typ.as_deref() {
                Some("string") => Some(Kind::String),
                Some("number") => Some(Kind::Number),
                Some("integer") => Some(Kind::Integer),
                Some("boolean") => Some(Kind::Boolean),
                Some("object") => Some(Kind::Object),
                Some("array") => Some(Kind::Array),
                _ => None,
            };
            flat.format = any.format.clone();
            flat.enumeration = any.enumeration.clone();
            flat.properties = any.properties.iter().collect();
            flat.required = &any.required;
            flat.additional = any.additional_properties.as_ref();
            flat.items = any.items.as_ref();
            flat.one_of = &any.one_of;
            flat.any_of = &any.any_of;
            flat.all_of = &any.all_of;
            flat.not = any.not.is_some();
            if flat.kind.is_none() {
                // Infer what the keywords imply when `type` is left out.
                if !flat.properties.is_empty() || flat.additional.is_some() {
                    flat.kind = Some(Kind::Object);
                } else if flat.items.is_some() {
                    flat.kind = Some(Kind::Array);
                } else if let Some(kind) = enum_kind(&flat.enumeration) {
                    flat.kind = Some(kind);
                }
            }
        }
    }
    flat
}

/// The one kind shared by all non-null enum values, if there is one.
fn enum_kind(values: &[Value]) -> Option<Kind> {
    let mut kinds = values.iter().filter(|v| !v.is_null()).map(|v| match v {
        Value::String(_) => Some(Kind::String),
        Value::Bool(_) => Some(Kind::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(Kind::Integer),
        Value::Number(_) => Some(Kind::Number),
        _ => None,
    });
    let first = kinds.next()??;
    kinds.all(|k| k == Some(first)).then_some(first)
}
