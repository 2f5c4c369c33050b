//! `apigen::Builder`: generation from `build.rs`, in the spirit of `prost-build`.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), apigen::Error> {
//!     apigen::Builder::new().spec("spec/b2b.yaml").generate()
//! }
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/b2b.rs"));
//! ```

use crate::diagnostic::{Error, Result};
use crate::generate::{generate, write, Job, RuntimeDependency};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    example_tests: bool,
    server: bool,
    client: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            specs: Vec::new(),
            out_dir: None,
            example_tests: false,
            server: true,
            client: true,
        }
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds a spec; its module is written to `<out_dir>/<file stem in snake case>.rs`.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Where to write (default: `OUT_DIR`).
    pub fn out_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Also emit a `#[cfg(test)]` module that round-trips every JSON example of each spec.
    /// Emit the axum server module (on by default).
    pub fn server(mut self, enabled: bool) -> Self {
        self.server = enabled;
        self
    }

    /// Emit the reqwest client module (on by default).
    pub fn client(mut self, enabled: bool) -> Self {
        self.client = enabled;
        self
    }

    pub fn example_tests(mut self, enabled: bool) -> Self {
        self.example_tests = enabled;
        self
    }

    /// Generates every spec. Tells cargo to rerun when any file read changes, and passes
    /// warnings on as `cargo:warning`. An error names the spec file and place.
    pub fn generate(self) -> Result<()> {
        self.generate_to(&mut std::io::stdout())
    }

    /// [`Builder::generate`], writing cargo's instructions to `cargo` instead of stdout.
    pub fn generate_to(self, cargo: &mut dyn std::io::Write) -> Result<()> {
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Config("OUT_DIR is not set: call `out_dir` outside build.rs".to_owned())
                })?,
        };
        for spec in &self.specs {
            // Printed before loading, so that fixing a broken spec reruns the build.
            say(cargo, format!("cargo:rerun-if-changed={}", spec.display()))?;
            let job = Job {
                spec: spec.clone(),
                spec_label: spec.display().to_string().replace('\\', "/"),
                out_dir: out_dir.clone(),
                crate_name: None,
                example_tests: self.example_tests,
                server: self.server,
                client: self.client,
                runtime: RuntimeDependency::local_for(&out_dir),
            };
            let generated = generate(&job)?;
            for input in generated.inputs.iter().skip(1) {
                say(cargo, format!("cargo:rerun-if-changed={}", input.display()))?;
            }
            for line in crate::load::condense(&generated.warnings) {
                say(cargo, format!("cargo:warning={line}"))?;
            }
            write(&generated.files)?;
        }
        Ok(())
    }
}

fn say(cargo: &mut dyn std::io::Write, line: String) -> Result<()> {
    writeln!(cargo, "{line}").map_err(|e| Error::io(std::path::Path::new("<cargo output>"), e))
}
