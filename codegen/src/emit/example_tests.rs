//! Tests generated from the spec's own examples: each JSON example decodes into its generated
//! type and encodes back to the same JSON value.

use super::types::type_tokens;
use crate::ir::{is_xml_media, Api, Example, ExamplePlace};
use apigen_runtime::http::media::{codec, Codec};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// Examples that can be checked through serde's JSON support (XML has its own codec).
fn testable(example: &Example) -> bool {
    example.ty.is_some() && !is_xml_media(&example.media_type)
}

/// XML examples whose type can be a whole document (a struct: it has a root element).
fn xml_testable(api: &Api, example: &Example) -> bool {
    is_xml_media(&example.media_type)
        && example.value.is_string()
        && example
            .ty
            .as_ref()
            .is_some_and(|ty| api.is_xml_document(ty))
}

fn describe(example: &Example) -> String {
    format!(
        " `{}` {} `{}`, example `{}`.",
        example.operation,
        match &example.place {
            ExamplePlace::Request => "request".to_owned(),
            ExamplePlace::Response(status) => format!("response {}", status.label()),
        },
        example.media_type,
        example.name
    )
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
            // Form bodies carry text, so their examples are read as the server reads a form.
            let check = match codec(&example.media_type) {
                Codec::Form | Codec::Multipart => quote!(form_round_trip),
                _ => quote!(json_round_trip),
            };
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    ::apigen_runtime::testing::#check::<#ty>(#text);
                }
            }
        })
        .collect();
    let mut tests = tests;
    for example in api.examples.iter().filter(|e| xml_testable(api, e)) {
        let ty = type_tokens(api, example.ty.as_ref().expect("xml testable"));
        let text = Literal::string(example.value.as_str().unwrap_or_default());
        let name = format_ident!("{}", example.test_name);
        let doc = describe(example);
        tests.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                ::apigen_runtime::testing::xml_round_trip::<#ty>(#text);
            }
        });
        // The same example in JSON describes the same value.
        let twin = api.examples.iter().find(|j| {
            testable(j)
                && j.operation == example.operation
                && j.place == example.place
                && j.name == example.name
                && j.ty == example.ty
        });
        if let Some(json) = twin {
            let name = format_ident!("{}_agrees_with_json", example.test_name);
            let json_text =
                Literal::string(&serde_json::to_string(&json.value).unwrap_or_default());
            let doc = format!(
                "{} The JSON and XML forms decode to the same value.",
                describe(example)
            );
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    ::apigen_runtime::testing::json_and_xml_agree::<#ty>(#json_text, #text);
                }
            });
        }
    }
    if tests.is_empty() {
        return None;
    }

    Some(quote! {
        /// Every example of the spec, decoded into its type, checked against the spec's
        /// constraints and encoded back unchanged (JSON exactly, XML canonically), and JSON and
        /// XML forms of one example decoding equal.
        #[cfg(test)]
        #[allow(unused_imports)]
        mod example_tests {
            use super::models::*;

            #(#tests)*
        }
    })
}
