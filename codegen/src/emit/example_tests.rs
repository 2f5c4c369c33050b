//! Tests generated from the spec's own examples: each JSON example decodes into its generated
//! type and encodes back to the same JSON value.

use super::types::type_tokens;
use crate::ir::{Api, Example};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// Examples that can be checked through serde's JSON support (XML has its own codec).
fn testable(example: &Example) -> bool {
    example.ty.is_some() && !example.media_type.to_ascii_lowercase().contains("xml")
}

pub fn emit_example_tests(api: &Api) -> Option<TokenStream> {
    let tests: Vec<TokenStream> = api
        .examples
        .iter()
        .filter(|e| testable(e))
        .map(|example| {
            let name = format_ident!("{}", example.test_name);
            let mut ty = type_tokens(api, example.ty.as_ref().expect("testable"));
            if example.nullable {
                ty = quote!(Option<#ty>);
            }
            let text = Literal::string(&serde_json::to_string(&example.value).unwrap_or_default());
            let doc = format!(
                " `{}` {} `{}`, example `{}`.",
                example.operation,
                match &example.place {
                    crate::ir::ExamplePlace::Request => "request".to_owned(),
                    crate::ir::ExamplePlace::Response(status) =>
                        format!("response {}", status.label()),
                },
                example.media_type,
                example.name
            );
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    round_trip::<#ty>(#text);
                }
            }
        })
        .collect();
    if tests.is_empty() {
        return None;
    }
    Some(quote! {
        /// Every JSON example of the spec, decoded into its type and encoded back unchanged.
        #[cfg(test)]
        #[allow(unused_imports)]
        mod example_tests {
            use super::models::*;

            fn round_trip<T: ::serde::Serialize + ::serde::de::DeserializeOwned>(text: &str) {
                let expected: ::serde_json::Value = ::serde_json::from_str(text).expect("the example is JSON");
                let decoded: T = ::serde_json::from_value(expected.clone())
                    .unwrap_or_else(|e| panic!("the example does not decode: {e}"));
                let encoded = ::serde_json::to_value(&decoded).expect("the decoded value encodes");
                assert_eq!(encoded, expected, "the example changed in a round trip");
            }

            #(#tests)*
        }
    })
}
