//! The `operations` module: per operation, the parameters struct, the request body enum (when
//! media types carry different schemas) and the response enum. Servers receive and return
//! these types, clients send and receive them, so both sides speak the same vocabulary.

use super::docs::doc_attrs;
use super::types::{ident, model_tokens};
use crate::ir::{Api, BodyShape, Docs, Operation, Parameter, Response, Status, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_operations(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let params = emit_params(api, op);
        let body = emit_body_enum(api, op);
        let response = emit_response_enum(api, op);
        let mut emitted = std::collections::BTreeSet::new();
        let headers: Vec<TokenStream> = op
            .responses
            .iter()
            .filter(|r| op.headers_type(r).is_some_and(|name| emitted.insert(name)))
            .map(|r| emit_headers_struct(api, op, r))
            .collect();
        quote!(#params #body #response #(#headers)*)
    });
    quote!(#(#items)*)
}

/// The type a parameter has in its struct: `Option` unless required.
pub fn param_type(api: &Api, p: &Parameter) -> TokenStream {
    let ty = model_tokens(api, &p.ty);
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn emit_params(api: &Api, op: &Operation) -> TokenStream {
    let Some(name) = op.params_type() else {
        return TokenStream::new();
    };
    let name = ident(&name);
    let fields = op.parameters.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(api, p);
        // Read by the `Validate` derive (its helper attribute), so that a violation points at
        // the parameter's wire name.
        let rename = (p.name.trim_start_matches("r#") != p.wire).then(|| {
            let wire = &p.wire;
            quote!(#[serde(rename = #wire)])
        });
        let validate = super::models::validate_attr(api, &p.ty, &p.constraints);
        let mut docs = p.docs.clone();
        docs.notes.push(format!(
            "`{}` in the {}{}.",
            p.wire,
            p.location.as_str(),
            if p.required { ", required" } else { "" }
        ));
        let docs = doc_attrs(&docs);
        quote!(#docs #rename #validate pub #field: #ty,)
    });
    let docs = doc_attrs(&Docs {
        title: Some(format!(
            "Parameters of `{}` ({} {}).",
            op.operation_id.as_deref().unwrap_or(&op.name),
            op.method,
            op.path
        )),
        ..Docs::default()
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::apigen_runtime::Validate)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The type of the request body argument, as seen from a sibling module.
pub fn body_type(api: &Api, op: &Operation) -> Option<TokenStream> {
    let shape = op.body_shape()?;
    let ty = match shape {
        BodyShape::Single { ty, .. } => model_tokens(api, &ty),
        BodyShape::Variants { name, .. } => {
            let name = ident(&name);
            quote!(operations::#name)
        }
    };
    let required = op.request.as_ref().is_some_and(|r| r.required);
    Some(if required { ty } else { quote!(Option<#ty>) })
}

fn emit_body_enum(api: &Api, op: &Operation) -> TokenStream {
    let Some(BodyShape::Variants { name, variants }) = op.body_shape() else {
        return TokenStream::new();
    };
    let name = ident(&name);
    let variants = variants.iter().map(|(variant, content)| {
        let variant = ident(variant);
        let ty = model_tokens(api, content.ty.as_ref().unwrap_or(&TypeRef::Any));
        let doc = format!(" Sent as `{}`.", content.media_type);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let doc = format!(
        " The request body of `{}`, one variant per media type.",
        op.operation_id.as_deref().unwrap_or(&op.name)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The payload of a response variant, if it has a body.
pub fn response_body(api: &Api, response: &Response) -> Option<TokenStream> {
    response.body().map(|ty| model_tokens(api, ty))
}

fn emit_response_enum(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.response_type());
    let variants = op.responses.iter().map(|response| {
        let variant = ident(&response.variant());
        let mut docs = response.docs.clone();
        let status = match response.status {
            Status::Code(code) => format!("Status {code}"),
            Status::Range(class) => format!("Any {class}XX status (the variant carries it)"),
            Status::Default => "Any other status (the variant carries it)".to_owned(),
        };
        let media = response.media_types();
        docs.notes.push(if media.is_empty() {
            format!("{status}, no body.")
        } else {
            format!("{status}, body as {}.", media.join(" or "))
        });
        if let Some(headers) = op.headers_type(response) {
            docs.notes.push(format!("Its headers are [`{headers}`]."));
        }
        let docs = doc_attrs(&docs);
        let payload = variant_payload(
            response,
            quote!(u16),
            response_body(api, response).unwrap_or_default(),
            op.headers_type(response)
                .map(|name| {
                    let name = ident(&name);
                    quote!(#name)
                })
                .unwrap_or_default(),
        );
        quote!(#docs #variant #payload,)
    });
    let doc = format!(
        " The documented responses of `{}`.",
        op.operation_id.as_deref().unwrap_or(&op.name)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// What a response variant carries, in order: the status (for ranges and `default`), the body
/// (when it has one), the headers (when it declares any); nothing for a bare status. The
/// server matches and the client builds variants with this, so both agree on the order.
pub fn variant_payload(
    response: &Response,
    status: TokenStream,
    body: TokenStream,
    headers: TokenStream,
) -> TokenStream {
    let mut values = Vec::new();
    if response.has_dynamic_status() {
        values.push(status);
    }
    if response.body().is_some() {
        values.push(body);
    }
    if !response.headers.is_empty() {
        values.push(headers);
    }
    if values.is_empty() {
        TokenStream::new()
    } else {
        quote!((#(#values),*))
    }
}

/// The documented headers of one response, as a struct: required ones as values, the others
/// as `Option`s.
fn emit_headers_struct(api: &Api, op: &Operation, response: &Response) -> TokenStream {
    let Some(name) = op.headers_type(response) else {
        return TokenStream::new();
    };
    let name = ident(&name);
    let fields = response.headers.iter().map(|h| {
        let field = ident(&h.name);
        let ty = model_tokens(api, &h.ty);
        let ty = if h.required { ty } else { quote!(Option<#ty>) };
        let mut docs = h.docs.clone();
        docs.notes.push(format!(
            "The `{}` header{}.",
            h.wire,
            if h.required { ", required" } else { "" }
        ));
        let docs = doc_attrs(&docs);
        quote!(#docs pub #field: #ty,)
    });
    let default = response
        .headers
        .iter()
        .all(|h| !h.required)
        .then(|| quote!(Default,));
    let operation = op.operation_id.as_deref().unwrap_or(&op.name);
    let doc = if name == format!("{}Headers", op.type_name) {
        format!(" The headers of the responses of `{operation}`.")
    } else {
        format!(
            " The headers of the `{}` response of `{operation}`.",
            response.variant()
        )
    };
    let reads = response.headers.iter().map(|h| {
        let field = ident(&h.name);
        let wire = &h.wire;
        let shape = super::types::shape_variant(api, &h.ty);
        let read = if h.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(#field: headers.#read(#wire, ::apigen_runtime::http::Shape::#shape)?,)
    });
    let writes = response.headers.iter().map(|h| {
        let field = ident(&h.name);
        let wire = &h.wire;
        quote!(headers.put(#wire, &self.#field);)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl ::apigen_runtime::http::ResponseHeaders for #name {
            fn read(headers: &::apigen_runtime::http::HeaderReader) -> Result<Self, String> {
                Ok(#name { #(#reads)* })
            }
            fn write(&self, headers: &mut ::apigen_runtime::http::HeaderWriter) {
                #(#writes)*
            }
        }
    }
}
