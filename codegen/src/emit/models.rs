//! Models: one Rust type per named or inline schema, with serde for JSON.

use super::docs::doc_attrs;
use super::types::{ident, type_tokens};
use crate::ir::{
    Api, Constraints, Enum, EnumRepr, Field, Presence, Struct, TypeDef, TypeKind, TypeRef, Union,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit_models(api: &Api) -> TokenStream {
    let items = api.types.iter().map(|def| emit_type(api, def));
    quote!(#(#items)*)
}

fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, def, s),
        TypeKind::Enum(e) => emit_enum(api, def, e),
        TypeKind::Union(u) => emit_union(api, def, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(inner) => {
            let ty = type_tokens(api, inner);
            let xml_derives = api.uses_xml.then(xml_derives);
            let default = matches!(
                inner,
                TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Option(_)
            )
            .then(|| quote!(Default,));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize, ::apigen_runtime::Validate #xml_derives)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    }
}

fn emit_struct(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| {
        let field_docs = doc_attrs(&f.docs);
        let field_name = ident(&f.name);
        // The XML derives tell a list field by its spelling (`Vec<T>`); an alias of an array
        // (AWS's `CertificateList`) is spelled out where XML is derived.
        let spelled = match &f.ty {
            TypeRef::Named(id) if api.uses_xml => match &api.resolved(*id).kind {
                TypeKind::Alias(array @ TypeRef::Array(_)) => array,
                _ => &f.ty,
            },
            _ => &f.ty,
        };
        let mut base = type_tokens(api, spelled);
        if f.boxed {
            base = quote!(Box<#base>);
        }
        let wire = &f.wire;
        let rename = (f.name != f.wire).then(|| quote!(rename = #wire,));
        let (ty, serde) = match f.presence {
            Presence::Required => (base, quote!()),
            // A missing required-but-nullable property is an error, not `None`: `deserialize_with`
            // switches off serde's missing-`Option` default.
            Presence::RequiredNullable => (
                quote!(Option<#base>),
                quote!(deserialize_with = "::serde::Deserialize::deserialize",),
            ),
            Presence::Optional => (
                quote!(Option<#base>),
                quote!(default, skip_serializing_if = "Option::is_none",),
            ),
            Presence::OptionalNullable => (
                quote!(::apigen_runtime::Nullable<#base>),
                quote!(
                    default,
                    skip_serializing_if = "::apigen_runtime::Nullable::is_absent",
                ),
            ),
        };
        let attr = if rename.is_some() || !serde.is_empty() {
            quote!(#[serde(#rename #serde)])
        } else {
            quote!()
        };
        let xml = api.uses_xml.then(|| xml_field(f)).flatten();
        let validate = validate_attr(api, &f.ty, &f.constraints);
        quote! {
            #field_docs
            #attr
            #xml
            #validate
            pub #field_name: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let checks = s
            .constraints
            .values
            .as_deref()
            .map(|values| constraint_keys(api, value, values))
            .filter(|keys| !keys.is_empty())
            .map(|keys| quote!(#[validate(values(#(#keys),*))]));
        let value = type_tokens(api, value);
        let additional_properties = ident(&s.additional_name);
        quote! {
            /// Properties beyond the declared ones (`additionalProperties`).
            #[serde(flatten)]
            #checks
            pub #additional_properties: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let xml_derives = api.uses_xml.then(xml_derives);
    let xml_root = api.uses_xml.then(|| xml_container(def));
    let object_counts = counts(&s.constraints);
    let all_optional = s
        .fields
        .iter()
        .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
    let default = all_optional.then(|| quote!(Default,));
    let closed = s.closed.then(|| quote!(#[apigen(closed)]));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::apigen_runtime::Serialize, ::apigen_runtime::Deserialize, ::apigen_runtime::Validate #xml_derives)]
        #closed
        #xml_root
        #object_counts
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_enum(api: &Api, def: &TypeDef, e: &Enum) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let xml_derives = api.uses_xml.then(xml_derives);
    let name = ident(&def.name);
    let variant_idents: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variants = e.variants.iter().zip(&variant_idents).map(|(v, vname)| {
        let vdocs = doc_attrs(&v.docs);
        let rename = match (&v.value, e.repr) {
            (serde_json::Value::String(wire), EnumRepr::String) => {
                Some(quote!(#[serde(rename = #wire)]))
            }
            _ => None,
        };
        quote!(#vdocs #rename #vname,)
    });
    let count = Literal::usize_unsuffixed(e.variants.len());
    match e.repr {
        EnumRepr::String => {
            let wires: Vec<&str> = e
                .variants
                .iter()
                .map(|v| v.value.as_str().unwrap_or_default())
                .collect();
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::apigen_runtime::Serialize, ::apigen_runtime::Deserialize, ::apigen_runtime::Validate #xml_derives)]
                pub enum #name {
                    #(#variants)*
                }

                impl #name {
                    /// Every value, in the order of the spec.
                    pub const ALL: [#name; #count] = [#(#name::#variant_idents),*];

                    /// The value as written on the wire.
                    #[inline]
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(#name::#variant_idents => #wires,)*
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    #[inline]
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        EnumRepr::Integer | EnumRepr::Boolean => {
            let (repr, literals): (TokenStream, Vec<TokenStream>) = if e.repr == EnumRepr::Integer {
                (
                    quote!(i64),
                    e.variants
                        .iter()
                        .map(|v| {
                            let n = v.value.as_i64().unwrap_or_default();
                            let lit = Literal::u64_unsuffixed(n.unsigned_abs());
                            if n < 0 {
                                quote!(-#lit)
                            } else {
                                quote!(#lit)
                            }
                        })
                        .collect(),
                )
            } else {
                (
                    quote!(bool),
                    e.variants
                        .iter()
                        .map(|v| {
                            if v.value.as_bool().unwrap_or_default() {
                                quote!(true)
                            } else {
                                quote!(false)
                            }
                        })
                        .collect(),
                )
            };
            let repr_str = repr.to_string();
            let exhaustive = e.repr == EnumRepr::Boolean && e.variants.len() == 2;
            let fallback = (!exhaustive).then(
                || quote!(other => Err(format!("`{other}` is not a valid {}", stringify!(#name))),),
            );
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::apigen_runtime::Serialize, ::apigen_runtime::Deserialize, ::apigen_runtime::Validate #xml_derives)]
                #[serde(try_from = #repr_str, into = #repr_str)]
                pub enum #name {
                    #(#variants)*
                }

                impl From<#name> for #repr {
                    fn from(value: #name) -> Self {
                        match value {
                            #(#name::#variant_idents => #literals,)*
                        }
                    }
                }

                impl TryFrom<#repr> for #name {
                    type Error = String;
                    fn try_from(value: #repr) -> Result<Self, Self::Error> {
                        match value {
                            #(#literals => Ok(#name::#variant_idents),)*
                            #fallback
                        }
                    }
                }
            }
        }
    }
}

fn emit_union(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let vdocs = doc_attrs(&v.docs);
        let vname = ident(&v.name);
        let checks = validate_attr(api, &v.ty, &v.constraints);
        let mut ty = type_tokens(api, &v.ty);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#vdocs #vname(#checks #ty),)
    });
    let xml_derives = api.uses_xml.then(xml_derives);
    let Some(property) = &u.discriminator else {
        let name_text = def.name.as_str();
        let readers = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let wrap = if v.boxed {
                quote!(|value| #name::#vname(Box::new(value)))
            } else {
                quote!(#name::#vname)
            };
            quote!(|value| ::serde::Deserialize::deserialize(value).map(#wrap),)
        });
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::apigen_runtime::Validate #xml_derives)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            /// The member the value fits best: the first that keeps all of it, else the one
            /// that keeps the most (see `apigen_runtime::best_variant`).
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    ::apigen_runtime::best_variant(deserializer, #name_text, &[#(#readers)*])
                }
            }
        };
    };
    let all_tags: Vec<&str> = u
        .variants
        .iter()
        .flat_map(|v| v.tags.iter().map(String::as_str))
        .collect();
    let serialize_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tag = v.tags.first().map(String::as_str).unwrap_or_default();
        if v.declares_tag {
            quote!(#name::#vname(value) => ::serde::Serialize::serialize(value, serializer),)
        } else {
            quote!(#name::#vname(value) => ::apigen_runtime::serialize_tagged(value, #property, #tag, serializer),)
        }
    });
    let deserialize_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed {
            quote!(|value| #name::#vname(Box::new(value)))
        } else {
            quote!(#name::#vname)
        };
        quote!(#(#tags)|* => ::serde_json::from_value(value).map(#wrap),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::apigen_runtime::Validate #xml_derives)]
        pub enum #name {
            #(#variants)*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = ::apigen_runtime::discriminated(&value, #property, &[#(#all_tags),*])
                    .map_err(::serde::de::Error::custom)?
                    .to_owned();
                match tag.as_str() {
                    #(#deserialize_arms)*
                    other => return Err(::serde::de::Error::custom(format!("unknown `{}` value `{other}`", #property))),
                }
                .map_err(::serde::de::Error::custom)
            }
        }
    }
}

fn xml_derives() -> TokenStream {
    quote!(, ::apigen_runtime::XmlEncode, ::apigen_runtime::XmlDecode)
}

/// `#[xml(root = …)]`: the element name of a document of this type, and its namespace.
fn xml_container(def: &TypeDef) -> TokenStream {
    let root = def.xml_root();
    let namespace = def
        .xml
        .as_ref()
        .and_then(|x| x.namespace.as_deref())
        .map(|n| quote!(, namespace = #n));
    let prefix = def
        .xml
        .as_ref()
        .and_then(|x| x.prefix.as_deref())
        .map(|p| quote!(, prefix = #p));
    quote!(#[xml(root = #root #namespace #prefix)])
}

/// The field's `#[xml(...)]`, following the OpenAPI `xml` rules: on an array, `xml.name`
/// names the wrapper and only when `wrapped`; the items are named by the items' `xml.name`,
/// else by the property name.
fn xml_field(f: &Field) -> Option<TokenStream> {
    let xml = f.xml.clone().unwrap_or_default();
    let mut keys = Vec::new();
    let is_array = matches!(f.ty, TypeRef::Array(_));
    if is_array {
        if xml.wrapped {
            keys.push(quote!(wrapped));
            if let Some(name) = xml.name.as_deref().filter(|n| *n != f.wire) {
                keys.push(quote!(name = #name));
            }
        }
        let item = f
            .item_xml
            .as_ref()
            .and_then(|x| x.name.as_deref())
            .unwrap_or(&f.wire);
        keys.push(quote!(item = #item));
    } else if let Some(name) = xml.name.as_deref().filter(|n| *n != f.wire) {
        keys.push(quote!(name = #name));
    }
    if xml.attribute && !is_array {
        keys.push(quote!(attribute));
    }
    if let Some(prefix) = xml.prefix.as_deref() {
        keys.push(quote!(prefix = #prefix));
    }
    if let Some(namespace) = xml.namespace.as_deref() {
        keys.push(quote!(namespace = #namespace));
    }
    (!keys.is_empty()).then(|| quote!(#[xml(#(#keys),*)]))
}

/// What a use of a type is, as far as constraints go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    String,
    Number,
    Array,
    Map,
    /// `serde_json::Value`: every constraint applies to the matching JSON type.
    Any,
    /// Enums and structs: their own types carry their constraints.
    Other,
}

fn value_kind(api: &Api, ty: &TypeRef) -> ValueKind {
    match ty {
        TypeRef::Option(inner) => value_kind(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => value_kind(api, inner),
            _ => ValueKind::Other,
        },
        TypeRef::String | TypeRef::Date | TypeRef::DateTime | TypeRef::Uuid => ValueKind::String,
        TypeRef::Integer(_) | TypeRef::Number => ValueKind::Number,
        TypeRef::Array(_) => ValueKind::Array,
        TypeRef::Map(_) => ValueKind::Map,
        TypeRef::Any => ValueKind::Any,
        TypeRef::Boolean | TypeRef::Binary => ValueKind::Other,
    }
}

fn number_tokens(n: &serde_json::Number) -> TokenStream {
    let negative = n.as_f64().is_some_and(|v| v < 0.0);
    let literal = if let Some(v) = n.as_u64() {
        Literal::u64_unsuffixed(v)
    } else if let Some(v) = n.as_i64() {
        Literal::u64_unsuffixed(v.unsigned_abs())
    } else {
        Literal::f64_unsuffixed(n.as_f64().unwrap_or_default().abs())
    };
    if negative {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// The `key = value` pairs of the constraints that fit a value of this kind (a constraint
/// for another JSON type does not apply to it, as in JSON Schema).
fn constraint_keys(api: &Api, ty: &TypeRef, c: &Constraints) -> Vec<TokenStream> {
    let kind = value_kind(api, ty);
    let mut keys = Vec::new();
    if matches!(kind, ValueKind::String | ValueKind::Any) {
        if let Some(n) = c.min_length {
            let n = Literal::u64_unsuffixed(n);
            keys.push(quote!(min_length = #n));
        }
        if let Some(n) = c.max_length {
            let n = Literal::u64_unsuffixed(n);
            keys.push(quote!(max_length = #n));
        }
        if let Some(pattern) = &c.pattern {
            keys.push(quote!(pattern = #pattern));
        }
        if let Some(format) = c
            .format
            .as_deref()
            .filter(|_| matches!(ty_base(ty), TypeRef::String | TypeRef::Any))
        {
            keys.push(quote!(format = #format));
        }
    }
    if matches!(kind, ValueKind::Number | ValueKind::Any) {
        if let Some(n) = &c.minimum {
            let n = number_tokens(n);
            keys.push(quote!(minimum = #n));
            if c.exclusive_minimum {
                keys.push(quote!(exclusive_minimum));
            }
        }
        if let Some(n) = &c.maximum {
            let n = number_tokens(n);
            keys.push(quote!(maximum = #n));
            if c.exclusive_maximum {
                keys.push(quote!(exclusive_maximum));
            }
        }
        if let Some(n) = c
            .multiple_of
            .as_ref()
            .filter(|n| n.as_f64().is_some_and(|v| v > 0.0))
        {
            let n = number_tokens(n);
            keys.push(quote!(multiple_of = #n));
        }
    }
    if let (Some(values), ValueKind::Number | ValueKind::Any) = (&c.enumeration, kind) {
        let literals = values.iter().map(|value| match value {
            serde_json::Value::Number(n) => number_tokens(n),
            serde_json::Value::String(text) => quote!(#text),
            serde_json::Value::Bool(b) => quote!(#b),
            _ => quote!(null),
        });
        keys.push(quote!(enum_values = [#(#literals),*]));
    }
    if matches!(kind, ValueKind::Array | ValueKind::Any) {
        if let Some(n) = c.min_items {
            let n = Literal::u64_unsuffixed(n);
            keys.push(quote!(min_items = #n));
        }
        if let Some(n) = c.max_items {
            let n = Literal::u64_unsuffixed(n);
            keys.push(quote!(max_items = #n));
        }
        if c.unique_items {
            keys.push(quote!(unique_items));
        }
        if let (Some(items), TypeRef::Array(item_ty)) = (&c.items, ty_base_named(api, ty)) {
            let inner = constraint_keys(api, item_ty, items);
            if !inner.is_empty() {
                keys.push(quote!(each(#(#inner),*)));
            }
        }
    }
    if matches!(kind, ValueKind::Map | ValueKind::Any) {
        keys.extend(counts_keys(c));
        if let (Some(values), TypeRef::Map(value_ty)) = (&c.values, ty_base_named(api, ty)) {
            let inner = constraint_keys(api, value_ty, values);
            if !inner.is_empty() {
                keys.push(quote!(values(#(#inner),*)));
            }
        }
    }
    keys
}

fn ty_base(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => ty_base(inner),
        other => other,
    }
}

/// The type behind options and aliases.
fn ty_base_named<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Option(inner) => ty_base_named(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => ty_base_named(api, inner),
            _ => ty,
        },
        other => other,
    }
}

fn counts_keys(c: &Constraints) -> Vec<TokenStream> {
    let mut keys = Vec::new();
    if let Some(n) = c.min_properties {
        let n = Literal::u64_unsuffixed(n);
        keys.push(quote!(min_properties = #n));
    }
    if let Some(n) = c.max_properties {
        let n = Literal::u64_unsuffixed(n);
        keys.push(quote!(max_properties = #n));
    }
    keys
}

pub(super) fn validate_attr(api: &Api, ty: &TypeRef, c: &Constraints) -> Option<TokenStream> {
    let keys = constraint_keys(api, ty, c);
    (!keys.is_empty()).then(|| quote!(#[validate(#(#keys),*)]))
}

/// `minProperties`/`maxProperties` of an object, on its struct.
fn counts(c: &Constraints) -> Option<TokenStream> {
    let keys = counts_keys(c);
    (!keys.is_empty()).then(|| quote!(#[validate(#(#keys),*)]))
}
