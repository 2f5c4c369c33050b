//! The `client` module: a reqwest client with one async method per operation, built on
//! `apigen_runtime::client`. Each method fills in a runtime `Request` by the spec's rules
//! (path template, parameter styles, body media type, security) and hands it a closure that
//! maps the reply's status to the operation's response enum; paginated lists also get a
//! method that walks every page. The methods are plain functions returning the runtime's
//! future: an `async fn` per operation would be one more state machine for the compiler to
//! analyse, thousands of times on a large spec.

use super::docs::doc_attrs;
use super::operations::body_type;
use super::types::{ident, model_tokens, style_tokens};
use crate::ir::names::{snake, Scope};
use crate::ir::{
    pagination, path_parts, Api, BodyShape, Content, Docs, FieldStep, NextPage, Operation,
    Pagination, ParamLocation, PathPart, Presence, Response, SchemeKind, SecurityScheme, Status,
    TypeKind, TypeRef,
};
use apigen_runtime::http::media::{codec, Codec};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// Methods of the generated `Client` that operations must not take.
const RESERVED: &[&str] = &[
    "new",
    "with_default_url",
    "with_http_client",
    "base_url",
    "runtime",
    "prefer_media",
];

pub fn emit_client(api: &Api) -> TokenStream {
    let mut scope = Scope::with_reserved(RESERVED);
    let constructors = emit_constructors(api);
    let setters: Vec<TokenStream> = api
        .http
        .security_schemes
        .iter()
        .map(|scheme| emit_setter(scheme, &mut scope))
        .collect();
    // Operations first, so that a walk never takes the name an operation would have had.
    let names: Vec<String> = api
        .operations
        .iter()
        .map(|op| scope.claim_with(&op.name, "_"))
        .collect();
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .zip(&names)
        .map(|(op, name)| {
            let method = emit_operation(api, op, name);
            let walk = pagination(api, op).map(|pages| {
                let walk_name = scope.claim_with(&format!("{name}_all"), "_");
                emit_walk(api, op, name, &walk_name, &pages)
            });
            quote!(#method #walk)
        })
        .collect();
    let docs = doc_attrs(&Docs {
        title: Some(
            format!("A client for {} {}", api.title, api.version)
                .trim()
                .to_owned(),
        ),
        notes: vec![
            "One async method per operation, returning its documented responses; an \
             undocumented status, a transport failure or a body that does not decode is an \
             `apigen_runtime::client::Error`."
                .to_owned(),
        ],
        ..Docs::default()
    });
    quote! {
        /// The reqwest client of the API: `Client`, one async method per operation.
        // Methods are named by operationId, so `into_x` or `next` are the spec's choice, not a
        // convention broken.
        #[allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::wrong_self_convention, clippy::should_implement_trait, rustdoc::all)]
        pub mod client {
            #[allow(unused_imports)]
            use super::{models, operations};
            use ::apigen_runtime::client as rt;

            #docs
            #[derive(Debug, Clone)]
            pub struct Client {
                inner: rt::Client,
            }

            impl Client {
                #constructors
                #(#setters)*
                #(#methods)*
            }
        }
    }
}

fn emit_constructors(api: &Api) -> TokenStream {
    let server = match (&api.http.default_url, api.http.base_path.as_str()) {
        (Some(url), _) => format!(" The spec's server is `{url}`."),
        (None, "") => String::new(),
        (None, path) => format!(" The spec's server is the relative `{path}`: include it."),
    };
    let new_doc = format!(
        " A client for the API at `base_url`, the server URL with its base path (the paths of \
         the spec are appended to it).{server}"
    );
    let with_default = api.http.default_url.as_ref().map(|url| {
        let doc = format!(" A client for the spec's server, `{url}`.");
        quote! {
            #[doc = #doc]
            pub fn with_default_url() -> Self {
                Self::new(#url)
            }
        }
    });
    quote! {
        #[doc = #new_doc]
        pub fn new(base_url: impl Into<String>) -> Self {
            Client { inner: rt::Client::new(base_url) }
        }

        #with_default

        /// A client over a configured `reqwest::Client` (timeouts, proxies, TLS…).
        pub fn with_http_client(
            http: rt::reqwest::Client,
            base_url: impl Into<String>,
        ) -> Self {
            Client { inner: rt::Client::with_http_client(http, base_url) }
        }

        /// The URL the spec's paths are appended to.
        pub fn base_url(&self) -> &str {
            self.inner.base_url()
        }

        /// The runtime client underneath (its reqwest client, its credentials).
        pub fn runtime(&self) -> &rt::Client {
            &self.inner
        }

        /// Media types to prefer, most wanted first (`["application/xml"]`), where an operation offers several: bodies are written in the first preferred type the operation accepts, and `Accept` lists the preferred response types first.
        pub fn prefer_media(mut self, media: &[&str]) -> Self {
            self.inner.prefer_media(media);
            self
        }
    }
}

/// `with_<scheme key>(…)`: sets the credential of one security scheme.
fn emit_setter(scheme: &SecurityScheme, scope: &mut Scope) -> TokenStream {
    let name = ident(&scope.claim_with(&format!("with_{}", snake(&scheme.key)), "_"));
    let key = &scheme.key;
    let (how, args, credential) = match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let (place, location) = match location {
                ParamLocation::Query => ("query parameter", quote!(Query)),
                ParamLocation::Cookie => ("cookie", quote!(Cookie)),
                ParamLocation::Header | ParamLocation::Path => ("header", quote!(Header)),
            };
            (
                format!("Sends `key` as the `{name}` {place}."),
                quote!(key: impl Into<String>),
                quote!(rt::Credential::ApiKey {
                    location: rt::KeyLocation::#location,
                    name: #name,
                    key: key.into(),
                }),
            )
        }
        SchemeKind::Bearer => (
            "Sends `Authorization: Bearer <token>`.".to_owned(),
            quote!(token: impl Into<String>),
            quote!(rt::Credential::Bearer(token.into())),
        ),
        SchemeKind::Basic => (
            "Sends `Authorization: Basic` with the username and password.".to_owned(),
            quote!(username: impl Into<String>, password: impl Into<String>),
            quote!(rt::Credential::Basic {
                username: username.into(),
                password: Some(password.into()),
            }),
        ),
    };
    let mut docs = scheme.docs.clone();
    docs.title = Some(format!("The credential of the `{key}` security scheme."));
    docs.notes
        .push(format!("{how} Operations that accept this scheme send it."));
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        pub fn #name(mut self, #args) -> Self {
            self.inner.set_credential(#key, #credential);
            self
        }
    }
}

fn emit_operation(api: &Api, op: &Operation, name: &str) -> TokenStream {
    let name = ident(name);
    let response = ident(&op.response_type());
    let params = params_arg(op);
    let body = body_type(api, op).map(|ty| quote!(body: #ty,));
    let build = build_request(api, op);
    let decode = decode_response(api, op);
    let mut docs = op.docs.clone();
    docs.notes.push(format!("`{} {}`", op.method, op.path));
    docs.notes.extend(body_note(op));
    docs.notes.push(format!(
        "Returns the documented response as [`operations::{}`]; any other status is an error.",
        op.response_type()
    ));
    let docs = doc_attrs(&docs);
    let call = match body_write(api, op) {
        Some(write) => {
            quote!(request.call_with(body, |request, body| { #write }, |reply| { #decode }))
        }
        None => quote!(request.call(|reply| { #decode })),
    };
    // `#[inline]`: compiled in the crate that calls it, for the operations it calls, rather
    // than every operation's request and decoder in the generated crate's own build.
    quote! {
        #docs
        #[inline]
        pub fn #name(&self, #params #body) -> impl ::std::future::Future<Output = Result<operations::#response, rt::Error>> + Send + '_ {
            #build
            #call
        }
    }
}

/// Which media type the body goes as: the first declared, or the variant's.
fn body_note(op: &Operation) -> Option<String> {
    Some(match op.body_shape()? {
        BodyShape::Single { contents, .. } => {
            format!("The body is sent as `{}`.", contents.first()?.media_type)
        }
        BodyShape::Variants { .. } => "The body is sent as its variant's media type.".to_owned(),
    })
}

fn params_arg(op: &Operation) -> Option<TokenStream> {
    op.params_type().map(|ty| {
        let ty = ident(&ty);
        // The struct is shared with the server; its only fields may be headers a client
        // leaves to the media types and security schemes.
        if op.parameters.iter().all(is_reserved_header) {
            quote!(_params: &operations::#ty,)
        } else {
            quote!(params: &operations::#ty,)
        }
    })
}

/// Statements that leave the filled-in request in `request`.
fn build_request(api: &Api, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method.to_ascii_uppercase());
    let mut parts = path_parts(&op.path).into_iter().peekable();
    let first = match parts.peek() {
        Some(PathPart::Literal(literal)) => {
            let literal = literal.clone();
            parts.next();
            literal
        }
        _ => String::new(),
    };
    let mut steps: Vec<TokenStream> = parts.map(|part| path_step(op, part)).collect();
    steps.extend(
        op.parameters
            .iter()
            .filter(|p| p.location != ParamLocation::Path && !is_reserved_header(p))
            .map(parameter_step),
    );
    steps.extend(security_step(api, op));
    steps.extend(accept_step(op));
    // The body is written by `call_with`, when the request is sent (see `body_write`).
    let binding = if steps.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    quote! {
        let #binding = self.inner.request(rt::Method::#method, #first);
        #(#steps)*
    }
}

fn path_step(op: &Operation, part: PathPart) -> TokenStream {
    match part {
        PathPart::Literal(literal) => quote!(request.path(#literal);),
        PathPart::Param(wire) => {
            let param = op
                .parameters
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire == wire);
            match param {
                Some(param) => parameter_step(param),
                // The template names a parameter the spec does not declare: send it as written.
                None => {
                    let literal = format!("{{{wire}}}");
                    quote!(request.path(#literal);)
                }
            }
        }
    }
}

/// OpenAPI: header parameters named `Accept`, `Content-Type` or `Authorization` are ignored
/// (the media types and the security schemes decide those headers).
fn is_reserved_header(p: &crate::ir::Parameter) -> bool {
    p.location == ParamLocation::Header
        && ["accept", "content-type", "authorization"]
            .contains(&p.wire.to_ascii_lowercase().as_str())
}

fn parameter_step(p: &crate::ir::Parameter) -> TokenStream {
    let wire = &p.wire;
    let field = ident(&p.name);
    let (style, explode) = p.style_and_explode();
    let style = style_tokens(style);
    let method = match p.location {
        ParamLocation::Path => quote!(path_param),
        ParamLocation::Query => quote!(query),
        ParamLocation::Header => quote!(header),
        ParamLocation::Cookie => quote!(cookie),
    };
    quote!(request.#method(#wire, &params.#field, #style, #explode);)
}

fn security_step(api: &Api, op: &Operation) -> Option<TokenStream> {
    let alternatives = security_alternatives(api, op);
    if alternatives.is_empty() {
        return None;
    }
    let alternatives = alternatives.iter().map(|keys| quote!(&[#(#keys),*]));
    Some(quote!(request.security(&[#(#alternatives),*]);))
}

/// The alternatives of scheme keys that can authenticate `op`, keeping only schemes the spec
/// defines. Unlike [`Api::security_of`], an anonymous alternative (`{}`) does not discard the
/// others: a client with credentials set sends them, one without sends none.
fn security_alternatives<'a>(api: &'a Api, op: &'a Operation) -> Vec<Vec<&'a str>> {
    let requirement = op.security.as_ref().unwrap_or(&api.http.security);
    requirement
        .iter()
        .map(|alternative| {
            alternative
                .iter()
                .filter(|key| api.http.security_schemes.iter().any(|s| &s.key == *key))
                .map(String::as_str)
                .collect::<Vec<_>>()
        })
        .filter(|keys| !keys.is_empty())
        .collect()
}

/// `Accept`: the media types of the success responses, JSON first.
fn accept_step(op: &Operation) -> Option<TokenStream> {
    let mut media: Vec<&str> = Vec::new();
    for response in op.responses.iter().filter(|r| r.status.is_success()) {
        for m in response.media_types() {
            if !media.contains(&m) {
                media.push(m);
            }
        }
    }
    if media.is_empty() {
        return None;
    }
    media.sort_by_key(|m| codec(m) != Codec::Json);
    let accept = media.join(", ");
    Some(quote!(request.accept(#accept);))
}

/// Statements that write the body by its media type (for a body enum, the variant's) into
/// `request`, with `body` a reference to the method's `body` argument.
fn body_write(api: &Api, op: &Operation) -> Option<TokenStream> {
    let shape = op.body_shape()?;
    let required = op.request.as_ref().is_some_and(|r| r.required);
    let value = quote!(body);
    let write = match shape {
        BodyShape::Single { ty, contents } if contents.len() > 1 => {
            // The spec's first media type unless the client prefers another the operation
            // accepts (`Client::prefer_media`).
            let media: Vec<&str> = contents.iter().map(|c| c.media_type.as_str()).collect();
            let first = write_body(api, contents[0], &ty, &value);
            let others = contents.iter().enumerate().skip(1).map(|(index, content)| {
                let index = Literal::usize_unsuffixed(index);
                let write = write_body(api, content, &ty, &value);
                quote!(#index => { #write })
            });
            quote! {
                match request.body_media(&[#(#media),*]) {
                    #(#others)*
                    _ => { #first }
                }
            }
        }
        BodyShape::Single { ty, contents } => write_body(api, contents.first()?, &ty, &value),
        BodyShape::Variants { name, variants } => {
            let name = ident(&name);
            let arms = variants.iter().map(|(variant, content)| {
                let variant = ident(variant);
                let ty = content.ty.clone().unwrap_or(TypeRef::Any);
                let write = write_body(api, content, &ty, &quote!(value));
                quote!(operations::#name::#variant(value) => { #write })
            });
            quote!(match body { #(#arms)* })
        }
    };
    Some(if required {
        write
    } else {
        quote!(if let Some(body) = body { #write })
    })
}

/// One body write; `value` is a reference to the body.
fn write_body(api: &Api, content: &Content, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    let media = &content.media_type;
    match codec(media) {
        Codec::Json => quote!(request.json(#media, #value);),
        Codec::Xml if api.is_xml_text(ty) => quote!(request.text(#media, #value);),
        Codec::Xml => {
            let document = super::types::xml_document(api, ty, value);
            quote!(request.bytes(#media, #document);)
        }
        Codec::Form => {
            let encodings = encodings(content);
            quote!(request.form(#media, #value, &[#(#encodings),*]);)
        }
        Codec::Multipart => {
            let encodings = encodings(content);
            let files = file_fields(api, ty, value);
            quote!(request.multipart(#value, &[#(#encodings),*], &[#(#files),*]);)
        }
        Codec::Text | Codec::Bytes => match ty {
            TypeRef::Binary => quote!(request.bytes(#media, #value.0.clone());),
            _ => quote!(request.text(#media, #value);),
        },
    }
}

fn encodings(content: &Content) -> Vec<TokenStream> {
    content
        .encoding
        .iter()
        .map(|e| {
            let property = &e.property;
            let style = e.style.as_deref().filter(|s| crate::ir::style_known(s));
            let explode = e.explode.unwrap_or(style == Some("form"));
            let style = match style {
                Some(style) => {
                    let style = style_tokens(style);
                    quote!(Some(#style))
                }
                None => quote!(None),
            };
            let content_type = match &e.content_type {
                Some(c) => quote!(Some(#c)),
                None => quote!(None),
            };
            quote!(rt::FieldEncoding {
                property: #property,
                style: #style,
                explode: #explode,
                content_type: #content_type,
            })
        })
        .collect()
}

/// `(wire name, the property's files)` for each binary property (or list of them) of a struct
/// body: multipart sends their bytes as file parts instead of text.
fn file_fields(api: &Api, ty: &TypeRef, value: &TokenStream) -> Vec<TokenStream> {
    let TypeRef::Named(id) = ty else {
        return Vec::new();
    };
    let TypeKind::Struct(s) = &api.ty(*id).kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| is_files(&f.ty) && !f.boxed)
        .map(|f| {
            let wire = &f.wire;
            let field = ident(&f.name);
            quote!((#wire, rt::FileValues::file_values(&#value.#field)))
        })
        .collect()
}

/// A binary value, or a list of them (each item is a file part of its own).
fn is_files(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Binary => true,
        TypeRef::Array(item) | TypeRef::Option(item) => is_files(item),
        _ => false,
    }
}

/// Statements from `reply` to the operation's result: the status picks the variant, the
/// `Content-Type` the decoder.
fn decode_response(api: &Api, op: &Operation) -> TokenStream {
    let response = ident(&op.response_type());
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    // Exact codes before ranges before `default`, as the spec ranks them (`Status`'s order).
    ordered.sort_by(|a, b| a.status.cmp(&b.status));
    if let [only] = ordered.as_slice() {
        if only.status == Status::Default {
            // A match with one catch-all arm is a `let`.
            let value = variant_value(api, &response, only);
            return quote! {
                let status = reply.status();
                Ok(#value)
            };
        }
    }
    let arms = ordered.iter().map(|r| {
        let value = variant_value(api, &response, r);
        let pattern = match r.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Status::Range(class) => {
                let low = Literal::u16_unsuffixed(class * 100);
                let high = Literal::u16_unsuffixed(class * 100 + 99);
                quote!(status @ #low..=#high)
            }
            Status::Default => quote!(status),
        };
        quote!(#pattern => Ok(#value),)
    });
    let fallback = (!op.responses.iter().any(|r| r.status == Status::Default))
        .then(|| quote!(_ => Err(reply.undocumented()),));
    quote! {
        match reply.status() {
            #(#arms)*
            #fallback
        }
    }
}

/// `operations::XResponse::Variant(…)` for one response, decoding its body from `reply`.
fn variant_value(api: &Api, response_enum: &proc_macro2::Ident, r: &Response) -> TokenStream {
    let variant = ident(&r.variant());
    let body = r
        .body()
        .map(|ty| decode_body(api, ty, &r.media_types()))
        .unwrap_or_default();
    let headers = if r.headers.is_empty() {
        TokenStream::new()
    } else {
        quote!(reply.headers_as()?)
    };
    let payload = super::operations::variant_payload(r, quote!(status), body, headers);
    quote!(operations::#response_enum::#variant #payload)
}

/// How a body of type `ty` is read when it comes as a given codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoder {
    Json,
    Xml,
    Text,
    Binary,
}

fn decoder(api: &Api, codec: Codec, ty: &TypeRef) -> Decoder {
    match (codec, ty) {
        (Codec::Xml, _) if api.is_xml_text(ty) => Decoder::Text,
        (Codec::Xml, _) if api.uses_xml => Decoder::Xml,
        (Codec::Text | Codec::Bytes, TypeRef::Binary) => Decoder::Binary,
        (Codec::Text | Codec::Bytes, TypeRef::String) => Decoder::Text,
        // A number or an object as text/plain is its JSON text; forms have no reader here.
        _ => Decoder::Json,
    }
}

fn decoder_tokens(decoder: Decoder) -> TokenStream {
    match decoder {
        Decoder::Json => quote!(reply.json()?),
        Decoder::Xml => quote!(reply.xml()?),
        Decoder::Text => quote!(reply.text()?),
        Decoder::Binary => quote!(reply.binary()),
    }
}

/// The body read by the reply's `Content-Type` among the declared media types; a reply
/// without a known one is read as the first declared type.
fn decode_body(api: &Api, ty: &TypeRef, media: &[&str]) -> TokenStream {
    let declared: Vec<(Codec, Decoder)> = media
        .iter()
        .map(|m| (codec(m), decoder(api, codec(m), ty)))
        .collect();
    let default = declared.first().map_or(Decoder::Json, |(_, d)| *d);
    let mut arms: Vec<TokenStream> = Vec::new();
    let mut covered: Vec<Codec> = Vec::new();
    for (codec, decoder) in declared {
        if decoder == default || covered.contains(&codec) {
            continue;
        }
        covered.push(codec);
        let variant = format_ident!("{codec:?}");
        let read = decoder_tokens(decoder);
        arms.push(quote!(Some(rt::Codec::#variant) => #read,));
    }
    let read = decoder_tokens(default);
    if arms.is_empty() {
        read
    } else {
        quote!(match reply.codec() { #(#arms)* _ => #read })
    }
}

/// `<op>_all`: every item of every page.
fn emit_walk(
    api: &Api,
    op: &Operation,
    op_name: &str,
    name: &str,
    pages: &Pagination,
) -> TokenStream {
    let Some(ok) = op.responses.iter().find(|r| r.status == Status::Code(200)) else {
        return TokenStream::new();
    };
    let name = ident(name);
    let params = params_arg(op);
    let build = build_request(api, op);
    let page_ty = model_tokens(api, &pages.page);
    let item_ty = model_tokens(api, &pages.item);
    let read_page = decode_body(api, &pages.page, &ok.media_types());
    let (next, follows) = match &pages.next {
        NextPage::Field(steps) => {
            let link: Vec<&str> = steps.iter().map(|s| s.wire.as_str()).collect();
            (
                next_link(steps),
                format!(
                    "follows `{}` (resolved against the page's URL; a `/path` outside the base \
                     path is relative to the base URL) until it is null, absent or empty",
                    link.join(".")
                ),
            )
        }
        NextPage::LinkHeader => (
            quote!(reply.next_link()),
            "follows the `rel=\"next\"` target of the `Link` header (resolved against the \
             page's URL) until there is none"
                .to_owned(),
        ),
        NextPage::Token { steps, param } => {
            let token: Vec<&str> = steps.iter().map(|s| s.wire.as_str()).collect();
            (
                next_link(steps),
                format!(
                    "sends `{}` back as the `{param}` query parameter (the other parameters \
                     unchanged) until it is null, absent or empty",
                    token.join(".")
                ),
            )
        }
    };
    let (walk, param) = match &pages.next {
        NextPage::Token { param, .. } => (quote!(walk_tokens), quote!(#param,)),
        _ => (quote!(walk), TokenStream::new()),
    };
    let (items, collecting) = match &pages.items {
        Some(step) => (items_of(step), format!("collecting `{}`", step.wire)),
        None => (quote!(page), "collecting the items of each".to_owned()),
    };
    let mut docs = Docs {
        title: Some(format!(
            "Every item of every page of [`Self::{op_name}`], in order."
        )),
        description: None,
        deprecated: op.docs.deprecated,
        notes: vec![format!(
            "Fetches the first page with `params`, then {follows}, {collecting}. Any status \
             other than 200, a next page that was already fetched, or more than \
             `apigen_runtime::client::MAX_PAGES` pages ends the walk with an error."
        )],
    };
    if params.is_none() {
        docs.notes[0] = docs.notes[0].replace(" with `params`", "");
    }
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        #[inline]
        pub fn #name(&self, #params) -> impl ::std::future::Future<Output = Result<Vec<#item_ty>, rt::Error>> + Send + '_ {
            #build
            request.#walk(#param |reply| {
                let page: #page_ty = #read_page;
                let next = #next;
                Ok((#items, next))
            })
        }
    }
}

/// `Option<String>` of the next link, moved out of `page`.
fn next_link(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(page);
    let mut in_option = false;
    for step in steps {
        let field = ident(&step.name);
        if in_option {
            let inner = optional(quote!(parent.#field), step);
            expr = quote!(#expr.and_then(|parent| #inner));
        } else if step.presence == Presence::Required {
            expr = if step.boxed {
                quote!((*#expr.#field))
            } else {
                quote!(#expr.#field)
            };
        } else {
            expr = optional(quote!(#expr.#field), step);
            in_option = true;
        }
    }
    if in_option {
        expr
    } else {
        quote!(Some(#expr))
    }
}

/// A field as an `Option` of its (unboxed) value.
fn optional(field: TokenStream, step: &FieldStep) -> TokenStream {
    let option = match step.presence {
        Presence::Required => quote!(Some(#field)),
        Presence::RequiredNullable | Presence::Optional => field,
        Presence::OptionalNullable => quote!(#field.into_option()),
    };
    if step.boxed {
        quote!(#option.map(|value| *value))
    } else {
        option
    }
}

/// The items of `page`, an empty list when absent.
fn items_of(step: &FieldStep) -> TokenStream {
    let field = ident(&step.name);
    match (step.presence, step.boxed) {
        (Presence::Required, false) => quote!(page.#field),
        (Presence::Required, true) => quote!(*page.#field),
        _ => {
            let option = optional(quote!(page.#field), step);
            quote!(#option.unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::api_from_yaml;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
security:
  - basic: []
  - {}
paths:
  /items/{id}:
    get:
      operationId: new
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
      responses:
        default: {description: other, content: {text/plain: {schema: {type: string}}}}
        '4XX': {description: bad, content: {application/json: {schema: {type: object}}}}
        '404': {description: missing}
        '200':
          description: ok
          content:
            application/xml: {schema: {type: object, properties: {a: {type: string}}}}
            application/json: {schema: {type: object, properties: {a: {type: string}}}}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    Basic: {type: http, scheme: bearer}
";

    fn client_code(spec: &str) -> String {
        let api = api_from_yaml(spec);
        let file: syn::File = syn::parse2(emit_client(&api)).unwrap();
        prettyplease::unparse(&file)
    }

    fn squeeze(code: &str) -> String {
        code.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn names_never_collide() {
        let code = client_code(SPEC);
        for name in ["fn new(", "fn new_2(", "fn with_basic(", "fn with_basic_2("] {
            assert_eq!(code.matches(name).count(), 1, "{name}: {code}");
        }
        // `basic` (HTTP basic) and `Basic` (bearer) keep their own credentials.
        let code = squeeze(&code);
        assert!(code.contains("fn with_basic( mut self, username"), "{code}");
        assert!(code.contains("fn with_basic_2(mut self, token"), "{code}");
    }

    #[test]
    fn requests_follow_the_spec() {
        let code = squeeze(&client_code(SPEC));
        // An anonymous alternative keeps the others: set credentials are still sent.
        assert!(
            code.contains(r#"request.security(&[&["basic"]]);"#),
            "{code}"
        );
        // `Accept` as a header parameter is the media types' business.
        assert!(!code.contains(r#"header( "Accept""#), "{code}");
        assert!(
            code.contains(r#"request.accept("application/json, application/xml");"#),
            "{code}"
        );
        assert!(
            code.contains("\"tags\", &params.tags, rt::Style::PipeDelimited, false"),
            "{code}"
        );
    }

    #[test]
    fn statuses_match_codes_then_ranges_then_default() {
        let code = squeeze(&client_code(SPEC));
        let at = |needle: &str| {
            code.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {code}"))
        };
        assert!(at("200 =>") < at("404 =>"));
        assert!(at("404 =>") < at("status @ 400..=499 =>"));
        assert!(
            at("status @ 400..=499 =>")
                < at("status => { Ok(operations::NewResponse::Default(status, reply.text()?)) }")
        );
        assert!(
            !code.contains("reply.undocumented()"),
            "a default answers every status"
        );
        // The first declared media type decodes replies without a known Content-Type.
        assert!(
            code.contains("Some(rt::Codec::Json) => reply.json()?, _ => reply.xml()?"),
            "{code}"
        );
    }
}
