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
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let value = parse_document(path, &text)?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
            value,
        })
    }

    /// The location of the value at `pointer`, with its line and column when they can be found.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            file: self.path.clone(),
            pointer: pointer.to_owned(),
            line_col: line_col_of_pointer(&self.text, pointer),
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
        serde_yaml::from_str(text).map_err(|e| {
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

/// Finds where the value at a JSON pointer starts in YAML or JSON text.
///
/// serde_json and serde_yaml report positions only for syntax errors, so the file is read
/// again as a tree that keeps positions (YAML is a superset of JSON, so one reader serves
/// both). This runs only when something is reported, never on the fast path. Where the
/// pointer goes deeper than the tree (a `$ref` was followed), the deepest node found is used.
pub fn line_col_of_pointer(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let root = marked_yaml::parse_yaml(0, text).ok()?;
    let mut node = &root;
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
