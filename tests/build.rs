//! Generates the four specs' models into OUT_DIR with `apigen::Builder`, the way a user's
//! crate would, with one more spec exercising every schema construct (`specs/features.yaml`);
//! `lib.rs` includes them and the tests use the types.

fn main() -> Result<(), apigen::Error> {
    apigen::Builder::new()
        .spec("../spec/alta-bpo.yaml")
        .spec("../spec/orzame.yaml")
        .spec("../spec/b2b.yaml")
        .spec("../spec/obzvonilka.yaml")
        .generate()?;
    // The four specs' examples are round-tripped by generated-example; this one's here.
    apigen::Builder::new()
        .spec("specs/features.yaml")
        .spec("specs/openapi31.yaml")
        .spec("specs/xml-documents.yaml")
        .spec("specs/odd-names.yaml")
        .example_tests(true)
        .generate()
}
