use apigen_runtime::Validate;

#[derive(Validate)]
struct Patterns {
    #[validate(pattern = "^[a-z+$")]
    unclosed: String,
    #[validate(pattern = "^(?!admin).*$")]
    lookahead: String,
}

fn main() {}
