//! `#[derive(apigen_runtime::Deserialize)]`: what it reads (`ui/deserialize/pass`) and every
//! attribute it refuses, at the attribute (`ui/deserialize/fail`).

#[test]
fn deserialize_derive_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/deserialize/pass/*.rs");
    t.compile_fail("ui/deserialize/fail/*.rs");
}
