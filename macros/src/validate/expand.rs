//! The model of a type into `impl Validate` (and `impl ObjectLike` for objects).
//!
//! The expansion is one runtime call per constraint and one per field that can hold something
//! to check; all logic lives in `apigen_runtime::validate`. Calls are spanned at the key of
//! their constraint (or the field's type), so a constraint on a field of the wrong type is an
//! error at the key.

use super::parse::{Constraints, EnumValue, Num, Setting};
use super::{Body, Field, Input, Presence, Variant, Wire};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

pub(super) fn expand(input: &Input) -> TokenStream {
    match &input.body {
        Body::Struct {
            fields,
            constraints,
            object,
        } => {
            let mut body = checks(
                "self",
                &quote!(::apigen_runtime::validate::Location::at(pointer)),
                constraints,
            );
            body.extend(fields.iter().map(field));
            let validate = validate_impl(input, &body);
            let object = if *object {
                object_impl(input, fields)
            } else {
                TokenStream::new()
            };
            quote!(#validate #object)
        }
        Body::Enum(variants) => {
            let body = if variants
                .iter()
                .any(|v| v.payload.is_some_and(|ty| !is_leaf(ty)) || !v.constraints.is_empty())
            {
                let arms = variants.iter().map(arm);
                quote!(match self { #(#arms)* })
            } else {
                TokenStream::new()
            };
            validate_impl(input, &body)
        }
    }
}

/// `impl Validate`, its type parameters bounded by `Validate`.
fn validate_impl(input: &Input, body: &TokenStream) -> TokenStream {
    let ident = input.ident;
    let mut generics = input.generics.clone();
    let params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    if !params.is_empty() {
        let where_clause = generics.make_where_clause();
        for param in params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#param: ::apigen_runtime::validate::Validate));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (pointer, out) = if body.is_empty() {
        (quote!(_pointer), quote!(_out))
    } else {
        (quote!(pointer), quote!(out))
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics ::apigen_runtime::validate::Validate for #ident #ty_generics #where_clause {
            // Compiled where it is called, not in the crate of the type: a crate of models
            // carries a thousand of these and calls few.
            #[inline]
            fn validate_into(
                &self,
                #pointer: &str,
                #out: &mut ::std::vec::Vec<::apigen_runtime::validate::Violation>,
            ) {
                #body
            }
        }
    }
}

/// `impl ObjectLike`: the properties present on the wire.
fn object_impl(input: &Input, fields: &[Field]) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let always = fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Always))
        .count();
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0
        || fields
            .iter()
            .all(|f| matches!(f.presence, Presence::Always))
    {
        let always = Literal::usize_unsuffixed(always);
        terms.push(quote!(#always));
    }
    for field in fields {
        let member = &field.member;
        match &field.presence {
            Presence::Always => {}
            Presence::Unless(skip) => {
                terms.push(quote!(::std::primitive::usize::from(!#skip(&self.#member))));
            }
            Presence::Flatten => terms.push(quote! {
                ::apigen_runtime::validate::ObjectLike::property_count(&self.#member).unwrap_or(0)
            }),
        }
    }
    quote! {
        #[automatically_derived]
        impl #impl_generics ::apigen_runtime::validate::ObjectLike for #ident #ty_generics #where_clause {
            #[inline]
            fn property_count(&self) -> ::std::option::Option<::std::primitive::usize> {
                ::std::option::Option::Some(#(#terms)+*)
            }
        }
    }
}

/// The checks of one field, then the field's own `validate_at` unless its type is a leaf (or
/// `skip_nested` says it was validated already).
fn field(field: &Field) -> TokenStream {
    let member = &field.member;
    let at = match &field.wire {
        Wire::Key(name) => quote!(::apigen_runtime::validate::Location::key(pointer, #name)),
        Wire::Index(index) => {
            let index = Literal::usize_unsuffixed(*index);
            quote!(::apigen_runtime::validate::Location::index(pointer, #index))
        }
        Wire::Same => quote!(::apigen_runtime::validate::Location::at(pointer)),
    };
    let checks = checks("value", &quote!(at), &field.constraints);
    let skip_nested = field
        .constraints
        .skip_nested
        .as_ref()
        .is_some_and(|s| s.value);
    let recurse = if is_leaf(field.ty) || skip_nested {
        TokenStream::new()
    } else {
        // Through the type, so that a type without `Validate` is an error under the whole type.
        let ty = field.ty;
        quote_spanned! {ty.span()=>
            <#ty as ::apigen_runtime::validate::Validate>::validate_at(value, at, out);
        }
    };
    if checks.is_empty() && recurse.is_empty() {
        return TokenStream::new();
    }
    let body = quote! {
        let at = #at;
        #checks
        #recurse
    };
    match &field.presence {
        // Not on the wire, so not checked: `Option::is_none` needs no test (the helpers skip
        // `None`), but `Vec::is_empty` with `min_items = 1` does.
        Presence::Unless(skip) if !skips_only_absent(skip) => quote! {{
            let value = &self.#member;
            if !#skip(value) {
                #body
            }
        }},
        _ => quote! {{
            let value = &self.#member;
            #body
        }},
    }
}

/// `Option::is_none` and `Nullable::is_absent` (by any path): true only when there is no
/// value, which the helpers skip anyway.
fn skips_only_absent(skip: &syn::ExprPath) -> bool {
    skip.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "is_none" || s.ident == "is_absent")
}

fn arm(variant: &Variant) -> TokenStream {
    let ident = variant.ident;
    match variant.payload {
        None => quote!(Self::#ident => {}),
        Some(ty) if is_leaf(ty) && variant.constraints.is_empty() => {
            quote!(Self::#ident(_) => {})
        }
        Some(ty) => {
            let value = Ident::new("value", ty.span());
            let own = checks(
                "value",
                &quote!(::apigen_runtime::validate::Location::at(pointer)),
                &variant.constraints,
            );
            let nested = (!is_leaf(ty)).then(|| {
                quote_spanned! {ty.span()=>
                    ::apigen_runtime::validate::Validate::validate_into(#value, pointer, out);
                }
            });
            quote! {
                Self::#ident(#value) => { #own #nested }
            }
        }
    }
}

/// One call per constraint on `value` (a reference, or `self`) at `at` (a `Location`), each
/// spanned at its key. In the order of the runtime's docs: strings, numbers, arrays, objects,
/// then `each` and `values`.
fn checks(value: &str, at: &TokenStream, c: &Constraints) -> TokenStream {
    let mut out = TokenStream::new();
    // `helper(value, args.., at, out);`, spanned at the key.
    let call = |key: &Ident, helper: &str, args: TokenStream| {
        let span = key.span();
        let value = Ident::new(value, span);
        let helper = Ident::new(helper, span);
        quote_spanned! {span=>
            ::apigen_runtime::validate::#helper(#value, #args #at, out);
        }
    };
    let length = |s: &Setting<u64>| {
        let n = Literal::u64_unsuffixed(s.value);
        quote!(#n,)
    };
    if let Some(s) = &c.min_length {
        out.extend(call(&s.key, "min_length", length(s)));
    }
    if let Some(s) = &c.max_length {
        out.extend(call(&s.key, "max_length", length(s)));
    }
    if let Some(s) = &c.pattern {
        let source = &s.value;
        let span = s.key.span();
        let value = Ident::new(value, span);
        out.extend(quote_spanned! {span=> {
            static PATTERN: ::apigen_runtime::validate::Pattern =
                ::apigen_runtime::validate::Pattern::new(#source);
            ::apigen_runtime::validate::pattern(#value, &PATTERN, #at, out);
        }});
    }
    if let Some(Setting {
        key,
        value: Some(variant),
        ..
    }) = &c.format
    {
        let variant = Ident::new(variant, key.span());
        out.extend(call(
            key,
            "format",
            quote!(::apigen_runtime::validate::Format::#variant,),
        ));
    }
    let exclusive = |flag: &Option<Setting<bool>>| flag.as_ref().is_some_and(|f| f.value);
    if let Some(s) = &c.minimum {
        let (bound, exclusive) = (number(s.value), exclusive(&c.exclusive_minimum));
        out.extend(call(&s.key, "minimum", quote!(#bound, #exclusive,)));
    }
    if let Some(s) = &c.maximum {
        let (bound, exclusive) = (number(s.value), exclusive(&c.exclusive_maximum));
        out.extend(call(&s.key, "maximum", quote!(#bound, #exclusive,)));
    }
    if let Some(s) = &c.multiple_of {
        let (mantissa, scale) = s.value;
        let (mantissa, scale) = (
            Literal::u128_unsuffixed(mantissa),
            Literal::u32_unsuffixed(scale),
        );
        out.extend(call(
            &s.key,
            "multiple_of",
            quote!(::apigen_runtime::validate::Decimal::new(#mantissa, #scale),),
        ));
    }
    if let Some(s) = &c.min_items {
        out.extend(call(&s.key, "min_items", length(s)));
    }
    if let Some(s) = &c.max_items {
        out.extend(call(&s.key, "max_items", length(s)));
    }
    if let Some(s) = c.unique_items.as_ref().filter(|s| s.value) {
        out.extend(call(&s.key, "unique_items", TokenStream::new()));
    }
    if let Some(s) = &c.min_properties {
        out.extend(call(&s.key, "min_properties", length(s)));
    }
    if let Some(s) = &c.max_properties {
        out.extend(call(&s.key, "max_properties", length(s)));
    }
    if let Some(s) = &c.enum_values {
        let literals = s.value.iter().map(|v| match v {
            EnumValue::Int(n) => {
                let n = Literal::i128_unsuffixed(*n);
                quote!(::apigen_runtime::validate::Literal::Int(#n))
            }
            EnumValue::Float(x) => {
                let x = Literal::f64_unsuffixed(*x);
                quote!(::apigen_runtime::validate::Literal::Float(#x))
            }
            EnumValue::Str(text) => quote!(::apigen_runtime::validate::Literal::Str(#text)),
            EnumValue::Bool(b) => quote!(::apigen_runtime::validate::Literal::Bool(#b)),
            EnumValue::Null => quote!(::apigen_runtime::validate::Literal::Null),
        });
        out.extend(call(&s.key, "enum_values", quote!(&[#(#literals),*],)));
    }
    // The items of an array at their indexes, the values of a map at their keys.
    for (nested, helper) in [(&c.each, "each"), (&c.values, "values")] {
        if let Some(s) = nested.as_ref().filter(|s| !s.value.is_empty()) {
            let span = s.key.span();
            let inner = checks("item", &quote!(at), &s.value);
            let (value, item) = (Ident::new(value, span), Ident::new("item", span));
            let helper = Ident::new(helper, span);
            out.extend(quote_spanned! {span=>
                ::apigen_runtime::validate::#helper(#value, #at, out, |#item, at, out| { #inner });
            });
        }
    }
    out
}

fn number(n: Num) -> TokenStream {
    match n {
        Num::Int(n) => {
            let n = Literal::i128_unsuffixed(n);
            quote!(::apigen_runtime::validate::Number::Int(#n))
        }
        Num::Float(x) => {
            let x = Literal::f64_unsuffixed(x);
            quote!(::apigen_runtime::validate::Number::Float(#x))
        }
    }
}

/// Whether a field of this type has nothing inside to check, so that its `validate_at` (a
/// no-op) need not be called. Only a shortcut: answering `false` is always correct. Wrappers
/// are looked through; `Value`, `Date`, ... count only with a path naming their crate, since a
/// model may well be called `Value`.
fn is_leaf(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => is_leaf(&r.elem),
        Type::Paren(p) => is_leaf(&p.elem),
        Type::Group(g) => is_leaf(&g.elem),
        Type::Slice(s) => is_leaf(&s.elem),
        Type::Array(a) => is_leaf(&a.elem),
        Type::Tuple(t) => t.elems.is_empty(),
        Type::Path(p) if p.qself.is_none() => {
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let in_crate = |krate: &str| segments.len() >= 2 && segments[0] == krate;
            match segments[segments.len() - 1].as_str() {
                "Option" | "Box" | "Vec" | "Nullable" | "BTreeMap" | "HashMap" => {
                    last_type_argument(&last.arguments).is_some_and(is_leaf)
                }
                "String" => segments.len() == 1 || in_crate("std") || in_crate("alloc"),
                "str" | "bool" | "char" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize"
                | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "f32" | "f64" => {
                    segments.len() == 1 || in_crate("std") || in_crate("core")
                }
                "Value" | "Map" => in_crate("serde_json"),
                "Date" | "DateTime" | "Uuid" | "Binary" => in_crate("apigen_runtime"),
                _ => false,
            }
        }
        _ => false,
    }
}

fn last_type_argument(arguments: &PathArguments) -> Option<&Type> {
    match arguments {
        PathArguments::AngleBracketed(args) => args.args.iter().rev().find_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    }
}
