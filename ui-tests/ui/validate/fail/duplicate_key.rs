use apigen_runtime::Validate;

#[derive(Validate)]
struct Search {
    #[validate(min_length = 3, max_length = 10, min_length = 4)]
    q: String,
}

#[derive(Validate)]
struct AcrossAttributes {
    #[validate(unique_items)]
    #[validate(unique_items)]
    tags: Vec<String>,
}

#[derive(Validate)]
struct Each {
    #[validate(each(max_length = 3), each(min_length = 1))]
    tags: Vec<String>,
}

fn main() {}
