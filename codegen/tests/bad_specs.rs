//! Bad specs get one clear error naming the file and place, exit code 2, and no output.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    dir: PathBuf,
}

impl Case {
    fn new(name: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("bad-specs")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Case { dir }
    }

    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs `apigen generate SPEC -o OUT` and returns stderr, asserting exit code 2 and that
    /// nothing was written.
    fn fails(&self, spec: &Path) -> String {
        let out = self.dir.join("out");
        let output = Command::new(env!("CARGO_BIN_EXE_apigen"))
            .arg("generate")
            .arg(spec)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
        assert!(!out.exists(), "output was written despite the error");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{stderr}"
        );
        stderr
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn malformed_yaml_points_at_the_line() {
    let case = Case::new("malformed");
    let spec = case.file("spec.yaml", format!("{HEAD}paths:\n  /a: [\n"));
    let err = case.fails(&spec);
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(err.contains("spec.yaml:5:"), "{err}");
}

#[test]
fn a_dangling_ref_names_the_reference_and_its_place() {
    let case = Case::new("dangling");
    let spec = case.file(
        "spec.yaml",
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Nope'\n"),
    );
    let err = case.fails(&spec);
    assert!(
        err.contains("`#/components/schemas/Nope` names no schema"),
        "{err}"
    );
    assert!(err.contains("spec.yaml:10:"), "{err}");
    assert!(err.contains("#/components/schemas/A/properties/b"), "{err}");
}

#[test]
fn a_ref_to_a_missing_file_names_the_file() {
    let case = Case::new("missing-file");
    let spec = case.file(
        "spec.yaml",
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: 'models/a.yaml'\n"
        ),
    );
    let err = case.fails(&spec);
    assert!(
        err.contains("cannot read") && err.contains("models/a.yaml"),
        "{err}"
    );
    assert!(err.contains("spec.yaml:7:"), "{err}");
}

#[test]
fn a_ref_cycle_with_no_object_between_is_an_error() {
    let case = Case::new("cycle");
    let spec = case.file(
        "spec.yaml",
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n"),
    );
    let err = case.fails(&spec);
    assert!(err.contains("cycle"), "{err}");
    assert!(err.contains("spec.yaml:"), "{err}");
}

#[test]
fn a_recursive_object_is_fine() {
    let case = Case::new("recursive");
    let spec = case.file(
        "spec.yaml",
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/Node'\n"),
    );
    let out = case.dir.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(["generate"])
        .arg(&spec)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let code = std::fs::read_to_string(out.join("spec.rs")).unwrap();
    assert!(code.contains("pub next: Option<Box<Node>>"), "{code}");
}

#[test]
fn swagger_2_and_unknown_versions_are_refused() {
    let case = Case::new("versions");
    let swagger = case.file(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    let err = case.fails(&swagger);
    assert!(
        err.contains("Swagger 2.0") && err.contains("swagger.yaml:1:"),
        "{err}"
    );
    let v32 = case.file(
        "v32.yaml",
        "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    let err = case.fails(&v32);
    assert!(
        err.contains("OpenAPI 3.2.0 is not supported") && err.contains("v32.yaml:1:"),
        "{err}"
    );
}

#[test]
fn duplicate_operation_ids_are_refused() {
    let case = Case::new("duplicate-ids");
    let op = "      operationId: same\n      responses:\n        '200': {description: ok}\n";
    let spec = case.file(
        "spec.yaml",
        format!("{HEAD}paths:\n  /a:\n    get:\n{op}  /b:\n    get:\n{op}"),
    );
    let err = case.fails(&spec);
    assert!(err.contains("operationId `same` is used twice"), "{err}");
    assert!(err.contains("spec.yaml:11:"), "{err}");
}

#[test]
fn empty_and_binary_files_are_refused() {
    let case = Case::new("empty-binary");
    let empty = case.file("empty.yaml", "");
    let err = case.fails(&empty);
    assert!(
        err.contains("empty.yaml") && err.contains("the file is empty"),
        "{err}"
    );
    let binary = case.file("binary.yaml", [0x89u8, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]);
    let err = case.fails(&binary);
    assert!(
        err.contains("binary.yaml") && err.contains("not a text file"),
        "{err}"
    );
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let case = Case::new("deep");
    let depth = 5_000;
    let json = format!(
        "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"x\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let spec = case.file("deep.json", json);
    let err = case.fails(&spec);
    assert!(
        err.contains("deep.json:1:") && err.contains("recursion limit"),
        "{err}"
    );
    let yaml = format!(
        "{HEAD}paths: {{}}\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let spec = case.file("deep.yaml", yaml);
    let err = case.fails(&spec);
    assert!(err.contains("deep.yaml"), "{err}");
}
