//! The model, expanded into `apigen_runtime::xml` trait impls.

use super::parse::{Body, FieldModel, Model, Shape};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn rt() -> TokenStream {
    quote!(::apigen_runtime::xml)
}

pub fn encode(model: &Model<'_>) -> TokenStream {
    let rt = rt();
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let body = match &model.body {
        Body::Struct(fields) => encode_struct(fields),
        Body::TextEnum(variants) => {
            let arms = variants.iter().map(|(v, text)| quote!(Self::#v => #text));
            quote! {
                fn encode_element(&self, writer: &mut #rt::XmlWriter, name: &str) {
                    writer.text_element(name, &self.to_xml_text().unwrap_or_default());
                }
                fn to_xml_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                    Some(::std::borrow::Cow::Borrowed(match self { #(#arms,)* }))
                }
            }
        }
        Body::Converted(into) => quote! {
            fn encode_element(&self, writer: &mut #rt::XmlWriter, name: &str) {
                #rt::XmlEncode::encode_element(&<#into>::from(self.clone()), writer, name);
            }
            fn to_xml_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                #rt::XmlEncode::to_xml_text(&<#into>::from(self.clone()))
                    .map(|text| ::std::borrow::Cow::Owned(text.into_owned()))
            }
        },
        Body::Newtype(_) => quote! {
            fn encode_element(&self, writer: &mut #rt::XmlWriter, name: &str) {
                #rt::XmlEncode::encode_element(&self.0, writer, name);
            }
            fn to_xml_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                #rt::XmlEncode::to_xml_text(&self.0)
            }
        },
        Body::Union(variants) => {
            let encode_arms = variants
                .iter()
                .map(|(v, _)| quote!(Self::#v(value) => #rt::XmlEncode::encode_element(value, writer, name)));
            let text_arms = variants
                .iter()
                .map(|(v, _)| quote!(Self::#v(value) => #rt::XmlEncode::to_xml_text(value)));
            quote! {
                fn encode_element(&self, writer: &mut #rt::XmlWriter, name: &str) {
                    match self { #(#encode_arms,)* }
                }
                fn to_xml_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                    match self { #(#text_arms,)* }
                }
            }
        }
    };
    let root = model.root.as_ref().map(|root| {
        let namespace = option_str(model.namespace.as_deref());
        let prefix = option_str(model.prefix.as_deref());
        quote! {
            impl #impl_generics #rt::XmlRoot for #ident #ty_generics #where_clause {
                const ROOT: &'static str = #root;
                const NAMESPACE: Option<&'static str> = #namespace;
                const PREFIX: Option<&'static str> = #prefix;
            }
        }
    });
    quote! {
        impl #impl_generics #rt::XmlEncode for #ident #ty_generics #where_clause {
            #body
        }
        #root
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn encode_struct(fields: &[FieldModel<'_>]) -> TokenStream {
    let rt = rt();
    let attributes = fields.iter().filter(|f| f.attribute).map(|f| {
        let member = f.member;
        let name = &f.name;
        quote! {
            if let Some(text) = #rt::XmlEncode::to_xml_text(&self.#member) {
                writer.attribute(#name, &text);
            }
        }
    });
    let elements = fields.iter().filter(|f| !f.attribute).map(|f| {
        let member = f.member;
        let name = &f.name;
        let item = match &f.prefix {
            Some(prefix) => format!("{prefix}:{}", f.item),
            None => f.item.clone(),
        };
        let declare = f.namespace.as_ref().map(|namespace| {
            let prefix = option_str(f.prefix.as_deref());
            quote!(writer.declare_namespace(Some(#namespace), #prefix);)
        });
        match (&f.shape, f.wrapped) {
            (Shape::CatchAll, _) => quote! {
                for (key, value) in &self.#member {
                    #rt::XmlEncode::encode_element(value, writer, key);
                }
            },
            (Shape::Many, true) => quote! {
                #declare
                writer.open_start(#name);
                writer.open_end();
                for item in &self.#member {
                    #rt::XmlEncode::encode_element(item, writer, #item);
                }
                writer.close(#name);
            },
            (Shape::MaybeMany(..), true) => {
                // `Option::as_ref` and `Nullable::as_ref` both give `Option<&Vec<T>>`.
                quote! {
                    if let Some(items) = self.#member.as_ref() {
                        #declare
                        writer.open_start(#name);
                        writer.open_end();
                        for item in items {
                            #rt::XmlEncode::encode_element(item, writer, #item);
                        }
                        writer.close(#name);
                    }
                }
            }
            (Shape::Many | Shape::MaybeMany(..), false) if f.item != f.local => {
                // Unwrapped with an item name: each item is written under the item's name.
                quote! {
                    #declare
                    #rt::XmlEncode::encode_element(&self.#member, writer, #item);
                }
            }
            _ => quote! {
                #declare
                #rt::XmlEncode::encode_element(&self.#member, writer, #name);
            },
        }
    });
    quote! {
        fn encode_element(&self, writer: &mut #rt::XmlWriter, name: &str) {
            writer.open_start(name);
            #(#attributes)*
            writer.open_end();
            #(#elements)*
            writer.close(name);
        }
    }
}

pub fn decode(model: &Model<'_>) -> TokenStream {
    let rt = rt();
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let body = match &model.body {
        Body::Struct(fields) => decode_struct(fields),
        Body::TextEnum(variants) => {
            let arms = variants
                .iter()
                .map(|(v, text)| quote!(#text => Ok(Self::#v)));
            let expected = variants
                .iter()
                .map(|(_, text)| format!("`{text}`"))
                .collect::<Vec<_>>()
                .join(", ");
            quote! {
                fn decode_element(reader: &mut #rt::XmlReader<'_>, start: &#rt::Start<'_>) -> Result<Self, #rt::XmlError> {
                    let text = reader.read_text(start)?;
                    Self::from_xml_text(&text).map_err(|e| reader.error_at(start.position, e))
                }
                fn from_xml_text(text: &str) -> Result<Self, String> {
                    match text {
                        #(#arms,)*
                        other => Err(format!("`{other}` is not one of {}", #expected)),
                    }
                }
            }
        }
        Body::Converted(into) => quote! {
            fn decode_element(reader: &mut #rt::XmlReader<'_>, start: &#rt::Start<'_>) -> Result<Self, #rt::XmlError> {
                let raw = <#into as #rt::XmlDecode>::decode_element(reader, start)?;
                Self::try_from(raw).map_err(|e| reader.error_at(start.position, e.to_string()))
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                let raw = <#into as #rt::XmlDecode>::from_xml_text(text)?;
                Self::try_from(raw).map_err(|e| e.to_string())
            }
        },
        Body::Newtype(ty) => quote! {
            fn decode_element(reader: &mut #rt::XmlReader<'_>, start: &#rt::Start<'_>) -> Result<Self, #rt::XmlError> {
                <#ty as #rt::XmlDecode>::decode_element(reader, start).map(Self)
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                <#ty as #rt::XmlDecode>::from_xml_text(text).map(Self)
            }
        },
        Body::Union(variants) => {
            let tries = variants.iter().map(|(v, ty)| {
                quote! {
                    if let Ok(value) = #rt::decode_fragment::<#ty>(raw, line) {
                        return Ok(Self::#v(value));
                    }
                }
            });
            let text_tries = variants.iter().map(|(v, ty)| {
                quote! {
                    if let Ok(value) = <#ty as #rt::XmlDecode>::from_xml_text(text) {
                        return Ok(Self::#v(value));
                    }
                }
            });
            let names = variants
                .iter()
                .map(|(v, _)| v.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            quote! {
                fn decode_element(reader: &mut #rt::XmlReader<'_>, start: &#rt::Start<'_>) -> Result<Self, #rt::XmlError> {
                    // Each variant reads the element's own text again: no tree is built.
                    let (raw, line) = reader.raw_element(start)?;
                    #(#tries)*
                    Err(reader.error_at(start.position, format!("<{}> matches none of: {}", start.name, #names)))
                }
                fn from_xml_text(text: &str) -> Result<Self, String> {
                    #(#text_tries)*
                    Err(format!("`{text}` matches none of: {}", #names))
                }
            }
        }
    };
    quote! {
        impl #impl_generics #rt::XmlDecode for #ident #ty_generics #where_clause {
            #body
        }
    }
}

fn decode_struct(fields: &[FieldModel<'_>]) -> TokenStream {
    let rt = rt();
    let slots: Vec<_> = (0..fields.len())
        .map(|i| format_ident!("__field{i}"))
        .collect();
    let seen: Vec<_> = (0..fields.len())
        .map(|i| format_ident!("__seen{i}"))
        .collect();
    let declarations = fields
        .iter()
        .zip(&slots)
        .zip(&seen)
        .map(|((f, slot), seen)| {
            let ty = f.ty;
            match &f.shape {
                Shape::One => quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;),
                Shape::Maybe | Shape::CatchAll => {
                    quote!(let mut #slot: #ty = ::core::default::Default::default();)
                }
                Shape::Many => {
                    quote!(let mut #slot: #ty = ::std::vec::Vec::new(); let mut #seen = false;)
                }
                Shape::MaybeMany(item, _) => quote! {
                    let mut #slot: ::core::option::Option<::std::vec::Vec<#item>> = ::core::option::Option::None;
                },
            }
        });
    let attribute_arms = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| f.attribute)
        .map(|(f, slot)| {
            let local = &f.local;
            let ty = f.ty;
            let value = quote! {
                <#ty as #rt::XmlDecode>::from_xml_text(value)
                    .map_err(|e| reader.attribute_error(start, #local, e))?
            };
            match f.shape {
                Shape::One => quote!(#local => #slot = ::core::option::Option::Some(#value),),
                _ => quote!(#local => #slot = #value,),
            }
        });
    let element_arms = fields
        .iter()
        .zip(&slots)
        .zip(&seen)
        .filter(|((f, _), _)| !f.attribute && !matches!(f.shape, Shape::CatchAll))
        .map(|((f, slot), seen)| {
            let local = &f.local;
            let item = &f.item;
            let decode = quote!(#rt::XmlDecode::decode_element(reader, &child)?);
            let decode_item = quote!(#rt::XmlDecode::decode_element(reader, &item)?);
            match (&f.shape, f.wrapped) {
                (Shape::One, _) => {
                    quote!(#local => #slot = ::core::option::Option::Some(#decode),)
                }
                (Shape::Maybe, _) => quote!(#local => #slot = #decode,),
                (Shape::Many, false) => quote!(#local => { #seen = true; #slot.push(#decode) }),
                (Shape::MaybeMany(..), false) => {
                    quote!(#local => #slot.get_or_insert_with(::std::vec::Vec::new).push(#decode),)
                }
                (Shape::Many, true) => quote! {
                    #local => {
                        #seen = true;
                        while let Some(item) = reader.next_child(&child)? {
                            if item.name == #item {
                                #slot.push(#decode_item);
                            } else {
                                reader.skip(&item)?;
                            }
                        }
                    }
                },
                (Shape::MaybeMany(..), true) => quote! {
                    #local => {
                        let items = #slot.get_or_insert_with(::std::vec::Vec::new);
                        while let Some(item) = reader.next_child(&child)? {
                            if item.name == #item {
                                items.push(#decode_item);
                            } else {
                                reader.skip(&item)?;
                            }
                        }
                    }
                },
                (Shape::CatchAll, _) => unreachable!("filtered out above"),
            }
        });
    // Unwrapped arrays with an item name are matched by the item name.
    let element_arms: Vec<TokenStream> = element_arms.collect();
    let fallback = match fields
        .iter()
        .zip(&slots)
        .find(|(f, _)| matches!(f.shape, Shape::CatchAll))
    {
        Some((_, slot)) => quote! {
            _ => {
                let value = #rt::XmlDecode::decode_element(reader, &child)?;
                #slot.insert(child.name.to_owned(), value);
            }
        },
        None => quote!(_ => reader.skip(&child)?,),
    };
    let unwrapped_item_names = fields.iter().filter(|f| {
        matches!(f.shape, Shape::Many | Shape::MaybeMany(..))
            && !f.wrapped
            && !f.attribute
            && f.item != f.local
    });
    let renames = unwrapped_item_names.map(|f| {
        let local = &f.local;
        let item = &f.item;
        quote!(#item => #local,)
    });
    let inits = fields.iter().zip(&slots).zip(&seen).map(|((f, slot), seen)| {
        let member = f.member;
        let local = &f.local;
        match &f.shape {
            Shape::One => quote!(#member: #slot.ok_or_else(|| reader.missing(start, #local))?,),
            Shape::Maybe | Shape::CatchAll => quote!(#member: #slot,),
            Shape::Many if f.wrapped => quote!(#member: if #seen { #slot } else { return Err(reader.missing(start, #local)) },),
            Shape::Many => quote!(#member: { let _ = #seen; #slot },),
            Shape::MaybeMany(_, false) => quote!(#member: #slot,),
            Shape::MaybeMany(_, true) => quote!(#member: #slot.map_or(::apigen_runtime::Nullable::Absent, ::apigen_runtime::Nullable::Value),),
        }
    });
    quote! {
        fn decode_element(reader: &mut #rt::XmlReader<'_>, start: &#rt::Start<'_>) -> Result<Self, #rt::XmlError> {
            #(#declarations)*
            for (name, value) in &start.attributes {
                match name.as_str() {
                    #(#attribute_arms)*
                    _ => {}
                }
            }
            while let Some(child) = reader.next_child(start)? {
                let key: &str = match child.name {
                    #(#renames)*
                    other => other,
                };
                match key {
                    #(#element_arms)*
                    #fallback
                }
            }
            Ok(Self {
                #(#inits)*
            })
        }
    }
}
