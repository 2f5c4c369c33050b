#[derive(apigen_runtime::Deserialize)]
enum Kind {
    A,
    B,
}

fn main() {}
