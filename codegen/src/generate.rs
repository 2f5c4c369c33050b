//! From a spec to files: one pipeline shared by the CLI, the config job and `build.rs`.

use crate::diagnostic::{Error, Result};
use crate::emit::{render, EmitOptions};
use crate::load::{load, Warning};
use askama::Template;
use std::path::{Component, Path, PathBuf};

/// One spec and what to make of it.
#[derive(Debug, Clone)]
pub struct Job {
    pub spec: PathBuf,
    /// How the spec is named in generated headers (stable across machines).
    pub spec_label: String,
    pub out_dir: PathBuf,
    pub crate_name: Option<String>,
    pub example_tests: bool,
    /// Emit the axum server module.
    pub server: bool,
    /// Emit the reqwest client module.
    pub client: bool,
    /// The `apigen-runtime` dependency line of a generated crate's `Cargo.toml`.
    pub runtime: RuntimeDependency,
}

#[derive(Debug, Clone)]
pub enum RuntimeDependency {
    /// A path dependency; relative paths are relative to the generated crate.
    Path(PathBuf),
    /// A registry version requirement.
    Version(String),
}

impl RuntimeDependency {
    /// This repository's `runtime/` crate, as seen from `crate_dir`.
    pub fn local_for(crate_dir: &Path) -> Self {
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let runtime = std::fs::canonicalize(&runtime).unwrap_or(runtime);
        RuntimeDependency::Path(relative_to(&runtime, crate_dir).unwrap_or(runtime))
    }

    fn toml(&self) -> String {
        match self {
            RuntimeDependency::Path(path) => {
                format!(
                    "path = \"{}\"",
                    path.display().to_string().replace('\\', "/")
                )
            }
            RuntimeDependency::Version(version) => format!("version = \"{version}\""),
        }
    }
}

/// A file to write, with its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Everything one job produces.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Warning>,
    /// Every input file read (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
}

/// The module name of a spec: its file stem in snake case (`alta-bpo.yaml` → `alta_bpo`).
pub fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    crate::ir::names::snake(stem)
}

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
struct CargoToml<'a> {
    name: &'a str,
    version: &'a str,
    description: String,
    source: &'a str,
    runtime: String,
    features: String,
}

/// The `features = [...]` part of the runtime dependency of a generated crate. A client of
/// an API served over `https://` gets the runtime's `tls` too: without it,
/// `Client::with_default_url()` could not reach the spec's own server.
fn runtime_features(job: &Job, api: &crate::ir::Api) -> String {
    let https = api
        .http
        .default_url
        .as_deref()
        .is_some_and(|url| url.to_ascii_lowercase().starts_with("https://"));
    let features: Vec<&str> = [
        ("server", job.server),
        ("client", job.client),
        ("tls", job.client && https),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect();
    if features.is_empty() {
        String::new()
    } else {
        format!(
            ", features = [{}]",
            features
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct Readme<'a> {
    name: &'a str,
    title: &'a str,
    api_version: &'a str,
    source: &'a str,
    type_count: usize,
}

/// Refuses a package name Cargo would refuse, before anything is generated.
fn check_crate_name(name: &str) -> Result<()> {
    let why = if name.is_empty() {
        Some("it is empty".to_owned())
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some(format!(
            "`{c}` is not allowed (letters, digits, `-` and `_` are)"
        ))
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        Some("it starts with a digit".to_owned())
    } else if crate::ir::names::is_rust_keyword(&name.replace('-', "_")) {
        Some("it is a Rust keyword".to_owned())
    } else {
        None
    };
    match why {
        Some(why) => Err(Error::Config(format!(
            "`{name}` cannot be a crate name: {why}"
        ))),
        None => Ok(()),
    }
}

/// Runs load → lower → emit → format for one job, in memory.
pub fn generate(job: &Job) -> Result<Generated> {
    if let Some(name) = &job.crate_name {
        check_crate_name(name)?;
    }
    let spec = load(&job.spec)?;
    let (api, mut lower_warnings) = crate::ir::lower(&spec)?;
    // The loaded documents are not needed past lowering; freeing them before rendering lets
    // the formatter reuse their memory (on github-rest.json they are half of the peak).
    let inputs = spec.files.clone();
    let mut warnings = spec.warnings.clone();
    drop(spec);
    warnings.append(&mut lower_warnings);
    let options = EmitOptions {
        example_tests: job.example_tests,
        server: job.server,
        client: job.client,
        source: job.spec_label.clone(),
    };
    let mut files = Vec::new();
    match &job.crate_name {
        None => {
            let path = job.out_dir.join(format!("{}.rs", module_name(&job.spec)));
            let contents = render(&api, &options, &path.display().to_string())?;
            files.push(OutputFile { path, contents });
        }
        Some(name) => {
            let lib = job.out_dir.join("src/lib.rs");
            let contents = render(&api, &options, &lib.display().to_string())?;
            let cargo = CargoToml {
                name,
                version: "0.1.0",
                description: format!("Generated models for {}", api.title)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\""),
                source: &job.spec_label,
                runtime: job.runtime.toml(),
                features: runtime_features(job, &api),
            };
            let readme = Readme {
                name,
                title: &api.title,
                api_version: &api.version,
                source: &job.spec_label,
                type_count: api.types.len(),
            };
            let render_err = |e: askama::Error| Error::Emit {
                file: "template".to_owned(),
                message: e.to_string(),
            };
            files.push(OutputFile {
                path: job.out_dir.join("Cargo.toml"),
                contents: cargo.render().map_err(render_err)?,
            });
            files.push(OutputFile {
                path: job.out_dir.join("README.md"),
                contents: readme.render().map_err(render_err)?,
            });
            files.push(OutputFile {
                path: lib,
                contents,
            });
        }
    }
    Ok(Generated {
        files,
        warnings,
        inputs,
    })
}

/// Why a file would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    Missing,
    /// The first line that differs (1-based).
    Differs {
        line: usize,
    },
}

/// Files whose contents on disk differ from what would be written.
pub fn stale(files: &[OutputFile]) -> Vec<(PathBuf, Staleness)> {
    files
        .iter()
        .filter_map(|file| match std::fs::read_to_string(&file.path) {
            Err(_) => Some((file.path.clone(), Staleness::Missing)),
            Ok(existing) if existing == file.contents => None,
            Ok(existing) => {
                let line = existing
                    .lines()
                    .zip(file.contents.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| existing.lines().count().min(file.contents.lines().count()))
                    + 1;
                Some((file.path.clone(), Staleness::Differs { line }))
            }
        })
        .collect()
}

/// Writes the files that changed; each through a temporary file and a rename, so a failure
/// never leaves a half-written file behind.
pub fn write(files: &[OutputFile]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in files {
        if std::fs::read_to_string(&file.path).is_ok_and(|existing| existing == file.contents) {
            continue;
        }
        if let Some(dir) = file.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let tmp = file.path.with_extension("apigen-tmp");
        std::fs::write(&tmp, &file.contents).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &file.path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(&file.path, e)
        })?;
        written.push(file.path.clone());
    }
    Ok(written)
}

/// `path` relative to `base`, when both are absolute (or both relative).
pub fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let base = std::fs::canonicalize(base).unwrap_or_else(|_| absolute(base));
    let path = absolute(path);
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    Some(out)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::check_crate_name;

    #[test]
    fn crate_names_follow_cargo_rules() {
        for good in ["b2b-api", "my_api", "api2", "Api"] {
            assert!(check_crate_name(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("", "it is empty"),
            ("do=v2", "`=` is not allowed"),
            ("my api", "` ` is not allowed"),
            ("a.b", "`.` is not allowed"),
            ("2fa", "starts with a digit"),
            ("self", "a Rust keyword"),
        ] {
            let err = check_crate_name(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
