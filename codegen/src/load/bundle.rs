//! Bundling: one self-contained document out of a spec spread over several files.
//!
//! Works on `serde_json::Value` before `openapiv3` sees anything, because `openapiv3` only
//! understands local `$ref`s to `#/components/...` and rejects an operation given as a `$ref`.
//! Schemas reached through a `$ref` into another file (or into a non-component place) are
//! hoisted into `components.schemas` under a name taken from the file or pointer, so they stay
//! named types; every other `$ref` (path items, operations, parameters, responses, examples…)
//! is replaced by the value it points to.

use super::source::SourceFile;
use super::Warning;
use crate::diagnostic::{push_pointer, Diagnostic, Error, Location, Result};

/// Where a `$ref` is written; turned into a [`Location`] (which costs a positional parse of the
/// file) only when something is reported about it.
#[derive(Clone)]
struct Site {
    file: PathBuf,
    pointer: String,
}
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a subtree of the bundled document came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub bundle_pointer: String,
    pub file: PathBuf,
    pub pointer: String,
}

pub struct Bundled {
    pub document: Value,
    pub origins: Vec<Origin>,
    pub files: Vec<SourceFile>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Somewhere a schema object stands.
    Schema,
    /// Any other OpenAPI object.
    Other,
    /// Literal data (`example`, `default`, `enum` values): never contains references.
    Data,
}

struct Bundler {
    root: PathBuf,
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, usize>,
    hoisted: HashMap<(PathBuf, String), String>,
    hoisted_names: HashMap<String, (PathBuf, String)>,
    new_schemas: IndexMap<String, Value>,
    origins: Vec<Origin>,
    warnings: Vec<Warning>,
    /// References being inlined right now, to report a cycle instead of overflowing the stack.
    inlining: Vec<(PathBuf, String)>,
    /// `fs::canonicalize` of every path met: a spec of many files writes the same relative
    /// paths thousands of times, and each canonicalisation is a system call per component
    /// (DigitalOcean's spec spent a fifth of its generation time on them).
    canonical: RefCell<HashMap<PathBuf, PathBuf>>,
}

const MAX_INLINE_DEPTH: usize = 64;

pub fn bundle(root_path: &Path) -> Result<Bundled> {
    let root_file = SourceFile::read(root_path)?;
    let root = canonical(root_path);
    let mut bundler = Bundler {
        root: root.clone(),
        files: Vec::new(),
        by_path: HashMap::new(),
        hoisted: HashMap::new(),
        hoisted_names: HashMap::new(),
        new_schemas: IndexMap::new(),
        origins: Vec::new(),
        warnings: Vec::new(),
        inlining: Vec::new(),
        canonical: RefCell::new(HashMap::new()),
    };
    let mut document = root_file.value.clone();
    bundler.by_path.insert(root.clone(), 0);
    bundler.files.push(root_file);
    // Names already used by the root's own schemas cannot be taken by hoisted ones.
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for name in schemas.keys() {
            bundler.hoisted_names.insert(
                name.clone(),
                (root.clone(), format!("/components/schemas/{name}")),
            );
        }
    }
    bundler.walk(&mut document, &root, Ctx::Other, "")?;
    if !bundler.new_schemas.is_empty() {
        let doc = document
            .as_object_mut()
            .ok_or_else(|| Diagnostic::new("the spec is not an object"))?;
        let components = doc
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let components = components.as_object_mut().ok_or_else(|| {
            Diagnostic::new("`components` is not an object")
                .at(bundler.files[0].locate("/components"))
        })?;
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .ok_or_else(|| Diagnostic::new("`components.schemas` is not an object"))?;
        for (name, schema) in std::mem::take(&mut bundler.new_schemas) {
            schemas.insert(name, schema);
        }
    }
    Ok(Bundled {
        document,
        origins: bundler.origins,
        files: bundler.files,
        warnings: bundler.warnings,
    })
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The context of the children of an object, given the object's context and a key.
fn child_ctx(ctx: Ctx, parent_key: Option<&str>, key: &str) -> Ctx {
    match ctx {
        Ctx::Data => Ctx::Data,
        Ctx::Schema => match key {
            "example" | "default" | "enum" | "x-example" => Ctx::Data,
            "items" | "additionalProperties" | "not" => Ctx::Schema,
            // The children of these are handled by `member_ctx`.
            "properties" | "allOf" | "oneOf" | "anyOf" => Ctx::Other,
            "discriminator" | "xml" | "externalDocs" => Ctx::Data,
            _ if key.starts_with("x-") => Ctx::Data,
            _ => Ctx::Data,
        },
        Ctx::Other => match key {
            "schema" => Ctx::Schema,
            "example" | "value" if parent_key != Some("examples") => Ctx::Data,
            _ if key.starts_with("x-") => Ctx::Data,
            _ => Ctx::Other,
        },
    }
}

impl Bundler {
    fn canonical(&self, path: &Path) -> PathBuf {
        self.canonical
            .borrow_mut()
            .entry(path.to_path_buf())
            .or_insert_with(|| canonical(path))
            .clone()
    }

    fn file_index(&mut self, path: &Path) -> Result<usize> {
        let path = self.canonical(path);
        if let Some(&i) = self.by_path.get(&path) {
            return Ok(i);
        }
        let file = SourceFile::read(&path)?;
        self.files.push(file);
        self.by_path.insert(path, self.files.len() - 1);
        Ok(self.files.len() - 1)
    }

    fn locate(&self, file: &Path, pointer: &str) -> Location {
        match self.by_path.get(&self.canonical(file)) {
            Some(&i) => self.files[i].locate(pointer),
            None => Location {
                file: file.to_path_buf(),
                pointer: pointer.to_owned(),
                line_col: None,
            },
        }
    }

    /// Resolves the target of a `$ref` written in `base`: the file it names and its pointer.
    fn target(&self, base: &Path, reference: &str) -> (PathBuf, String) {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            base.to_path_buf()
        } else {
            let dir = base.parent().unwrap_or(Path::new("."));
            self.canonical(&dir.join(percent_decode(file_part)))
        };
        (file, percent_decode(fragment))
    }

    fn resolve(&mut self, file: &Path, pointer: &str, at: &Site) -> Result<Value> {
        let index = self.file_index(file).map_err(|e| match e {
            Error::Io { path, source } => Error::Spec(
                Diagnostic::new(format!(
                    "cannot read `{}`, the target of a $ref: {source}",
                    path.display()
                ))
                .at(self.locate(&at.file, &at.pointer)),
            ),
            other => other,
        })?;
        match self.files[index].value.pointer(pointer) {
            Some(value) => Ok(value.clone()),
            None => Err(Diagnostic::new(format!(
                "$ref target `{}#{pointer}` does not exist",
                file.display()
            ))
            .at(self.locate(&at.file, &at.pointer))
            .into()),
        }
    }

    fn walk(&mut self, value: &mut Value, base: &Path, ctx: Ctx, pointer: &str) -> Result<()> {
        self.walk_inner(value, base, ctx, None, pointer)
    }

    fn walk_inner(
        &mut self,
        value: &mut Value,
        base: &Path,
        ctx: Ctx,
        parent_key: Option<&str>,
        pointer: &str,
    ) -> Result<()> {
        if ctx == Ctx::Data {
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    return self.replace_ref(value, base, ctx, &reference, pointer);
                }
                if ctx == Ctx::Schema {
                    self.rewrite_mapping(map, base, pointer)?;
                }
                for (key, child) in map.iter_mut() {
                    let child_pointer = push_pointer(pointer, key);
                    let member_of = matches!(
                        (ctx, parent_key),
                        (Ctx::Other, Some("properties" | "allOf" | "oneOf" | "anyOf"))
                    ) || (parent_key == Some("schemas")
                        && pointer == "/components/schemas");
                    let cctx = if member_of {
                        Ctx::Schema
                    } else {
                        child_ctx(ctx, parent_key, key)
                    };
                    self.walk_inner(child, base, cctx, Some(key), &child_pointer)?;
                }
            }
            Value::Array(items) => {
                // Arrays of schemas are `allOf`/`oneOf`/`anyOf` members; other arrays
                // (parameters, tags, servers…) hold OpenAPI objects.
                let member = matches!(parent_key, Some("allOf" | "oneOf" | "anyOf"));
                for (i, item) in items.iter_mut().enumerate() {
                    let item_ctx = if member { Ctx::Schema } else { ctx };
                    self.walk_inner(
                        item,
                        base,
                        item_ctx,
                        None,
                        &push_pointer(pointer, &i.to_string()),
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn replace_ref(
        &mut self,
        value: &mut Value,
        base: &Path,
        ctx: Ctx,
        reference: &str,
        pointer: &str,
    ) -> Result<()> {
        let at = Site {
            file: base.to_path_buf(),
            pointer: pointer.to_owned(),
        };
        let (file, target) = self.target(base, reference);
        let siblings: Map<String, Value> = value
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| k.as_str() != "$ref")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();

        if ctx == Ctx::Schema {
            let local_component = file == self.root
                && target.starts_with("/components/schemas/")
                && target.matches('/').count() == 3;
            let new_ref = if local_component {
                reference.to_owned()
            } else {
                format!("#/components/schemas/{}", self.hoist(&file, &target, &at)?)
            };
            let reference_value = Value::Object(Map::from_iter([(
                "$ref".to_owned(),
                Value::String(new_ref),
            )]));
            *value = if siblings.is_empty() {
                reference_value
            } else {
                // OpenAPI 3.0 says keys beside `$ref` are ignored, yet specs put `nullable`,
                // `description` or `readOnly` there and mean it; `allOf` keeps that intent.
                // Only keys that change the value are worth a warning: a `description` beside
                // a `$ref` is the commonest idiom there is (Google's specs have thousands), and
                // keeping it changes nothing but the docs.
                let keys: Vec<&str> = siblings
                    .keys()
                    .map(String::as_str)
                    .filter(|key| !documents_only(key))
                    .collect();
                if !keys.is_empty() {
                    let location = self.locate(base, pointer);
                    self.warnings.push(Warning {
                        message: format!(
                            "keys beside a $ref ({}) are kept by wrapping the $ref in `allOf`",
                            keys.join(", ")
                        ),
                        location,
                    });
                }
                let mut wrapper = siblings;
                wrapper.insert("allOf".to_owned(), Value::Array(vec![reference_value]));
                Value::Object(wrapper)
            };
            return Ok(());
        }

        // Anything else is inlined.
        let key = (file.clone(), target.clone());
        if self.inlining.contains(&key) || self.inlining.len() > MAX_INLINE_DEPTH {
            return Err(
                Diagnostic::new(format!("$ref `{reference}` refers to itself"))
                    .at(self.locate(base, pointer))
                    .into(),
            );
        }
        let mut resolved = self.resolve(&file, &target, &at)?;
        self.inlining.push(key);
        self.origins.push(Origin {
            bundle_pointer: pointer.to_owned(),
            file: file.clone(),
            pointer: target.clone(),
        });
        let result = self.walk_inner(&mut resolved, &file, ctx, None, pointer);
        self.inlining.pop();
        result?;
        if let (Value::Object(map), false) = (&mut resolved, siblings.is_empty()) {
            for (k, v) in siblings {
                if k != "description" && k != "summary" {
                    self.warnings.push(Warning {
                        message: format!("key `{k}` beside a $ref overrides the referenced value"),
                        location: self.locate(base, pointer),
                    });
                }
                map.insert(k, v);
            }
        }
        *value = resolved;
        Ok(())
    }

    /// `discriminator.mapping` values are references written as plain strings; those that
    /// leave the root's components are hoisted like any other schema reference.
    fn rewrite_mapping(
        &mut self,
        schema: &mut Map<String, Value>,
        base: &Path,
        pointer: &str,
    ) -> Result<()> {
        let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
        else {
            return Ok(());
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        for (tag, target) in mapping.iter() {
            if let Value::String(target) = target {
                let is_ref = target.contains('#') || target.contains('.') || target.contains('/');
                if is_ref {
                    entries.push((tag.clone(), target.clone()));
                }
            }
        }
        for (tag, reference) in entries {
            let (file, target) = self.target(base, &reference);
            let local = file == self.root
                && target.starts_with("/components/schemas/")
                && target.matches('/').count() == 3;
            if local {
                continue;
            }
            let at = Site {
                file: base.to_path_buf(),
                pointer: format!("{pointer}/discriminator/mapping"),
            };
            let name = self.hoist(&file, &target, &at)?;
            mapping.insert(tag, Value::String(format!("#/components/schemas/{name}")));
        }
        Ok(())
    }

    /// Moves a schema into `components.schemas` (once) and returns its name there.
    fn hoist(&mut self, file: &Path, pointer: &str, at: &Site) -> Result<String> {
        let key = (file.to_path_buf(), pointer.to_owned());
        if let Some(name) = self.hoisted.get(&key) {
            return Ok(name.clone());
        }
        let mut name = hoisted_name(file, pointer);
        let mut n = 1;
        let base = name.clone();
        while self.hoisted_names.contains_key(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.hoisted.insert(key.clone(), name.clone());
        self.hoisted_names.insert(name.clone(), key);
        let mut schema = self.resolve(file, pointer, at)?;
        let bundle_pointer = format!(
            "/components/schemas/{}",
            name.replace('~', "~0").replace('/', "~1")
        );
        self.origins.push(Origin {
            bundle_pointer: bundle_pointer.clone(),
            file: file.to_path_buf(),
            pointer: pointer.to_owned(),
        });
        self.walk(&mut schema, file, Ctx::Schema, &bundle_pointer)?;
        self.new_schemas.insert(name.clone(), schema);
        Ok(name)
    }
}

/// The component name of a hoisted schema: the last pointer segment, or the file's stem.
fn hoisted_name(file: &Path, pointer: &str) -> String {
    let segment = pointer.rsplit('/').next().unwrap_or("");
    let name = if segment.is_empty() {
        file.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("schema")
            .to_owned()
    } else {
        segment.replace("~1", "/").replace("~0", "~")
    };
    if name.is_empty() {
        "schema".to_owned()
    } else {
        name
    }
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Keys that document a schema without changing which values it accepts.
fn documents_only(key: &str) -> bool {
    matches!(
        key,
        "description" | "title" | "example" | "examples" | "externalDocs" | "deprecated"
    ) || key.starts_with("x-")
}
