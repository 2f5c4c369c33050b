#[derive(apigen_runtime::Deserialize)]
struct Contact {
    #[serde(alias = "nombre")]
    name: String,
}

#[derive(apigen_runtime::Deserialize)]
struct Other {
    #[serde(deserialize_with = "my_reader")]
    name: String,
}

#[derive(apigen_runtime::Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    name: String,
}

#[derive(apigen_runtime::Deserialize)]
#[apigen(closed, open)]
struct Half {
    name: String,
}

fn main() {}
