//! Rust spelling of type uses.

use crate::ir::{Api, IntKind, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub fn ident(name: &str) -> Ident {
    if crate::ir::names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `::apigen_runtime::http::Style::Form` for `form`, and so on (`simple` for unknown ones).
pub fn style_tokens(style: &str) -> TokenStream {
    let variant = match style {
        "label" => quote!(Label),
        "matrix" => quote!(Matrix),
        "form" => quote!(Form),
        "spaceDelimited" => quote!(SpaceDelimited),
        "pipeDelimited" => quote!(PipeDelimited),
        "deepObject" => quote!(DeepObject),
        _ => quote!(Simple),
    };
    // The server and client modules both import their side of the runtime as `rt`, and both
    // sides re-export `Style`: the short path keeps a parameter on one line.
    quote!(rt::Style::#variant)
}

/// The Rust type for a use of a schema, as seen from inside the models module.
pub fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    spell(api, ty, false)
}

/// The Rust type for a use of a schema, as seen from a sibling of the models module (which
/// must `use super::models;`).
pub fn model_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    spell(api, ty, true)
}

fn spell(api: &Api, ty: &TypeRef, qualified: bool) -> TokenStream {
    let type_tokens = |api: &Api, ty: &TypeRef| spell(api, ty, qualified);
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.ty(*id).name);
            if qualified {
                quote!(models::#name)
            } else {
                quote!(#name)
            }
        }
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(kind) => match kind {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        TypeRef::Number => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Date => quote!(::apigen_runtime::Date),
        TypeRef::DateTime => quote!(::apigen_runtime::DateTime),
        TypeRef::Uuid => quote!(::apigen_runtime::Uuid),
        TypeRef::Binary => quote!(::apigen_runtime::Binary),
        TypeRef::Array(item) => {
            let item = type_tokens(api, item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Option(inner) => {
            let inner = type_tokens(api, inner);
            quote!(Option<#inner>)
        }
    }
}

/// The shape of a parameter's or header's value, which decides how its text splits (as
/// `rt::Shape`, which the server and the client runtimes both export).
pub fn shape_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    let variant = shape_variant(api, ty);
    quote!(rt::Shape::#variant)
}

/// `Array`, `Object` or `Scalar`: the variant of `Shape` for a value of type `ty`.
pub fn shape_variant(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Array(_) => quote!(Array),
        TypeRef::Map(_) => quote!(Object),
        TypeRef::Option(inner) => shape_variant(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(_) => quote!(Object),
            TypeKind::Alias(inner) => shape_variant(api, inner),
            _ => quote!(Scalar),
        },
        _ => quote!(Scalar),
    }
}

/// The XML document of a body: structs declare their own root (and namespace); other types
/// are named after their schema.
pub fn xml_document(api: &Api, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty {
        _ if api.is_xml_document(ty) => quote!(::apigen_runtime::xml::to_string(#value)),
        TypeRef::Array(item) => {
            let item_name = xml_name(api, item, "item");
            quote!(::apigen_runtime::xml::list_document(#value, "items", #item_name))
        }
        _ => {
            let root = xml_name(api, ty, "body");
            quote!(::apigen_runtime::xml::document(#value, #root))
        }
    }
}

fn xml_name(api: &Api, ty: &TypeRef, fallback: &str) -> String {
    match ty {
        TypeRef::Named(id) => api.ty(*id).xml_root().to_owned(),
        _ => fallback.to_owned(),
    }
}
