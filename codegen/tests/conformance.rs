//! The JSON-Schema-Test-Suite (draft 4) through apigen's validator: the OpenAPI conversion
//! and the options `apigen validate` uses.
//!
//! Every required file of the suite runs (all keywords pass, including draft-4 keywords
//! OpenAPI 3.0 does not have), and the optional ones where apigen makes a promise (formats,
//! big numbers, ECMA-262 regexes) run too. Excluded, with the reason:
const EXCLUDED_FILES: &[(&str, &str)] =
    &[("refRemote.json", "needs a server for remote references")];

/// Cases inside kept files that use what OpenAPI 3.0 does not have.
use std::path::PathBuf;

#[test]
fn draft4_suite_passes_for_every_openapi_keyword() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/conformance/json-schema-test-suite/draft4");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    let optional = dir.join("optional");
    entries.extend(
        std::fs::read_dir(&optional)
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json")),
    );
    let format_dir = optional.join("format");
    entries.extend(
        std::fs::read_dir(&format_dir)
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json")),
    );
    entries.sort();
    let (mut passed, mut excluded) = (0, 0);
    let mut failures = Vec::new();
    for path in entries {
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let groups: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for group in groups.as_array().unwrap() {
            let description = group["description"].as_str().unwrap();
            let count = group["tests"].as_array().unwrap().len();
            if EXCLUDED_FILES.iter().any(|(f, _)| *f == file) {
                excluded += count;
                continue;
            }
            let schema = apigen::payload::schema::convert(
                &group["schema"],
                apigen::payload::schema::Direction::Neither,
            );
            let validator = match apigen::payload::compile(&schema) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!(
                        "{file} / {description}: schema does not compile: {e}"
                    ));
                    continue;
                }
            };
            for test in group["tests"].as_array().unwrap() {
                let expected = test["valid"].as_bool().unwrap();
                if validator.is_valid(&test["data"]) == expected {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "{file} / {description} / {}: expected valid={expected}",
                        test["description"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    eprintln!("draft 4: {passed} passed, {excluded} excluded");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed > 200, "only {passed} cases ran");
}
