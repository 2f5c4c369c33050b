//! The XML derives accept every attribute and refuse every misuse with a spanned error.

#[test]
fn xml_derive_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/xml/pass/*.rs");
    t.compile_fail("ui/xml/fail/*.rs");
}
