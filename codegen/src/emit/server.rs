//! The `server` module: a trait with one async method per operation, and a function that
//! builds an `axum::Router` from any implementation. Each operation becomes data for the
//! runtime's router (template, security alternatives, produced media types) and one plain
//! function that reads its parameters and body the way the spec says and starts the trait
//! method; the asynchronous pipeline around it is `apigen_runtime::server`'s, written once,
//! so that the generated code holds no future types to type-check.

use super::docs::doc_attrs;
use super::operations::body_type;
use super::types::{ident, model_tokens, shape_tokens, style_tokens};
use crate::ir::{
    path_parts, route_shape, Api, BodyShape, Content, Operation, ParamLocation, PathPart, Response,
    SchemeKind, SecurityScheme, Status, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub fn emit_server(api: &Api) -> TokenStream {
    let secured = api
        .operations
        .iter()
        .any(|op| !api.security_of(op).is_empty());
    let methods = api.operations.iter().map(|op| trait_method(api, op));
    let authenticate = secured.then(|| {
        quote! {
            /// Whether a credential found in a request is valid. Called for each security
            /// scheme of the operation's requirement; a request none of whose alternatives
            /// passes is rejected with 401 before any handler runs.
            fn authenticate(&self, credential: &rt::Credential) -> impl ::std::future::Future<Output = bool> + Send;
        }
    });
    let forward_authenticate = secured.then(|| {
        quote! {
            fn authenticate<'a>(&'a self, credential: &'a rt::Credential) -> rt::BoxFuture<'a, bool> {
                Box::pin(self.0.authenticate(credential))
            }
        }
    });
    let routed: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| method_const(&op.method).is_some())
        .collect();
    let requirements = Requirements::of(api, &routed);
    let security_consts = requirements.consts();
    let endpoints = routed.iter().map(|op| endpoint(api, op, &requirements));
    let handlers = routed.iter().map(|op| handler(api, op));
    let title = format!(
        " The operations of {}, implemented by the service.",
        api.title
    );
    quote! {
        /// The axum side: implement [`Api`] and serve [`router`].
        // Methods are named by operationId, so `new`, `into_x` or `next` are the spec's
        // choice, not a convention broken.
        #[allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_lines, clippy::wrong_self_convention, clippy::should_implement_trait, unused_mut, rustdoc::all)]
        pub mod server {
            #[allow(unused_imports)]
            use super::{models, operations};
            use ::apigen_runtime::server as rt;
            use ::std::sync::Arc;

            #[doc = #title]
            ///
            /// The generated router has already extracted and checked parameters, credentials
            /// and the body when a method is called; what it returns is written in the media
            /// type the caller accepts. A method returns `Err` only for what the spec documents
            /// no response for (answered 500 through [`Api::reject`]); any error converts with `?`.
            pub trait Api: Send + Sync + 'static {
                #(#methods)*
                #authenticate

                /// The response to a request refused before its handler ran (bad parameter or
                /// body, missing credentials, unsupported media type). Override it to answer
                /// with the API's own error body.
                fn reject(&self, rejection: rt::Rejection) -> rt::Response {
                    rejection.default_response()
                }

                /// Body size and nesting bounds.
                fn limits(&self) -> rt::Limits {
                    rt::Limits::default()
                }
            }

            /// A router serving every operation at its path under the spec's base path.
            pub fn router<A: Api>(api: Arc<A>) -> rt::axum::Router {
                rt::router(Served(api), [#(#endpoints),*])
            }

            /// An [`Api`] as the runtime's request pipeline sees it.
            struct Served<A>(Arc<A>);

            impl<A: Api> rt::Service for Served<A> {
                fn reject(&self, rejection: rt::Rejection) -> rt::Response {
                    self.0.reject(rejection)
                }

                fn limits(&self) -> rt::Limits {
                    self.0.limits()
                }

                #forward_authenticate
            }

            #(#security_consts)*

            #(#handlers)*
        }
    }
}

fn trait_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let params = op.params_type().map(|p| {
        let p = ident(&p);
        quote!(params: operations::#p,)
    });
    let body = body_type(api, op).map(|ty| quote!(body: #ty,));
    let response = ident(&op.response_type());
    let mut docs = op.docs.clone();
    docs.notes.push(format!("`{} {}`", op.method, op.path));
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        fn #name(&self, #params #body) -> impl ::std::future::Future<Output = Result<operations::#response, rt::Failure>> + Send;
    }
}

/// The `http::Method` constant of a method axum routes; `None` for extension methods.
fn method_const(method: &str) -> Option<TokenStream> {
    let name = match method {
        "GET" => quote!(GET),
        "POST" => quote!(POST),
        "PUT" => quote!(PUT),
        "PATCH" => quote!(PATCH),
        "DELETE" => quote!(DELETE),
        "HEAD" => quote!(HEAD),
        "OPTIONS" => quote!(OPTIONS),
        "TRACE" => quote!(TRACE),
        _ => return None,
    };
    Some(quote!(rt::Method::#name))
}

fn handle_ident(op: &Operation) -> proc_macro2::Ident {
    // An operation named from an id that starts with a digit is `_5476…`: `handle__5476…`
    // would break the snake-case lint that generated code must pass.
    format_ident!(
        "handle_{}",
        op.name.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// The operation as data for the runtime's router: where it is, what it needs, what it
/// answers with, and the function that reads its input.
fn endpoint(api: &Api, op: &Operation, requirements: &Requirements) -> TokenStream {
    let operation = op.operation_id.clone().unwrap_or_else(|| op.name.clone());
    let method = method_const(&op.method);
    let route = route_shape(&api.http.base_path, &op.path);
    let template = template_tokens(api, op);
    let security = requirements.name_of(api, op);
    let produces = produced_media(api, op);
    let handle = handle_ident(op);
    quote! {
        rt::Endpoint {
            operation: #operation,
            method: #method,
            route: #route,
            template: #template,
            security: #security,
            produces: &[#(#produces),*],
            handle: #handle::<A>,
        }
    }
}

/// `&[rt::Part::Literal("/api/contact_bases/"), rt::Part::Param("id"), …]`.
fn template_tokens(api: &Api, op: &Operation) -> TokenStream {
    let full = format!("{}{}", api.http.base_path, op.path);
    let parts = path_parts(&full).into_iter().map(|part| match part {
        PathPart::Literal(text) => quote!(rt::Part::Literal(#text)),
        PathPart::Param(name) => quote!(rt::Part::Param(#name)),
    });
    quote!(&[#(#parts),*])
}

/// Reads parameters and body, then starts the trait method; the closure writes its result.
fn handler(api: &Api, op: &Operation) -> TokenStream {
    let handle = handle_ident(op);
    let params = params_extraction(api, op);
    let body = body_extraction(api, op);
    let method = ident(&op.name);
    let args = [
        op.params_type().map(|_| quote!(params)),
        op.body_shape().map(|_| quote!(body)),
    ]
    .into_iter()
    .flatten();
    let response_type = ident(&op.response_type());
    let negotiates = op.responses.iter().any(|r| encoders(api, r).len() > 1);
    let incoming_in_encode = if negotiates {
        quote!(incoming)
    } else {
        quote!(_incoming)
    };
    let arms = op
        .responses
        .iter()
        .map(|r| response_arm(api, &response_type, r));
    quote! {
        fn #handle<'a, A: Api>(api: &'a Served<A>, incoming: &'a rt::Incoming) -> rt::Handled<'a> {
            #params
            #body
            rt::respond(incoming, api.0.#method(#(#args),*), |#incoming_in_encode, response| match response {
                #(#arms)*
            })
        }
    }
}

/// The distinct security requirements of the routed operations, in order of first use. Most
/// operations of an API share one or two, so each becomes a `const` that endpoints name
/// instead of spelling the schemes out again.
struct Requirements<'a> {
    distinct: Vec<Vec<Vec<&'a SecurityScheme>>>,
}

/// Requirements are the same when they name the same schemes in the same order (scheme keys
/// are unique in a spec).
fn same(a: &[Vec<&SecurityScheme>], b: &[Vec<&SecurityScheme>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(s, t)| s.key == t.key))
}

impl<'a> Requirements<'a> {
    fn of(api: &'a Api, ops: &[&'a Operation]) -> Self {
        let mut distinct: Vec<Vec<Vec<&SecurityScheme>>> = Vec::new();
        for op in ops {
            let requirement = api.security_of(op);
            if !requirement.is_empty() && !distinct.iter().any(|r| same(r, &requirement)) {
                distinct.push(requirement);
            }
        }
        Requirements { distinct }
    }

    fn const_name(index: usize) -> proc_macro2::Ident {
        format_ident!("SECURITY_{}", index + 1)
    }

    /// `SECURITY_n` for the operation's requirement, `&[]` when it needs no credentials.
    fn name_of(&self, api: &Api, op: &Operation) -> TokenStream {
        let requirement = api.security_of(op);
        match self.distinct.iter().position(|r| same(r, &requirement)) {
            Some(index) => {
                let name = Self::const_name(index);
                quote!(#name)
            }
            None => quote!(&[]),
        }
    }

    fn consts(&self) -> Vec<TokenStream> {
        self.distinct
            .iter()
            .enumerate()
            .map(|(index, requirement)| {
                let name = Self::const_name(index);
                let doc = format!(
                    " Security requirement: {}.",
                    requirement
                        .iter()
                        .map(|schemes| {
                            let keys: Vec<String> =
                                schemes.iter().map(|s| format!("`{}`", s.key)).collect();
                            keys.join(" and ")
                        })
                        .collect::<Vec<_>>()
                        .join(", or ")
                );
                let alternatives = requirement.iter().map(|schemes| {
                    let schemes = schemes.iter().map(|scheme| {
                        let key = &scheme.key;
                        let kind = credential_kind(scheme);
                        quote!(rt::Scheme { key: #key, kind: #kind })
                    });
                    quote!(&[#(#schemes),*])
                });
                quote! {
                    #[doc = #doc]
                    const #name: &[&[rt::Scheme]] = &[#(#alternatives),*];
                }
            })
            .collect()
    }
}

fn credential_kind(scheme: &SecurityScheme) -> TokenStream {
    match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let location = location_tokens(*location);
            quote!(rt::CredentialKind::ApiKey { location: #location, name: #name })
        }
        SchemeKind::Bearer => quote!(rt::CredentialKind::Bearer),
        SchemeKind::Basic => quote!(rt::CredentialKind::Basic),
    }
}

fn location_tokens(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(rt::Location::Path),
        ParamLocation::Query => quote!(rt::Location::Query),
        ParamLocation::Header => quote!(rt::Location::Header),
        ParamLocation::Cookie => quote!(rt::Location::Cookie),
    }
}

/// The media types of the success responses, which the caller's `Accept` must allow.
fn produced_media(api: &Api, op: &Operation) -> Vec<String> {
    let mut offered: Vec<String> = Vec::new();
    for response in op.responses.iter().filter(|r| r.status.is_success()) {
        for (media, _) in encoders(api, response) {
            if !offered.contains(&media) {
                offered.push(media);
            }
        }
    }
    offered
}

fn params_extraction(api: &Api, op: &Operation) -> TokenStream {
    let Some(params_type) = op.params_type() else {
        return TokenStream::new();
    };
    let params_type = ident(&params_type);
    let fields = op.parameters.iter().map(|p| {
        let field = ident(&p.name);
        let wire = &p.wire;
        let (style, explode) = p.style_and_explode();
        let style = style_tokens(style);
        let shape = shape_tokens(api, &p.ty);
        let args = quote!(#wire, #style, #explode, #shape);
        let value = match p.location {
            ParamLocation::Path => quote!(incoming.path(#args)?),
            other => {
                let getter = match other {
                    ParamLocation::Query => quote!(query),
                    ParamLocation::Header => quote!(header),
                    _ => quote!(cookie),
                };
                if p.required {
                    let location = location_tokens(other);
                    quote!(incoming.required(incoming.#getter(#args)?, #wire, #location)?)
                } else {
                    quote!(incoming.#getter(#args)?)
                }
            }
        };
        quote!(#field: #value,)
    });
    let locations = op.parameters.iter().map(|p| {
        let wire = &p.wire;
        let location = p.location.as_str();
        quote!((#wire, #location))
    });
    quote! {
        let params = operations::#params_type { #(#fields)* };
        rt::check_params(incoming, &params, &[#(#locations),*])?;
    }
}

/// How a body of type `ty` is read from `content`; `None` when it cannot be.
fn decoder(api: &Api, ty: &TypeRef, content: &Content) -> Option<TokenStream> {
    use apigen_media::Codec;
    Some(match apigen_media::codec(&content.media_type) {
        Codec::Json => quote!(incoming.json()?),
        Codec::Xml if api.is_xml_document(ty) => quote!(incoming.xml()?),
        Codec::Xml if api.is_xml_text(ty) => quote!(incoming.text()?),
        Codec::Xml => return None,
        Codec::Form | Codec::Multipart => match ty {
            TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Any => quote!(incoming.form()?),
            _ => return None,
        },
        Codec::Text | Codec::Bytes => match ty {
            TypeRef::String => quote!(incoming.text()?),
            TypeRef::Binary => quote!(::apigen_runtime::Binary(incoming.bytes())),
            _ => quote!(incoming.json()?),
        },
    })
}

fn body_extraction(api: &Api, op: &Operation) -> TokenStream {
    let Some(shape) = op.body_shape() else {
        return TokenStream::new();
    };
    let required = op.request.as_ref().is_some_and(|r| r.required);
    let mut medias = Vec::new();
    let mut arms = Vec::new();
    match &shape {
        BodyShape::Single { ty, contents } => {
            for content in contents {
                if let Some(decode) = decoder(api, ty, content) {
                    let index = Literal::usize_unsuffixed(medias.len());
                    medias.push(content.media_type.clone());
                    arms.push(quote!(#index => #decode,));
                }
            }
        }
        BodyShape::Variants { name, variants } => {
            let name = ident(name);
            for (variant, content) in variants {
                let ty = content.ty.clone().unwrap_or(TypeRef::Any);
                if let Some(decode) = decoder(api, &ty, content) {
                    let index = Literal::usize_unsuffixed(medias.len());
                    let variant = ident(variant);
                    medias.push(content.media_type.clone());
                    arms.push(quote!(#index => operations::#name::#variant(#decode),));
                }
            }
        }
    }
    let ty = body_type(api, op).expect("an operation with a body shape has a body type");
    let whole = whole_body_checks(api, &shape, required);
    let decode = if arms.is_empty() {
        // No declared media type can be read into the body's type: a match without arms
        // would be unreachable code, and a body without `Content-Type` would reach it.
        let declared = match &shape {
            BodyShape::Single { contents, .. } => {
                contents.iter().map(|c| c.media_type.as_str()).collect()
            }
            BodyShape::Variants { variants, .. } => variants
                .iter()
                .map(|(_, c)| c.media_type.as_str())
                .collect::<Vec<_>>(),
        };
        quote!(incoming.unreadable_body(&[#(#declared),*])?)
    } else {
        quote! {
            match incoming.body_media(&[#(#medias),*])? {
                #(#arms)*
                _ => unreachable!("body_media returns an index into the list"),
            }
        }
    };
    if required {
        quote! {
            if !incoming.has_body() {
                return Err(incoming.missing_body());
            }
            let body: #ty = #decode;
            #whole
        }
    } else {
        quote! {
            let body: #ty = if incoming.has_body() { Some(#decode) } else { None };
            #whole
        }
    }
}

/// The constraints of a body whose type cannot carry them: an alias or an inline array,
/// string, number or map (`maxItems: 100` on a list, `maxLength` on a text body). A struct
/// checks its own; for the rest, a one-field wrapper derives `Validate` with the constraints
/// a struct field of that type would have, so the derive stays the one place that turns
/// constraints into checks.
fn whole_body_checks(api: &Api, shape: &BodyShape<'_>, required: bool) -> TokenStream {
    let BodyShape::Single { ty, contents } = shape else {
        return TokenStream::new();
    };
    let Some(c) = contents.first().map(|c| &c.constraints) else {
        return TokenStream::new();
    };
    let Some(rules) = super::models::validate_attr(api, ty, c) else {
        return TokenStream::new();
    };
    let inner = model_tokens(api, ty);
    let check = quote!(incoming.checked(Whole(body))?.0);
    let rebind = if required {
        quote!(let body = #check;)
    } else {
        quote!(let body = match body { Some(body) => Some(#check), None => None };)
    };
    // Decoding validated the body's type already; the wrapper adds only its own constraints.
    quote! {
        #[derive(::apigen_runtime::Validate)]
        struct Whole(#rules #[validate(skip_nested)] #inner);
        #rebind
    }
}

/// The media types a response body can be written as, with the call that writes it.
fn encoders(api: &Api, response: &Response) -> Vec<(String, TokenStream)> {
    use apigen_media::Codec;
    let Some(ty) = response.body() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for media in response.media_types() {
        let encode = match apigen_media::codec(media) {
            Codec::Xml if api.is_xml_document(ty) => quote!(rt::xml(status, #media, &body)),
            Codec::Xml if api.is_xml_text(ty) => quote!(rt::text(status, #media, &body)),
            // The document the client writes for such a body: an element around it.
            Codec::Xml => {
                let document = super::types::xml_document(api, ty, &quote!(&body));
                quote!(rt::text(status, #media, &#document))
            }
            Codec::Text | Codec::Bytes if *ty == TypeRef::String => {
                quote!(rt::text(status, #media, &body))
            }
            Codec::Bytes if *ty == TypeRef::Binary => quote!(rt::bytes(status, #media, &body.0)),
            _ => quote!(rt::json(status, #media, &body)),
        };
        out.push((media.to_owned(), encode));
    }
    out
}

fn response_arm(api: &Api, response_type: &proc_macro2::Ident, response: &Response) -> TokenStream {
    let variant = ident(&response.variant());
    let encoders = encoders(api, response);
    let status = match response.status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(rt::status(#code))
        }
        _ => quote!(rt::status(code)),
    };
    let write = if encoders.is_empty() {
        quote!(rt::empty(status))
    } else if encoders.len() == 1 {
        encoders[0].1.clone()
    } else {
        let medias = encoders.iter().map(|(m, _)| m.as_str());
        let arms = encoders.iter().enumerate().skip(1).map(|(i, (_, encode))| {
            let i = Literal::usize_unsuffixed(i);
            quote!(Some(#i) => #encode,)
        });
        let first = &encoders[0].1;
        quote! {
            match rt::negotiate(incoming.accept(), &[#(#medias),*]) {
                #(#arms)*
                _ => #first,
            }
        }
    };
    let has_body = response.body().is_some();
    let payload =
        super::operations::variant_payload(response, quote!(code), quote!(body), quote!(headers));
    // A body type without a usable media type (XML of an array, say) is dropped.
    let ignore_body = (has_body && encoders.is_empty()).then(|| quote!(let _ = body;));
    if response.headers.is_empty() {
        return quote! {
            operations::#response_type::#variant #payload => {
                let status = #status;
                #ignore_body
                #write
            }
        };
    }
    quote! {
        operations::#response_type::#variant #payload => {
            let status = #status;
            #ignore_body
            let mut response = #write;
            rt::set_headers(&mut response, &headers);
            response
        }
    }
}

/// Media-type classification, shared with the runtime so that both sides agree.
mod apigen_media {
    pub use apigen_runtime::http::media::{codec, Codec};
}
