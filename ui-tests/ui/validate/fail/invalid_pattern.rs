use apigen_runtime::Validate;

#[derive(Validate)]
struct Patterns {
    #[validate(pattern = "^[a-z+$")]
    unclosed: String,
    #[validate(pattern = "^(admin.*$")]
    unclosed_group: String,
}

fn main() {}
