//! Generates the four specs' models into OUT_DIR with `apigen::Builder`, the way a user's
//! crate would; `lib.rs` includes them and the tests use the types.

fn main() -> Result<(), apigen::Error> {
    apigen::Builder::new()
        .spec("../spec/alta-bpo.yaml")
        .spec("../spec/orzame.yaml")
        .spec("../spec/b2b.yaml")
        .spec("../spec/obzvonilka.yaml")
        .generate()
}
