//! The one place where wire names become Rust names.
//!
//! Rules: keywords become raw identifiers, except `self`, `Self`, `crate`, `super` and `_`,
//! which cannot be raw and get a trailing underscore; leading digits get a prefix; symbols are
//! spelled out where they would otherwise vanish (`+1` → `plus_1`); two wire names that fold to
//! one Rust name are told apart by a numeric suffix, given in a stable order so that adding a
//! name never renames an existing one that was already canonical.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{HashMap, HashSet};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Type names the generated code uses unqualified, so no schema may take them.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "Box", "String", "Self",
];

/// Whether `name` is a Rust keyword, strict or reserved (`r#` escapes most, not all).
pub fn is_rust_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || name == "_"
}

/// Whether `name` must be written `r#name`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// Spells out symbols that carry meaning when they lead a name (`+1`, `-1`, `@type`, `$id`),
/// and turns every other non-alphanumeric character into a word break.
fn words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 8);
    let mut chars = wire.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let spelled = match c {
            '+' => Some("plus"),
            '-' if first || chars.peek().is_some_and(char::is_ascii_digit) && out.is_empty() => {
                Some("minus")
            }
            '@' if first => Some("at"),
            '$' if first => Some("dollar"),
            '*' if wire.len() == 1 => Some("star"),
            _ => None,
        };
        match spelled {
            Some(word) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None if c.is_ascii_alphanumeric() => out.push(c),
            // Identifiers may be non-ASCII, but names are kept ASCII so that generated code is
            // easy to type: letters are transliterated (`é` → `e`, `ж` → `zh`, `日` → `ri`).
            None if c.is_alphanumeric() => match deunicode::deunicode_char(c) {
                Some(ascii) => {
                    out.extend(
                        ascii
                            .chars()
                            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }),
                    )
                }
                None => out.push(' '),
            },
            None => out.push(' '),
        }
        first = false;
    }
    out
}

/// `snake_case` Rust name for a field, parameter or function.
pub fn snake(wire: &str) -> String {
    let mut name = words(wire).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` Rust name for a type or variant.
pub fn camel(wire: &str) -> String {
    let mut name = words(wire).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Gives out unique names within one scope (a module's types, a struct's fields, an enum's
/// variants).
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Reserves `base`, or `base2`, `base3`… if it is taken.
    pub fn claim(&mut self, base: &str) -> String {
        self.claim_with(base, "")
    }

    /// Like [`Scope::claim`], with a separator before the number (`_` for snake case).
    pub fn claim_with(&mut self, base: &str, separator: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        // A keyword's escape (`Self_`, `type_`) is not needed once a number follows, and
        // would put an underscore inside a camel-case name (`Self_2`).
        let stem = match base.trim_end_matches('_') {
            "" => base,
            stem => stem,
        };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unused suffix exists")
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// Names for a whole list of wire names at once, stable under additions: within a group of
/// names that fold to the same Rust name, a wire name already in canonical form keeps the
/// plain name and the others are numbered in sorted order.
pub fn assign(
    wire_names: &[String],
    convert: fn(&str) -> String,
    scope: &mut Scope,
    separator: &str,
) -> Vec<String> {
    let converted: Vec<String> = wire_names.iter().map(|w| convert(w)).collect();
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, name) in converted.iter().enumerate() {
        groups.entry(name.as_str()).or_default().push(i);
    }
    let mut out = vec![String::new(); wire_names.len()];
    // Deterministic: visit groups in order of first appearance.
    let mut seen = HashSet::new();
    for name in &converted {
        if !seen.insert(name.as_str()) {
            continue;
        }
        let mut members = groups[name.as_str()].clone();
        members.sort_by(|&a, &b| {
            let a_canonical = wire_names[a] == converted[a];
            let b_canonical = wire_names[b] == converted[b];
            b_canonical
                .cmp(&a_canonical)
                .then_with(|| wire_names[a].cmp(&wire_names[b]))
        });
        for i in members {
            out[i] = scope.claim_with(name, separator);
        }
    }
    out
}

pub fn type_scope() -> Scope {
    Scope::with_reserved(RESERVED_TYPES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_and_idiomatic() {
        assert_eq!(snake("idRemote"), "id_remote");
        assert_eq!(snake("send_by_whatsapp"), "send_by_whatsapp");
        assert_eq!(snake("type"), "type");
        assert!(is_keyword(&snake("type")));
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("1st place"), "_1st_place");
        assert_eq!(snake("@odata.type"), "at_odata_type");
        assert_eq!(snake("contact[name]"), "contact_name");
        assert_eq!(camel("nullable-simple-user"), "NullableSimpleUser");
        assert_eq!(camel("api.v2010.account"), "ApiV2010Account");
        assert_eq!(camel("2fa"), "V2fa");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel(""), "Value");
        assert_eq!(snake("é"), "e");
        assert_eq!(snake("имяКонтакта"), "imia_kontakta");
        assert_eq!(camel("日本"), "RiBen");
        assert_eq!(snake("😀"), "value");
    }

    #[test]
    fn collisions_are_numbered_stably() {
        let mut scope = type_scope();
        let wire = vec![
            "foo-bar".to_owned(),
            "FooBar".to_owned(),
            "foo_bar".to_owned(),
            "String".to_owned(),
        ];
        let names = assign(&wire, camel, &mut scope, "");
        assert_eq!(names, ["FooBar2", "FooBar", "FooBar3", "String2"]);
        let wire = vec!["self".to_owned(), "Self".to_owned()];
        assert_eq!(assign(&wire, camel, &mut scope, ""), ["Self2", "Self_"]);
        let wire = vec!["type".to_owned(), "Type".to_owned(), "_type".to_owned()];
        let mut fields = Scope::default();
        assert_eq!(
            assign(&wire, snake, &mut fields, "_"),
            ["type", "type_2", "type_3"]
        );
    }
}
