//! ECMA-262 look-around and backreferences, which the `regex` crate lacks, are checked too
//! (through `fancy-regex`): a name that must not look like a UUID, as Oxide's API says.
#![deny(warnings)]

use apigen_runtime::validate::Validate as _;

#[derive(::serde::Serialize, ::apigen_runtime::Validate)]
struct Named {
    #[validate(pattern = r"^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-)^[a-z][a-z0-9-]*[a-zA-Z0-9]$")]
    name: String,
    #[validate(pattern = r"^(\w)\1$")]
    twice: String,
}

fn main() {
    let good = Named {
        name: "my-disk".into(),
        twice: "aa".into(),
    };
    assert!(good.validate().is_ok());
    let bad = Named {
        name: "deadbeef-dead-beef-dead-beefdeadbeef".into(),
        twice: "ab".into(),
    };
    let violations: Vec<String> = bad
        .validate()
        .unwrap_err()
        .into_vec()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations[0].starts_with("/name: does not match pattern"), "{violations:?}");
    assert!(violations[1].starts_with("/twice: does not match pattern"), "{violations:?}");
}
