//! `apigen validate`: the documents' examples pass, broken payloads fail with the right line
//! and pointer, exit codes hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("validate")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn spec(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(name)
}

fn apigen(args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .arg("validate")
        .args(args)
        .args(files)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every example of a spec, grouped by the target and media type that check it.
fn examples(spec_file: &Path, dir: &Path) -> BTreeMap<(String, String, String), Vec<PathBuf>> {
    let spec: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec_file).unwrap()).unwrap();
    let mut groups: BTreeMap<(String, String, String), Vec<PathBuf>> = BTreeMap::new();
    let mut n = 0;
    let mut add = |flag: &str, target: String, media: &str, content: &serde_json::Value| {
        for (_, example) in content["examples"].as_object().into_iter().flatten() {
            let value = &example["value"];
            n += 1;
            let (ext, text) = match value {
                serde_json::Value::String(xml) if media.contains("xml") => ("xml", xml.clone()),
                other => ("json", serde_json::to_string_pretty(other).unwrap()),
            };
            let file = dir.join(format!("example{n}.{ext}"));
            std::fs::write(&file, text).unwrap();
            groups
                .entry((flag.to_owned(), target.clone(), media.to_owned()))
                .or_default()
                .push(file);
        }
    };
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ![
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                continue;
            }
            let method = method.to_uppercase();
            for (media, content) in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                add("--request", format!("{method} {path}"), media, content);
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                let response = match response["$ref"].as_str() {
                    Some(reference) => spec.pointer(&reference[1..]).unwrap(),
                    None => response,
                };
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    add(
                        "--response",
                        format!("{method} {path} {status}"),
                        media,
                        content,
                    );
                }
            }
        }
    }
    groups
}

#[test]
fn every_example_of_the_four_specs_is_valid() {
    let mut checked = 0;
    for name in [
        "alta-bpo.yaml",
        "orzame.yaml",
        "b2b.yaml",
        "obzvonilka.yaml",
    ] {
        let dir = scratch(&format!("examples-{name}"));
        for ((flag, target, media), files) in examples(&spec(name), &dir) {
            let spec_path = spec(name);
            let output = apigen(
                &[
                    "--spec",
                    spec_path.to_str().unwrap(),
                    flag.as_str(),
                    target.as_str(),
                    "--content-type",
                    media.as_str(),
                ],
                &files,
            );
            assert_eq!(
                output.status.code(),
                Some(0),
                "{name} {target} {media}:\n{}{}",
                stdout(&output),
                String::from_utf8_lossy(&output.stderr)
            );
            checked += files.len();
        }
    }
    assert!(checked >= 145, "only {checked} examples found");
}

#[test]
fn broken_payloads_report_every_violation_with_line_and_pointer() {
    let dir = scratch("broken");
    let file = dir.join("contact.json");
    std::fs::write(
        &file,
        "{\n  \"name\": \"Acme\",\n  \"types\": [1, \"x\"],\n  \"email\": \"not-an-email\",\n  \"address\": {\"city\": \"Lugo\"}\n}\n",
    )
    .unwrap();
    let orzame = spec("orzame.yaml");
    let output = apigen(
        &[
            "--spec",
            orzame.to_str().unwrap(),
            "--request",
            "POST /contacts",
        ],
        &[file],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for expected in [
        "contact.json:3:16: /types/1: \"x\" is not of type \"integer\"",
        "contact.json:4:12: /email: \"not-an-email\" is not a \"email\"",
        "contact.json:5:14: /address: \"street\" is a required property",
        "contact.json:5:14: /address: \"country\" is a required property",
        "orzame.yaml:",
        " 4 |   \"email\": \"not-an-email\",",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn openapi_semantics_nullable_read_only_and_int32() {
    let dir = scratch("semantics");
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/features.yaml");
    let features = features.to_str().unwrap();
    // `patch` is nullable; `small` is int32.
    let ok = dir.join("ok.json");
    let id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    std::fs::write(
        &ok,
        format!(r#"{{"id": "{id}", "type": "t", "patch": null, "small": 2147483647}}"#),
    )
    .unwrap();
    let output = apigen(&["--spec", features, "--schema", "Thing"], &[ok]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let big = dir.join("big.json");
    std::fs::write(
        &big,
        format!(r#"{{"id": "{id}", "type": "t", "small": 2147483648}}"#),
    )
    .unwrap();
    let output = apigen(&["--spec", features, "--schema", "Thing"], &[big]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("/small: 2147483648 is greater than the maximum of 2147483647"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn read_only_properties_are_not_allowed_in_requests() {
    let dir = scratch("read-only");
    let body = dir.join("body.json");
    std::fs::write(&body, r#"{"petType": "cat", "name": "Tom"}"#).unwrap();
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/features.yaml");
    let output = apigen(
        &[
            "--spec",
            features.to_str().unwrap(),
            "--request",
            "POST /pets",
        ],
        &[body],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn malformed_payloads_get_the_parser_position() {
    let dir = scratch("malformed");
    let json = dir.join("bad.json");
    std::fs::write(&json, "{\"name\": \"A\",\n \"email\": }").unwrap();
    let xml = dir.join("bad.xml");
    std::fs::write(&xml, "<export>\n<data>\n</datta>\n</export>").unwrap();
    let b2b = spec("b2b.yaml");
    let output = apigen(
        &[
            "--spec",
            b2b.to_str().unwrap(),
            "--response",
            "GET /BusinessPartner/getBPartner 200",
        ],
        &[json, xml],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("bad.json:2:11: /: invalid JSON"), "{text}");
    assert!(text.contains("bad.xml:3:"), "{text}");
}

#[test]
fn xml_payloads_are_read_through_the_xml_rules() {
    let dir = scratch("xml");
    let file = dir.join("page.xml");
    std::fs::write(
        &file,
        "<export>\n<data>\n<item><id>1</id><description>d</description></item>\n</data>\n<pagination>\n<totalItems>many</totalItems>\n<itemsPerPage>1</itemsPerPage>\n<currentPage>1</currentPage>\n<totalPages>1</totalPages>\n</pagination>\n</export>\n",
    )
    .unwrap();
    let b2b = spec("b2b.yaml");
    let output = apigen(
        &[
            "--spec",
            b2b.to_str().unwrap(),
            "--response",
            "GET /BusinessPartner/getBPartnerStatus 200",
            "--format",
            "json",
        ],
        &[file],
    );
    assert_eq!(output.status.code(), Some(1));
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let records = records.as_array().unwrap();
    let pointers: Vec<&str> = records
        .iter()
        .map(|r| r["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/data/0"), "{pointers:?}"); // idRemote missing
    let total = records
        .iter()
        .find(|r| r["pointer"] == "/pagination/totalItems")
        .unwrap();
    assert_eq!(total["line"], 6);
    assert!(total["schema"]["file"]
        .as_str()
        .unwrap()
        .ends_with("b2b.yaml"));
}

#[test]
fn usage_and_spec_errors_exit_with_2() {
    let dir = scratch("usage");
    let file = dir.join("x.json");
    std::fs::write(&file, "{}").unwrap();
    let orzame = spec("orzame.yaml");
    let orzame = orzame.to_str().unwrap();
    for args in [
        vec!["--spec", orzame, "--schema", "Nope"],
        vec!["--spec", orzame, "--request", "POST"],
        vec!["--spec", orzame, "--request", "PUT /contacts"],
        vec!["--spec", orzame, "--response", "GET /contacts 418"],
        vec!["--spec", "missing.yaml", "--schema", "Contact"],
    ] {
        let output = apigen(&args, std::slice::from_ref(&file));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = apigen(
        &["--spec", orzame, "--schema", "Contact"],
        &[dir.join("absent.json")],
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_discriminator_selects_the_member_to_check() {
    let dir = scratch("discriminator");
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/features.yaml");
    let features = features.to_str().unwrap();
    let cat = dir.join("cat.json");
    std::fs::write(&cat, r#"{"petType": "cat", "name": "Tom"}"#).unwrap();
    let output = apigen(&["--spec", features, "--schema", "Pet"], &[cat]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // Dog-shaped, but tagged `cat`: a cat with an extra property is fine…
    let tagged_cat = dir.join("tagged-cat.json");
    std::fs::write(
        &tagged_cat,
        r#"{"petType": "cat", "name": "Rex", "bark": "loud"}"#,
    )
    .unwrap();
    let output = apigen(&["--spec", features, "--schema", "Pet"], &[tagged_cat]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // …but a `dog` without `bark` is not, even though it would pass as a cat.
    let dog = dir.join("dog.json");
    std::fs::write(&dog, r#"{"petType": "dog", "name": "Rex"}"#).unwrap();
    let output = apigen(&["--spec", features, "--schema", "Pet"], &[dog]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let unknown = dir.join("cow.json");
    std::fs::write(&unknown, r#"{"petType": "cow", "name": "Milka"}"#).unwrap();
    let output = apigen(&["--spec", features, "--schema", "Pet"], &[unknown]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
}

#[test]
fn a_property_sent_the_wrong_way_is_named_with_the_reason() {
    let dir = scratch("directional");
    let body = dir.join("body.json");
    // `id` is readOnly in `Thing`; a request that sends it is refused in the spec's words.
    std::fs::write(
        &body,
        r#"{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type": "t"}"#,
    )
    .unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    post:\n      \
         requestBody:\n        content:\n          application/json:\n            schema:\n              \
         type: object\n              properties:\n                id: {type: string, readOnly: true}\n                \
         type: {type: string}\n      responses:\n        '204': {description: none}\n",
    )
    .unwrap();
    let output = apigen(
        &[
            "--spec",
            spec.to_str().unwrap(),
            "--request",
            "POST /things",
        ],
        &[body],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("/id: `id` is read-only: the server sends it, a request must not"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_pattern_the_validator_cannot_compile_is_left_out_with_a_warning() {
    let dir = scratch("bad-pattern");
    let spec = dir.join("spec.yaml");
    // `{1-3}` is no quantifier for the validator's regex engine; the rest still counts.
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         Code:\n      type: object\n      properties:\n        code: {type: string, pattern: '[a-z]{1-3}', \
         maxLength: 2}\n",
    )
    .unwrap();
    let payload = dir.join("code.json");
    std::fs::write(&payload, r#"{"code": "abc"}"#).unwrap();
    let output = apigen(
        &["--spec", spec.to_str().unwrap(), "--schema", "Code"],
        &[payload],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stdout(&output).contains("/code: \"abc\" is longer than 2 characters"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr.contains("spec.yaml:9:") && stderr.contains("pattern \"[a-z]{1-3}\" is not checked"),
        "{stderr}"
    );
}
