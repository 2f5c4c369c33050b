//! OpenAPI parameter serialization (`style`/`explode`) in both directions: servers read
//! parameters into [`TextValue`]s, clients write `serde_json::Value`s as text.

use super::text::{tree_from_pairs, TextError, TextValue};
use indexmap::IndexMap;
use serde_json::Value;

/// An OpenAPI `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// What the parameter's schema is, which decides how its text splits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    Array,
    Object,
}

/// Splits one path segment, header or cookie value by `style`.
pub fn split_value(raw: &str, name: &str, style: Style, explode: bool, shape: Shape) -> TextValue {
    let raw = match style {
        Style::Label => raw.strip_prefix('.').unwrap_or(raw),
        Style::Matrix => raw.strip_prefix(';').unwrap_or(raw),
        _ => raw,
    };
    let separator = match (style, explode) {
        (Style::Label, true) => '.',
        (Style::Matrix, true) => ';',
        _ => ',',
    };
    match (style, shape) {
        (Style::Matrix, Shape::Scalar) => {
            TextValue::Text(strip_name(raw, name).unwrap_or(raw).to_owned())
        }
        (_, Shape::Scalar) => TextValue::Text(raw.to_owned()),
        (_, Shape::Array) => {
            if raw.is_empty() {
                return TextValue::List(Vec::new());
            }
            TextValue::List(
                raw.split(separator)
                    .map(|item| {
                        let item = if style == Style::Matrix {
                            strip_name(item, name).unwrap_or(item)
                        } else {
                            item
                        };
                        TextValue::Text(item.to_owned())
                    })
                    .collect(),
            )
        }
        (_, Shape::Object) => {
            let raw = if style == Style::Matrix && !explode {
                strip_name(raw, name).unwrap_or(raw)
            } else {
                raw
            };
            TextValue::Map(object_from_text(raw, separator, explode))
        }
    }
}

fn strip_name<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.strip_prefix(name)?.strip_prefix('=')
}

/// `k=v,k2=v2` (exploded) or `k,v,k2,v2`.
fn object_from_text(raw: &str, separator: char, explode: bool) -> IndexMap<String, TextValue> {
    let mut map = IndexMap::new();
    if raw.is_empty() {
        return map;
    }
    if explode {
        for pair in raw.split(separator) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            map.insert(key.to_owned(), TextValue::Text(value.to_owned()));
        }
    } else {
        let items: Vec<&str> = raw.split(separator).collect();
        for pair in items.chunks(2) {
            map.insert(
                pair[0].to_owned(),
                TextValue::Text(pair.get(1).copied().unwrap_or("").to_owned()),
            );
        }
    }
    map
}

/// A decoded query string (or form body), kept as pairs and as a bracket tree.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Percent-decodes `a=1&b=x+y`.
    pub fn parse(raw: &str) -> Self {
        Query {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Query { pairs }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The whole query as a tree (for bodies and exploded objects).
    pub fn tree(&self) -> Result<IndexMap<String, TextValue>, TextError> {
        tree_from_pairs(self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The parameter `name` as `style`/`explode` lay it out; `None` when absent.
    pub fn get(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        shape: Shape,
    ) -> Result<Option<TextValue>, TextError> {
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        match (shape, style) {
            (Shape::Object, Style::DeepObject) => {
                let tree = self.tree()?;
                Ok(tree.get(name).cloned())
            }
            (Shape::Object, _) if explode => {
                // Every key is a property; the struct keeps the ones it knows.
                let tree = self.tree()?;
                Ok((!tree.is_empty()).then_some(TextValue::Map(tree)))
            }
            (Shape::Object, _) => Ok(values
                .last()
                .map(|raw| TextValue::Map(object_from_text(raw, ',', false)))),
            (Shape::Array, _) if values.is_empty() => {
                // `ids[]=1&ids[]=2`, as PHP and Rails clients send arrays.
                let bracketed = format!("{name}[]");
                let items: Vec<TextValue> = self
                    .pairs
                    .iter()
                    .filter(|(k, _)| *k == bracketed)
                    .map(|(_, v)| TextValue::Text(v.clone()))
                    .collect();
                Ok((!items.is_empty()).then_some(TextValue::List(items)))
            }
            (Shape::Array, _) => {
                let separator = match style {
                    Style::SpaceDelimited => Some(' '),
                    Style::PipeDelimited => Some('|'),
                    _ if explode => None,
                    _ => Some(','),
                };
                let mut items = Vec::new();
                for value in values {
                    match separator {
                        Some(_) if value.is_empty() => {}
                        Some(sep) => {
                            items.extend(value.split(sep).map(|v| TextValue::Text(v.to_owned())))
                        }
                        None => items.push(TextValue::Text(value.to_owned())),
                    }
                }
                Ok(Some(TextValue::List(items)))
            }
            (Shape::Scalar, _) => Ok(values.last().map(|v| TextValue::Text((*v).to_owned()))),
        }
    }
}

/// How a JSON scalar is written as text (`null` → empty).
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Appends parameter `name` to query pairs the way `style`/`explode` say; `null` adds nothing.
pub fn encode_query(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
) {
    match value {
        Value::Null => {}
        Value::Array(items) => match style {
            Style::SpaceDelimited | Style::PipeDelimited => {
                let sep = if style == Style::SpaceDelimited {
                    " "
                } else {
                    "|"
                };
                let joined: Vec<String> = items.iter().map(scalar_text).collect();
                pairs.push((name.to_owned(), joined.join(sep)));
            }
            _ if explode => {
                for item in items {
                    pairs.push((name.to_owned(), scalar_text(item)));
                }
            }
            _ => {
                let joined: Vec<String> = items.iter().map(scalar_text).collect();
                pairs.push((name.to_owned(), joined.join(",")));
            }
        },
        Value::Object(map) => match style {
            Style::DeepObject => encode_deep(pairs, name, value),
            _ if explode => {
                for (key, item) in map {
                    if !item.is_null() {
                        pairs.push((key.clone(), scalar_text(item)));
                    }
                }
            }
            _ => {
                let mut parts = Vec::new();
                for (key, item) in map {
                    if !item.is_null() {
                        parts.push(key.clone());
                        parts.push(scalar_text(item));
                    }
                }
                pairs.push((name.to_owned(), parts.join(",")));
            }
        },
        scalar => pairs.push((name.to_owned(), scalar_text(scalar))),
    }
}

/// `contact[name]=abc`, recursively; arrays as `key[]` repeated.
pub fn encode_deep(pairs: &mut Vec<(String, String)>, prefix: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, item) in map {
                encode_deep(pairs, &format!("{prefix}[{key}]"), item);
            }
        }
        Value::Array(items) => {
            for item in items {
                encode_deep(pairs, &format!("{prefix}[]"), item);
            }
        }
        scalar => pairs.push((prefix.to_owned(), scalar_text(scalar))),
    }
}

/// A path segment, header or cookie value by `style` (not yet percent-encoded).
pub fn encode_value(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let (prefix, separator) = match (style, explode) {
        (Style::Label, true) => (".".to_owned(), "."),
        (Style::Label, false) => (".".to_owned(), ","),
        (Style::Matrix, _) => (format!(";{name}="), ","),
        _ => (String::new(), ","),
    };
    match value {
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(scalar_text).collect();
            if style == Style::Matrix && explode {
                let parts: Vec<String> = texts.iter().map(|t| format!(";{name}={t}")).collect();
                return parts.concat();
            }
            format!("{prefix}{}", texts.join(separator))
        }
        Value::Object(map) => {
            let mut parts = Vec::new();
            for (key, item) in map.iter().filter(|(_, v)| !v.is_null()) {
                if explode {
                    parts.push(format!("{key}={}", scalar_text(item)));
                } else {
                    parts.push(key.clone());
                    parts.push(scalar_text(item));
                }
            }
            if style == Style::Matrix && explode {
                let parts: Vec<String> = parts.iter().map(|p| format!(";{p}")).collect();
                return parts.concat();
            }
            format!("{prefix}{}", parts.join(separator))
        }
        scalar => format!("{prefix}{}", scalar_text(scalar)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(items: &[&str]) -> TextValue {
        TextValue::List(items.iter().map(|s| TextValue::Text((*s).into())).collect())
    }

    #[test]
    fn query_arrays_follow_style_and_explode() {
        let q = Query::parse("a=1&a=2&b=1,2&c=1%202&d=1|2&e[]=x&e[]=y");
        let get = |name, style, explode| q.get(name, style, explode, Shape::Array).unwrap();
        assert_eq!(get("a", Style::Form, true), Some(texts(&["1", "2"])));
        assert_eq!(get("b", Style::Form, false), Some(texts(&["1", "2"])));
        assert_eq!(
            get("c", Style::SpaceDelimited, false),
            Some(texts(&["1", "2"]))
        );
        assert_eq!(
            get("d", Style::PipeDelimited, false),
            Some(texts(&["1", "2"]))
        );
        assert_eq!(get("e", Style::Form, true), Some(texts(&["x", "y"])));
        assert_eq!(get("z", Style::Form, true), None);
    }

    #[test]
    fn deep_objects_round_trip() {
        let mut pairs = Vec::new();
        encode_query(
            &mut pairs,
            "filter",
            &json!({"name": "abc", "age": 3}),
            Style::DeepObject,
            true,
        );
        assert_eq!(
            pairs,
            vec![
                ("filter[name]".to_owned(), "abc".to_owned()),
                ("filter[age]".to_owned(), "3".to_owned())
            ]
        );
        let q = Query::from_pairs(pairs);
        let got = q
            .get("filter", Style::DeepObject, true, Shape::Object)
            .unwrap()
            .unwrap();
        let TextValue::Map(map) = got else {
            panic!("expected a map")
        };
        assert_eq!(map["age"], TextValue::Text("3".into()));
    }

    #[test]
    fn path_values_follow_style() {
        assert_eq!(
            split_value("1,2", "id", Style::Simple, false, Shape::Array),
            texts(&["1", "2"])
        );
        assert_eq!(
            split_value(".1.2", "id", Style::Label, true, Shape::Array),
            texts(&["1", "2"])
        );
        assert_eq!(
            split_value(";id=5", "id", Style::Matrix, false, Shape::Scalar),
            TextValue::Text("5".into())
        );
        assert_eq!(
            encode_value("id", &json!([1, 2]), Style::Simple, false),
            "1,2"
        );
        assert_eq!(
            encode_value("id", &json!([1, 2]), Style::Label, true),
            ".1.2"
        );
        assert_eq!(encode_value("id", &json!(5), Style::Matrix, false), ";id=5");
        assert_eq!(
            encode_value("o", &json!({"a": 1, "b": "x"}), Style::Simple, true),
            "a=1,b=x"
        );
    }
}
