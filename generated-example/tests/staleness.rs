//! The checked-in generated code is what the generator makes of the current specs.
//!
//! Regenerates every target of `apigen.toml` in memory and compares byte for byte; a failure
//! names each stale file. Fix it with `cargo run -p apigen -- generate` and review the diff.

use apigen::config::Config;
use apigen::generate::{generate, stale, Staleness};
use std::path::PathBuf;

#[test]
fn checked_in_code_is_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let config_path = root.join("apigen.toml");
    let jobs = Config::read(&config_path)
        .expect("apigen.toml reads")
        .jobs(&config_path);
    assert!(!jobs.is_empty(), "apigen.toml lists no target");
    let mut report = Vec::new();
    for job in &jobs {
        let generated = generate(job).unwrap_or_else(|e| panic!("{e}"));
        for (path, why) in stale(&generated.files) {
            report.push(match why {
                Staleness::Missing => format!("{}: missing", path.display()),
                Staleness::Differs { line } => {
                    format!("{}: differs from line {line}", path.display())
                }
            });
        }
    }
    assert!(
        report.is_empty(),
        "generated code is stale; run `cargo run -p apigen -- generate`:\n{}",
        report.join("\n")
    );
}
