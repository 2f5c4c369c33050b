//! `#[derive(apigen_runtime::Serialize)]` and `#[derive(apigen_runtime::Deserialize)]`: what
//! they read and write (`ui/serialize/pass`, `ui/deserialize/pass`, each against serde's own
//! derives) and every attribute they refuse, at the attribute (`.../fail`).

#[test]
fn serde_derives_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/serialize/pass/*.rs");
    t.pass("ui/deserialize/pass/*.rs");
    t.compile_fail("ui/serialize/fail/*.rs");
    t.compile_fail("ui/deserialize/fail/*.rs");
}
