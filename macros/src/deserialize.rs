//! `Deserialize`: `serde::Deserialize` for structs with named fields (from a map only) and for
//! enums of unit variants (strings on the wire) or with `#[serde(try_from = "...")]`.
//!
//! serde's own derive is correct but generous: for every struct it also writes a sequence
//! visitor, a field-identifier enum with three visitors and its own `Deserialize` impl, and
//! every enum gets a field enum and two visitors of its own. On the models of a large spec that
//! is most of the expanded code and of the crate's build time. This derive writes, per struct,
//! one visitor with one `visit_map` whose arms each call one runtime function
//! (`apigen_runtime::de::field`); per unit enum, one `deserialize` that asks the runtime for the
//! index of the variant (`apigen_runtime::de::unit_variant`, shared by every enum).
//!
//! It reads the `#[serde(...)]` attributes serde's `Serialize` derive also reads, and refuses any
//! it does not implement, so that the two derives never disagree about the wire. Fields:
//! `rename = "x"`, `default`, `skip_serializing_if = "..."` (a `Serialize` concern),
//! `deserialize_with = "::serde::Deserialize::deserialize"` (a missing field is an error even for
//! an `Option`) and `flatten` on a map (the properties no field takes). Variants: `rename`.
//! Enums: `try_from = "T"` (with `into`, a `Serialize` concern).

use crate::serde_attr::string;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Data, DataEnum, DeriveInput, Fields, Ident, Meta, Token, Type};

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
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "`apigen_runtime::Deserialize` does not derive for generic types",
        ));
    }
    let data = match &input.data {
        Data::Struct(data) => data,
        Data::Enum(data) => return derive_enum(input, data),
        Data::Union(_) => {
            return Err(syn::Error::new(
                input.ident.span(),
                "`apigen_runtime::Deserialize` derives structs with named fields and enums",
            ))
        }
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`apigen_runtime::Deserialize` needs named fields",
        ));
    };
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

/// Whether a type is written as `Option<..>`: absent and `null` are then both `None`, which
/// the expansion writes as `Option::flatten` instead of asking the runtime at run time. Any
/// other spelling (an alias) still gets serde's rule, through `apigen_runtime::de::take`.
fn is_option(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let one_argument = path.path.segments.last().is_some_and(|last| {
        matches!(&last.arguments, syn::PathArguments::AngleBracketed(args) if args.args.len() == 1)
    });
    path.qself.is_none()
        && one_argument
        && matches!(
            segments
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ["Option"] | ["core" | "std", "option", "Option"]
        )
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
    // Each arm is one call that returns the map's `Result`, so that the whole `match` needs one
    // `?`: type checking and borrow checking cost grows with the code per field.
    let arms = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| !f.flatten)
        .map(|(f, slot)| {
            let wire = &f.wire;
            quote!(#wire => ::apigen_runtime::de::field(&mut __map, &mut #slot, #wire),)
        });
    let flatten = fields.iter().zip(&slots).find(|(f, _)| f.flatten);
    let other = match flatten {
        Some((_, slot)) => quote! {
            _ => ::serde::de::MapAccess::next_value(&mut __map).map(|__value| {
                #slot.insert(__key.into_owned(), __value);
            }),
        },
        None => quote!(_ => ::apigen_runtime::de::skip(&mut __map),),
    };
    let values = fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = &f.ident;
        let wire = &f.wire;
        let value = match f.missing {
            _ if f.flatten => quote!(#slot),
            Missing::Default => quote!(#slot.unwrap_or_default()),
            Missing::Error => quote!(::apigen_runtime::de::require(&__map, #slot, #wire)?),
            Missing::AsSerde if is_option(&f.ty) => quote!(#slot.flatten()),
            Missing::AsSerde => quote!(::apigen_runtime::de::take(&__map, #slot, #wire)?),
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
                            }?;
                        }
                        ::core::result::Result::Ok(#name { #(#values)* })
                    }
                }
                #call
            }
        }
    }
}

/// An enum: unit variants named by strings, or a conversion from another type.
fn derive_enum(input: &DeriveInput, data: &DataEnum) -> syn::Result<TokenStream> {
    let name = &input.ident;
    let mut try_from = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        for meta in metas {
            match &meta {
                Meta::NameValue(nv) if meta.path().is_ident("try_from") => {
                    let ty = string(&nv.value)
                        .ok_or_else(|| syn::Error::new(nv.value.span(), "expected a type in a string"))?;
                    try_from = Some(ty.parse::<Type>()?);
                }
                // serde's `Serialize` concern.
                Meta::NameValue(_) if meta.path().is_ident("into") => {}
                _ => {
                    return Err(syn::Error::new(
                        meta.span(),
                        "`apigen_runtime::Deserialize` supports `try_from = \"..\"` (and `into`) on enums; \
                         derive serde's `Deserialize` for anything else",
                    ))
                }
            }
        }
    }
    if let Some(ty) = try_from {
        return Ok(quote! {
            #[automatically_derived]
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    let __value = <#ty as ::serde::Deserialize>::deserialize(__deserializer)?;
                    <#name as ::core::convert::TryFrom<#ty>>::try_from(__value).map_err(::serde::de::Error::custom)
                }
            }
        });
    }
    let mut idents = Vec::new();
    let mut wires = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new(
                variant.fields.span(),
                "`apigen_runtime::Deserialize` derives enums of unit variants; use serde's derive for variants with data",
            ));
        }
        let mut wire = variant
            .ident
            .to_string()
            .trim_start_matches("r#")
            .to_owned();
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
            for meta in metas {
                match &meta {
                    Meta::NameValue(nv) if meta.path().is_ident("rename") => {
                        wire = string(&nv.value)
                            .ok_or_else(|| syn::Error::new(nv.value.span(), "expected a string"))?
                            .value();
                    }
                    _ => return Err(syn::Error::new(
                        meta.span(),
                        "`apigen_runtime::Deserialize` supports `rename = \"..\"` on variants; \
                             derive serde's `Deserialize` for anything else",
                    )),
                }
            }
        }
        idents.push(&variant.ident);
        wires.push(wire);
    }
    let Some((last, others)) = idents.split_last() else {
        return Err(syn::Error::new(
            name.span(),
            "an enum without variants has no value to deserialize",
        ));
    };
    let indices = (0..others.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let name_str = name.to_string();
    Ok(quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                const VARIANTS: &[&str] = &[#(#wires),*];
                ::core::result::Result::Ok(match ::apigen_runtime::de::unit_variant(__deserializer, #name_str, VARIANTS)? {
                    #(#indices => #name::#others,)*
                    _ => #name::#last,
                })
            }
        }
    })
}
