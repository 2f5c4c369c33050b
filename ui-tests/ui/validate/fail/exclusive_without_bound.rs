use apigen_runtime::Validate;

#[derive(Validate)]
struct Exclusive {
    #[validate(exclusive_minimum, maximum = 10)]
    a: i32,
    #[validate(minimum = 0, exclusive_maximum)]
    b: i32,
}

fn main() {}
