//! `apigen validate`: payload files checked against a spec.
//!
//! The `jsonschema` crate does the JSON Schema work on a converted copy of the spec's schemas
//! ([`schema`]); apigen owns what it cannot do: OpenAPI's own semantics, reading XML through
//! the spec's `xml` rules ([`xml`]), and positions in both the payload and the spec.

mod report;
pub mod schema;
pub mod target;
mod xml;

pub use report::{render_human, render_json};
pub use target::Target;

use crate::diagnostic::{Error, Location, Result};
use crate::load::source::{line_col_at, parse_document, yaml_line_col, JsonIndex, LineIndex};
use crate::load::{LoadedSpec, Warning};
use schema::root_document;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One thing wrong with a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub file: PathBuf,
    /// Where in the payload (1-based), when it could be found.
    pub line_col: Option<(usize, usize)>,
    /// JSON pointer of the offending value in the payload.
    pub pointer: String,
    /// The schema (or keyword) that the value breaks, as a place in the spec.
    pub schema: Option<Location>,
    pub message: String,
}

/// How a payload file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadFormat {
    Json,
    Yaml,
    Xml,
}

impl PayloadFormat {
    /// By content type when one is given, else by file extension (JSON when unknown).
    pub fn detect(path: &Path, content_type: Option<&str>) -> Self {
        if let Some(media) = content_type {
            let media = media.to_ascii_lowercase();
            if crate::ir::is_xml_media(&media) {
                return PayloadFormat::Xml;
            }
            if media.contains("yaml") {
                return PayloadFormat::Yaml;
            }
            return PayloadFormat::Json;
        }
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xml") => PayloadFormat::Xml,
            Some("yaml" | "yml") => PayloadFormat::Yaml,
            _ => PayloadFormat::Json,
        }
    }
}

/// A compiled target, ready to check many payloads.
pub struct PayloadValidator<'s> {
    spec: &'s LoadedSpec,
    validator: jsonschema::Validator,
    target_pointer: String,
    /// The target's schema as the spec writes it (XML is read through its `xml` objects).
    target_schema: Value,
    /// The media type given by the user: it chooses the parser over the file extension.
    content_type: Option<String>,
    warnings: Vec<Warning>,
}

/// Compiles a JSON Schema (already converted from OpenAPI) with the options apigen uses:
/// draft 4 (OpenAPI 3.0's base), formats checked, and OpenAPI's `date`, `date-time` and
/// `uuid` formats by the same rules as the generated models' types.
pub fn compile(
    root: &Value,
) -> std::result::Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_format("date", |s: &str| s.parse::<apigen_runtime::Date>().is_ok())
        .with_format("date-time", |s: &str| {
            s.parse::<apigen_runtime::DateTime>().is_ok()
        })
        .with_format("uuid", |s: &str| s.parse::<apigen_runtime::Uuid>().is_ok())
        .build(root)
}

/// How many unusable patterns one target may drop before apigen gives up on it.
const MAX_DROPPED_PATTERNS: usize = 1000;

/// Compiles the target, leaving out each `pattern` the `jsonschema` crate cannot compile, as
/// the generator leaves it out of the models (with a warning, not an error): one pattern
/// written for another engine (`[a-zA-Z]{1-70}`) would otherwise make every payload of the
/// target impossible to check. Any other reason the schema does not compile is an error
/// that names its place.
fn compile_dropping_bad_patterns(
    spec: &LoadedSpec,
    target_pointer: &str,
    mut root: Value,
) -> Result<(jsonschema::Validator, Vec<Warning>)> {
    let mut warnings = Vec::new();
    loop {
        let error = match compile(&root) {
            Ok(validator) => return Ok((validator, warnings)),
            Err(error) => error,
        };
        let at = error.instance_path().as_str().to_owned();
        let location = locate_schema(spec, target_pointer, &at);
        let pattern = at
            .strip_suffix("/pattern")
            .filter(|_| warnings.len() < MAX_DROPPED_PATTERNS)
            .and_then(|parent| root.pointer_mut(parent))
            .and_then(Value::as_object_mut)
            .and_then(|schema| schema.remove("pattern"));
        match pattern {
            Some(pattern) => warnings.push(Warning {
                message: format!(
                    "pattern {pattern} is not checked: the validator cannot compile it as a \
                     regular expression"
                ),
                location,
            }),
            None => {
                return Err(Error::Config(format!(
                    "the target schema does not compile at {location}: {error}"
                )))
            }
        }
    }
}

/// Maps a pointer inside the converted root back to its place in the spec.
fn locate_schema(spec: &LoadedSpec, target_pointer: &str, schema_path: &str) -> Location {
    let pointer = match schema_path.strip_prefix("/x-apigen-target") {
        Some(rest) => format!("{target_pointer}{rest}"),
        None => schema_path.to_owned(),
    };
    spec.locate(&pointer)
}

impl<'s> PayloadValidator<'s> {
    pub fn new(spec: &'s LoadedSpec, target: &Target, content_type: Option<&str>) -> Result<Self> {
        let resolved = target::resolve(&spec.document, target, content_type)?;
        let root = root_document(&spec.document, &resolved.schema, resolved.direction);
        let (validator, warnings) = compile_dropping_bad_patterns(spec, &resolved.pointer, root)?;
        Ok(PayloadValidator {
            spec,
            validator,
            warnings,
            target_pointer: resolved.pointer,
            target_schema: resolved.schema,
            content_type: content_type.map(str::to_owned),
        })
    }

    /// What compiling the target left out (patterns the validator cannot compile).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The reason a property that must be absent in this direction was refused, in the
    /// spec's words: the conversion writes such a property as `not: {}` (see
    /// `schema::hide_directional_properties`), whose own message ("{} is not allowed for …")
    /// would tell the user nothing.
    fn directional_message(&self, schema_path: &str, instance_pointer: &str) -> Option<String> {
        let property_path = schema_path.strip_suffix("/not")?;
        let pointer = match property_path.strip_prefix("/x-apigen-target") {
            Some(rest) => format!("{}{rest}", self.target_pointer),
            None => property_path.to_owned(),
        };
        let property = self.spec.document.pointer(&pointer)?;
        let name = instance_pointer.rsplit('/').next()?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let flag = |key: &str| property.get(key) == Some(&Value::Bool(true));
        if flag("readOnly") {
            Some(format!(
                "`{name}` is read-only: the server sends it, a request must not"
            ))
        } else if flag("writeOnly") {
            Some(format!(
                "`{name}` is write-only: a request sends it, a response must not"
            ))
        } else {
            None
        }
    }

    /// Maps a path inside the converted root back to the spec.
    fn schema_location(&self, schema_path: &str) -> Location {
        locate_schema(self.spec, &self.target_pointer, schema_path)
    }

    /// Checks a value already read; positions come from `locate`.
    pub fn check_value(
        &self,
        file: &Path,
        value: &Value,
        locate: &dyn Fn(&str) -> Option<(usize, usize)>,
    ) -> Vec<Violation> {
        self.validator
            .iter_errors(value)
            .map(|error| {
                let pointer = error.instance_path().as_str().to_owned();
                let schema_path = error.schema_path().as_str();
                let message = self
                    .directional_message(schema_path, &pointer)
                    .unwrap_or_else(|| error.to_string());
                Violation {
                    file: file.to_path_buf(),
                    line_col: locate(&pointer),
                    schema: Some(self.schema_location(schema_path)),
                    message,
                    pointer,
                }
            })
            .collect()
    }

    /// Reads and checks one payload file. A file that is not well-formed is one violation at
    /// the parser's line and column.
    pub fn check_file(&self, file: &Path) -> Result<Vec<Violation>> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let format = PayloadFormat::detect(file, self.content_type.as_deref());
        let unreadable = |message: String, line_col: Option<(usize, usize)>| Violation {
            file: file.to_path_buf(),
            line_col,
            pointer: String::new(),
            schema: None,
            message,
        };
        match format {
            PayloadFormat::Json | PayloadFormat::Yaml => {
                // The parser is chosen by the format, whatever the file is called.
                let as_path = PathBuf::from(if format == PayloadFormat::Json {
                    "payload.json"
                } else {
                    "payload.yaml"
                });
                let value = match parse_document(&as_path, &text) {
                    Ok(value) => value,
                    Err(Error::Spec(d)) => {
                        return Ok(vec![unreadable(
                            d.message,
                            d.location.and_then(|l| l.line_col),
                        )])
                    }
                    Err(other) => return Err(other),
                };
                let tree = (format == PayloadFormat::Yaml)
                    .then(|| {
                        marked_yaml::parse_yaml_with_options(0, &text, Default::default()).ok()
                    })
                    .flatten();
                // Built on the first violation only: a valid payload costs no second pass.
                let index = std::sync::OnceLock::new();
                let lines = std::sync::OnceLock::new();
                let locate = |pointer: &str| match &tree {
                    Some(tree) => yaml_line_col(tree, pointer),
                    None => index
                        .get_or_init(|| JsonIndex::new(&text))
                        .offset_of(&text, pointer)
                        .map(|o| {
                            lines
                                .get_or_init(|| LineIndex::new(&text))
                                .line_col(&text, o)
                        }),
                };
                Ok(self.check_value(file, &value, &locate))
            }
            PayloadFormat::Xml => {
                match xml::read(&text, &self.target_schema, &self.spec.document) {
                    Ok((value, positions)) => {
                        let locate = |pointer: &str| {
                            positions
                                .iter()
                                .filter(|(p, _)| {
                                    pointer == p
                                        || pointer.starts_with(&format!("{p}/"))
                                        || p.is_empty()
                                })
                                .max_by_key(|(p, _)| p.len())
                                .map(|(_, offset)| line_col_at(&text, *offset))
                        };
                        Ok(self.check_value(file, &value, &locate))
                    }
                    Err(e) => Ok(vec![unreadable(
                        e.message.clone(),
                        Some((e.line, e.column)),
                    )]),
                }
            }
        }
    }
}

/// Every payload file in the arguments: files as given, directories walked (sorted) for
/// `.json`, `.yaml`, `.yml` and `.xml` files.
pub fn collect_files(arguments: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for argument in arguments {
        if argument.is_dir() {
            walk(argument, &mut files)?;
        } else if argument.exists() {
            files.push(argument.clone());
        } else {
            return Err(Error::Config(format!(
                "{}: no such file or directory",
                argument.display()
            )));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml" | "xml")
        ) {
            files.push(path);
        }
    }
    Ok(())
}
