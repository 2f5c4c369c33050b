//! Violations as text for people (with the offending line) and as JSON records for tools.

use super::Violation;
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;

/// `file:line:col: pointer: message`, the offending line with a caret under the value, and
/// the place in the spec.
pub fn render_human(violations: &[Violation]) -> String {
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = String::new();
    for v in violations {
        let pointer = if v.pointer.is_empty() {
            "/"
        } else {
            v.pointer.as_str()
        };
        let _ = write!(out, "error: {}", v.file.display());
        if let Some((line, col)) = v.line_col {
            let _ = write!(out, ":{line}:{col}");
        }
        let _ = writeln!(out, ": {pointer}: {}", v.message);
        if let Some((line, col)) = v.line_col {
            let source = sources
                .entry(v.file.clone())
                .or_insert_with(|| std::fs::read_to_string(&v.file).ok());
            if let Some(text) = source.as_deref().and_then(|s| s.lines().nth(line - 1)) {
                let number = line.to_string();
                let gutter = " ".repeat(number.len());
                let shown: String = text.chars().take(160).collect();
                let _ = writeln!(out, " {gutter} |");
                let _ = writeln!(out, " {number} | {shown}");
                let _ = writeln!(
                    out,
                    " {gutter} | {}^",
                    " ".repeat(col.saturating_sub(1).min(160))
                );
            }
        }
        if let Some(schema) = &v.schema {
            let _ = writeln!(out, "  = schema: {schema}");
        }
    }
    out
}

/// One JSON array of records: file, line, column, pointer, message, and the schema's place.
pub fn render_json(violations: &[Violation]) -> String {
    let records: Vec<_> = violations
        .iter()
        .map(|v| {
            json!({
                "file": v.file.display().to_string(),
                "line": v.line_col.map(|(l, _)| l),
                "column": v.line_col.map(|(_, c)| c),
                "pointer": v.pointer,
                "message": v.message,
                "schema": v.schema.as_ref().map(|s| json!({
                    "file": s.file.display().to_string(),
                    "pointer": s.pointer,
                    "line": s.line_col.map(|(l, _)| l),
                    "column": s.line_col.map(|(_, c)| c),
                })),
            })
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_default()
}
