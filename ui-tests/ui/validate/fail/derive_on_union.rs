use apigen_runtime::Validate;

#[derive(Validate)]
union Number {
    int: i64,
    float: f64,
}

fn main() {}
