use apigen_runtime::Validate;

#[derive(Validate)]
struct Divisors {
    #[validate(multiple_of = 0)]
    a: i32,
    #[validate(multiple_of = -5)]
    b: i32,
    #[validate(multiple_of = 0.000)]
    c: f64,
}

fn main() {}
