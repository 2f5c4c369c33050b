//! The few `#[serde(...)]` attributes that decide where a field sits on the wire, as the
//! `Validate` and XML derives read them (pointers and element names are wire names), and the
//! literal reader the `Serialize`/`Deserialize` derives share (`wire.rs`).
//!
//! Read leniently: an attribute this does not understand is serde's business (serde reports its
//! own errors), so it is ignored here. The `Serialize`/`Deserialize` derives read the same
//! attributes strictly (`wire.rs`), since there they stand in for serde.

use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, ExprPath, Lit, LitStr, Meta, Token};

/// What the container's serde attributes say.
#[derive(Default)]
pub(crate) struct Container {
    /// `rename_all = "..."` (or its `serialize` half).
    pub rename_all: Option<String>,
    /// `transparent`: the single field is the value itself.
    pub transparent: bool,
    /// `into = "T"`: serialized as this type (XML writes it as text).
    pub into: Option<syn::Type>,
}

/// What a field's serde attributes say.
#[derive(Default)]
pub(crate) struct Field {
    /// `rename = "..."` (or its `serialize` half).
    pub rename: Option<String>,
    /// `flatten`: the field's properties are the parent's.
    pub flatten: bool,
    /// `skip` or `skip_serializing`: never on the wire.
    pub skip: bool,
    /// `skip_serializing_if = "path"`: absent from the wire when `path(&field)` is true.
    pub skip_serializing_if: Option<ExprPath>,
}

/// Every `key`, `key = value` and `key(...)` of the `#[serde(...)]` attributes.
fn metas(attrs: &[Attribute]) -> Vec<Meta> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

/// The string literal of an attribute value (`rename = "x"`), through macro-made groups.
pub(crate) fn string(expr: &Expr) -> Option<&LitStr> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s),
        Expr::Group(group) => string(&group.expr),
        _ => None,
    }
}

/// The serialized name of `rename = "x"` or `rename(serialize = "x", ...)`.
fn serialized_name(meta: &Meta) -> Option<String> {
    match meta {
        Meta::NameValue(nv) => string(&nv.value).map(LitStr::value),
        Meta::List(list) => list
            .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .ok()?
            .into_iter()
            .find_map(|meta| match meta {
                Meta::NameValue(nv) if nv.path.is_ident("serialize") => {
                    string(&nv.value).map(LitStr::value)
                }
                _ => None,
            }),
        Meta::Path(_) => None,
    }
}

impl Container {
    pub fn from_attrs(attrs: &[Attribute]) -> Self {
        let mut container = Container::default();
        for meta in metas(attrs) {
            if meta.path().is_ident("rename_all") {
                container.rename_all = serialized_name(&meta);
            } else if meta.path().is_ident("transparent") {
                container.transparent = true;
            } else if let (true, Meta::NameValue(nv)) = (meta.path().is_ident("into"), &meta) {
                container.into = string(&nv.value).and_then(|s| s.parse().ok());
            }
        }
        container
    }

    /// The wire name of a field called `name` (without `r#`) with no `rename`, following
    /// serde's `rename_all` rules for fields.
    pub fn field_name(&self, name: &str) -> String {
        let pascal = || {
            name.split('_')
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect::<String>()
        };
        match self.rename_all.as_deref() {
            Some("UPPERCASE" | "SCREAMING_SNAKE_CASE") => name.to_ascii_uppercase(),
            Some("PascalCase") => pascal(),
            Some("camelCase") => {
                let pascal = pascal();
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Some("kebab-case") => name.replace('_', "-"),
            Some("SCREAMING-KEBAB-CASE") => name.to_ascii_uppercase().replace('_', "-"),
            // "lowercase", "snake_case", none, or a rule serde itself rejects.
            _ => name.to_owned(),
        }
    }
}

impl Field {
    pub fn from_attrs(attrs: &[Attribute]) -> Self {
        let mut field = Field::default();
        for meta in metas(attrs) {
            let path = meta.path();
            if path.is_ident("rename") {
                field.rename = serialized_name(&meta).or(field.rename);
            } else if path.is_ident("flatten") {
                field.flatten = true;
            } else if path.is_ident("skip") || path.is_ident("skip_serializing") {
                field.skip = true;
            } else if path.is_ident("skip_serializing_if") {
                if let Meta::NameValue(nv) = &meta {
                    field.skip_serializing_if = string(&nv.value).and_then(|s| s.parse().ok());
                }
            }
        }
        field
    }
}
