use apigen_runtime::Validate;

#[derive(Validate)]
struct Search {
    #[validate(min_len = 3)]
    q: String,
}

#[derive(Validate)]
struct Nested {
    #[validate(each(max_lenght = 3))]
    tags: Vec<String>,
}

#[derive(Validate)]
struct Path {
    #[validate(serde::rename = "x")]
    q: String,
}

fn main() {}
