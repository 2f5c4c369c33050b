//! The JSON-Schema-Test-Suite (draft 4) through generated models: every schema of the suite
//! that is valid OpenAPI 3.0 becomes a model, and every instance of the suite goes through it
//! as a property value, the way a payload reaches a generated server (decoded inside
//! `apigen_runtime::de::strictly`): a valid instance decodes, meets the derived `Validate` and
//! encodes back to the same JSON; an invalid one is refused by decoding or by `Validate`.
//!
//! Models are types, not a JSON Schema validator, so some of the suite's semantics are out of
//! their reach; each such group is listed in `KNOWN_GAPS` with the reason. The test fails on
//! a case that goes wrong outside that list, and on a listed group that now passes (so the
//! list cannot outlive what it excuses). `apigen validate` meets the whole suite (see
//! `codegen/tests/conformance.rs`).
//!
//! Ignored by default (it builds a crate); `.ci/run` runs it with the corpus:
//! `cargo test --release -p apigen-corpus-tests --test draft4_models -- --ignored`.

use apigen::generate::{generate, write, Job, RuntimeDependency};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Groups (file, description) whose cases models cannot all meet, with the reason.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[
    (
        "additionalProperties.json",
        "additionalProperties are allowed by default",
        UNDECLARED,
    ),
    (
        "additionalProperties.json",
        "additionalProperties being false does not allow other properties",
        "a schema with `properties` and no `type` is an object model (non-objects do not \
         decode), and `patternProperties` is not OpenAPI 3.0: its properties are refused as \
         undeclared",
    ),
    (
        "additionalProperties.json",
        "additionalProperties does not look in applicators",
        "`allOf` members are merged into one struct, so a closed schema accepts the \
         properties its members declare (what spec authors who write this mean)",
    ),
    (
        "additionalProperties.json",
        "non-ASCII pattern with additionalProperties",
        NOT_OPENAPI,
    ),
    ("allOf.json", "allOf combined with anyOf, oneOf", UNIONS),
    (
        "allOf.json",
        "nested allOf, to check validation semantics",
        NOT_OPENAPI,
    ),
    ("anyOf.json", "anyOf complex types", UNIONS),
    ("anyOf.json", "anyOf with base schema", UNIONS),
    (
        "anyOf.json",
        "nested anyOf, to check validation semantics",
        NOT_OPENAPI,
    ),
    ("dependencies.json", "dependencies", NOT_OPENAPI),
    (
        "dependencies.json",
        "dependencies with escaped characters",
        NOT_OPENAPI,
    ),
    (
        "dependencies.json",
        "dependent subschema incompatible with root",
        NOT_OPENAPI,
    ),
    ("dependencies.json", "multiple dependencies", NOT_OPENAPI),
    (
        "dependencies.json",
        "multiple dependencies subschema",
        NOT_OPENAPI,
    ),
    ("enum.json", "enum with 0 does not match false", ENUMS),
    ("enum.json", "enum with 1 does not match true", ENUMS),
    ("enum.json", "enum with [0] does not match [false]", ENUMS),
    ("enum.json", "enum with [1] does not match [true]", ENUMS),
    ("enum.json", "enum with [false] does not match [0]", ENUMS),
    ("enum.json", "enum with [true] does not match [1]", ENUMS),
    ("enum.json", "heterogeneous enum validation", ENUMS),
    ("items.json", "a schema given for items", TYPED),
    ("not.json", "forbid everything with empty schema", NOT),
    ("not.json", "forbidden property", NOT),
    ("not.json", "not", NOT),
    ("not.json", "not more complex schema", NOT),
    (
        "oneOf.json",
        "nested oneOf, to check validation semantics",
        NOT_OPENAPI,
    ),
    ("oneOf.json", "oneOf", UNIONS),
    ("oneOf.json", "oneOf complex types", UNIONS),
    ("oneOf.json", "oneOf with base schema", UNIONS),
    ("oneOf.json", "oneOf with empty schema", UNIONS),
    ("oneOf.json", "oneOf with missing optional property", UNIONS),
    ("oneOf.json", "oneOf with required", UNIONS),
    (
        "patternProperties.json",
        "multiple simultaneous patternProperties are validated",
        NOT_OPENAPI,
    ),
    (
        "patternProperties.json",
        "patternProperties validates properties matching a regex",
        NOT_OPENAPI,
    ),
    (
        "patternProperties.json",
        "regexes are not anchored by default and are case sensitive",
        NOT_OPENAPI,
    ),
    ("properties.json", "object properties validation", TYPED),
    (
        "properties.json",
        "properties whose names are Javascript object property names",
        TYPED,
    ),
    (
        "properties.json",
        "properties with null valued instance properties",
        NOT_OPENAPI,
    ),
    (
        "properties.json",
        "properties, patternProperties, additionalProperties interaction",
        NOT_OPENAPI,
    ),
    (
        "ref.json",
        "naive replacement of $ref with its destination is not correct",
        ENUMS,
    ),
    (
        "ref.json",
        "ref overrides any sibling keywords",
        REF_SIBLINGS,
    ),
    ("ref.json", "root pointer ref", TYPED),
    (
        "required.json",
        "required properties whose names are Javascript object property names",
        UNDECLARED_REQUIRED,
    ),
    ("required.json", "required validation", TYPED),
    (
        "required.json",
        "required with escaped characters",
        UNDECLARED_REQUIRED,
    ),
    (
        "type.json",
        "null type matches only the null object",
        NOT_OPENAPI,
    ),
];

const TYPED: &str = "a schema with object keywords (`properties`, `required`) or `items` and no \
    `type` is an object (or array) model, so other JSON types do not decode, where the keyword \
    alone would ignore them";
const UNDECLARED: &str = "models keep declared properties only: others are dropped while \
    decoding (a closed object, `additionalProperties: false`, refuses them)";
const UNDECLARED_REQUIRED: &str = "`required` names that are not declared properties have no \
    field to be missing from";
const NOT_OPENAPI: &str = "a draft-4 keyword OpenAPI 3.0 does not have (`dependencies`, \
    `patternProperties`, `type: null`); the model reads the rest of the schema";
const NOT: &str = "`not` is free-form JSON in models; `apigen validate` checks it";
const UNIONS: &str = "an untagged union decodes to the member that keeps the value \
    (`best_variant`); `oneOf` exclusivity, and `anyOf`/`oneOf` members that only add \
    constraints, are not checked, and a second matching member's properties are dropped";
const ENUMS: &str = "an enum of objects, arrays or mixed values is free-form JSON without the \
    enum check, and an integer enum does not take `1.0` for `1`";
const REF_SIBLINGS: &str = "keywords beside a `$ref` apply (as in OpenAPI 3.1 and most 3.0 \
    tools), where draft 4 ignores them";

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/conformance/json-schema-test-suite/draft4")
}

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One group of the suite: a schema and its instances.
struct Group {
    file: String,
    description: String,
    schema: Value,
    tests: Vec<(String, Value, bool)>,
}

fn groups() -> Vec<Group> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let groups: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for group in groups.as_array().unwrap() {
            out.push(Group {
                file: file.clone(),
                description: group["description"].as_str().unwrap().to_owned(),
                schema: group["schema"].clone(),
                tests: group["tests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| {
                        (
                            t["description"].as_str().unwrap().to_owned(),
                            t["data"].clone(),
                            t["valid"].as_bool().unwrap(),
                        )
                    })
                    .collect(),
            });
        }
    }
    out
}

/// The suite's schemas are documents of their own: `#` and `#/definitions/x` point into the
/// schema. As a component they point into the spec, so local references are moved under it.
fn rebase_refs(schema: &mut Value, base: &str) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(reference) if key == "$ref" && reference.starts_with('#') => {
                        *reference = format!("{base}{}", &reference[1..]);
                    }
                    // Data, not schemas: an `enum` value may well hold a `$ref` key.
                    _ if matches!(key.as_str(), "enum" | "default" | "example") => {}
                    other => rebase_refs(other, base),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rebase_refs(v, base)),
        _ => {}
    }
}

/// The schemas of case `n`: the suite's schema as `CaseNRoot`, and `CaseN`, an object whose
/// required `value` is one.
fn case_schemas(n: usize, group: &Group) -> Vec<(String, Value)> {
    let root = format!("Case{n:03}Root");
    let mut schema = group.schema.clone();
    rebase_refs(&mut schema, &format!("#/components/schemas/{root}"));
    let holder = json!({
        "type": "object",
        "required": ["value"],
        "properties": {"value": {"$ref": format!("#/components/schemas/{root}")}}
    });
    vec![(root, schema), (format!("Case{n:03}"), holder)]
}

fn spec_of(schemas: Vec<(String, Value)>) -> Value {
    let schemas: serde_json::Map<String, Value> = schemas.into_iter().collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "draft 4 models", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    })
}

fn job(spec: &Path, out_dir: &Path, crate_name: Option<&str>) -> Job {
    Job {
        spec: spec.to_owned(),
        spec_label: spec.file_name().unwrap().to_string_lossy().into_owned(),
        out_dir: out_dir.to_owned(),
        crate_name: crate_name.map(str::to_owned),
        example_tests: false,
        server: false,
        client: false,
        runtime: RuntimeDependency::Path(repository_root().join("runtime")),
    }
}

/// The test file of the generated crate: one line of output per case, `ok` or `FAIL`.
fn suite_test(cases: &[(usize, &Group)]) -> String {
    let mut rows = String::new();
    for (n, group) in cases {
        for (t, (_, data, valid)) in group.tests.iter().enumerate() {
            let instance = serde_json::to_string(data).unwrap();
            rows.push_str(&format!(
                "    (\"{n:03} {t}\", {instance:?}, {valid}, check::<models::Case{n:03}>),\n"
            ));
        }
    }
    format!(
        r#"use draft4_models::models;
use apigen_runtime::validate::Validate;

type Check = fn(&str, bool) -> Result<(), String>;

/// A valid instance round-trips (decodes, meets the constraints, encodes to the same JSON);
/// an invalid one does not decode or breaks a constraint.
fn check<T: serde::Serialize + serde::de::DeserializeOwned + Validate>(
    instance: &str,
    valid: bool,
) -> Result<(), String> {{
    let wrapped = format!("{{{{\"value\": {{instance}}}}}}");
    if valid {{
        std::panic::catch_unwind(|| {{
            apigen_runtime::de::strictly(|| apigen_runtime::testing::json_round_trip::<T>(&wrapped))
        }})
            .map_err(|panic| {{
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            }})
    }} else {{
        match apigen_runtime::de::strictly(|| serde_json::from_str::<T>(&wrapped)) {{
            Err(_) => Ok(()),
            Ok(value) if value.validate().is_err() => Ok(()),
            Ok(_) => Err("accepted".to_owned()),
        }}
    }}
}}

const CASES: &[(&str, &str, bool, Check)] = &[
{rows}];

#[test]
fn suite() {{
    std::panic::set_hook(Box::new(|_| {{}}));
    for (id, instance, valid, check) in CASES {{
        match check(instance, *valid) {{
            Ok(()) => println!("ok {{id}}"),
            Err(why) => println!("FAIL {{id}}: {{}}", why.replace('\n', " ")),
        }}
    }}
}}
"#
    )
}

#[test]
#[ignore = "builds a crate of the suite's schemas; run by .ci/run in release mode"]
fn draft4_instances_through_generated_models() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("draft4-models");
    let probe_dir = work.join("probe");
    std::fs::create_dir_all(&probe_dir).unwrap();
    let groups = groups();

    // Each schema alone first: one that is not OpenAPI 3.0 (a list of types, a remote
    // reference) must be refused with a spec error, and stays out of the crate.
    let mut accepted = Vec::new();
    let mut refused = 0;
    let mut failures = Vec::new();
    for (n, group) in groups.iter().enumerate() {
        let spec = probe_dir.join(format!("case{n:03}.json"));
        std::fs::write(&spec, spec_of(case_schemas(n, group)).to_string()).unwrap();
        match generate(&job(&spec, &probe_dir.join("out"), None)) {
            Ok(_) => accepted.push((n, group)),
            Err(apigen::Error::Spec(_)) => refused += 1,
            Err(e) => failures.push(format!(
                "{} / {}: generate: {e}",
                group.file, group.description
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let crate_dir = work.join("crate");
    let spec = work.join("draft4-models.json");
    let schemas = accepted
        .iter()
        .flat_map(|(n, group)| case_schemas(*n, group))
        .collect();
    std::fs::write(
        &spec,
        serde_json::to_string_pretty(&spec_of(schemas)).unwrap(),
    )
    .unwrap();
    let generated = generate(&job(&spec, &crate_dir, Some("draft4-models"))).unwrap();
    write(&generated.files).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    std::fs::write(crate_dir.join("tests/suite.rs"), suite_test(&accepted)).unwrap();

    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "suite", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        // The corpus test's target: the runtime and serde are built once for both.
        .env(
            "CARGO_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus/target"),
        )
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the generated crate's test did not run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let by_id: BTreeMap<usize, &Group> = accepted.iter().copied().collect();
    let known: BTreeSet<(&str, &str)> = KNOWN_GAPS.iter().map(|(f, d, _)| (*f, *d)).collect();
    let (mut passed, mut excused) = (0, 0);
    let mut failing_groups = BTreeSet::new();
    let mut unexpected = Vec::new();
    for line in stdout.lines() {
        if line.starts_with("ok ") {
            passed += 1;
            continue;
        }
        let Some(rest) = line.strip_prefix("FAIL ") else {
            continue;
        };
        let (id, why) = rest.split_once(": ").unwrap_or((rest, ""));
        let (n, t) = id.split_once(' ').unwrap();
        let group = by_id[&n.parse::<usize>().unwrap()];
        let (test, data, valid) = &group.tests[t.parse::<usize>().unwrap()];
        failing_groups.insert((group.file.as_str(), group.description.as_str()));
        if known.contains(&(group.file.as_str(), group.description.as_str())) {
            excused += 1;
        } else {
            unexpected.push(format!(
                "{} / {} / {test} ({}): {data}: {why}",
                group.file,
                group.description,
                if *valid { "valid" } else { "invalid" }
            ));
        }
    }
    let stale: Vec<String> = known
        .iter()
        .filter(|k| !failing_groups.contains(k))
        .map(|(f, d)| format!("{f} / {d}"))
        .collect();
    let total: usize = accepted.iter().map(|(_, g)| g.tests.len()).sum();
    eprintln!(
        "draft 4 through models: {} of {} groups are models ({refused} refused as not \
         OpenAPI 3.0); {passed} of {total} cases pass, {excused} fail in known gaps",
        accepted.len(),
        groups.len()
    );
    assert_eq!(passed + excused + unexpected.len(), total, "{stdout}");
    assert!(
        unexpected.is_empty(),
        "cases outside the known gaps:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as gaps, but every case passes now:\n{}",
        stale.join("\n")
    );
}
