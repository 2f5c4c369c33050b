//! Every spec of `../shared/corpus/`, and of `specs/` here (edge cases found by probing),
//! generates a crate that builds, and passes clippy, with `-D warnings`.
//!
//! Ignored by default (it builds a dozen crates); `.ci/run` runs it in release mode:
//! `cargo test --release -p apigen-corpus-tests --test corpus -- --ignored`. With
//! `APIGEN_EXTRA_SPECS=DIR` it also tries every spec in DIR (for instance the `fixtures/` of
//! the `openapiv3` crate in cargo's registry: Stripe, Slack, Docker, Twilio, Fitbit…).

use apigen::generate::{generate, write, Job, RuntimeDependency};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The top-level `*.json`/`*.yaml`/`*.yml` files of `dir`, sorted.
fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    specs.sort();
    specs
}

/// The corpus README's rule: every top-level `*.json`/`*.yaml`, plus DigitalOcean's root.
fn corpus_specs() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut specs = specs_in(&dir);
    specs.push(dir.join("digitalocean/DigitalOcean-public.v2.yaml"));
    specs.sort();
    specs
}

/// The repository's own specs of shapes that once broke generated code (`specs/`): held to
/// the corpus's rule.
fn local_specs() -> Vec<PathBuf> {
    specs_in(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs"))
}

/// More specs to try, from the directory `APIGEN_EXTRA_SPECS` names (its top-level
/// `*.json`/`*.yaml`), e.g. the fixtures the `openapiv3` crate ships (Stripe, Slack, Docker…).
/// Unlike the corpus, such a spec may be invalid: one apigen refuses with a spec error is
/// reported, not failed; an internal error still fails.
fn extra_specs() -> Vec<PathBuf> {
    match std::env::var_os("APIGEN_EXTRA_SPECS") {
        Some(dir) => specs_in(Path::new(&dir)),
        None => Vec::new(),
    }
}

fn crate_name(spec: &Path, prefix: &str) -> String {
    let stem = spec.file_stem().unwrap().to_str().unwrap();
    format!("{prefix}-{}", stem.to_lowercase().replace(['.', '_'], "-"))
}

/// Generated crates are workspace roots of their own (`[workspace]`); here they become members
/// of one workspace instead, so their shared dependencies compile once and cargo builds two
/// crates at a time. Nothing else of the generated manifest changes.
fn as_member(manifest: &str) -> String {
    manifest.replace("\n[workspace]\n", "\n")
}

/// Runs `cargo <subcommand>` over the corpus workspace and returns, per crate that failed, the
/// head of its diagnostics. `--keep-going` lets one broken crate not hide the state of the
/// others.
fn cargo_over_workspace(
    work: &Path,
    subcommand: &str,
    trailing: &[&str],
) -> BTreeMap<String, String> {
    let output = Command::new(env!("CARGO"))
        .args([
            subcommand,
            "--workspace",
            "--keep-going",
            "--quiet",
            "--manifest-path",
        ])
        .arg(work.join("Cargo.toml"))
        .args(trailing)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        // Sixteen crates built once: incremental state would only fill the disk (2 GB of it
        // once filled a CI machine's).
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Diagnostics are blank-line separated blocks; a block belongs to the crate whose files it
    // points at.
    let blocks: Vec<&str> = stderr.split("\n\n").collect();
    let mut failed = BTreeMap::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("error: could not compile `") {
            let name = rest.split('`').next().unwrap_or(rest).to_owned();
            let own = format!("{name}/src/");
            let diagnostics: Vec<&str> = blocks
                .iter()
                .filter(|block| block.contains(&own))
                .flat_map(|block| block.lines())
                .take(30)
                .collect();
            failed.insert(name, diagnostics.join("\n"));
        }
    }
    if !output.status.success() && failed.is_empty() {
        let head: Vec<&str> = stderr.lines().take(40).collect();
        failed.insert("(workspace)".to_owned(), head.join("\n"));
    }
    failed
}

#[test]
#[ignore = "builds a crate per corpus spec; run by .ci/run in release mode"]
fn every_corpus_spec_generates_a_crate_that_builds() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    std::fs::create_dir_all(&work).unwrap();
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    let mut members = Vec::new();
    let corpus = corpus_specs();
    let local = local_specs();
    let extra = extra_specs();
    let specs: Vec<(&PathBuf, &str)> = corpus
        .iter()
        .map(|s| (s, "corpus"))
        .chain(local.iter().map(|s| (s, "local")))
        .chain(extra.iter().map(|s| (s, "extra")))
        .collect();
    for &(spec, origin) in &specs {
        let is_extra = origin == "extra";
        // The extension too: a fixture set may hold `x.json` and `x.yaml`.
        let name = if is_extra {
            let ext = spec.extension().unwrap().to_string_lossy().into_owned();
            format!("{}-{ext}", crate_name(spec, origin))
        } else {
            crate_name(spec, origin)
        };
        let out_dir = work.join(&name);
        let job = Job {
            spec: spec.clone(),
            spec_label: spec.file_name().unwrap().to_string_lossy().into_owned(),
            out_dir: out_dir.clone(),
            crate_name: Some(name.clone()),
            example_tests: false,
            server: true,
            client: true,
            runtime: RuntimeDependency::Path(repository_root().join("runtime")),
        };
        let mut generated = match generate(&job) {
            Ok(generated) => generated,
            Err(e @ apigen::Error::Spec(_)) if is_extra => {
                refused.push(format!("{name}: {e}"));
                continue;
            }
            Err(e) => {
                failures.push(format!("{name}: generate: {e}"));
                continue;
            }
        };
        for file in &mut generated.files {
            if file.path.file_name().is_some_and(|n| n == "Cargo.toml") {
                file.contents = as_member(&file.contents);
            }
        }
        write(&generated.files).unwrap();
        members.push(name);
    }
    let member_list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    // Debug info is of no use here and costs link and write time.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n",
        member_list.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).unwrap();
    // The repository's lock file pins the dependency versions CI already builds elsewhere;
    // cargo drops what the corpus does not use and adds the corpus crates.
    std::fs::copy(
        repository_root().join("Cargo.lock"),
        work.join("Cargo.lock"),
    )
    .unwrap();

    let build_failed = cargo_over_workspace(&work, "build", &[]);
    let clippy_failed = cargo_over_workspace(&work, "clippy", &["--", "-D", "warnings"]);
    for (name, head) in &build_failed {
        failures.push(format!("{name}: cargo build failed:\n{head}"));
    }
    for (name, head) in &clippy_failed {
        if !build_failed.contains_key(name) {
            failures.push(format!("{name}: cargo clippy failed:\n{head}"));
        }
    }
    let broken = failures.len() + refused.len();
    eprintln!(
        "corpus: {}/{} specs generate and build",
        specs.len() - broken,
        specs.len()
    );
    for refusal in &refused {
        eprintln!("refused as an invalid spec: {refusal}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
