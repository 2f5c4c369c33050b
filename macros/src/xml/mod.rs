//! `#[derive(XmlEncode, XmlDecode)]`: parse the `#[xml(...)]` attributes into a model (every
//! misuse a spanned error), then expand the model into the runtime's trait impls.

mod expand;
mod parse;

use proc_macro2::TokenStream;

pub fn derive_encode(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let model = parse::parse(input)?;
    Ok(expand::encode(&model))
}

pub fn derive_decode(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let model = parse::parse(input)?;
    Ok(expand::decode(&model))
}
