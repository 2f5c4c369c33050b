//! The `#[xml(...)]` attributes, checked.

use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

pub struct Model<'a> {
    pub ident: &'a Ident,
    pub generics: &'a syn::Generics,
    pub root: Option<String>,
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub body: Body<'a>,
}

pub enum Body<'a> {
    Struct(Vec<FieldModel<'a>>),
    /// Unit variants with their wire text (string enums).
    TextEnum(Vec<(&'a Ident, String)>),
    /// An enum read and written through another type (`#[serde(try_from = "i64", into = "i64")]`).
    Converted(Box<Type>),
    /// Tuple variants with one value each (unions): each is tried in turn.
    Union(Vec<(&'a Ident, &'a Type)>),
    /// A one-field tuple struct: written and read as its field.
    Newtype(&'a Type),
}

/// The syntactic shape of a field's type, which decides how occurrences accumulate.
pub enum Shape<'a> {
    /// `T`: exactly one element.
    One,
    /// `Option<T>` or `Nullable<T>`: at most one.
    Maybe,
    /// `Vec<T>`: any number.
    Many,
    /// `Option<Vec<T>>` / `Nullable<Vec<T>>` (the flag says which).
    MaybeMany(&'a Type, bool),
    /// `#[serde(flatten)]` map: every element no other field takes.
    CatchAll,
}

pub struct FieldModel<'a> {
    pub member: &'a Ident,
    pub ty: &'a Type,
    /// The element or attribute name, with its prefix (written).
    pub name: String,
    /// The name without prefix (matched when reading).
    pub local: String,
    /// A namespace declared on this field's element.
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub attribute: bool,
    pub wrapped: bool,
    /// Element name of the items of a wrapped array.
    pub item: String,
    pub shape: Shape<'a>,
}

fn generic_arg<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

fn shape(ty: &Type) -> Shape<'_> {
    if generic_arg(ty, "Vec").is_some() {
        return Shape::Many;
    }
    for (wrapper, nullable) in [("Option", false), ("Nullable", true)] {
        if let Some(inner) = generic_arg(ty, wrapper) {
            return match generic_arg(inner, "Vec") {
                Some(item) => Shape::MaybeMany(item, nullable),
                None => Shape::Maybe,
            };
        }
    }
    Shape::One
}

fn is_map(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "BTreeMap" || s.ident == "HashMap")
}

fn string_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<String> {
    let expr: syn::Expr = meta.value()?.parse()?;
    match &expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => {
            if s.value().is_empty() {
                Err(syn::Error::new_spanned(&expr, "the name must not be empty"))
            } else {
                Ok(s.value())
            }
        }
        _ => Err(syn::Error::new_spanned(&expr, "expected a string literal")),
    }
}

fn flag(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        return Err(meta.error("this flag takes no value: write it alone"));
    }
    Ok(true)
}

fn set<T>(
    slot: &mut Option<T>,
    value: T,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error("duplicate key"));
    }
    *slot = Some(value);
    Ok(())
}

const CONTAINER_KEYS: &str = "`root`, `namespace`, `prefix`";
const FIELD_KEYS: &str = "`name`, `attribute`, `wrapped`, `item`, `prefix`, `namespace`";

pub fn parse(input: &DeriveInput) -> syn::Result<Model<'_>> {
    let mut root = None;
    let mut namespace = None;
    let mut prefix = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("xml")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("root") {
                set(&mut root, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("namespace") {
                set(&mut namespace, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("prefix") {
                set(&mut prefix, string_value(&meta)?, &meta)
            } else {
                Err(meta.error(format!(
                    "unknown key on a type; expected one of {CONTAINER_KEYS}"
                )))
            }
        })?;
    }
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Body::Struct(
                named
                    .named
                    .iter()
                    .map(parse_field)
                    .collect::<syn::Result<Vec<_>>>()?,
            ),
            Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                Body::Newtype(&unnamed.unnamed[0].ty)
            }
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    "XML derives need a struct with named fields (its elements) or a newtype",
                ))
            }
        },
        Data::Enum(data) => {
            if let Some(into) = crate::serde_attr::Container::from_attrs(&input.attrs).into {
                Body::Converted(Box::new(into))
            } else if data
                .variants
                .iter()
                .all(|v| matches!(v.fields, Fields::Unit))
            {
                Body::TextEnum(
                    data.variants
                        .iter()
                        .map(|v| {
                            let rename = crate::serde_attr::Field::from_attrs(&v.attrs).rename;
                            (
                                &v.ident,
                                rename.unwrap_or_else(|| v.ident.unraw().to_string()),
                            )
                        })
                        .collect(),
                )
            } else {
                let mut variants = Vec::new();
                for variant in &data.variants {
                    match &variant.fields {
                        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                            variants.push((&variant.ident, &fields.unnamed[0].ty))
                        }
                        other => {
                            return Err(syn::Error::new(
                                if matches!(other, Fields::Unit) {
                                    variant.ident.span()
                                } else {
                                    other.span()
                                },
                                "a union's variants must each hold exactly one value",
                            ))
                        }
                    }
                }
                Body::Union(variants)
            }
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "XML derives do not support Rust unions; use an enum",
            ))
        }
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("xml")) {
        if root.is_some() && !matches!(body, Body::Struct(_)) {
            return Err(syn::Error::new_spanned(
                attr,
                "`root` only applies to structs",
            ));
        }
    }
    Ok(Model {
        ident: &input.ident,
        generics: &input.generics,
        root,
        namespace,
        prefix,
        body,
    })
}

fn parse_field(field: &syn::Field) -> syn::Result<FieldModel<'_>> {
    let member = field.ident.as_ref().expect("named field");
    let crate::serde_attr::Field {
        rename, flatten, ..
    } = crate::serde_attr::Field::from_attrs(&field.attrs);
    let mut name = None;
    let mut attribute = None;
    let mut wrapped = None;
    let mut item = None;
    let mut prefix = None;
    let mut namespace = None;
    let mut attribute_span = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("xml")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                set(&mut name, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("attribute") {
                attribute_span = Some(meta.path.span());
                set(&mut attribute, flag(&meta)?, &meta)
            } else if meta.path.is_ident("wrapped") {
                if !matches!(shape(&field.ty), Shape::Many | Shape::MaybeMany(..)) {
                    return Err(meta.error("`wrapped` applies only to array fields (`Vec<T>`)"));
                }
                set(&mut wrapped, flag(&meta)?, &meta)
            } else if meta.path.is_ident("item") {
                if !matches!(shape(&field.ty), Shape::Many | Shape::MaybeMany(..)) {
                    return Err(meta.error("`item` applies only to array fields (`Vec<T>`)"));
                }
                set(&mut item, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("prefix") {
                set(&mut prefix, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("namespace") {
                set(&mut namespace, string_value(&meta)?, &meta)
            } else if meta.path.is_ident("root") {
                Err(meta.error("`root` applies to the type, not to a field"))
            } else {
                Err(meta.error(format!(
                    "unknown key on a field; expected one of {FIELD_KEYS}"
                )))
            }
        })?;
    }
    let attribute = attribute.unwrap_or(false);
    let shape = if flatten && is_map(&field.ty) {
        Shape::CatchAll
    } else {
        shape(&field.ty)
    };
    if attribute {
        let span = attribute_span.unwrap_or_else(|| member.span());
        let non_scalar = matches!(shape, Shape::Many | Shape::MaybeMany(..) | Shape::CatchAll)
            || is_map(&field.ty);
        if non_scalar {
            return Err(syn::Error::new(
                span,
                "`attribute` needs a scalar field; arrays and maps cannot be attributes",
            ));
        }
        if wrapped.is_some() {
            return Err(syn::Error::new(
                span,
                "a field cannot be both an `attribute` and `wrapped`",
            ));
        }
    }
    let local = name
        .or(rename)
        .unwrap_or_else(|| member.unraw().to_string());
    let qualified = match &prefix {
        Some(prefix) => format!("{prefix}:{local}"),
        None => local.clone(),
    };
    Ok(FieldModel {
        member,
        ty: &field.ty,
        item: item.unwrap_or_else(|| local.clone()),
        name: qualified,
        local,
        namespace,
        prefix,
        attribute,
        wrapped: wrapped.unwrap_or(false),
        shape,
    })
}
