use apigen_runtime::Validate;

#[derive(Validate)]
enum Shapes {
    Named { name: String },
    Pair(String, String),
}

fn main() {}
