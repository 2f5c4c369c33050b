//! Models: one Rust type per named or inline schema, with serde for JSON.

use super::docs::doc_attrs;
use super::types::{ident, type_tokens};
use crate::ir::{Api, Enum, EnumRepr, Presence, Struct, TypeDef, TypeKind, Union};
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
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::Union(u) => emit_union(api, def, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty);
            quote! {
                #docs
                pub type #name = #ty;
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
        let mut base = type_tokens(api, &f.ty);
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
        quote! {
            #field_docs
            #attr
            pub #field_name: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = type_tokens(api, value);
        quote! {
            /// Properties beyond the declared ones (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = s
        .fields
        .iter()
        .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
    let default = all_optional.then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let docs = doc_attrs(&def.docs);
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
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
                pub enum #name {
                    #(#variants)*
                }

                impl #name {
                    /// Every value, in the order of the spec.
                    pub const ALL: [#name; #count] = [#(#name::#variant_idents),*];

                    /// The value as written on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(#name::#variant_idents => #wires,)*
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
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
                            let lit = Literal::i64_unsuffixed(n.abs());
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
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
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
        let mut ty = type_tokens(api, &v.ty);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#vdocs #vname(#ty),)
    });
    let Some(property) = &u.discriminator else {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
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
        #[derive(Debug, Clone, PartialEq)]
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
