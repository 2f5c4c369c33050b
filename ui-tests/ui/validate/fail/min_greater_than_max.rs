use apigen_runtime::Validate;

#[derive(Validate)]
struct Contradictions {
    #[validate(min_length = 5, max_length = 3)]
    a: String,
    #[validate(minimum = 10, maximum = 1.5)]
    b: f64,
    #[validate(min_items = 2, max_items = 1)]
    c: Vec<u8>,
    #[validate(min_properties = 3, max_properties = 2)]
    d: std::collections::BTreeMap<String, u8>,
    #[validate(minimum = 1, maximum = 1, exclusive_maximum)]
    e: i32,
    #[validate(each(min_length = 2, max_length = 1))]
    f: Vec<String>,
}

fn main() {}
