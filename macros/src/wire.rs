//! What a type looks like on the wire, read from its `#[serde(...)]` attributes for the
//! `Serialize` and `Deserialize` derives, which must never disagree about it.
//!
//! Read strictly: these derives stand in for serde's, so an attribute they do not implement is
//! a spanned error naming the derive, never silently a different wire format. Fields:
//! `rename = "x"`, `default`, `skip_serializing_if = "path"`,
//! `deserialize_with = "::serde::Deserialize::deserialize"` (a missing field is an error even
//! for an `Option`) and `flatten` on a map. Variants: `rename`. Enums: `try_from = "T"` and
//! `into = "T"`. Structs: `#[apigen(closed)]`, apigen's own (serde has no conditional
//! `deny_unknown_fields`): see [`Shape::Struct`].

use crate::serde_attr::string;
use proc_macro2::Ident;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, ExprPath, Fields, Meta, Token, Type};

/// What happens when a field's key is absent.
pub(crate) enum Missing {
    /// As serde: an error, except for an `Option`, which is `None`.
    AsSerde,
    /// An error, whatever the type (`deserialize_with`).
    Error,
    /// `Default::default()`.
    Default,
}

pub(crate) struct WireField {
    pub ident: Ident,
    pub ty: Type,
    pub wire: String,
    pub missing: Missing,
    /// The properties of this map are the object's own (`flatten`).
    pub flatten: bool,
    /// `skip_serializing_if`: the function that leaves the field off the wire.
    pub skip_if: Option<ExprPath>,
}

pub(crate) enum Shape {
    /// A struct with named fields, an object on the wire; at most one field is flattened.
    Struct {
        fields: Vec<WireField>,
        /// `#[apigen(closed)]`: the object has no properties but its fields
        /// (`additionalProperties: false`). Decoding inside `apigen_runtime::de::strictly`,
        /// as a generated server reads a request, refuses any other; elsewhere (a client
        /// reading a response) they are skipped, so a server that adds a property does not
        /// break its clients.
        closed: bool,
    },
    /// An enum: its variants by wire name when all are units, and its conversions.
    Enum {
        /// Every variant by wire name, or where the first variant with data is (only a
        /// conversion can describe such an enum).
        units: Result<Vec<(Ident, String)>, proc_macro2::Span>,
        try_from: Option<Box<Type>>,
        into: Option<Box<Type>>,
    },
}

/// Reads the wire shape of `input` for the derive named `derive` (in error messages).
pub(crate) fn read(input: &DeriveInput, derive: &str) -> syn::Result<Shape> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            format!("`apigen_runtime::{derive}` does not derive for generic types"),
        ));
    }
    match &input.data {
        Data::Struct(data) => {
            let Fields::Named(named) = &data.fields else {
                return Err(syn::Error::new(
                    data.fields.span(),
                    format!("`apigen_runtime::{derive}` needs named fields"),
                ));
            };
            if let Some(attr) = input.attrs.iter().find(|a| a.path().is_ident("serde")) {
                return Err(syn::Error::new_spanned(
                    attr,
                    format!(
                        "`apigen_runtime::{derive}` takes no container `#[serde(...)]` attributes on structs"
                    ),
                ));
            }
            let fields = named
                .named
                .iter()
                .map(|field| read_field(field, derive))
                .collect::<syn::Result<Vec<_>>>()?;
            if let Some(second) = fields.iter().filter(|f| f.flatten).nth(1) {
                return Err(syn::Error::new(
                    second.ident.span(),
                    "only one field can be `#[serde(flatten)]`",
                ));
            }
            Ok(Shape::Struct {
                fields,
                closed: closed(&input.attrs)?,
            })
        }
        Data::Enum(data) => {
            let mut try_from = None;
            let mut into = None;
            for meta in metas(&input.attrs)? {
                match &meta {
                    Meta::NameValue(nv) if meta.path().is_ident("try_from") => {
                        try_from = Some(Box::new(type_in(&nv.value)?));
                    }
                    Meta::NameValue(nv) if meta.path().is_ident("into") => {
                        into = Some(Box::new(type_in(&nv.value)?));
                    }
                    _ => {
                        return Err(syn::Error::new(
                            meta.span(),
                            format!(
                                "`apigen_runtime::{derive}` supports `try_from = \"..\"` and `into = \"..\"` on enums; \
                                 derive serde's `{derive}` for anything else"
                            ),
                        ))
                    }
                }
            }
            let mut units = Ok(Vec::new());
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    if units.is_ok() {
                        units = Err(variant.fields.span());
                    }
                    continue;
                }
                let mut wire = variant
                    .ident
                    .to_string()
                    .trim_start_matches("r#")
                    .to_owned();
                for meta in metas(&variant.attrs)? {
                    match &meta {
                        Meta::NameValue(nv) if meta.path().is_ident("rename") => {
                            wire = string(&nv.value)
                                .ok_or_else(|| {
                                    syn::Error::new(nv.value.span(), "expected a string")
                                })?
                                .value();
                        }
                        _ => {
                            return Err(syn::Error::new(
                                meta.span(),
                                format!(
                                    "`apigen_runtime::{derive}` supports `rename = \"..\"` on variants; \
                                     derive serde's `{derive}` for anything else"
                                ),
                            ))
                        }
                    }
                }
                if let Ok(units) = &mut units {
                    units.push((variant.ident.clone(), wire));
                }
            }
            Ok(Shape::Enum {
                units,
                try_from,
                into,
            })
        }
        Data::Union(_) => Err(syn::Error::new(
            input.ident.span(),
            format!("`apigen_runtime::{derive}` derives structs with named fields and enums"),
        )),
    }
}

/// Whether a struct is `#[apigen(closed)]`; any other `apigen` key is an error.
fn closed(attrs: &[syn::Attribute]) -> syn::Result<bool> {
    let mut closed = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("apigen")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("closed") {
                closed = true;
                Ok(())
            } else {
                Err(meta.error("`#[apigen(...)]` on a struct takes only `closed`"))
            }
        })?;
    }
    Ok(closed)
}

/// Every `key`, `key = value` and `key(...)` of the `#[serde(...)]` attributes.
fn metas(attrs: &[syn::Attribute]) -> syn::Result<Vec<Meta>> {
    let mut metas = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        metas.extend(attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?);
    }
    Ok(metas)
}

/// The type named by a string literal (`into = "i64"`).
fn type_in(expr: &syn::Expr) -> syn::Result<Type> {
    string(expr)
        .ok_or_else(|| syn::Error::new(expr.span(), "expected a type in a string"))?
        .parse::<Type>()
}

fn read_field(field: &syn::Field, derive: &str) -> syn::Result<WireField> {
    let ident = field.ident.clone().expect("named fields have names");
    let mut read = WireField {
        wire: ident.to_string().trim_start_matches("r#").to_owned(),
        ident,
        ty: field.ty.clone(),
        missing: Missing::AsSerde,
        flatten: false,
        skip_if: None,
    };
    for meta in metas(&field.attrs)? {
        let unsupported = || {
            syn::Error::new(
                meta.span(),
                format!(
                    "`apigen_runtime::{derive}` supports `rename = \"..\"`, `default`, \
                     `skip_serializing_if = \"..\"`, `deserialize_with = \"::serde::Deserialize::deserialize\"` \
                     and `flatten`; derive serde's `{derive}` for anything else"
                ),
            )
        };
        let path = meta.path();
        match &meta {
            Meta::NameValue(nv) if path.is_ident("rename") => {
                read.wire = string(&nv.value).ok_or_else(unsupported)?.value();
            }
            Meta::Path(_) if path.is_ident("default") => read.missing = Missing::Default,
            Meta::Path(_) if path.is_ident("flatten") => read.flatten = true,
            Meta::NameValue(nv) if path.is_ident("skip_serializing_if") => {
                read.skip_if = Some(string(&nv.value).ok_or_else(unsupported)?.parse()?);
            }
            Meta::NameValue(nv) if path.is_ident("deserialize_with") => {
                let with = string(&nv.value).ok_or_else(unsupported)?.value();
                if with.replace(' ', "") != "::serde::Deserialize::deserialize" {
                    return Err(unsupported());
                }
                read.missing = Missing::Error;
            }
            _ => return Err(unsupported()),
        }
    }
    Ok(read)
}
