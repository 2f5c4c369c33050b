//! `#[derive(Validate)]`: OpenAPI constraints checked on typed values.
//!
//! Split like serde_derive: [`parse`] reads `#[validate(...)]` into [`parse::Constraints`]
//! (every misuse a spanned error), [`crate::serde_attr`] reads the serde attributes that decide
//! where a field sits on the wire, this module builds the model of the type, and [`expand`]
//! turns it into an impl of `apigen_runtime::validate::Validate` that calls one runtime helper
//! per constraint.

mod expand;
mod parse;

use parse::{combine, Constraints, Place};
use proc_macro2::TokenStream;
use syn::{Data, DeriveInput, Fields, Ident, Member, Type};

/// Derives `Validate` (and `ObjectLike` for structs with named fields).
pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let body = match &input.data {
        Data::Struct(data) => struct_body(input, &data.fields)?,
        Data::Enum(data) => {
            no_validate_attr(&input.attrs, "an enum")?;
            let variants = data.variants.iter().map(variant).collect::<Vec<_>>();
            combine(variants.iter().filter_map(|v| v.as_ref().err().cloned()))?;
            Body::Enum(variants.into_iter().filter_map(Result::ok).collect())
        }
        Data::Union(data) => {
            return Err(syn::Error::new_spanned(
                data.union_token,
                "`Validate` cannot be derived for a Rust `union`: which field is live is not \
                 known (an OpenAPI oneOf/anyOf is an enum with one tuple variant per member)",
            ))
        }
    };
    Ok(expand::expand(&Input {
        ident: &input.ident,
        generics: &input.generics,
        body,
    }))
}

/// The type the derive is on.
struct Input<'a> {
    ident: &'a Ident,
    generics: &'a syn::Generics,
    body: Body<'a>,
}

enum Body<'a> {
    Struct {
        fields: Vec<Field<'a>>,
        /// `#[validate(min_properties = .., max_properties = ..)]` on the struct.
        constraints: Box<Constraints>,
        /// Named fields, not `#[serde(transparent)]`: an object on the wire.
        object: bool,
    },
    Enum(Vec<Variant<'a>>),
}

/// A field and where it sits on the wire.
struct Field<'a> {
    member: Member,
    ty: &'a Type,
    wire: Wire,
    /// For counting properties: whether the field is on the wire.
    presence: Presence,
    constraints: Constraints,
}

/// Where a field sits relative to its parent's pointer.
enum Wire {
    /// A property: `/name`.
    Key(String),
    /// An item of a tuple struct: `/0`.
    Index(usize),
    /// At the parent's pointer: a newtype or transparent field, or a flattened one.
    Same,
}

enum Presence {
    /// Counts as one property, always.
    Always,
    /// Counts unless `skip_serializing_if` says to skip it.
    Unless(syn::ExprPath),
    /// Flattened: counts its own properties.
    Flatten,
}

struct Variant<'a> {
    ident: &'a Ident,
    /// The payload of a one-field tuple variant; `None` for a unit variant.
    payload: Option<&'a Type>,
    /// `#[validate(...)]` on the payload: a union member whose type cannot carry its
    /// constraints (a `String` alias with a `maxLength`), checked at the union's pointer.
    constraints: Constraints,
}

fn struct_body<'a>(input: &'a DeriveInput, fields: &'a Fields) -> syn::Result<Body<'a>> {
    let container = crate::serde_attr::Container::from_attrs(&input.attrs);
    let named = matches!(fields, Fields::Named(_));
    let object = named && !container.transparent;
    let struct_constraints = Constraints::from_attrs(&input.attrs, Place::Struct);
    if let Ok(constraints) = &struct_constraints {
        let key = [&constraints.min_properties, &constraints.max_properties]
            .into_iter()
            .flatten()
            .next();
        if let (Some(key), false) = (key, object) {
            return Err(syn::Error::new_spanned(
                &key.key,
                format!(
                    "`{}` needs a struct that is an object on the wire: named fields, \
                     not `#[serde(transparent)]`",
                    key.key
                ),
            ));
        }
    }
    let same_pointer = container.transparent || (!named && fields.len() == 1);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let serde = crate::serde_attr::Field::from_attrs(&field.attrs);
        let constraints = match Constraints::from_attrs(&field.attrs, Place::Field) {
            Ok(constraints) => constraints,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if serde.skip {
            if let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident("validate")) {
                errors.push(syn::Error::new_spanned(
                    attr,
                    "this field is skipped by serde, so its constraints would never be checked",
                ));
            }
            continue;
        }
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(index.into()),
        };
        let wire = if same_pointer || serde.flatten {
            Wire::Same
        } else if let Some(ident) = &field.ident {
            let name = ident.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name);
            Wire::Key(serde.rename.unwrap_or_else(|| container.field_name(name)))
        } else {
            Wire::Index(index)
        };
        let presence = if serde.flatten {
            Presence::Flatten
        } else if let Some(path) = serde.skip_serializing_if {
            Presence::Unless(path)
        } else {
            Presence::Always
        };
        out.push(Field {
            member,
            ty: &field.ty,
            wire,
            presence,
            constraints,
        });
    }
    errors.extend(struct_constraints.as_ref().err().cloned());
    combine(errors)?;
    Ok(Body::Struct {
        fields: out,
        constraints: Box::new(struct_constraints?),
        object,
    })
}

/// `#[validate]` where constraints cannot go: on an enum (a union or a string enum) or its
/// variants (the payload of a tuple variant may carry them).
fn no_validate_attr(attrs: &[syn::Attribute], what: &str) -> syn::Result<()> {
    match attrs.iter().find(|attr| attr.path().is_ident("validate")) {
        Some(attr) => Err(syn::Error::new_spanned(
            attr,
            format!(
                "#[validate] cannot be used on {what}: constraints belong to a union's \
                 members, on the payload of each tuple variant: \
                 `A(#[validate(min_length = 1)] String)`"
            ),
        )),
        None => Ok(()),
    }
}

fn variant(variant: &syn::Variant) -> syn::Result<Variant<'_>> {
    no_validate_attr(&variant.attrs, "an enum variant")?;
    let mut constraints = Constraints::default();
    let payload =
        match &variant.fields {
            Fields::Unit => None,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                let field = &fields.unnamed[0];
                constraints = Constraints::from_attrs(&field.attrs, Place::Field)?;
                Some(&field.ty)
            }
            fields => return Err(syn::Error::new_spanned(
                fields,
                "`Validate` supports unit variants (string enums) and one-field tuple variants \
                 (unions, the payload validated at the same pointer)",
            )),
        };
    Ok(Variant {
        ident: &variant.ident,
        payload,
        constraints,
    })
}
