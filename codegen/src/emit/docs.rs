//! Doc comments from spec prose.

use crate::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

/// Makes spec prose safe as rustdoc: fenced blocks become `text` blocks (rustdoc would compile
/// them as doctests), and indented lines lose the indentation that would make them code.
fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                lines.push("```".to_owned());
            } else {
                lines.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.trim_end().replace('\t', "    "));
        } else {
            lines.push(trimmed.trim_end().replace('\t', " "));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The paragraphs of a doc comment, in order.
pub fn doc_lines(docs: &Docs) -> Vec<String> {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let title = docs
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let description = docs
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(title) = title {
        if description.is_none_or(|d| !d.starts_with(title)) {
            paragraphs.push(sanitize(title));
        }
    }
    if let Some(description) = description {
        paragraphs.push(sanitize(description));
    }
    for note in &docs.notes {
        paragraphs.push(sanitize(note));
    }
    let mut out = Vec::new();
    for (i, paragraph) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(paragraph);
    }
    out
}

/// `#[doc = "…"]` attributes (printed as `///` lines) and `#[deprecated]` when it applies.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let lines = doc_lines(docs).into_iter().map(|line| {
        // rustdoc strips one leading space; keep the text aligned after `///`.
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    let deprecated = docs.deprecated.then(|| quote!(#[deprecated]));
    quote!(#(#lines)* #deprecated)
}
