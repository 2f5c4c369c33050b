#[derive(apigen_runtime::Serialize)]
struct Contact {
    #[serde(serialize_with = "my_writer")]
    name: String,
}

#[derive(apigen_runtime::Serialize)]
#[serde(rename_all = "camelCase")]
struct Renamed {
    full_name: String,
}

#[derive(apigen_runtime::Serialize)]
enum WithData {
    A,
    B(u8),
}

#[derive(apigen_runtime::Serialize)]
struct Tuple(u8);

fn main() {}
