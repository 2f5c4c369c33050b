use apigen_runtime::Validate;

struct Foreign {
    id: String,
}

#[derive(Validate)]
struct Holder {
    foreign: Option<Foreign>,
}

fn main() {}
