//! Every spec of `../shared/corpus/` generates a crate that builds, and passes clippy, with
//! `-D warnings`.
//!
//! Ignored by default (it builds a dozen crates); `.ci/run` runs it in release mode:
//! `cargo test --release -p apigen-tests --test corpus -- --ignored`.

use apigen::generate::{generate, write, Job, RuntimeDependency};
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// The corpus README's rule: every top-level `*.json`/`*.yaml`, plus DigitalOcean's root.
fn corpus_specs() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    specs.push(dir.join("digitalocean/DigitalOcean-public.v2.yaml"));
    specs.sort();
    specs
}

fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap().to_str().unwrap();
    format!("corpus-{}", stem.to_lowercase().replace(['.', '_'], "-"))
}

#[test]
#[ignore = "builds a crate per corpus spec; run by .ci/run in release mode"]
fn every_corpus_spec_generates_a_crate_that_builds() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let target_dir = work.join("target");
    let mut failures = Vec::new();
    let specs = corpus_specs();
    for spec in &specs {
        let name = crate_name(spec);
        let out_dir = work.join(&name);
        let job = Job {
            spec: spec.clone(),
            spec_label: spec.file_name().unwrap().to_string_lossy().into_owned(),
            out_dir: out_dir.clone(),
            crate_name: Some(name.clone()),
            example_tests: false,
            server: true,
            client: true,
            runtime: RuntimeDependency::Path(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runtime"),
            ),
        };
        let generated = match generate(&job) {
            Ok(generated) => generated,
            Err(e) => {
                failures.push(format!("{name}: generate: {e}"));
                continue;
            }
        };
        write(&generated.files).unwrap();
        let output = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--manifest-path"])
            .arg(out_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .unwrap();
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let head: Vec<&str> = stderr.lines().take(30).collect();
            failures.push(format!("{name}: cargo build failed:\n{}", head.join("\n")));
            continue;
        }
        let clippy = Command::new(env!("CARGO"))
            .args(["clippy", "--quiet", "--manifest-path"])
            .arg(out_dir.join("Cargo.toml"))
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .output()
            .unwrap();
        if !clippy.status.success() {
            let stderr = String::from_utf8_lossy(&clippy.stderr);
            let head: Vec<&str> = stderr.lines().take(30).collect();
            failures.push(format!("{name}: cargo clippy failed:\n{}", head.join("\n")));
        }
    }
    let ok = specs.len() - failures.len();
    eprintln!("corpus: {ok}/{} specs generate and build", specs.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
