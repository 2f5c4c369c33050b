//! Lowering schemas: `openapiv3` schemas in, named Rust types out.

use super::flat::{flatten, Flat, Kind};
use super::names::{self, camel, snake, Scope};
use super::{
    Api, Docs, Enum, EnumRepr, EnumVariant, Field, IntKind, Presence, Struct, TypeDef, TypeId,
    TypeKind, TypeRef, Union, UnionVariant, Xml,
};
use crate::diagnostic::{push_pointer, Diagnostic, Result};
use crate::load::{LoadedSpec, Warning};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData};
use serde_json::Value;
use std::collections::HashMap;

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// The result of lowering one use of a schema.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Where a type definition produced while lowering goes.
enum Target<'h> {
    /// Into a component's pre-named slot.
    Component(TypeId),
    /// A new inline type, named from this hint.
    Inline(&'h str),
}

pub(super) struct Lowerer<'a> {
    pub spec: &'a LoadedSpec,
    components: IndexMap<&'a str, &'a ReferenceOr<Schema>>,
    component_ids: HashMap<&'a str, TypeId>,
    component_nullable: Vec<bool>,
    pub types: Vec<Option<TypeDef>>,
    pub scope: Scope,
    pub warnings: Vec<Warning>,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Lowers a loaded spec to the IR.
pub fn lower(spec: &LoadedSpec) -> Result<(Api, Vec<Warning>)> {
    let mut lowerer = Lowerer::new(spec);
    lowerer.lower_components()?;
    let (operations, examples) = super::operations::lower_operations(&mut lowerer)?;
    let types: Vec<TypeDef> = lowerer
        .types
        .into_iter()
        .map(|t| t.expect("every component slot is filled"))
        .collect();
    let info = &spec.openapi.info;
    let mut warnings = Vec::new();
    let http = super::http::lower_http(spec, &mut warnings);
    let mut api = Api {
        http,
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        types,
        uses_xml: operations.iter().any(|op| {
            op.request
                .iter()
                .flat_map(|r| &r.contents)
                .chain(op.responses.iter().flat_map(|r| &r.contents))
                .any(|c| super::is_xml_media(&c.media_type))
        }),
        operations,
        examples,
    };
    if let Some(origin) = super::boxing::alias_cycle(&api) {
        return Err(Diagnostic::new(
            "this schema is a $ref cycle with no object in between: it describes no value",
        )
        .at(spec.locate(origin))
        .into());
    }
    super::boxing::newtype_recursive_aliases(&mut api);
    super::boxing::box_cycles(&mut api);
    super::boxing::resolve_tags(&mut api);
    warnings.extend(lowerer.warnings);
    for (origin, field) in super::boxing::drop_non_scalar_attributes(&mut api) {
        warnings.push(Warning {
            message: format!("`xml.attribute` on `{field}`, which is not a scalar, is ignored: it stays an element"),
            location: spec.locate(&origin),
        });
    }
    Ok((api, warnings))
}

pub(super) fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
        notes: Vec::new(),
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a LoadedSpec) -> Self {
        let components: IndexMap<&str, &ReferenceOr<Schema>> = spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        let mut scope = names::type_scope();
        let wire: Vec<String> = components.keys().map(|k| (*k).to_owned()).collect();
        let names = names::assign(&wire, camel, &mut scope, "");
        let component_ids = components
            .keys()
            .enumerate()
            .map(|(i, k)| (*k, TypeId(i)))
            .collect();
        let mut lowerer = Lowerer {
            spec,
            components,
            component_ids,
            component_nullable: Vec::new(),
            types: Vec::new(),
            scope,
            warnings: Vec::new(),
        };
        // Placeholders carry the names so that references can be lowered before their
        // target's body is.
        lowerer.types = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                Some(TypeDef {
                    name,
                    docs: Docs::default(),
                    kind: TypeKind::Alias(TypeRef::Any),
                    nullable: false,
                    origin: push_pointer("/components/schemas", &wire[i]),
                    xml: None,
                    component: Some(wire[i].clone()),
                })
            })
            .collect();
        lowerer.component_nullable = (0..wire.len())
            .map(|i| lowerer.is_nullable(SchemaRef::from(lowerer.components[i]), 0))
            .collect();
        lowerer
    }

    pub(super) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            message: message.into(),
            location: self.spec.locate(pointer),
        });
    }

    fn error(&self, pointer: &str, message: impl Into<String>) -> crate::Error {
        Diagnostic::new(message)
            .at(self.spec.locate(pointer))
            .into()
    }

    pub(super) fn component(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(TypeId, &'a ReferenceOr<Schema>)> {
        let name = reference
            .strip_prefix(COMPONENT_PREFIX)
            .map(unescape)
            .ok_or_else(|| self.error(pointer, format!("unsupported $ref `{reference}`")))?;
        let id = *self
            .component_ids
            .get(name.as_str())
            .ok_or_else(|| self.error(pointer, format!("$ref `{reference}` names no schema")))?;
        Ok((id, self.components[id.0]))
    }

    fn is_nullable(&self, schema: SchemaRef<'a>, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        match schema {
            SchemaRef::Ref(reference) => match self.component(reference, "") {
                Ok((_, target)) => self.is_nullable(target.into(), depth + 1),
                Err(_) => false,
            },
            SchemaRef::Item(schema) => {
                let flat = flatten(schema);
                flat.data.nullable
                    || flat.enumeration.iter().any(Value::is_null)
                    || (is_wrapper(&flat) && self.is_nullable((&flat.all_of[0]).into(), depth + 1))
            }
        }
    }

    /// The `xml` object at a pointer of the bundled document (`openapiv3` drops it).
    pub(super) fn xml_at(&self, pointer: &str) -> Option<Xml> {
        let xml = self
            .spec
            .document
            .pointer(&format!("{pointer}/xml"))?
            .as_object()?;
        let text = |key: &str| xml.get(key).and_then(Value::as_str).map(str::to_owned);
        let flag = |key: &str| xml.get(key).and_then(Value::as_bool).unwrap_or(false);
        Some(Xml {
            name: text("name"),
            namespace: text("namespace"),
            prefix: text("prefix"),
            attribute: flag("attribute"),
            wrapped: flag("wrapped"),
        })
    }

    /// The `xml` object that applies to a use of a schema: its own, else (through a `$ref` or
    /// a single-`$ref` `allOf`) the one of the schema it names.
    pub(super) fn xml_of(&self, schema: SchemaRef<'a>, pointer: &str) -> Option<Xml> {
        match schema {
            SchemaRef::Ref(reference) => {
                let (id, _) = self.component(reference, pointer).ok()?;
                self.xml_at(&self.types[id.0].as_ref()?.origin)
            }
            SchemaRef::Item(schema) => self.xml_at(pointer).or_else(|| {
                let flat = flatten(schema);
                is_wrapper(&flat)
                    .then(|| self.xml_of((&flat.all_of[0]).into(), &format!("{pointer}/allOf/0")))
                    .flatten()
            }),
        }
    }

    fn lower_components(&mut self) -> Result<()> {
        for i in 0..self.components.len() {
            let schema = self.components[i];
            let pointer = self.types[i].as_ref().expect("placeholder").origin.clone();
            let lowered = self.lower_into(schema.into(), &pointer, Target::Component(TypeId(i)))?;
            let xml = self.xml_at(&pointer);
            let def = self.types[i].as_mut().expect("placeholder");
            def.xml = xml;
            def.nullable = self.component_nullable[i];
            if lowered.ty != TypeRef::Named(TypeId(i)) {
                // The schema is not a struct, enum or union of its own: an alias keeps its name.
                def.kind = TypeKind::Alias(lowered.ty);
                if let SchemaRef::Item(schema) = SchemaRef::from(schema) {
                    def.docs = docs_of(&schema.schema_data);
                }
            }
        }
        Ok(())
    }

    /// Lowers a use of a schema; inline structs, enums and unions are named from `hint`.
    pub(super) fn lower(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<Lowered> {
        self.lower_into(schema, pointer, Target::Inline(hint))
    }

    fn define(&mut self, target: &Target, def: TypeDef) -> TypeId {
        match target {
            Target::Component(id) => {
                let slot = self.types[id.0].as_mut().expect("placeholder");
                let name = std::mem::take(&mut slot.name);
                let component = slot.component.take();
                *slot = TypeDef {
                    name,
                    component,
                    ..def
                };
                *id
            }
            Target::Inline(_) => {
                self.types.push(Some(def));
                TypeId(self.types.len() - 1)
            }
        }
    }

    /// The name a new definition gets.
    fn name_for(&mut self, target: &Target) -> String {
        match target {
            Target::Component(id) => self.types[id.0].as_ref().expect("placeholder").name.clone(),
            Target::Inline(hint) => self.scope.claim(&camel(hint)),
        }
    }

    fn lower_into(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        target: Target,
    ) -> Result<Lowered> {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                let (id, _) = self.component(reference, pointer)?;
                return Ok(Lowered {
                    ty: TypeRef::Named(id),
                    nullable: self.component_nullable[id.0],
                });
            }
            SchemaRef::Item(schema) => schema,
        };
        let mut flat = flatten(schema);
        if flat.kind.is_none() && !flat.all_of.is_empty() {
            // `openapiv3` reads a schema with `allOf` as that alone, dropping a `type` beside
            // it (`{type: string, allOf: [{maxLength: 5}]}`); the document still has it.
            flat.kind = declared_kind(&self.spec.document, pointer);
        }
        let nullable = flat.data.nullable || flat.enumeration.iter().any(Value::is_null);

        if is_wrapper(&flat) {
            // `allOf: [$ref]` with a description, `nullable` or `xml` beside it: the type is the
            // referenced one.
            let inner = self.lower_into(
                (&flat.all_of[0]).into(),
                &format!("{pointer}/allOf/0"),
                target,
            )?;
            return Ok(Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
            });
        }
        if has_shaped_union(&flat) {
            let (members, keyword) = if flat.one_of.is_empty() {
                (flat.any_of, "anyOf")
            } else {
                (flat.one_of, "oneOf")
            };
            if !flat.properties.is_empty() {
                self.warn(pointer, format!("properties beside `{keyword}` are ignored; the union's members describe the value"));
            }
            return self.lower_union(&flat, members, keyword, pointer, target, nullable);
        }
        if !flat.all_of.is_empty() && !only_annotates(&flat) {
            return self.lower_all_of(&flat, pointer, target, nullable);
        }
        if flat.not {
            return Ok(Lowered {
                ty: TypeRef::Any,
                nullable,
            });
        }
        let values = typed_enum_values(flat.kind, &flat.enumeration);
        let ty = match flat.kind {
            Some(kind @ (Kind::String | Kind::Integer | Kind::Boolean)) if !values.is_empty() => {
                let repr = match kind {
                    Kind::String => EnumRepr::String,
                    Kind::Integer => EnumRepr::Integer,
                    _ => EnumRepr::Boolean,
                };
                self.lower_enum(&flat, values, repr, pointer, &target)?
            }
            Some(Kind::String) => match flat.format.as_deref() {
                Some("date") => TypeRef::Date,
                Some("date-time") => TypeRef::DateTime,
                Some("uuid") => TypeRef::Uuid,
                Some("binary") => TypeRef::Binary,
                _ => TypeRef::String,
            },
            Some(Kind::Integer) => TypeRef::Integer(match flat.format.as_deref() {
                Some("int8") => IntKind::I8,
                Some("int16") => IntKind::I16,
                Some("int32") => IntKind::I32,
                Some("uint8") => IntKind::U8,
                Some("uint16") => IntKind::U16,
                Some("uint32") => IntKind::U32,
                Some("uint64") => IntKind::U64,
                _ => IntKind::I64,
            }),
            Some(Kind::Number) => TypeRef::Number,
            Some(Kind::Boolean) => TypeRef::Boolean,
            Some(Kind::Array) => {
                let item_hint = format!("{}Item", self.hint_of(&target));
                match flat.items {
                    Some(items) => {
                        let item =
                            self.lower(items.into(), &format!("{pointer}/items"), &item_hint)?;
                        TypeRef::Array(Box::new(optional(item)))
                    }
                    None => TypeRef::Array(Box::new(TypeRef::Any)),
                }
            }
            Some(Kind::Object) if flat.properties.is_empty() => {
                self.lower_map(flat.additional, pointer, &target)?
            }
            Some(Kind::Object) => {
                let parts = ObjectParts {
                    properties: flat
                        .properties
                        .iter()
                        .map(|(name, schema)| {
                            (
                                (*name).clone(),
                                SchemaRef::from(*schema),
                                push_pointer(&format!("{pointer}/properties"), name),
                            )
                        })
                        .collect(),
                    required: flat.required.to_vec(),
                    additional: flat.additional,
                };
                self.lower_struct(&flat, parts, pointer, &target, nullable)?
            }
            None => TypeRef::Any,
        };
        Ok(Lowered { ty, nullable })
    }

    fn hint_of(&self, target: &Target) -> String {
        match target {
            Target::Component(id) => self.types[id.0].as_ref().expect("placeholder").name.clone(),
            Target::Inline(hint) => camel(hint),
        }
    }

    fn lower_map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        target: &Target,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{}Value", self.hint_of(target));
                let value = self.lower(
                    (&**schema).into(),
                    &format!("{pointer}/additionalProperties"),
                    &hint,
                )?;
                TypeRef::Map(Box::new(optional(value)))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Any)),
        })
    }

    fn lower_enum(
        &mut self,
        flat: &Flat<'a>,
        values: Vec<Value>,
        repr: EnumRepr,
        pointer: &str,
        target: &Target,
    ) -> Result<TypeRef> {
        let wire: Vec<String> = values
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let mut scope = Scope::default();
        let variant_names = names::assign(&wire, camel, &mut scope, "");
        let variants = values
            .into_iter()
            .zip(variant_names)
            .map(|(value, name)| EnumVariant {
                name,
                value,
                docs: Docs::default(),
            })
            .collect();
        let name = self.name_for(target);
        let id = self.define(
            target,
            TypeDef {
                name,
                docs: docs_of(flat.data),
                kind: TypeKind::Enum(Enum { repr, variants }),
                nullable: false,
                origin: pointer.to_owned(),
                xml: self.xml_at(pointer),
                component: None,
            },
        );
        Ok(TypeRef::Named(id))
    }

    fn lower_struct(
        &mut self,
        flat: &Flat<'a>,
        parts: ObjectParts<'a>,
        pointer: &str,
        target: &Target,
        _nullable: bool,
    ) -> Result<TypeRef> {
        let name = self.name_for(target);
        let mut all = super::constraints::constraints_at(&self.spec.document, pointer);
        for problem in super::constraints::drop_unsupported_patterns(&mut all) {
            self.warn(pointer, problem);
        }
        // Reserve the id first so that fields see the final name in their hints.
        let id = self.define(
            target,
            TypeDef {
                name: name.clone(),
                docs: docs_of(flat.data),
                kind: TypeKind::Struct(Struct {
                    // The struct's own: its property counts, and what its additional
                    // properties hold.
                    constraints: super::Constraints {
                        min_properties: all.min_properties,
                        max_properties: all.max_properties,
                        values: all.values,
                        ..Default::default()
                    },
                    fields: Vec::new(),
                    additional: None,
                    additional_name: String::new(),
                    closed: false,
                }),
                nullable: false,
                origin: pointer.to_owned(),
                xml: self.xml_at(pointer),
                component: None,
            },
        );
        let wire: Vec<String> = parts.properties.iter().map(|(n, _, _)| n.clone()).collect();
        let mut field_scope = Scope::default();
        let field_names = names::assign(&wire, snake, &mut field_scope, "_");
        let mut fields = Vec::with_capacity(wire.len());
        for ((wire_name, schema, prop_pointer), field_name) in
            parts.properties.into_iter().zip(field_names)
        {
            let hint = format!("{name}{}", camel(&wire_name));
            let lowered = self.lower(schema, &prop_pointer, &hint)?;
            let data = match schema {
                SchemaRef::Item(schema) => Some(&schema.schema_data),
                SchemaRef::Ref(_) => None,
            };
            let mut docs = data.map(docs_of).unwrap_or_default();
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            let default = data.and_then(|d| d.default.clone());
            if let Some(default) = &default {
                docs.notes.push(format!("Default: `{default}`."));
            }
            if read_only {
                docs.notes
                    .push("Read-only: sent by the server, never in requests.".to_owned());
            }
            if write_only {
                docs.notes
                    .push("Write-only: sent in requests, never in responses.".to_owned());
            }
            // A required read-only (write-only) property is absent from requests (responses),
            // so one model serving both directions must let it be absent.
            let required = parts.required.contains(&wire_name) && !read_only && !write_only;
            let item_xml = match (&lowered.ty, schema) {
                (TypeRef::Array(_), SchemaRef::Item(schema)) => {
                    self.item_xml(schema, &prop_pointer)
                }
                (TypeRef::Array(_), SchemaRef::Ref(reference)) => self
                    .component(reference, &prop_pointer)
                    .ok()
                    .and_then(|(id, target)| match target {
                        ReferenceOr::Item(schema) => {
                            let origin = self.types[id.0].as_ref()?.origin.clone();
                            self.item_xml(schema, &origin)
                        }
                        ReferenceOr::Reference { .. } => None,
                    }),
                _ => None,
            };
            // Property counts of an object stay here too: a map or free-form value carries
            // them on the field, a struct on itself (the emitter keeps what fits the type).
            let mut constraints =
                super::constraints::constraints_at(&self.spec.document, &prop_pointer);
            for problem in super::constraints::drop_unsupported_patterns(&mut constraints) {
                self.warn(&prop_pointer, problem);
            }
            fields.push(Field {
                name: field_name,
                wire: wire_name,
                ty: lowered.ty,
                presence: Presence::new(required, lowered.nullable),
                boxed: false,
                docs,
                read_only,
                write_only,
                default,
                xml: self.xml_of(schema, &prop_pointer),
                item_xml,
                constraints,
                origin: prop_pointer,
            });
        }
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.lower(
                    (&**schema).into(),
                    &format!("{pointer}/additionalProperties"),
                    &format!("{name}Value"),
                )?;
                Some(optional(value))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            _ => None,
        };
        let closed = matches!(parts.additional, Some(AdditionalProperties::Any(false)));
        let mut field_scope = super::names::Scope::with_reserved(
            &fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        );
        let additional_name = field_scope.claim_with("additional_properties", "_");
        if let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = self.types[id.0].as_mut()
        {
            s.fields = fields;
            s.additional = additional;
            s.additional_name = additional_name;
            s.closed = closed;
        }
        Ok(TypeRef::Named(id))
    }

    fn item_xml(&self, schema: &'a Schema, pointer: &str) -> Option<Xml> {
        let flat = flatten(schema);
        if is_wrapper(&flat) {
            if let SchemaRef::Item(inner) = SchemaRef::from(&flat.all_of[0]) {
                return self.item_xml(inner, &format!("{pointer}/allOf/0"));
            }
            if let SchemaRef::Ref(reference) = SchemaRef::from(&flat.all_of[0]) {
                let (id, target) = self.component(reference, pointer).ok()?;
                if let ReferenceOr::Item(schema) = target {
                    let origin = self.types[id.0].as_ref()?.origin.clone();
                    return self.item_xml(schema, &origin);
                }
            }
            return None;
        }
        let items = flat.items?;
        self.xml_of(items.into(), &format!("{pointer}/items"))
    }

    fn lower_union(
        &mut self,
        flat: &Flat<'a>,
        members: &'a [ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
        target: Target,
        nullable: bool,
    ) -> Result<Lowered> {
        if members.len() == 1 {
            let inner = self.lower_into(
                (&members[0]).into(),
                &format!("{pointer}/{keyword}/0"),
                target,
            )?;
            return Ok(Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
            });
        }
        // Every member a string constant (dropshot writes documented enums this way): one enum
        // whose variants keep each member's description.
        let constants: Option<Vec<(Value, Docs)>> = members
            .iter()
            .map(|m| match m {
                ReferenceOr::Item(schema) => {
                    let f = flatten(schema);
                    (f.kind == Some(Kind::String)
                        && !f.enumeration.is_empty()
                        && f.enumeration.iter().all(Value::is_string))
                    .then(|| {
                        f.enumeration
                            .iter()
                            .map(|v| (v.clone(), docs_of(f.data)))
                            .collect::<Vec<_>>()
                    })
                }
                ReferenceOr::Reference { .. } => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect());
        if let Some(constants) = constants {
            let wire: Vec<String> = constants
                .iter()
                .map(|(v, _)| v.as_str().unwrap_or_default().to_owned())
                .collect();
            let mut scope = Scope::default();
            let names = names::assign(&wire, camel, &mut scope, "");
            let name = self.name_for(&target);
            let id = self.define(
                &target,
                TypeDef {
                    name,
                    docs: docs_of(flat.data),
                    kind: TypeKind::Enum(Enum {
                        repr: EnumRepr::String,
                        variants: constants
                            .into_iter()
                            .zip(names)
                            .map(|((value, docs), name)| EnumVariant { name, value, docs })
                            .collect(),
                    }),
                    nullable: false,
                    origin: pointer.to_owned(),
                    xml: self.xml_at(pointer),
                    component: None,
                },
            );
            return Ok(Lowered {
                ty: TypeRef::Named(id),
                nullable,
            });
        }

        let name = self.name_for(&target);
        let id = self.define(
            &target,
            TypeDef {
                name: name.clone(),
                docs: docs_of(flat.data),
                kind: TypeKind::Union(Union {
                    variants: Vec::new(),
                    discriminator: None,
                }),
                nullable: false,
                origin: pointer.to_owned(),
                xml: self.xml_at(pointer),
                component: None,
            },
        );
        let mut variant_scope = Scope::default();
        let mut variants = Vec::new();
        let mut any_nullable = nullable;
        let mut any_variant = None;
        for (i, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{i}");
            let member_ref = SchemaRef::from(member);
            let title = match member_ref {
                SchemaRef::Item(schema) => schema.schema_data.title.clone(),
                SchemaRef::Ref(_) => None,
            };
            // Inline members are named after their title, else after their kind.
            let kind_word = match member_ref {
                SchemaRef::Item(schema) => flatten(schema).kind.map(|k| match k {
                    Kind::String => "String",
                    Kind::Number => "Number",
                    Kind::Integer => "Integer",
                    Kind::Boolean => "Boolean",
                    Kind::Object => "Object",
                    Kind::Array => "Array",
                }),
                SchemaRef::Ref(_) => None,
            };
            let word = title
                .as_deref()
                .map(camel)
                .or_else(|| kind_word.map(str::to_owned))
                .unwrap_or_else(|| format!("Variant{i}"));
            let hint = format!("{name}{word}");
            let lowered = self.lower(member_ref, &member_pointer, &hint)?;
            any_nullable |= lowered.nullable;
            let base = match (&lowered.ty, member_ref) {
                (TypeRef::Named(id), SchemaRef::Ref(_)) => self.types[id.0]
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                (TypeRef::Named(_), SchemaRef::Item(_)) => word.clone(),
                (ty, _) => title
                    .as_deref()
                    .map(camel)
                    .unwrap_or_else(|| variant_word(ty).to_owned()),
            };
            let docs = match member_ref {
                SchemaRef::Item(schema) => docs_of(&schema.schema_data),
                SchemaRef::Ref(_) => Docs::default(),
            };
            let mut constraints =
                super::constraints::constraints_at(&self.spec.document, &member_pointer);
            for problem in super::constraints::drop_unsupported_patterns(&mut constraints) {
                self.warn(&member_pointer, problem);
            }
            let variant = UnionVariant {
                name: variant_scope.claim(&base),
                ty: lowered.ty,
                boxed: false,
                tags: Vec::new(),
                declares_tag: false,
                docs,
                constraints,
            };
            // `Any` matches everything, so an untagged union must try it last.
            if variant.ty == TypeRef::Any {
                any_variant = Some(variant);
            } else {
                variants.push(variant);
            }
        }
        variants.extend(any_variant);

        let mut discriminator = None;
        if let Some(d) = &flat.data.discriminator {
            let all_refs = members
                .iter()
                .all(|m| matches!(m, ReferenceOr::Reference { .. }));
            if all_refs {
                for (variant, member) in variants.iter_mut().zip(members) {
                    let ReferenceOr::Reference { reference } = member else {
                        continue;
                    };
                    let component = reference
                        .strip_prefix(COMPONENT_PREFIX)
                        .map(unescape)
                        .unwrap_or_default();
                    variant.tags = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || target.as_str() == component)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if variant.tags.is_empty() {
                        variant.tags.push(component);
                    }
                }
                discriminator = Some(d.property_name.clone());
            } else {
                self.warn(pointer, "`discriminator` needs every member to be a $ref; decoding tries the members in order instead");
            }
        }
        if let Some(TypeDef {
            kind: TypeKind::Union(u),
            ..
        }) = self.types[id.0].as_mut()
        {
            u.variants = variants;
            u.discriminator = discriminator;
        }
        Ok(Lowered {
            ty: TypeRef::Named(id),
            nullable: any_nullable,
        })
    }

    fn lower_all_of(
        &mut self,
        flat: &Flat<'a>,
        pointer: &str,
        target: Target,
        nullable: bool,
    ) -> Result<Lowered> {
        // Members that only annotate (a description, an example, a bound) add no shape: when a
        // single member has one, that member is the type, whatever its kind.
        let substantive: Vec<usize> = (0..flat.all_of.len())
            .filter(|&i| match &flat.all_of[i] {
                ReferenceOr::Reference { .. } => true,
                ReferenceOr::Item(schema) => !is_annotation(&flatten(schema)),
            })
            .collect();
        if let ([only], true) = (substantive.as_slice(), flat.properties.is_empty()) {
            let inner = self.lower_into(
                (&flat.all_of[*only]).into(),
                &format!("{pointer}/allOf/{only}"),
                target,
            )?;
            return Ok(Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
            });
        }
        let mut parts = ObjectParts {
            properties: Vec::new(),
            required: flat.required.to_vec(),
            additional: flat.additional,
        };
        let mut mergeable = true;
        for (i, member) in flat.all_of.iter().enumerate() {
            mergeable &= self.collect_object(
                member.into(),
                &format!("{pointer}/allOf/{i}"),
                &mut parts,
                0,
            );
        }
        for (name, schema) in &flat.properties {
            parts.add(
                name,
                (*schema).into(),
                push_pointer(&format!("{pointer}/properties"), name),
            );
        }
        if mergeable {
            let ty = self.lower_struct(flat, parts, pointer, &target, nullable)?;
            return Ok(Lowered { ty, nullable });
        }
        self.warn(
            pointer,
            "`allOf` mixes objects with non-object schemas; the value is kept as free-form JSON",
        );
        Ok(Lowered {
            ty: TypeRef::Any,
            nullable,
        })
    }

    /// Adds the properties an `allOf` member contributes; false when it is not an object.
    fn collect_object(
        &self,
        schema: SchemaRef<'a>,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> bool {
        if depth > 32 {
            return false;
        }
        match schema {
            SchemaRef::Ref(reference) => match self.component(reference, pointer) {
                Ok((id, target)) => {
                    let origin = self.types[id.0]
                        .as_ref()
                        .map(|t| t.origin.clone())
                        .unwrap_or_default();
                    self.collect_object(target.into(), &origin, parts, depth + 1)
                }
                Err(_) => false,
            },
            SchemaRef::Item(schema) => {
                let flat = flatten(schema);
                if has_shaped_union(&flat) || flat.not {
                    return false;
                }
                if !matches!(flat.kind, None | Some(Kind::Object)) {
                    return false;
                }
                let mut ok = true;
                for (i, member) in flat.all_of.iter().enumerate() {
                    ok &= self.collect_object(
                        member.into(),
                        &format!("{pointer}/allOf/{i}"),
                        parts,
                        depth + 1,
                    );
                }
                for (name, schema) in &flat.properties {
                    parts.add(
                        name,
                        (*schema).into(),
                        push_pointer(&format!("{pointer}/properties"), name),
                    );
                }
                for name in flat.required {
                    if !parts.required.contains(name) {
                        parts.required.push(name.clone());
                    }
                }
                if parts.additional.is_none() {
                    parts.additional = flat.additional;
                }
                ok
            }
        }
    }
}

/// Whether `oneOf`/`anyOf` describe alternative shapes. Members that only list `required`
/// properties (DigitalOcean: "inbound or outbound rules"), or that narrow the properties of the
/// object they sit in, constrain that object without making it a union.
fn has_shaped_union(flat: &Flat<'_>) -> bool {
    flat.one_of
        .iter()
        .chain(flat.any_of)
        .any(|member| match member {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => {
                let member = flatten(schema);
                !is_annotation(&member) && !narrows(flat, &member)
            }
        })
}

/// A union member that narrows the object it sits in rather than describing another value:
/// GitHub's check run is one object of ten properties whose `oneOf` members only pin `status`
/// and require `conclusion` with it; a gist file is an object whose `anyOf` asks for `content`,
/// `filename`, or no property at all. The model is the object; `apigen validate` checks the
/// members.
fn narrows(object: &Flat<'_>, member: &Flat<'_>) -> bool {
    !object.properties.is_empty()
        && matches!(member.kind, None | Some(Kind::Object))
        && member
            .properties
            .iter()
            .all(|(name, _)| object.properties.iter().any(|(own, _)| own == name))
        && matches!(
            member.additional,
            None | Some(AdditionalProperties::Any(true))
        )
        && composes_nothing(member)
}

/// A schema that constrains or documents a value but says nothing of its shape.
fn is_annotation(flat: &Flat<'_>) -> bool {
    flat.kind.is_none()
        && flat.properties.is_empty()
        && flat.additional.is_none()
        && composes_nothing(flat)
}

/// No items, no composition, no `enum` and no `not`: nothing that would make a value of
/// another shape.
fn composes_nothing(flat: &Flat<'_>) -> bool {
    flat.items.is_none()
        && flat.all_of.is_empty()
        && flat.one_of.is_empty()
        && flat.any_of.is_empty()
        && flat.enumeration.is_empty()
        && !flat.not
}

/// The values of an `enum` that its `type` lets through, each once, in order: `{type:
/// boolean, enum: ["0", "1", true, false]}` (image-charts) accepts only `true` and `false`,
/// and a Rust enum with a variant per listed value would match `false` three times. A
/// boolean enum of both values is no restriction at all (none: a plain `bool`), and
/// `1.0` is the integer `1`.
fn typed_enum_values(kind: Option<Kind>, enumeration: &[Value]) -> Vec<Value> {
    let mut values: Vec<Value> = Vec::new();
    for value in enumeration.iter().filter(|v| !v.is_null()) {
        let typed = match (kind, value) {
            (Some(Kind::String), Value::String(_)) | (Some(Kind::Boolean), Value::Bool(_)) => {
                Some(value.clone())
            }
            (Some(Kind::Integer), Value::Number(n)) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(_), _, _) | (_, Some(_), _) => Some(value.clone()),
                (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    Some(Value::from(f as i64))
                }
                _ => None,
            },
            (Some(Kind::String | Kind::Boolean | Kind::Integer), _) => None,
            _ => Some(value.clone()),
        };
        if let Some(typed) = typed.filter(|t| !values.contains(t)) {
            values.push(typed);
        }
    }
    if kind == Some(Kind::Boolean) && values.len() == 2 {
        values.clear();
    }
    values
}

/// The `type` written in the schema at `pointer` of the bundled document.
fn declared_kind(document: &Value, pointer: &str) -> Option<Kind> {
    Some(match document.pointer(pointer)?.get("type")?.as_str()? {
        "string" => Kind::String,
        "number" => Kind::Number,
        "integer" => Kind::Integer,
        "boolean" => Kind::Boolean,
        "object" => Kind::Object,
        "array" => Kind::Array,
        _ => return None,
    })
}

/// Whether every `allOf` member only constrains or documents the value (`allOf: [{minimum:
/// 20}, {maximum: 30}]`): the schema's own keywords then decide its type, as if the members
/// were written beside them (`constraints_at` merges their constraints), not an object.
fn only_annotates(flat: &Flat<'_>) -> bool {
    flat.all_of.iter().all(|member| match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => {
            let member = flatten(schema);
            is_annotation(&member) && member.required.is_empty()
        }
    })
}

/// `allOf` with a single member that has a shape, and nothing that would make a new type.
fn is_wrapper(flat: &Flat<'_>) -> bool {
    flat.all_of.len() == 1
        && !only_annotates(flat)
        && flat.properties.is_empty()
        && flat.one_of.is_empty()
        && flat.any_of.is_empty()
        && flat.additional.is_none()
        && flat.required.is_empty()
        && flat.enumeration.is_empty()
}

fn optional(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Option(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

fn variant_word(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Named(_) => "Value",
        TypeRef::Boolean => "Boolean",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number => "Number",
        TypeRef::String => "String",
        TypeRef::Date => "Date",
        TypeRef::DateTime => "DateTime",
        TypeRef::Uuid => "Uuid",
        TypeRef::Binary => "Binary",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Object",
        TypeRef::Any => "Any",
        TypeRef::Option(inner) => variant_word(inner),
    }
}

/// The properties of an object, possibly merged from `allOf` members.
pub(super) struct ObjectParts<'a> {
    properties: Vec<(String, SchemaRef<'a>, String)>,
    required: Vec<String>,
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> ObjectParts<'a> {
    fn add(&mut self, name: &str, schema: SchemaRef<'a>, pointer: String) {
        // A later member refines an earlier one: keep the first position, take the last schema.
        match self.properties.iter_mut().find(|(n, _, _)| n == name) {
            Some(existing) => *existing = (name.to_owned(), schema, pointer),
            None => self.properties.push((name.to_owned(), schema, pointer)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{testing::api_from_yaml, Api, Constraints, TypeDef, TypeKind, TypeRef};

    const SCHEMAS: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Bounded: {allOf: [{minimum: 20}, {maximum: 30}]}
    Short: {type: string, allOf: [{maxLength: 5}]}
    Holder:
      type: object
      properties:
        bounded: {$ref: '#/components/schemas/Bounded'}
        labels:
          type: object
          maxProperties: 2
          additionalProperties: {type: string, maxLength: 3}
        either:
          oneOf:
            - {$ref: '#/components/schemas/Short'}
            - {type: integer, minimum: 5}
      additionalProperties: {type: integer, maximum: 9}
    CheckRun:
      type: object
      required: [name]
      properties:
        name: {type: string}
        status: {type: string, enum: [queued, completed]}
        conclusion: {type: string}
      oneOf:
        - properties: {status: {enum: [completed]}}
          required: [status, conclusion]
          additionalProperties: true
        - properties: {status: {enum: [queued]}}
    Shape:
      type: object
      properties:
        kind: {type: string}
      oneOf:
        - {type: object, properties: {radius: {type: number}}}
        - {type: object, properties: {side: {type: number}}}
    Flag: {type: boolean, enum: ['0', '1', true, false]}
    Yes: {type: boolean, enum: [true, '1', true]}
    Level: {type: integer, enum: [1, 1.0, 2, '3']}
    Closed: {type: object, properties: {a: {type: string}}, additionalProperties: false}
    ClosedByMember:
      allOf:
        - $ref: '#/components/schemas/Closed'
        - {type: object, properties: {b: {type: string}}}
    Event:
      oneOf:
        - $ref: '#/components/schemas/Started'
        - $ref: '#/components/schemas/Closed'
      discriminator: {propertyName: kind}
    Started:
      type: object
      properties: {kind: {type: string}, at: {type: string}}
      additionalProperties: false
"#;

    fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        api.types.iter().find(|t| t.name == name).unwrap()
    }

    #[test]
    fn an_all_of_of_constraints_alone_keeps_the_schemas_own_type() {
        let api = api_from_yaml(SCHEMAS);
        assert!(matches!(
            &named(&api, "Bounded").kind,
            TypeKind::Alias(TypeRef::Any)
        ));
        assert!(matches!(
            &named(&api, "Short").kind,
            TypeKind::Alias(TypeRef::String)
        ));
    }

    #[test]
    fn union_members_that_narrow_an_object_keep_it_an_object() {
        let api = api_from_yaml(SCHEMAS);
        let TypeKind::Struct(run) = &named(&api, "CheckRun").kind else {
            panic!("CheckRun is the object its oneOf narrows");
        };
        let names: Vec<&str> = run.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["name", "status", "conclusion"]);
        // Members with properties of their own are other shapes: a union.
        assert!(matches!(named(&api, "Shape").kind, TypeKind::Union(_)));
    }

    #[test]
    fn enum_values_of_another_type_or_listed_twice_make_no_variant() {
        let api = api_from_yaml(SCHEMAS);
        assert!(matches!(
            named(&api, "Flag").kind,
            TypeKind::Alias(TypeRef::Boolean)
        ));
        let values = |name: &str| match &named(&api, name).kind {
            TypeKind::Enum(e) => e
                .variants
                .iter()
                .map(|v| v.value.clone())
                .collect::<Vec<_>>(),
            other => panic!("{name} is an enum, not {other:?}"),
        };
        assert_eq!(values("Yes"), [serde_json::json!(true)]);
        assert_eq!(
            values("Level"),
            [serde_json::json!(1), serde_json::json!(2)]
        );
    }

    #[test]
    fn additional_properties_false_closes_a_struct_unless_a_union_tags_it() {
        let api = api_from_yaml(SCHEMAS);
        let closed = |name: &str| match &named(&api, name).kind {
            TypeKind::Struct(s) => s.closed,
            _ => panic!("{name} is a struct"),
        };
        assert!(!closed("Holder"));
        assert!(closed("Started"), "declares the discriminator it receives");
        // Merged members' properties are declared ones: `b` is no stranger to the merge.
        assert!(closed("ClosedByMember"));
        // `Event` hands `Closed` a `kind` it does not declare: closed, it would refuse all.
        assert!(!closed("Closed"));
    }

    #[test]
    fn constraints_reach_fields_map_values_and_union_members() {
        let api = api_from_yaml(SCHEMAS);
        let TypeKind::Struct(holder) = &named(&api, "Holder").kind else {
            panic!("Holder is a struct");
        };
        let field = |name: &str| {
            &holder
                .fields
                .iter()
                .find(|f| f.name == name)
                .unwrap()
                .constraints
        };
        assert_eq!(field("bounded").minimum, Some(20.into()));
        assert_eq!(field("bounded").maximum, Some(30.into()));
        // A map property has no struct of its own to carry its property counts.
        assert_eq!(field("labels").max_properties, Some(2));
        let values = field("labels").values.as_deref().unwrap();
        assert_eq!(values.max_length, Some(3));
        // The struct's own additional properties.
        assert_eq!(
            holder.constraints.values.as_deref().unwrap().maximum,
            Some(9.into())
        );
        let TypeRef::Named(id) = &holder
            .fields
            .iter()
            .find(|f| f.name == "either")
            .unwrap()
            .ty
        else {
            panic!("`either` is a union type");
        };
        let TypeKind::Union(union) = &api.ty(*id).kind else {
            panic!("`either` is a union");
        };
        let members: Vec<&Constraints> = union.variants.iter().map(|v| &v.constraints).collect();
        assert_eq!(members[0].max_length, Some(5));
        assert_eq!(members[1].minimum, Some(5.into()));
    }
}
