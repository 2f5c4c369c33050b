use apigen_runtime::Validate;

#[derive(Validate)]
#[validate(min_length = 1)]
struct FieldKeyOnStruct {
    a: String,
}

#[derive(Validate)]
#[validate(min_properties = 1)]
struct TupleStruct(String);

#[derive(serde::Serialize, Validate)]
#[serde(transparent)]
#[validate(max_properties = 1)]
struct Transparent {
    inner: String,
}

fn main() {}
