//! `apigen.toml`: the targets `apigen generate` regenerates when called without a spec.

use crate::diagnostic::{Error, Result};
use crate::generate::{Job, RuntimeDependency};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(rename = "target", default)]
    pub targets: Vec<TargetConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// The spec, relative to the config file.
    pub spec: PathBuf,
    /// The directory written to, relative to the config file.
    pub out: PathBuf,
    /// Write a whole crate with this package name instead of one module file.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// Add tests that round-trip the spec's examples.
    #[serde(default)]
    pub example_tests: bool,
    /// Emit the axum server module (default: true).
    #[serde(default = "yes")]
    pub server: bool,
    /// Emit the reqwest client module (default: true).
    #[serde(default = "yes")]
    pub client: bool,
}

fn yes() -> bool {
    true
}

impl Config {
    /// The jobs of every target; `path` is the config file (targets are relative to it).
    pub fn jobs(self, path: &Path) -> Vec<Job> {
        let base = path.parent().unwrap_or(Path::new(""));
        self.targets
            .into_iter()
            .map(|t| {
                let out_dir = base.join(&t.out);
                Job {
                    spec_label: t.spec.display().to_string().replace('\\', "/"),
                    spec: base.join(&t.spec),
                    runtime: RuntimeDependency::local_for(&out_dir),
                    out_dir,
                    crate_name: t.crate_name,
                    example_tests: t.example_tests,
                    server: t.server,
                    client: t.client,
                }
            })
            .collect()
    }

    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        toml::from_str(&text).map_err(|e| {
            let position = e
                .span()
                .map(|span| {
                    let (line, col) = crate::load::source::line_col_at(&text, span.start);
                    format!(":{line}:{col}")
                })
                .unwrap_or_default();
            Error::Config(format!("{}{position}: {}", path.display(), e.message()))
        })
    }
}
