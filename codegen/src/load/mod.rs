//! Loading a spec: read, bundle, normalise, then deserialise into `openapiv3`.

mod bundle;
mod normalize;
mod openapi31;
pub mod source;

pub use bundle::Origin;

use crate::diagnostic::{Diagnostic, Location, Result};
use serde::Deserialize as _;
use serde_json::Value;
use source::SourceFile;
use std::fmt;
use std::path::{Path, PathBuf};

/// Something apigen accepted although the spec is not strictly valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
    pub location: Location,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// How many warnings of one message are shown before the rest are counted.
const SHOWN_PER_MESSAGE: usize = 3;

/// The lines to print for `warnings`: each in order, but a message repeated across a big
/// spec (the same header parameter on 400 operations) shows its first few places and then
/// one line that counts the others, so the warnings that differ stay readable.
pub fn condense(warnings: &[Warning]) -> Vec<String> {
    // Message → (times seen, order of first appearance): the counting lines keep the order
    // in which their messages first appeared.
    let mut seen: std::collections::HashMap<&str, (usize, usize)> =
        std::collections::HashMap::new();
    let mut lines = Vec::new();
    for warning in warnings {
        let order = seen.len();
        let (count, _) = seen.entry(warning.message.as_str()).or_insert((0, order));
        *count += 1;
        if *count <= SHOWN_PER_MESSAGE {
            lines.push(warning.to_string());
        }
    }
    let mut counted: Vec<(usize, &str, usize)> = seen
        .into_iter()
        .filter(|&(_, (count, _))| count > SHOWN_PER_MESSAGE)
        .map(|(message, (count, order))| (order, message, count - SHOWN_PER_MESSAGE))
        .collect();
    counted.sort_unstable();
    lines.extend(
        counted
            .into_iter()
            .map(|(_, message, more)| format!("{more} more like this: {message}")),
    );
    lines
}

/// A spec ready to be lowered.
pub struct LoadedSpec {
    /// The spec as `openapiv3` types.
    pub openapi: openapiv3::OpenAPI,
    /// The same bundled document as a value: `openapiv3` drops some keys (the `xml` object
    /// among them), which lowering reads here by JSON pointer.
    pub document: Value,
    /// Every file read, root first (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    sources: Vec<SourceFile>,
    origins: Vec<Origin>,
}

impl LoadedSpec {
    /// Maps a pointer into the bundled document back to the file and place it came from.
    pub fn locate(&self, bundle_pointer: &str) -> Location {
        locate_in(&self.sources, &self.origins, bundle_pointer)
    }
}

fn locate_in(sources: &[SourceFile], origins: &[Origin], bundle_pointer: &str) -> Location {
    let best = origins
        .iter()
        .filter(|o| {
            bundle_pointer == o.bundle_pointer
                || bundle_pointer.starts_with(&format!("{}/", o.bundle_pointer))
        })
        .max_by_key(|o| o.bundle_pointer.len());
    let (file, pointer) = match best {
        Some(origin) => (
            origin.file.clone(),
            format!(
                "{}{}",
                origin.pointer,
                &bundle_pointer[origin.bundle_pointer.len()..]
            ),
        ),
        None => (sources[0].path.clone(), bundle_pointer.to_owned()),
    };
    match sources
        .iter()
        .find(|s| s.path == file || canonical_eq(&s.path, &file))
    {
        Some(source) => source.locate(&pointer),
        None => Location {
            file,
            pointer,
            line_col: None,
        },
    }
}

fn canonical_eq(a: &Path, b: &Path) -> bool {
    std::fs::canonicalize(a).ok().as_deref() == Some(b)
}

/// Reads the spec at `path` and everything it references.
pub fn load(path: &Path) -> Result<LoadedSpec> {
    let bundled = bundle::bundle(path)?;
    let mut warnings = bundled.warnings;
    let mut document = bundled.document;
    let sources = bundled.files;
    let origins = bundled.origins;
    let locate = |pointer: &str| locate_in(&sources, &origins, pointer);
    normalize::check_version(&document, &locate)?;
    if openapi31::is_31(&document) {
        openapi31::downgrade(&mut document, &mut |pointer, message| {
            warnings.push(Warning {
                message,
                location: locate(pointer),
            })
        });
    }
    normalize::normalize(&mut document, &locate, &mut warnings);

    // Tracking the path of every value costs several times the deserialisation itself, and
    // only an invalid document needs it: deserialise plainly, and again with tracking to
    // say where the error is.
    let openapi = match openapiv3::OpenAPI::deserialize(&document) {
        Ok(openapi) => openapi,
        Err(_) => {
            let e = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document)
                .err()
                .ok_or_else(|| {
                    Diagnostic::new("not a valid OpenAPI 3.0 document").at(locate(""))
                })?;
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner().to_string();
            return Err(
                Diagnostic::new(format!("not a valid OpenAPI 3.0 document: {inner}"))
                    .at(locate(&pointer))
                    .into(),
            );
        }
    };
    Ok(LoadedSpec {
        openapi,
        document,
        files: sources.iter().map(|s| s.path.clone()).collect(),
        warnings,
        sources,
        origins,
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer = crate::diagnostic::push_pointer(&pointer, &index.to_string())
            }
            Segment::Map { key } => pointer = crate::diagnostic::push_pointer(&pointer, key),
            Segment::Enum { variant } => {
                pointer = crate::diagnostic::push_pointer(&pointer, variant)
            }
            Segment::Unknown => break,
        }
    }
    pointer
}
