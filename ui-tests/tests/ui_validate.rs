//! trybuild cases of `#[derive(Validate)]`: every attribute compiles and behaves
//! (`ui/validate/pass`), every misuse is a clear error at the offending token
//! (`ui/validate/fail`, with the expected `.stderr` beside each case).
//!
//! After a deliberate change of a message, regenerate with
//! `TRYBUILD=overwrite cargo test -p apigen-ui-tests --test ui_validate` and review the diff.

#[test]
fn ui_validate() {
    let t = trybuild::TestCases::new();
    t.pass("ui/validate/pass/*.rs");
    t.compile_fail("ui/validate/fail/*.rs");
}
