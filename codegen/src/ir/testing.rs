//! Specs written inline in unit tests, lowered to the IR.

use super::Api;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_FILE: AtomicUsize = AtomicUsize::new(0);

/// Lowers the YAML text of a spec (written to a temporary file, as loading reads files).
pub fn api_from_yaml(spec: &str) -> Api {
    let dir = std::env::temp_dir().join(format!("apigen-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One file per call, so that tests running in parallel never share one.
    let path = dir.join(format!(
        "{}.yaml",
        NEXT_FILE.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path).unwrap();
    crate::ir::lower(&loaded).unwrap().0
}

/// Lowers a spec made of `paths` (YAML text at the indentation of `paths:`'s members) and the
/// usual preamble.
pub fn api_from_paths(paths: &str) -> Api {
    api_from_yaml(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}"
    ))
}
