//! The whole `generate` (load, bundle, lower, emit models + XML + server + client, format) on
//! the biggest corpus specs and the four specs, against the floor of only parsing the same
//! files into `serde_json::Value` (and into `openapiv3::OpenAPI`), in the same run.
//!
//! `cargo bench -p apigen --bench generate`
//!
//! Generation works in memory (nothing is written), as `apigen generate --check` does.

use apigen::generate::{generate, Job, RuntimeDependency};
use std::path::PathBuf;

// The allocator of the `apigen` binary, so that the bench measures what users run (the parse
// floors get it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SPECS: &[&str] = &[
    "corpus/github-rest.json",
    "corpus/twilio-api-v2010.json",
    "corpus/oxide-nexus.json",
    "corpus/digitalocean/DigitalOcean-public.v2.yaml",
    "spec/b2b.yaml",
    "spec/obzvonilka.yaml",
    "spec/orzame.yaml",
    "spec/alta-bpo.yaml",
];

fn path(spec: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match spec.strip_prefix("corpus/") {
        Some(rest) => root.join("../../shared/corpus").join(rest),
        None => root.join("..").join(spec),
    }
}

/// The parse floor: the root file's text into a JSON value, as any tool must at least do.
#[divan::bench(args = SPECS)]
fn parse_to_value(bencher: divan::Bencher, spec: &str) {
    let text = std::fs::read_to_string(path(spec)).unwrap();
    let json = spec.ends_with(".json");
    bencher.bench(|| {
        let value: serde_json::Value = if json {
            serde_json::from_str(&text).unwrap()
        } else {
            serde_yaml::from_str(&text).unwrap()
        };
        divan::black_box(value)
    });
}

/// A second floor: the same text into `openapiv3::OpenAPI` types.
#[divan::bench(args = SPECS)]
fn parse_to_openapiv3(bencher: divan::Bencher, spec: &str) {
    let text = std::fs::read_to_string(path(spec)).unwrap();
    let json = spec.ends_with(".json");
    bencher.bench(|| {
        let value: Result<openapiv3::OpenAPI, String> = if json {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        } else {
            serde_yaml::from_str(&text).map_err(|e| e.to_string())
        };
        divan::black_box(value)
    });
}

/// `apigen generate SPEC --crate x`: every file of the crate, in memory.
#[divan::bench(args = SPECS, sample_count = 10)]
fn generate_crate(bencher: divan::Bencher, spec: &str) {
    let out_dir = std::env::temp_dir().join("apigen-bench-generate");
    let job = Job {
        spec: path(spec),
        spec_label: spec.to_owned(),
        out_dir: out_dir.clone(),
        crate_name: Some("bench".to_owned()),
        example_tests: false,
        server: true,
        client: true,
        runtime: RuntimeDependency::Path(PathBuf::from("../runtime")),
    };
    bencher.bench(|| divan::black_box(generate(&job).unwrap()));
}
