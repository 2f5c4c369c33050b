//! `apigen::Builder` as a `build.rs` uses it.

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("builder")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("models")).unwrap();
    dir
}

#[test]
fn every_file_read_is_a_rerun_trigger() {
    let dir = scratch("multi-file");
    std::fs::write(
        dir.join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'models/pet.yaml'}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("models/pet.yaml"),
        "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  owner: {$ref: 'owner.yaml'}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("models/owner.yaml"),
        "type: object\nproperties:\n  id: {type: integer}\n",
    )
    .unwrap();

    let mut cargo = Vec::new();
    apigen::Builder::new()
        .spec(dir.join("api.yaml"))
        .out_dir(dir.join("out"))
        .generate_to(&mut cargo)
        .unwrap();
    let cargo = String::from_utf8(cargo).unwrap();
    for file in ["api.yaml", "models/pet.yaml", "models/owner.yaml"] {
        assert!(
            cargo
                .lines()
                .any(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with(file)),
            "{file} missing from:\n{cargo}"
        );
    }
    let code = std::fs::read_to_string(dir.join("out/api.rs")).unwrap();
    assert!(code.contains("pub struct Pet"), "{code}");
    assert!(code.contains("pub owner: Option<Owner>"), "{code}");
}

#[test]
fn a_bad_spec_fails_the_build_with_its_location() {
    let dir = scratch("bad");
    std::fs::write(
        dir.join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n",
    )
    .unwrap();
    let mut cargo = Vec::new();
    let err = apigen::Builder::new()
        .spec(dir.join("api.yaml"))
        .out_dir(dir.join("out"))
        .generate_to(&mut cargo)
        .unwrap_err();
    // `Debug` is what a build.rs returning `Result<(), apigen::Error>` prints.
    let shown = format!("{err:?}");
    assert!(
        shown.contains("api.yaml:6:") && shown.contains("names no schema"),
        "{shown}"
    );
    // The spec is still a rerun trigger, so fixing it rebuilds.
    assert!(String::from_utf8(cargo)
        .unwrap()
        .contains("rerun-if-changed"));
    assert!(!dir.join("out").exists());
}
