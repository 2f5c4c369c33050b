use apigen_runtime::Validate;

#[derive(Validate)]
#[validate(min_properties = 1)]
enum OnEnum {
    A(String),
}

#[derive(Validate)]
enum OnVariant {
    #[validate(min_length = 1)]
    A(String),
}

fn main() {}
