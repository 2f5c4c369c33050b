use apigen_runtime::Validate;

#[derive(Validate)]
struct WrongTypes {
    #[validate(min_length = 1)]
    count: i32,
    #[validate(maximum = 10)]
    name: String,
    #[validate(each(max_length = 3))]
    text: String,
    #[validate(min_properties = 1)]
    list: Vec<String>,
    #[validate(values(max_length = 3))]
    not_a_map: Vec<String>,
    #[validate(enum_values = [1, 2])]
    not_json: Vec<u8>,
}

fn main() {}
