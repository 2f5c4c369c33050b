//! `Serialize`: `serde::Serialize` for structs with named fields (an object) and for enums of
//! unit variants or with `#[serde(into = "...")]`, reading the attributes `Deserialize` reads
//! (see [`crate::wire`]).
//!
//! serde's derive writes, per optional field, a branch with two calls and two `?`s and a
//! separate count of the fields present, and per unit variant a call with the enum's name; on
//! a large spec's models that is a sizeable share of type and borrow checking. Here each field
//! is one call into the runtime (`apigen_runtime::ser::field`, told whether to skip), and a unit
//! enum is one call with the variant's index. The wire output is serde's: same calls into the
//! `Serializer`, same names, same lengths.

use crate::wire::{Shape, WireField};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::{DeriveInput, Ident, Type};

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let name = &input.ident;
    let body = match crate::wire::read(input, "Serialize")? {
        Shape::Struct { fields, .. } => expand_struct(name, &fields),
        Shape::Enum { into: Some(ty), .. } => expand_into(name, &ty),
        Shape::Enum {
            units: Ok(units), ..
        } => expand_units(name, &units),
        Shape::Enum { units: Err(at), .. } => {
            return Err(syn::Error::new(
                at,
                "`apigen_runtime::Serialize` derives enums of unit variants (or with `into`); \
                 use serde's derive for variants with data",
            ))
        }
    };
    Ok(quote! {
        #[automatically_derived]
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                #body
            }
        }
    })
}

fn expand_struct(name: &Ident, fields: &[WireField]) -> TokenStream {
    // Whether each field is left off: it decides both the length announced to the serializer
    // and the field's own call (serde's derive also asks twice).
    let skips: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let ident = &f.ident;
            match &f.skip_if {
                Some(path) => quote!(#path(&self.#ident)),
                None => quote!(false),
            }
        })
        .collect();
    let flattened = fields.iter().find(|f| f.flatten);
    let named: Vec<(&WireField, &TokenStream)> = fields
        .iter()
        .zip(&skips)
        .filter(|(f, _)| !f.flatten)
        .collect();
    // A struct's fields go to `SerializeStruct`, a map's entries (with a flattened field) to
    // `SerializeMap`.
    let call = if flattened.is_some() {
        quote!(entry)
    } else {
        quote!(field)
    };
    let calls = named.iter().map(|(f, skip)| {
        let ident = &f.ident;
        let wire = &f.wire;
        quote!(::apigen_runtime::ser::#call(&mut __state, #wire, &self.#ident, #skip)?;)
    });
    match flattened {
        // serde writes a struct with a flattened field as a map of unknown length.
        Some(flat) => {
            let ident = &flat.ident;
            quote! {
                let mut __state = ::serde::Serializer::serialize_map(__serializer, ::core::option::Option::None)?;
                #(#calls)*
                ::apigen_runtime::ser::flatten(&mut __state, &self.#ident)?;
                ::serde::ser::SerializeMap::end(__state)
            }
        }
        None => {
            let name = name.to_string();
            let always = named.iter().filter(|(f, _)| f.skip_if.is_none()).count();
            let always = Literal::usize_unsuffixed(always);
            let optional = named
                .iter()
                .filter(|(f, _)| f.skip_if.is_some())
                .map(|(_, skip)| quote!(+ usize::from(!#skip)));
            quote! {
                let mut __state = ::serde::Serializer::serialize_struct(__serializer, #name, #always #(#optional)*)?;
                #(#calls)*
                ::serde::ser::SerializeStruct::end(__state)
            }
        }
    }
}

/// An enum written as another type (`#[serde(into = "T")]`), as serde does: a clone converted.
fn expand_into(name: &Ident, ty: &Type) -> TokenStream {
    quote! {
        let __value: #ty = <#ty as ::core::convert::From<#name>>::from(::core::clone::Clone::clone(self));
        ::serde::Serialize::serialize(&__value, __serializer)
    }
}

/// A unit variant by its index and wire name.
fn expand_units(name: &Ident, units: &[(Ident, String)]) -> TokenStream {
    if units.is_empty() {
        // No value exists; serde's derive writes the same empty match.
        return quote!(match *self {});
    }
    let idents = units.iter().map(|(ident, _)| ident);
    let indices = (0..units.len()).map(|i| Literal::u32_unsuffixed(i as u32));
    let wires = units.iter().map(|(_, wire)| wire);
    let name_str = name.to_string();
    quote! {
        const VARIANTS: &[&str] = &[#(#wires),*];
        let __index: u32 = match self {
            #(#name::#idents => #indices,)*
        };
        ::apigen_runtime::ser::unit_variant(__serializer, #name_str, __index, VARIANTS)
    }
}
