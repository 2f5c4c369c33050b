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
//! The wire shape comes from [`crate::wire`], shared with the `Serialize` derive, which refuses
//! any `#[serde(...)]` attribute neither implements.

use crate::wire::{Missing, Shape, WireField};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{DeriveInput, Ident, Type};

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    match crate::wire::read(input, "Deserialize")? {
        Shape::Struct { fields, closed } => Ok(expand(&input.ident, &fields, closed)),
        Shape::Enum {
            try_from: Some(ty), ..
        } => Ok(expand_try_from(&input.ident, &ty)),
        Shape::Enum {
            units: Ok(units), ..
        } => expand_units(&input.ident, &units),
        Shape::Enum { units: Err(at), .. } => Err(syn::Error::new(
            at,
            "`apigen_runtime::Deserialize` derives enums of unit variants (or with `try_from`); \
             use serde's derive for variants with data",
        )),
    }
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

fn expand(name: &Ident, fields: &[WireField], closed: bool) -> TokenStream {
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
    let wires: Vec<&String> = fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| &f.wire)
        .collect();
    let other = match flatten {
        Some((_, slot)) => quote! {
            _ => ::serde::de::MapAccess::next_value(&mut __map).map(|__value| {
                #slot.insert(__key.into_owned(), __value);
            }),
        },
        None if closed => quote! {
            _ => ::apigen_runtime::de::unknown(&mut __map, __key.as_str(), &[#(#wires),*]),
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

                    // Like everything else here, compiled where the value is decoded.
                    #[inline]
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

/// An enum read as another type and converted (`#[serde(try_from = "T")]`).
fn expand_try_from(name: &Ident, ty: &Type) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                let __value = <#ty as ::serde::Deserialize>::deserialize(__deserializer)?;
                <#name as ::core::convert::TryFrom<#ty>>::try_from(__value).map_err(::serde::de::Error::custom)
            }
        }
    }
}

/// An enum of unit variants, by wire name: the runtime finds the index of the variant.
fn expand_units(name: &Ident, units: &[(Ident, String)]) -> syn::Result<TokenStream> {
    let Some(((last, _), others)) = units.split_last() else {
        return Err(syn::Error::new(
            name.span(),
            "an enum without variants has no value to deserialize",
        ));
    };
    let others = others.iter().map(|(ident, _)| ident);
    let wires = units.iter().map(|(_, wire)| wire);
    let indices = (0..units.len() - 1).map(proc_macro2::Literal::usize_unsuffixed);
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
