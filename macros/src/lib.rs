//! Derive macros for apigen models, implementing the traits of `apigen-runtime`.
//!
//! - `XmlEncode` / `XmlDecode`: XML that follows the OpenAPI `xml` object (element and
//!   attribute names, wrapped arrays, namespaces and prefixes), which serde cannot express.
//! - `Serialize` / `Deserialize`: serde's traits for model structs (objects) and unit enums, in
//!   a fraction of the code serde's derives write (build time of large generated crates); both
//!   read the wire shape from the same `#[serde(...)]` attributes (`wire`).
//! - `Validate`: the OpenAPI constraints of a schema, checked on a typed value, reporting every
//!   violation with a JSON pointer.
//!
//! Each derive is split into parse (attributes into a model, every misuse a spanned error),
//! and expand (the model into an impl).

use proc_macro::TokenStream;

mod deserialize;
mod serde_attr;
mod serialize;
mod validate;
mod wire;
mod xml;

/// Derives `apigen_runtime::xml::XmlEncode`.
#[proc_macro_derive(XmlEncode, attributes(xml))]
pub fn derive_xml_encode(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    xml::derive_encode(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `apigen_runtime::xml::XmlDecode`.
#[proc_macro_derive(XmlDecode, attributes(xml))]
pub fn derive_xml_decode(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    xml::derive_decode(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `serde::Serialize` for a struct with named fields or a unit enum, as serde's derive
/// writes them, in less code (see `serialize.rs`).
#[proc_macro_derive(Serialize, attributes(serde))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    serialize::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `serde::Deserialize` for a struct with named fields (as a map) or a unit enum; far
/// less code than serde's derive, for the models of large specs (see `deserialize.rs`).
///
/// `#[apigen(closed)]` on a struct (`additionalProperties: false`): inside
/// `apigen_runtime::de::strictly` an undeclared property is an error, elsewhere it is skipped.
#[proc_macro_derive(Deserialize, attributes(serde, apigen))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    deserialize::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `apigen_runtime::validate::Validate`.
///
/// Reads `#[serde(rename = "...", flatten, ...)]` for the wire names its pointers use, and
/// declares `serde` as its own helper attribute, so that a type that is only validated (the
/// generated parameter structs) can still name its fields as the wire does.
#[proc_macro_derive(Validate, attributes(validate, serde))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    validate::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
