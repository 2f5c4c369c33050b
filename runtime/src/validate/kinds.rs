//! Which JSON type a Rust value is, for the constraints that apply to one JSON type.
//!
//! Each trait answers `None` when there is no value to check: `None`, an absent or `null`
//! [`Nullable`], or a `serde_json::Value` of another JSON type (JSON Schema ignores a
//! constraint on a value of another type). Putting a constraint on a field of the wrong Rust
//! type (`min_length` on an `i32`) is a compile error naming the trait.

use super::Number;
use crate::{Date, DateTime, Nullable, Uuid};
use std::collections::{BTreeMap, HashMap};

/// A JSON string: `minLength`, `maxLength`, `pattern`, `format`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a string, so it cannot have string constraints",
    label = "this constraint needs a string field (`String`, `Option<String>`, ...)",
    note = "`min_length`, `max_length`, `pattern` and `format` apply to `apigen_runtime::validate::StringLike` types"
)]
pub trait StringLike {
    /// The text, if there is one.
    fn as_text(&self) -> Option<&str>;
}

/// A JSON number: `minimum`, `maximum`, `multipleOf`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number, so it cannot have numeric constraints",
    label = "this constraint needs a numeric field (`i64`, `Option<f64>`, ...)",
    note = "`minimum`, `maximum` and `multiple_of` apply to `apigen_runtime::validate::NumberLike` types"
)]
pub trait NumberLike {
    /// The number, if there is one.
    fn as_number(&self) -> Option<Number>;
}

/// A JSON array: `minItems`, `maxItems`, `uniqueItems`, and `each(...)` for its items.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an array, so it cannot have array constraints",
    label = "this constraint needs an array field (`Vec<T>`, `Option<Vec<T>>`, ...)",
    note = "`min_items`, `max_items`, `unique_items` and `each` apply to `apigen_runtime::validate::ArrayLike` types"
)]
pub trait ArrayLike {
    /// The type of the items.
    type Item;
    /// The items, if there is an array.
    fn as_items(&self) -> Option<&[Self::Item]>;
}

/// A JSON object: `minProperties`, `maxProperties`.
///
/// `#[derive(Validate)]` implements it for structs with named fields, counting the properties
/// that are present on the wire.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an object, so it cannot have object constraints",
    label = "this constraint needs a map or struct field (`BTreeMap<String, T>`, a model, ...)",
    note = "`min_properties` and `max_properties` apply to `apigen_runtime::validate::ObjectLike` types"
)]
pub trait ObjectLike {
    /// How many properties the object has, if there is an object.
    fn property_count(&self) -> Option<usize>;
}

/// A JSON object read as a map: `values(...)` checks each of its values
/// (`additionalProperties` with constraints).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a map, so `values(...)` cannot check its values",
    label = "`values` needs a map field (`BTreeMap<String, T>`, `Option<HashMap<String, T>>`, ...)",
    note = "`values` applies to `apigen_runtime::validate::MapLike` types"
)]
pub trait MapLike {
    /// The type of the values.
    type Value;
    /// Calls `visit` with each key and value, if there is a map.
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &Self::Value));
}

/// A value as JSON, for `enum_values` (an `enum` of numbers, or of mixed JSON types, which
/// no Rust enum carries).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with JSON literals",
    label = "`enum_values` needs a number, string, boolean or `serde_json::Value` field",
    note = "`enum_values` applies to `apigen_runtime::validate::JsonLike` types"
)]
pub trait JsonLike {
    /// The value, if there is one (`null` for `Nullable::Null`).
    fn as_json(&self) -> Option<serde_json::Value>;
}

/// `Box<T>`, `&T`, `Option<T>` and `Nullable<T>` answer for what they hold.
macro_rules! wrappers {
    ($trait:ident, $method:ident -> $ret:ty $(, $assoc:ident)?) => {
        impl<T: $trait + ?Sized> $trait for Box<T> {
            $(type $assoc = T::$assoc;)?
            fn $method(&self) -> $ret {
                T::$method(self)
            }
        }
        impl<T: $trait + ?Sized> $trait for &T {
            $(type $assoc = T::$assoc;)?
            fn $method(&self) -> $ret {
                T::$method(self)
            }
        }
        impl<T: $trait> $trait for Option<T> {
            $(type $assoc = T::$assoc;)?
            fn $method(&self) -> $ret {
                self.as_ref().and_then(T::$method)
            }
        }
        impl<T: $trait> $trait for Nullable<T> {
            $(type $assoc = T::$assoc;)?
            fn $method(&self) -> $ret {
                self.as_ref().and_then(T::$method)
            }
        }
    };
}

wrappers!(StringLike, as_text -> Option<&str>);
wrappers!(NumberLike, as_number -> Option<Number>);
wrappers!(ArrayLike, as_items -> Option<&[Self::Item]>, Item);
wrappers!(ObjectLike, property_count -> Option<usize>);

impl<T: JsonLike + ?Sized> JsonLike for Box<T> {
    fn as_json(&self) -> Option<serde_json::Value> {
        T::as_json(self)
    }
}

impl<T: JsonLike + ?Sized> JsonLike for &T {
    fn as_json(&self) -> Option<serde_json::Value> {
        T::as_json(self)
    }
}

impl<T: JsonLike> JsonLike for Option<T> {
    fn as_json(&self) -> Option<serde_json::Value> {
        self.as_ref().and_then(T::as_json)
    }
}

/// Unlike the other checks, an `enum` may allow `null` itself.
impl<T: JsonLike> JsonLike for Nullable<T> {
    fn as_json(&self) -> Option<serde_json::Value> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(serde_json::Value::Null),
            Nullable::Value(value) => value.as_json(),
        }
    }
}

macro_rules! json_leaves {
    ($($ty:ty),*) => {$(
        impl JsonLike for $ty {
            fn as_json(&self) -> Option<serde_json::Value> {
                Some(serde_json::Value::from(self.clone()))
            }
        }
    )*};
}

json_leaves!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, bool, String);

impl JsonLike for str {
    fn as_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::from(self))
    }
}

impl JsonLike for serde_json::Value {
    fn as_json(&self) -> Option<serde_json::Value> {
        Some(self.clone())
    }
}

/// The wrappers of `wrappers!` for `MapLike`, whose method takes a visitor.
macro_rules! map_wrappers {
    ($($wrapper:ty => |$this:ident| $inner:expr;)*) => {$(
        impl<T: MapLike + ?Sized> MapLike for $wrapper {
            type Value = T::Value;
            fn each_entry(&self, visit: &mut dyn FnMut(&str, &Self::Value)) {
                let $this = self;
                if let Some(inner) = $inner {
                    inner.each_entry(visit);
                }
            }
        }
    )*};
}

map_wrappers! {
    Box<T> => |this| Some(&**this);
    &T => |this| Some(&**this);
}

impl<T: MapLike> MapLike for Option<T> {
    type Value = T::Value;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &Self::Value)) {
        if let Some(inner) = self {
            inner.each_entry(visit);
        }
    }
}

impl<T: MapLike> MapLike for Nullable<T> {
    type Value = T::Value;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &T::Value)) {
        if let Some(inner) = self.as_ref() {
            inner.each_entry(visit);
        }
    }
}

impl<K: AsRef<str>, V> MapLike for BTreeMap<K, V> {
    type Value = V;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &V)) {
        for (key, value) in self {
            visit(key.as_ref(), value);
        }
    }
}

impl<K: AsRef<str>, V, S> MapLike for HashMap<K, V, S> {
    type Value = V;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &V)) {
        // Sorted, so that violations come in the same order on every run.
        let mut entries: Vec<(&str, &V)> = self.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            visit(key, value);
        }
    }
}

impl MapLike for serde_json::Map<String, serde_json::Value> {
    type Value = serde_json::Value;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &serde_json::Value)) {
        for (key, value) in self {
            visit(key, value);
        }
    }
}

impl MapLike for serde_json::Value {
    type Value = serde_json::Value;
    fn each_entry(&self, visit: &mut dyn FnMut(&str, &serde_json::Value)) {
        if let Some(map) = self.as_object() {
            map.each_entry(visit);
        }
    }
}

impl StringLike for str {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StringLike for String {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StringLike for Date {
    fn as_text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl StringLike for DateTime {
    fn as_text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl StringLike for Uuid {
    fn as_text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl StringLike for serde_json::Value {
    fn as_text(&self) -> Option<&str> {
        self.as_str()
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl NumberLike for $ty {
            fn as_number(&self) -> Option<Number> {
                Some(Number::Int(i128::from(*self)))
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl NumberLike for isize {
    fn as_number(&self) -> Option<Number> {
        // isize is at most 64 bits on every target Rust supports.
        Some(Number::Int(*self as i128))
    }
}

impl NumberLike for usize {
    fn as_number(&self) -> Option<Number> {
        Some(Number::Int(*self as i128))
    }
}

impl NumberLike for u128 {
    fn as_number(&self) -> Option<Number> {
        Some(match i128::try_from(*self) {
            Ok(n) => Number::Int(n),
            Err(_) => Number::Float(*self as f64),
        })
    }
}

impl NumberLike for f64 {
    fn as_number(&self) -> Option<Number> {
        Some(Number::Float(*self))
    }
}

impl NumberLike for f32 {
    fn as_number(&self) -> Option<Number> {
        // `0.1f32` widens to 0.10000000149011612; JSON carries it as `0.1` (serde_json writes
        // the shortest text that reads back as the same f32), so read that text as an f64.
        let shortest = self.to_string().parse().unwrap_or(f64::from(*self));
        Some(Number::Float(shortest))
    }
}

impl NumberLike for serde_json::Value {
    fn as_number(&self) -> Option<Number> {
        let number = serde_json::Value::as_number(self)?;
        if let Some(n) = number.as_i64() {
            Some(Number::Int(i128::from(n)))
        } else if let Some(n) = number.as_u64() {
            Some(Number::Int(i128::from(n)))
        } else {
            number.as_f64().map(Number::Float)
        }
    }
}

impl<T> ArrayLike for [T] {
    type Item = T;
    fn as_items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T> ArrayLike for Vec<T> {
    type Item = T;
    fn as_items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T, const N: usize> ArrayLike for [T; N] {
    type Item = T;
    fn as_items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl ArrayLike for serde_json::Value {
    type Item = serde_json::Value;
    fn as_items(&self) -> Option<&[serde_json::Value]> {
        self.as_array().map(Vec::as_slice)
    }
}

impl<K, V> ObjectLike for BTreeMap<K, V> {
    fn property_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<K, V, S> ObjectLike for HashMap<K, V, S> {
    fn property_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl ObjectLike for serde_json::Map<String, serde_json::Value> {
    fn property_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl ObjectLike for serde_json::Value {
    fn property_count(&self) -> Option<usize> {
        self.as_object().map(serde_json::Map::len)
    }
}
