use apigen_runtime::Validate;

#[derive(Validate)]
struct NoValue {
    #[validate(min_length)]
    a: String,
}

#[derive(Validate)]
struct EachWithoutList {
    #[validate(each = 3)]
    a: Vec<String>,
}

#[derive(Validate)]
struct Bare {
    #[validate]
    a: String,
}

fn main() {}
