use apigen_runtime::Validate;

#[derive(Validate)]
struct Item {
    id: String,
}

#[derive(Validate)]
struct List {
    #[validate(unique_items)]
    items: Vec<Item>,
}

fn main() {}
