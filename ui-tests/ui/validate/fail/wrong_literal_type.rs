use apigen_runtime::Validate;

#[derive(Validate)]
struct Wrong {
    #[validate(min_length = "3")]
    a: String,
    #[validate(pattern = 3)]
    b: String,
    #[validate(minimum = "x")]
    c: i32,
    #[validate(format = email)]
    d: String,
    #[validate(max_items = 2.5)]
    e: Vec<u8>,
    #[validate(unique_items = 1)]
    f: Vec<u8>,
    #[validate(multiple_of = "5")]
    g: i32,
    #[validate(maximum = true)]
    h: i32,
    #[validate(enum_values = 1)]
    i: f64,
    #[validate(enum_values = [])]
    j: f64,
    #[validate(enum_values = [1, none])]
    k: f64,
}

fn main() {}
