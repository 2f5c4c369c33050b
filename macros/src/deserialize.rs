//! `Deserialize`: `serde::Deserialize` for structs with named fields, from a map only.
//!
//! serde's own derive is correct but generous: for every struct it also writes a sequence
//! visitor, a field-identifier enum with three visitors and its own `Deserialize` impl. On
//! the models of a large spec that is three quarters of the expanded code and about two
//! thirds of the crate's build time (oxide-nexus: 4.2 s of 6.5 s). This derive writes one
//! visitor with one `visit_map`, matching keys as strings; keys go through one shared type
//! (`apigen_runtime::de::Key`) instead of an enum per struct.
//!
//! It reads the `#[serde(...)]` field attributes serde's `Serialize` derive also reads, and
//! refuses any it does not implement, so that the two derives never disagree about the wire.
//! Supported: `rename = "x"`, `default`, `skip_serializing_if = "..."` (a `Serialize`
//! concern), `deserialize_with = "::serde::Deserialize::deserialize"` (a missing field is an
//! error even for an `Option`) and `flatten` on a map (the properties no field takes).

use crate::serde_attr::string;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Meta, Token, Type};

/// What happens when the field's key is absent.
enum Missing {
    /// As serde: an error, except for an `Option`, which is `None`.
    AsSerde,
    /// An error, whatever the type (`deserialize_with`).
    Error,
    /// `Default::default()`.
    Default,
}

struct Field {
    ident: Ident,
    ty: Type,
    wire: String,
    missing: Missing,
    flatten: bool,
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`apigen_runtime::Deserialize` derives structs with named fields; use serde's derive for enums",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`apigen_runtime::Deserialize` needs named fields",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "`apigen_runtime::Deserialize` does not derive for generic types",
        ));
    }
    if let Some(attr) = input.attrs.iter().find(|a| a.path().is_ident("serde")) {
        return Err(syn::Error::new_spanned(
            attr,
            "`apigen_runtime::Deserialize` takes no container `#[serde(...)]` attributes",
        ));
    }
    let fields = named
        .named
        .iter()
        .map(parse_field)
        .collect::<syn::Result<Vec<_>>>()?;
    let flattened: Vec<&Field> = fields.iter().filter(|f| f.flatten).collect();
    if let Some(second) = flattened.get(1) {
        return Err(syn::Error::new(
            second.ident.span(),
            "only one field can be `#[serde(flatten)]`",
        ));
    }
    Ok(expand(&input.ident, &fields))
}

fn parse_field(field: &syn::Field) -> syn::Result<Field> {
    let ident = field.ident.clone().expect("named fields have names");
    let mut parsed = Field {
        wire: ident.to_string().trim_start_matches("r#").to_owned(),
        ident,
        ty: field.ty.clone(),
        missing: Missing::AsSerde,
        flatten: false,
    };
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        for meta in metas {
            apply(&mut parsed, &meta)?;
        }
    }
    Ok(parsed)
}

fn apply(field: &mut Field, meta: &Meta) -> syn::Result<()> {
    let unsupported = || {
        syn::Error::new(
            meta.span(),
            "`apigen_runtime::Deserialize` supports `rename = \"..\"`, `default`, \
             `skip_serializing_if`, `deserialize_with = \"::serde::Deserialize::deserialize\"` \
             and `flatten`; derive serde's `Deserialize` for anything else",
        )
    };
    let path = meta.path();
    match meta {
        Meta::NameValue(nv) if path.is_ident("rename") => {
            field.wire = string(&nv.value).ok_or_else(unsupported)?.value();
        }
        Meta::Path(_) if path.is_ident("default") => field.missing = Missing::Default,
        Meta::Path(_) if path.is_ident("flatten") => field.flatten = true,
        Meta::NameValue(_) if path.is_ident("skip_serializing_if") => {}
        Meta::NameValue(nv) if path.is_ident("deserialize_with") => {
            let with = string(&nv.value).ok_or_else(unsupported)?.value();
            if with.replace(' ', "") != "::serde::Deserialize::deserialize" {
                return Err(unsupported());
            }
            field.missing = Missing::Error;
        }
        _ => return Err(unsupported()),
    }
    Ok(())
}

fn expand(name: &Ident, fields: &[Field]) -> TokenStream {
    let slots: Vec<Ident> = (0..fields.len())
        .map(|i| Ident::new(&format!("__field{i}"), Span::call_site()))
        .collect();
    let declarations = fields.iter().zip(&slots).map(|(f, slot)| {
        let ty = &f.ty;
        if f.flatten {
            quote!(let mut #slot: #ty = ::core::default::Default::default();)
        } else {
            quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
        }
    });
    let arms = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| !f.flatten)
        .map(|(f, slot)| {
            let wire = &f.wire;
            quote! {
                #wire => {
                    if #slot.is_some() {
                        return ::core::result::Result::Err(::serde::de::Error::duplicate_field(#wire));
                    }
                    #slot = ::core::option::Option::Some(::serde::de::MapAccess::next_value(&mut __map)?);
                }
            }
        });
    let flatten = fields.iter().zip(&slots).find(|(f, _)| f.flatten);
    let other = match flatten {
        Some((_, slot)) => quote! {
            _ => {
                let __value = ::serde::de::MapAccess::next_value(&mut __map)?;
                #slot.insert(__key.into_owned(), __value);
            }
        },
        None => quote! {
            _ => {
                ::serde::de::MapAccess::next_value::<::serde::de::IgnoredAny>(&mut __map)?;
            }
        },
    };
    let values = fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = &f.ident;
        let wire = &f.wire;
        let value = if f.flatten {
            quote!(#slot)
        } else {
            match f.missing {
                Missing::Default => quote!(#slot.unwrap_or_default()),
                Missing::Error => quote! {
                    match #slot {
                        ::core::option::Option::Some(__value) => __value,
                        ::core::option::Option::None => {
                            return ::core::result::Result::Err(::serde::de::Error::missing_field(#wire));
                        }
                    }
                },
                Missing::AsSerde => quote! {
                    match #slot {
                        ::core::option::Option::Some(__value) => __value,
                        ::core::option::Option::None => ::apigen_runtime::de::missing::<_, __M::Error>(#wire)?,
                    }
                },
            }
        };
        quote!(#ident: #value,)
    });
    let expecting = format!("struct {name}");
    let name_str = name.to_string();
    let wires = fields.iter().filter(|f| !f.flatten).map(|f| &f.wire);
    // serde's derive asks for a map when a field is flattened, a struct otherwise; formats
    // that tell the two apart see the same request either way.
    let call = if flatten.is_some() {
        quote!(::serde::Deserializer::deserialize_map(
            __deserializer,
            __Visitor
        ))
    } else {
        quote!(::serde::Deserializer::deserialize_struct(__deserializer, #name_str, &[#(#wires),*], __Visitor))
    };
    quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        __f.write_str(#expecting)
                    }

                    fn visit_map<__M: ::serde::de::MapAccess<'de>>(self, mut __map: __M) -> ::core::result::Result<#name, __M::Error> {
                        #(#declarations)*
                        while let ::core::option::Option::Some(__key) = ::serde::de::MapAccess::next_key::<::apigen_runtime::de::Key<'de>>(&mut __map)? {
                            match __key.as_str() {
                                #(#arms)*
                                #other
                            }
                        }
                        ::core::result::Result::Ok(#name { #(#values)* })
                    }
                }
                #call
            }
        }
    }
}
