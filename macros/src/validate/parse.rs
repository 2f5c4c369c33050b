//! `#[validate(...)]` attributes into constraints, every misuse a spanned error.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Ident, Lit, LitStr, UnOp};

/// Every key, in the order they are checked.
const FIELD_KEYS: &str = "min_length, max_length, pattern, format, minimum, maximum, \
    exclusive_minimum, exclusive_maximum, multiple_of, min_items, max_items, unique_items, \
    min_properties, max_properties, enum_values, each(...), values(...), skip_nested";

/// The formats the runtime checks (`apigen_runtime::validate::Format`), by OpenAPI name.
/// Other formats are accepted without a check, as JSON Schema says.
const FORMATS: &[(&str, &str)] = &[
    ("email", "Email"),
    ("uri", "Uri"),
    ("uuid", "Uuid"),
    ("date", "Date"),
    ("date-time", "DateTime"),
    ("ipv4", "Ipv4"),
    ("ipv6", "Ipv6"),
    ("hostname", "Hostname"),
];

/// The largest `multiple_of` mantissa: the runtime's digit-by-digit remainder stays in `u128`.
const MAX_MANTISSA: u128 = 10u128.pow(36);

/// One `key = value` (or flag) with where it was written.
pub(super) struct Setting<T> {
    /// The key, for spans.
    pub key: Ident,
    /// The value's tokens, for spans of errors about the value.
    pub tokens: TokenStream,
    pub value: T,
}

/// A number literal of `minimum`/`maximum`.
#[derive(Clone, Copy)]
pub(super) enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Int(n) => n as f64,
            Num::Float(x) => x,
        }
    }

    fn greater_than(self, other: Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a > b,
            _ => self.as_f64() > other.as_f64(),
        }
    }

    fn equals(self, other: Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a == b,
            _ => self.as_f64() == other.as_f64(),
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(n) => write!(f, "{n}"),
            Num::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The constraints of one value (a field, the items of an array, or a struct).
#[derive(Default)]
pub(super) struct Constraints {
    pub min_length: Option<Setting<u64>>,
    pub max_length: Option<Setting<u64>>,
    pub pattern: Option<Setting<LitStr>>,
    /// The `Format` variant, `None` for a format without a check.
    pub format: Option<Setting<Option<&'static str>>>,
    pub minimum: Option<Setting<Num>>,
    pub maximum: Option<Setting<Num>>,
    pub exclusive_minimum: Option<Setting<bool>>,
    pub exclusive_maximum: Option<Setting<bool>>,
    /// `mantissa × 10^-scale`.
    pub multiple_of: Option<Setting<(u128, u32)>>,
    pub min_items: Option<Setting<u64>>,
    pub max_items: Option<Setting<u64>>,
    pub unique_items: Option<Setting<bool>>,
    pub min_properties: Option<Setting<u64>>,
    pub max_properties: Option<Setting<u64>>,
    pub each: Option<Setting<Box<Constraints>>>,
    /// The constraints of a map's values.
    pub values: Option<Setting<Box<Constraints>>>,
    /// `enum_values = [1, "auto", null]`: an `enum` no Rust enum carries.
    pub enum_values: Option<Setting<Vec<EnumValue>>>,
    /// `skip_nested`: the field's own type was validated already (a decoded body the server
    /// wraps to check the constraints its type cannot carry); only these constraints run.
    pub skip_nested: Option<Setting<bool>>,
}

/// One value of `enum_values`.
#[derive(Clone, PartialEq)]
pub(super) enum EnumValue {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
}

/// Where the attribute is written, which decides the keys it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// On a field, or inside `each(...)`.
    Field,
    /// On the struct itself.
    Struct,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.format.as_ref().is_none_or(|f| f.value.is_none())
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.multiple_of.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.unique_items.as_ref().is_none_or(|u| !u.value)
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.each.as_ref().is_none_or(|e| e.value.is_empty())
            && self.values.as_ref().is_none_or(|e| e.value.is_empty())
            && self.enum_values.is_none()
    }

    /// The constraints of every `#[validate(...)]` among `attrs`, merged (a key repeated in two
    /// attributes is a duplicate too), then checked for consistency.
    pub fn from_attrs(attrs: &[Attribute], place: Place) -> syn::Result<Self> {
        let mut constraints = Constraints::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("validate")) {
            attr.meta.require_list()?;
            attr.parse_nested_meta(|meta| constraints.parse_key(&meta, place))?;
        }
        constraints.check()?;
        Ok(constraints)
    }

    fn parse_key(&mut self, meta: &ParseNestedMeta, place: Place) -> syn::Result<()> {
        let Some(key) = meta.path.get_ident().cloned() else {
            return Err(syn::Error::new_spanned(
                &meta.path,
                format!("unknown key in #[validate(...)]; expected one of: {FIELD_KEYS}"),
            ));
        };
        let name = key.to_string();
        if place == Place::Struct && name != "min_properties" && name != "max_properties" {
            let known = FIELD_KEYS
                .split(", ")
                .any(|k| k.trim_end_matches("(...)") == name);
            let message = if known {
                format!(
                    "`{name}` cannot be used on a struct, only on its fields; \
                     a struct takes `min_properties` and `max_properties`"
                )
            } else {
                format!(
                    "unknown key `{name}` in #[validate(...)] on a struct; \
                     expected `min_properties` or `max_properties`"
                )
            };
            return Err(syn::Error::new_spanned(&key, message));
        }
        match name.as_str() {
            "min_length" => set(&mut self.min_length, meta, key, length),
            "max_length" => set(&mut self.max_length, meta, key, length),
            "min_items" => set(&mut self.min_items, meta, key, length),
            "max_items" => set(&mut self.max_items, meta, key, length),
            "min_properties" => set(&mut self.min_properties, meta, key, length),
            "max_properties" => set(&mut self.max_properties, meta, key, length),
            "pattern" => set(&mut self.pattern, meta, key, pattern),
            "format" => set(&mut self.format, meta, key, format),
            "minimum" => set(&mut self.minimum, meta, key, number),
            "maximum" => set(&mut self.maximum, meta, key, number),
            "multiple_of" => set(&mut self.multiple_of, meta, key, divisor),
            "exclusive_minimum" => set_flag(&mut self.exclusive_minimum, meta, key),
            "exclusive_maximum" => set_flag(&mut self.exclusive_maximum, meta, key),
            "unique_items" => set_flag(&mut self.unique_items, meta, key),
            "skip_nested" => set_flag(&mut self.skip_nested, meta, key),
            "enum_values" => set(&mut self.enum_values, meta, key, enum_values),
            "each" => nested(&mut self.each, meta, key, "the items of an array: `each("),
            "values" => nested(&mut self.values, meta, key, "the values of a map: `values("),
            _ => Err(syn::Error::new_spanned(
                &key,
                format!("unknown key `{name}` in #[validate(...)]; expected one of: {FIELD_KEYS}"),
            )),
        }
    }

    /// Constraints that contradict each other, all reported.
    fn check(&self) -> syn::Result<()> {
        let mut errors = Vec::new();
        for (flag, bound, bound_name) in [
            (&self.exclusive_minimum, self.minimum.is_some(), "minimum"),
            (&self.exclusive_maximum, self.maximum.is_some(), "maximum"),
        ] {
            if let Some(flag) = flag {
                if flag.value && !bound {
                    errors.push(syn::Error::new_spanned(
                        &flag.key,
                        format!("`{}` needs a `{bound_name}` to make exclusive", flag.key),
                    ));
                }
            }
        }
        for (min, max) in [
            (&self.min_length, &self.max_length),
            (&self.min_items, &self.max_items),
            (&self.min_properties, &self.max_properties),
        ] {
            if let (Some(min), Some(max)) = (min, max) {
                if min.value > max.value {
                    errors.push(syn::Error::new_spanned(
                        &min.tokens,
                        format!(
                            "`{}` ({}) is greater than `{}` ({}): no value can satisfy both",
                            min.key, min.value, max.key, max.value
                        ),
                    ));
                }
            }
        }
        if let (Some(min), Some(max)) = (&self.minimum, &self.maximum) {
            let exclusive = |flag: &Option<Setting<bool>>| flag.as_ref().is_some_and(|f| f.value);
            if min.value.greater_than(max.value) {
                errors.push(syn::Error::new_spanned(
                    &min.tokens,
                    format!(
                        "`minimum` ({}) is greater than `maximum` ({}): no value can satisfy both",
                        min.value, max.value
                    ),
                ));
            } else if min.value.equals(max.value)
                && (exclusive(&self.exclusive_minimum) || exclusive(&self.exclusive_maximum))
            {
                errors.push(syn::Error::new_spanned(
                    &min.tokens,
                    format!(
                        "`minimum` and `maximum` are both {} and one is exclusive: \
                         no value can satisfy both",
                        min.value
                    ),
                ));
            }
        }
        for inner in [&self.each, &self.values].into_iter().flatten() {
            if let Err(error) = inner.value.check() {
                errors.push(error);
            }
        }
        combine(errors)
    }
}

/// All the errors as one, or `Ok` when there are none.
pub(super) fn combine(errors: impl IntoIterator<Item = syn::Error>) -> syn::Result<()> {
    errors
        .into_iter()
        .reduce(|mut all, error| {
            all.combine(error);
            all
        })
        .map_or(Ok(()), Err)
}

/// `each(...)` or `values(...)`: the constraints of what the field holds.
fn nested(
    slot: &mut Option<Setting<Box<Constraints>>>,
    meta: &ParseNestedMeta,
    key: Ident,
    what: &str,
) -> syn::Result<()> {
    duplicate(slot, &key)?;
    if !meta.input.peek(syn::token::Paren) {
        return Err(syn::Error::new_spanned(
            &key,
            format!("`{key}` holds the constraints of {what}max_length = 5)`"),
        ));
    }
    let mut inner = Constraints::default();
    meta.parse_nested_meta(|meta| inner.parse_key(&meta, Place::Field))?;
    *slot = Some(Setting {
        tokens: key.to_token_stream(),
        key,
        value: Box::new(inner),
    });
    Ok(())
}

fn duplicate<T>(slot: &Option<Setting<T>>, key: &Ident) -> syn::Result<()> {
    match slot {
        Some(_) => Err(syn::Error::new_spanned(
            key,
            format!("duplicate `{key}`: each key may be given once per field"),
        )),
        None => Ok(()),
    }
}

/// `key = value`, the value read by `read` (which gets the key's name and the expression).
fn set<T>(
    slot: &mut Option<Setting<T>>,
    meta: &ParseNestedMeta,
    key: Ident,
    read: fn(&str, &Expr) -> syn::Result<T>,
) -> syn::Result<()> {
    duplicate(slot, &key)?;
    let name = key.to_string();
    if !meta.input.peek(syn::Token![=]) {
        return Err(syn::Error::new_spanned(
            &key,
            format!("`{name}` needs a value: `{name} = {}`", example(&name)),
        ));
    }
    let expr: Expr = meta.value()?.parse()?;
    let value = read(&name, &expr)?;
    *slot = Some(Setting {
        key,
        tokens: expr.to_token_stream(),
        value,
    });
    Ok(())
}

/// A flag: `key`, `key = true` or `key = false`.
fn set_flag(
    slot: &mut Option<Setting<bool>>,
    meta: &ParseNestedMeta,
    key: Ident,
) -> syn::Result<()> {
    duplicate(slot, &key)?;
    let (value, tokens) = if meta.input.peek(syn::Token![=]) {
        let expr: Expr = meta.value()?.parse()?;
        match literal(&expr) {
            Some((Lit::Bool(b), false)) => (b.value, expr.to_token_stream()),
            _ => {
                return Err(syn::Error::new_spanned(
                    &expr,
                    format!(
                        "`{key}` is a flag: write `{key}`, or `{key} = true` / `{key} = false`"
                    ),
                ))
            }
        }
    } else {
        (true, key.to_token_stream())
    };
    *slot = Some(Setting { key, tokens, value });
    Ok(())
}

fn example(name: &str) -> &'static str {
    match name {
        "pattern" => "\"^[a-z]+$\"",
        "format" => "\"email\"",
        "minimum" | "maximum" => "1",
        "multiple_of" => "5",
        _ => "3",
    }
}

/// The literal of `expr`, and whether it is negated (`-3`).
fn literal(expr: &Expr) -> Option<(&Lit, bool)> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => Some((lit, false)),
        Expr::Group(group) => literal(&group.expr),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => match literal(expr)? {
            (lit @ (Lit::Int(_) | Lit::Float(_)), false) => Some((lit, true)),
            _ => None,
        },
        _ => None,
    }
}

/// What a literal is, for "found ..." in messages.
fn found(expr: &Expr) -> &'static str {
    match literal(expr) {
        Some((Lit::Str(_), _)) => "a string",
        Some((Lit::Int(_), _)) => "an integer",
        Some((Lit::Float(_), _)) => "a float",
        Some((Lit::Bool(_), _)) => "a boolean",
        Some(_) => "another kind of literal",
        None => "an expression (only literals are allowed)",
    }
}

/// A length or count: a non-negative integer literal.
fn length(name: &str, expr: &Expr) -> syn::Result<u64> {
    match literal(expr) {
        Some((Lit::Int(int), false)) => int.base10_parse(),
        Some((Lit::Int(_), true)) => Err(syn::Error::new_spanned(
            expr,
            format!("`{name}` cannot be negative"),
        )),
        _ => Err(syn::Error::new_spanned(
            expr,
            format!(
                "`{name}` must be a non-negative integer, e.g. `{name} = 3`; found {}",
                found(expr)
            ),
        )),
    }
}

/// `pattern`: a string literal that the `regex` crate's syntax accepts, or else `fancy-regex`'s
/// (for look-around and backreferences), the rule of `apigen_runtime::validate::Regex::new`,
/// spelled out here because the runtime depends on this crate and cannot be called from it.
/// Only parsed, not compiled: compiling every pattern of a large spec (Unicode classes into
/// automata, in a proc macro built without optimisation) was most of this derive's expansion
/// time; what parses but is too large to compile is reported by the runtime's `Pattern`.
fn pattern(name: &str, expr: &Expr) -> syn::Result<LitStr> {
    match literal(expr) {
        Some((Lit::Str(s), _)) => match regex_syntax::Parser::new().parse(&s.value()) {
            Ok(_) => Ok(s.clone()),
            Err(_) if fancy_regex::Expr::parse_tree(&s.value()).is_ok() => Ok(s.clone()),
            Err(error) => Err(syn::Error::new_spanned(
                s,
                format!("invalid `pattern`: {error}"),
            )),
        },
        _ => Err(syn::Error::new_spanned(
            expr,
            format!(
                "`{name}` must be a string literal, e.g. `{name} = \"^[a-z]+$\"`; found {}",
                found(expr)
            ),
        )),
    }
}

/// `enum_values`: a non-empty list of literals (numbers, strings, booleans) and `null`.
fn enum_values(name: &str, expr: &Expr) -> syn::Result<Vec<EnumValue>> {
    let example = format!("e.g. `{name} = [1, \"auto\", null]`");
    let Expr::Array(array) = expr else {
        return Err(syn::Error::new_spanned(
            expr,
            format!("`{name}` must be a list of literals, {example}"),
        ));
    };
    if array.elems.is_empty() {
        return Err(syn::Error::new_spanned(
            expr,
            format!("`{name}` cannot be empty: no value could be valid"),
        ));
    }
    array
        .elems
        .iter()
        .map(|item| match (literal(item), item) {
            (Some((Lit::Str(s), _)), _) => Ok(EnumValue::Str(s.value())),
            (Some((Lit::Bool(b), _)), _) => Ok(EnumValue::Bool(b.value)),
            (Some((Lit::Int(_) | Lit::Float(_), _)), _) => Ok(match number(name, item)? {
                Num::Int(n) => EnumValue::Int(n),
                Num::Float(x) => EnumValue::Float(x),
            }),
            (None, Expr::Path(path)) if path.path.is_ident("null") => Ok(EnumValue::Null),
            _ => Err(syn::Error::new_spanned(
                item,
                format!(
                    "`{name}` holds numbers, strings, booleans and `null`, {example}; found {}",
                    found(item)
                ),
            )),
        })
        .collect()
}

/// `format`: any string; the known ones map to a runtime check.
fn format(name: &str, expr: &Expr) -> syn::Result<Option<&'static str>> {
    match literal(expr) {
        Some((Lit::Str(s), _)) => {
            let value = s.value();
            Ok(FORMATS
                .iter()
                .find(|(format, _)| *format == value)
                .map(|(_, variant)| *variant))
        }
        _ => Err(syn::Error::new_spanned(
            expr,
            format!(
                "`{name}` must be a string literal, e.g. `{name} = \"email\"`; found {}",
                found(expr)
            ),
        )),
    }
}

/// `minimum`/`maximum`: an integer or float literal, possibly negative.
fn number(name: &str, expr: &Expr) -> syn::Result<Num> {
    let (value, negative) = match literal(expr) {
        Some((Lit::Int(int), negative)) => (Num::Int(int.base10_parse()?), negative),
        Some((Lit::Float(float), negative)) => {
            let x: f64 = float.base10_parse()?;
            if !x.is_finite() {
                return Err(syn::Error::new_spanned(
                    expr,
                    format!("`{name}` must be a finite number"),
                ));
            }
            (Num::Float(x), negative)
        }
        _ => {
            return Err(syn::Error::new_spanned(
                expr,
                format!(
                "`{name}` must be a number literal, e.g. `{name} = 1` or `{name} = 0.5`; found {}",
                found(expr)
            ),
            ))
        }
    };
    Ok(match (value, negative) {
        (Num::Int(n), true) => Num::Int(-n),
        (Num::Float(x), true) => Num::Float(-x),
        (value, false) => value,
    })
}

/// `multiple_of`: a positive integer or decimal literal, kept exact as `mantissa × 10^-scale`.
fn divisor(name: &str, expr: &Expr) -> syn::Result<(u128, u32)> {
    let digits = match literal(expr) {
        Some((Lit::Int(int), false)) => int.base10_digits(),
        Some((Lit::Float(float), false)) => float.base10_digits(),
        Some((Lit::Int(_) | Lit::Float(_), true)) => {
            return Err(syn::Error::new_spanned(
                expr,
                format!("`{name}` must be greater than 0"),
            ))
        }
        _ => {
            return Err(syn::Error::new_spanned(
                expr,
                format!(
                    "`{name}` must be a positive number literal, e.g. `{name} = 5` or `{name} = 0.01`; found {}",
                    found(expr)
                ),
            ))
        }
    };
    match decimal(digits) {
        Some((0, _)) => Err(syn::Error::new_spanned(
            expr,
            format!("`{name}` must be greater than 0"),
        )),
        Some((mantissa, scale)) if mantissa < MAX_MANTISSA => Ok((mantissa, scale)),
        _ => Err(syn::Error::new_spanned(
            expr,
            format!("`{name}` has too many significant digits (at most 36)"),
        )),
    }
}

/// `12.50e-1` into `(125, 2)`: the digits without trailing zeros and the number of decimals.
fn decimal(text: &str) -> Option<(u128, u32)> {
    let (number, exponent) = match text.split_once(['e', 'E']) {
        Some((number, exponent)) => (number, exponent.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let mut digits: String = whole.chars().chain(fraction.chars()).collect();
    let mut scale = i64::try_from(fraction.len()).ok()? - exponent;
    while scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    while scale < 0 {
        digits.push('0');
        scale += 1;
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > 38 {
        return None;
    }
    let mantissa = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some((mantissa, u32::try_from(scale).ok()?))
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal("5"), Some((5, 0)));
        assert_eq!(decimal("0.01"), Some((1, 2)));
        assert_eq!(decimal("12.50"), Some((125, 1)));
        assert_eq!(decimal("1e3"), Some((1000, 0)));
        assert_eq!(decimal("12.50e-1"), Some((125, 2)));
        assert_eq!(decimal("2.5E2"), Some((250, 0)));
        assert_eq!(decimal("0.0"), Some((0, 0)));
    }
}
