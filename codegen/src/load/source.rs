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
    /// For JSON, where the top-level values start, built on the first report.
    json_index: std::sync::OnceLock<JsonIndex>,
    lines: std::sync::OnceLock<LineIndex>,
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
            json_index: std::sync::OnceLock::new(),
            lines: std::sync::OnceLock::new(),
        })
    }

    /// The location of the value at `pointer`, with its line and column when they can be found.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            file: self.path.clone(),
            pointer: pointer.to_owned(),
            line_col: if is_json(&self.path, &self.text) {
                self.json_index
                    .get_or_init(|| JsonIndex::new(&self.text))
                    .offset_of(&self.text, pointer)
                    .map(|offset| {
                        self.lines
                            .get_or_init(|| LineIndex::new(&self.text))
                            .line_col(&self.text, offset)
                    })
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

/// Lines and characters of one text, counted once, for many [`line_col_at`] questions: each
/// of those counts from the start of the text, which a spec with a thousand warnings in 6 MB
/// of one-line JSON (loket.nl) pays a thousand times.
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offset of every `\n`.
    newlines: Vec<usize>,
    /// Characters before each block of [`LineIndex::BLOCK`] bytes.
    chars_before_block: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 4096;

    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let newlines = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        let mut chars_before_block = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut count = 0;
        for block in bytes.chunks(Self::BLOCK) {
            chars_before_block.push(count);
            count += chars_in(block);
        }
        chars_before_block.push(count);
        LineIndex {
            newlines,
            chars_before_block,
        }
    }

    /// What [`line_col_at`] answers, without reading the text before `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.newlines.partition_point(|&n| n < offset);
        let line_start = if line == 0 {
            0
        } else {
            self.newlines[line - 1] + 1
        };
        let chars = |at: usize| {
            let block = at / Self::BLOCK;
            self.chars_before_block[block] + chars_in(&text.as_bytes()[block * Self::BLOCK..at])
        };
        (line + 1, chars(offset) - chars(line_start) + 1)
    }
}

/// Characters that start in `bytes` (UTF-8 continuation bytes do not start one), so that a
/// count over a prefix cut inside a character is still right at character boundaries.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
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
/// would take seconds to build. Many lookups in one file go through [`JsonIndex`] instead.
pub fn json_offset_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    offset_within(text, 0, &pointer_segments(pointer))
}

/// Where the value at `target` (segments relative to the value that starts at byte `start`)
/// starts, or its deepest existing ancestor; only that value's text is read.
fn offset_within(text: &str, start: usize, target: &[String]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (matched depth, offset)
    walk_values(text, start, |path, at| {
        let matched = path
            .iter()
            .zip(target)
            .take_while(|(step, segment)| step.matches(segment))
            .count();
        if matched == path.len() && best.is_none_or(|(depth, _)| matched >= depth) {
            best = Some((matched, at));
        }
        // Stop at the target itself; skip nothing else (a later sibling may hold it).
        matched == path.len() && matched == target.len()
    });
    best.map(|(_, offset)| offset)
}

/// One step of the path to a value: an object key or an array index.
enum Step {
    Key(Option<String>),
    Index(usize),
}

impl Step {
    fn matches(&self, segment: &str) -> bool {
        match self {
            Step::Key(key) => key.as_deref() == Some(segment),
            Step::Index(index) => segment.parse::<usize>().ok() == Some(*index),
        }
    }
}

/// Calls `visit(path, offset)` for every value of the JSON value that starts at byte `start`,
/// in text order, until `visit` returns true or that value ends. Keys are unescaped.
fn walk_values(text: &str, start: usize, mut visit: impl FnMut(&[Step], usize) -> bool) {
    let bytes = text.as_bytes();
    // Per open container: its step in the path of its children, and whether a key is next.
    let mut path: Vec<Step> = Vec::new();
    let mut expecting_key: Vec<bool> = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let in_key = expecting_key.last() == Some(&true);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'{' | b'[' => {
                if visit(&path, i) {
                    return;
                }
                path.push(if b == b'{' {
                    Step::Key(None)
                } else {
                    Step::Index(0)
                });
                expecting_key.push(b == b'{');
            }
            b'}' | b']' => {
                path.pop();
                expecting_key.pop();
                if path.is_empty() {
                    return;
                }
            }
            b',' => match (path.last_mut(), expecting_key.last_mut()) {
                (Some(Step::Index(index)), _) => *index += 1,
                (Some(Step::Key(_)), Some(expecting)) => *expecting = true,
                _ => {}
            },
            b':' => {
                if let Some(expecting) = expecting_key.last_mut() {
                    *expecting = false;
                }
            }
            b'"' => {
                let string_start = i;
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
                    let raw = &text[string_start..=i.min(bytes.len() - 1)];
                    let key = if escaped {
                        serde_json::from_str::<String>(raw).unwrap_or_default()
                    } else {
                        raw[1..raw.len().saturating_sub(1)].to_owned()
                    };
                    if let Some(Step::Key(slot)) = path.last_mut() {
                        *slot = Some(key);
                    }
                } else if visit(&path, string_start) || path.is_empty() {
                    return;
                }
            }
            _ => {
                if visit(&path, i) || path.is_empty() {
                    return;
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
}

/// How deep [`JsonIndex`] records values: `/components/schemas/Pet` and
/// `/paths/~1pets/get` are three levels down, where most reports point into.
const INDEXED_DEPTH: usize = 3;

/// Where the values of the top levels of a JSON file start, from one pass over it: a lookup
/// then reads only the text of the deepest indexed ancestor. A spec with thousands of
/// warnings (loket.nl's 6 MB, 1,300 of them) spent most of its generation scanning the whole
/// file once per warning.
#[derive(Debug)]
pub struct JsonIndex {
    offsets: std::collections::HashMap<String, usize>,
}

impl JsonIndex {
    pub fn new(text: &str) -> Self {
        let mut offsets = std::collections::HashMap::new();
        walk_values(text, 0, |path, at| {
            if path.len() <= INDEXED_DEPTH {
                let mut pointer = String::new();
                for step in path {
                    pointer.push('/');
                    match step {
                        Step::Key(key) => pointer.push_str(
                            &key.as_deref()
                                .unwrap_or_default()
                                .replace('~', "~0")
                                .replace('/', "~1"),
                        ),
                        Step::Index(index) => pointer.push_str(&index.to_string()),
                    }
                }
                offsets.entry(pointer).or_insert(at);
            }
            false
        });
        JsonIndex { offsets }
    }

    /// The same answer as [`json_offset_of_pointer`], reading less text.
    pub fn offset_of(&self, text: &str, pointer: &str) -> Option<usize> {
        let segments = pointer_segments(pointer);
        for depth in (0..=segments.len().min(INDEXED_DEPTH)).rev() {
            let prefix: String = segments[..depth]
                .iter()
                .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                .collect();
            if let Some(&start) = self.offsets.get(&prefix) {
                return offset_within(text, start, &segments[depth..]);
            }
        }
        None
    }
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
    fn the_line_index_counts_as_the_text_does() {
        let text = "ab\né🙂x\n\n".to_owned() + &"ñ".repeat(3000) + "\nz" + &"y".repeat(5000);
        let lines = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(
                lines.line_col(&text, offset),
                line_col_at(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let text = r#"{"paths": {"/a~b": {"get": {"responses": {"200": {"x": [1, {"y": 2}]}}}}},
            "components": {"schemas": {"A": {"type": "object"}, "B": [true, "s"]}}, "n": 1}"#;
        let index = JsonIndex::new(text);
        for pointer in [
            "",
            "/paths",
            "/paths/~1a~0b",
            "/paths/~1a~0b/get/responses/200/x/1/y",
            "/paths/~1a~0b/get/responses/200/x/1/missing",
            "/paths/~1a~0b/post",
            "/components/schemas/A/type",
            "/components/schemas/B/1",
            "/components/schemas/C",
            "/n",
            "/missing/deeper",
        ] {
            assert_eq!(
                index.offset_of(text, pointer),
                json_offset_of_pointer(text, pointer),
                "{pointer}"
            );
        }
    }

    #[test]
    fn yaml_pointers_find_their_line_and_column() {
        let text = "a:\n  b:\n    - 1\n    - c: x\nd: true\n";
        let tree = marked_yaml::parse_yaml(0, text).unwrap();
        assert_eq!(yaml_line_col(&tree, "/a/b/1/c"), Some((4, 10)));
        assert_eq!(yaml_line_col(&tree, "/d"), Some((5, 4)));
    }
}
