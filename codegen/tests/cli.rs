//! `apigen generate`: one spec, a config file, a crate, and `--check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn apigen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn repo_spec(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(name)
}

#[test]
fn output_is_byte_identical_from_run_to_run() {
    let dir = scratch("deterministic");
    std::fs::copy(repo_spec("b2b.yaml"), dir.join("b2b.yaml")).unwrap();
    let first = apigen(&dir, &["generate", "b2b.yaml", "-o", "out"]);
    assert!(first.status.success());
    let code = std::fs::read(dir.join("out/b2b.rs")).unwrap();
    let second = apigen(&dir, &["generate", "b2b.yaml", "-o", "out"]);
    assert!(second.status.success());
    assert_eq!(std::fs::read(dir.join("out/b2b.rs")).unwrap(), code);
    assert!(String::from_utf8_lossy(&second.stderr).contains("1 file(s) generated, 0 changed"));
}

#[test]
fn check_reports_a_changed_spec_and_writes_nothing() {
    let dir = scratch("check");
    std::fs::copy(repo_spec("orzame.yaml"), dir.join("orzame.yaml")).unwrap();
    std::fs::write(
        dir.join("apigen.toml"),
        "[[target]]\nspec = \"orzame.yaml\"\nout = \"gen\"\n",
    )
    .unwrap();
    assert!(apigen(&dir, &["generate"]).status.success());
    let up_to_date = apigen(&dir, &["generate", "--check"]);
    assert_eq!(up_to_date.status.code(), Some(0));

    let spec = std::fs::read_to_string(dir.join("orzame.yaml")).unwrap();
    std::fs::write(
        dir.join("orzame.yaml"),
        spec.replacen("Nombre fiscal", "Nombre fiscal (razón social)", 1),
    )
    .unwrap();
    let before = std::fs::read(dir.join("gen/orzame.rs")).unwrap();
    let stale = apigen(&dir, &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("gen/orzame.rs: differs from line"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.join("gen/orzame.rs")).unwrap(), before);
}

#[test]
fn a_bad_config_names_its_line() {
    let dir = scratch("bad-config");
    std::fs::write(
        dir.join("apigen.toml"),
        "[[target]]\nspec = \"a.yaml\"\nouts = \"x\"\n",
    )
    .unwrap();
    let output = apigen(&dir, &["generate"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("apigen.toml:3:1") && stderr.contains("outs"),
        "{stderr}"
    );
}

#[test]
fn crate_mode_writes_a_manifest_readme_and_library() {
    let dir = scratch("crate");
    let output = apigen(
        &dir,
        &[
            "generate",
            repo_spec("alta-bpo.yaml").to_str().unwrap(),
            "-o",
            "alta",
            "--crate",
            "alta-api",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(dir.join("alta/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"alta-api\""), "{manifest}");
    let runtime = manifest
        .lines()
        .find_map(|l| l.strip_prefix("apigen-runtime = { path = \""))
        .and_then(|l| l.split('"').next())
        .expect("a path dependency on apigen-runtime");
    assert!(
        dir.join("alta").join(runtime).join("Cargo.toml").exists(),
        "{runtime}"
    );
    let readme = std::fs::read_to_string(dir.join("alta/README.md")).unwrap();
    assert!(readme.contains("Alta BPO API"), "{readme}");
    let lib = std::fs::read_to_string(dir.join("alta/src/lib.rs")).unwrap();
    assert!(lib.contains("pub enum OdooOptionalString"), "{lib}");
}

#[test]
fn warnings_skip_documentation_beside_a_ref_and_count_repeats() {
    let dir = scratch("warnings");
    let operations: String = (0..6)
        .map(|i| {
            format!(
                "  /r{i}:\n    get:\n      operationId: get{i}\n      parameters:\n        \
                 - {{name: Authorization, in: header, schema: {{type: string}}}}\n      \
                 responses:\n        '204': {{description: none}}\n"
            )
        })
        .collect();
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{operations}\
         components:\n  schemas:\n    Leaf: {{type: string}}\n    Tree:\n      type: object\n      \
         properties:\n        documented: {{$ref: '#/components/schemas/Leaf', description: a leaf}}\n        \
         nullable: {{$ref: '#/components/schemas/Leaf', nullable: true}}\n"
    );
    std::fs::write(dir.join("spec.yaml"), spec).unwrap();
    let output = apigen(&dir, &["generate", "spec.yaml", "-o", "out.rs"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert!(
        !stderr.contains("(description)"),
        "a description beside a $ref is no news: {stderr}"
    );
    assert_eq!(
        warnings
            .iter()
            .filter(|l| l.contains("keys beside a $ref (nullable)"))
            .count(),
        1,
        "{stderr}"
    );
    let authorization: Vec<&&str> = warnings
        .iter()
        .filter(|l| l.contains("`Authorization` is ignored"))
        .collect();
    assert_eq!(
        authorization.len(),
        4,
        "three shown, one counting line: {stderr}"
    );
    assert!(
        authorization[3].starts_with("warning: 3 more like this: the header parameter"),
        "{stderr}"
    );
    assert!(
        authorization[..3].iter().all(|l| l.contains("spec.yaml:")),
        "{stderr}"
    );
}

#[test]
fn a_client_of_an_https_api_gets_the_runtime_tls_feature() {
    let dir = scratch("tls-feature");
    let features = |args: &[&str], out: &str| {
        let spec = repo_spec("obzvonilka.yaml");
        let mut all = vec![
            "generate",
            spec.to_str().unwrap(),
            "-o",
            out,
            "--crate",
            "obz",
        ];
        all.extend_from_slice(args);
        let output = apigen(&dir, &all);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let manifest = std::fs::read_to_string(dir.join(out).join("Cargo.toml")).unwrap();
        manifest
            .lines()
            .find(|l| l.starts_with("apigen-runtime"))
            .and_then(|l| l.split("features = ").nth(1))
            .unwrap_or_default()
            .to_owned()
    };
    // obzvonilka.yaml is served from `https://obzvonilka.ru/api`.
    assert_eq!(features(&[], "both"), "[\"server\", \"client\", \"tls\"] }");
    assert_eq!(features(&["--no-client"], "server"), "[\"server\"] }");
}
