//! Reading one input file into a `serde_json::Value`, and finding positions in it.

use crate::diagnostic::{pointer_segments, Diagnostic, Error, Location, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One file as read from disk: its text (kept to find positions when something is wrong)
/// and its value.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub value: Value,
    /// The YAML tree with positions, parsed on the first report about this file.
    yaml_tree: std::sync::OnceLock<Option<marked_yaml::Node>>,
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let at = |offset: usize| Location {
            file: path.to_path_buf(),
            pointer: String::new(),
            line_col: Some(line_col_at(
                &String::from_utf8_lossy(&bytes[..offset]),
                offset,
            )),
        };
        let text = match String::from_utf8(bytes.clone()) {
            Ok(text) if !text.contains('\0') => text,
            Ok(text) => {
                let offset = text.find('\0').unwrap_or_default();
                return Err(Diagnostic::new("not a text file (it contains NUL bytes)")
                    .at(at(offset))
                    .into());
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                return Err(Diagnostic::new("not a text file (invalid UTF-8)")
                    .at(at(offset))
                    .into());
            }
        };
        if text.trim().is_empty() {
            return Err(Diagnostic::new("the file is empty")
                .at(Location {
                    file: path.to_path_buf(),
                    pointer: String::new(),
                    line_col: None,
                })
                .into());
        }
        let value = parse_document(path, &text)?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
            value,
            yaml_tree: std::sync::OnceLock::new(),
        })
    }

    /// The location of the value at `pointer`, with its line and column when they can be found.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            file: self.path.clone(),
            pointer: pointer.to_owned(),
            line_col: if is_json(&self.path, &self.text) {
                json_offset_of_pointer(&self.text, pointer)
                    .map(|offset| line_col_at(&self.text, offset))
            } else {
                let tree = self
                    .yaml_tree
                    .get_or_init(|| marked_yaml::parse_yaml(0, &self.text).ok());
                tree.as_ref().and_then(|tree| yaml_line_col(tree, pointer))
            },
        }
    }
}

fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => text.trim_start().starts_with('{'),
    }
}

/// Parses JSON or YAML text (chosen by extension, else by content) into a value.
pub fn parse_document(path: &Path, text: &str) -> Result<Value> {
    if is_json(path, text) {
        serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(format!("invalid JSON: {e}"))
                .at(Location {
                    file: path.to_path_buf(),
                    pointer: String::new(),
                    line_col: Some((e.line(), e.column())),
                })
                .into()
        })
    } else {
        serde_yaml::Deserializer::from_str(text)
            .next()
            .map_or(Ok(Value::Null), |document| {
                serde::Deserializer::deserialize_any(document, JsonVisitor)
            })
            .map_err(|e| {
                let line_col = e.location().map(|l| (l.line(), l.column()));
                Diagnostic::new(format!("invalid YAML: {e}"))
                    .at(Location {
                        file: path.to_path_buf(),
                        pointer: String::new(),
                        line_col,
                    })
                    .into()
            })
    }
}

/// Builds a JSON value from YAML through serde, by hand rather than with serde_json's own
/// `Value` visitor: that one rejects integers beyond 64 bits (DigitalOcean writes
/// `maximum: 18446744073709552000`), which become floats here, and YAML allows non-string
/// keys (`200:`), which become strings.
struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Seed)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(Seed)? {
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, map.next_value_seed(Seed)?);
        }
        Ok(Value::Object(out))
    }
}

struct Seed;

impl<'de> serde::de::DeserializeSeed<'de> for Seed {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// JSON has no NaN or infinity; YAML's `.nan`/`.inf` become `null`.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col_at(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Finds where the value at a JSON pointer starts in YAML text, from a tree with positions
/// (serde_yaml reports positions only for syntax errors). Where the pointer goes deeper than
/// the tree (a `$ref` was followed), the deepest node found is used.
pub fn yaml_line_col(root: &marked_yaml::Node, pointer: &str) -> Option<(usize, usize)> {
    let mut node = root;
    let mut best = node.span().start().copied();
    for segment in pointer_segments(pointer) {
        let next = match node {
            marked_yaml::Node::Mapping(map) => map.get_node(segment.as_str()),
            marked_yaml::Node::Sequence(seq) => {
                segment.parse::<usize>().ok().and_then(|i| seq.get(i))
            }
            marked_yaml::Node::Scalar(_) => None,
        };
        let Some(next) = next else { break };
        node = next;
        if let Some(start) = node.span().start() {
            best = Some(*start);
        }
    }
    best.map(|m| (m.line(), m.column()))
}

/// Byte offset where the value at a JSON pointer starts in JSON text (or the deepest
/// existing ancestor). A single pass over the text, no tree: big specs (GitHub's is 3.7 MB)
/// are located in milliseconds; serde_json keeps no positions, and a YAML tree of such a file
/// would take seconds to build.
pub fn json_offset_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let target = pointer_segments(pointer);
    let bytes = text.as_bytes();
    struct Frame {
        object: bool,
        key: Option<String>,
        index: usize,
        expecting_key: bool,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, usize)> = None; // (matched depth, offset)
    let mut i = 0;
    // Checks a value starting at `at` against the target path.
    let check = |stack: &[Frame], at: usize, best: &mut Option<(usize, usize)>| -> bool {
        let mut matched = 0;
        for (frame, segment) in stack.iter().zip(&target) {
            let ok = if frame.object {
                frame.key.as_deref() == Some(segment.as_str())
            } else {
                segment.parse::<usize>().ok() == Some(frame.index)
            };
            if !ok {
                break;
            }
            matched += 1;
        }
        if matched == stack.len() && best.is_none_or(|(depth, _)| matched >= depth) {
            *best = Some((matched, at));
        }
        matched == stack.len() && matched == target.len()
    };
    while i < bytes.len() {
        let b = bytes[i];
        let in_key = stack.last().is_some_and(|f| f.object && f.expecting_key);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'{' | b'[' => {
                if check(&stack, i, &mut best) {
                    return Some(i);
                }
                stack.push(Frame {
                    object: b == b'{',
                    key: None,
                    index: 0,
                    expecting_key: b == b'{',
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        top.expecting_key = true;
                    } else {
                        top.index += 1;
                    }
                }
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    top.expecting_key = false;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => {
                            escaped = true;
                            i += 1;
                        }
                        b'"' => break,
                        _ => {}
                    }
                    i += 1;
                }
                if in_key {
                    let raw = &text[start..=i.min(bytes.len() - 1)];
                    let key = if escaped {
                        serde_json::from_str::<String>(raw).unwrap_or_default()
                    } else {
                        raw[1..raw.len().saturating_sub(1)].to_owned()
                    };
                    if let Some(top) = stack.last_mut() {
                        top.key = Some(key);
                    }
                } else if check(&stack, start, &mut best) {
                    return Some(start);
                }
            }
            _ => {
                if check(&stack, i, &mut best) {
                    return Some(i);
                }
                while i + 1 < bytes.len()
                    && !matches!(
                        bytes[i + 1],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'
                    )
                {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    best.map(|(_, offset)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = "{\n  \"a\": {\"b\": [1, {\"c\": \"x\"}]},\n  \"d/e\": true\n}";

    #[test]
    fn json_pointers_find_their_line_and_column() {
        let at =
            |pointer: &str| json_offset_of_pointer(JSON, pointer).map(|o| line_col_at(JSON, o));
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 8)));
        assert_eq!(at("/a/b/1/c"), Some((2, 24)));
        assert_eq!(at("/d~1e"), Some((3, 10)));
        // Deeper than the document: the deepest existing value.
        assert_eq!(at("/a/b/1/c/zz"), Some((2, 24)));
    }

    #[test]
    fn yaml_pointers_find_their_line_and_column() {
        let text = "a:\n  b:\n    - 1\n    - c: x\nd: true\n";
        let tree = marked_yaml::parse_yaml(0, text).unwrap();
        assert_eq!(yaml_line_col(&tree, "/a/b/1/c"), Some((4, 10)));
        assert_eq!(yaml_line_col(&tree, "/d"), Some((5, 4)));
    }
}
