use apigen_runtime::Validate;

#[derive(Validate)]
struct Negative {
    #[validate(min_length = -1)]
    a: String,
    #[validate(max_items = -2)]
    b: Vec<u8>,
}

fn main() {}
