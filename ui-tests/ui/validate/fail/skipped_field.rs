use apigen_runtime::Validate;

#[derive(serde::Serialize, Validate)]
struct Skipped {
    #[serde(skip)]
    #[validate(min_length = 1)]
    cache: String,
}

fn main() {}
