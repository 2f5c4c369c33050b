#[derive(apigen_runtime::Deserialize)]
enum WithData {
    A,
    B(u8),
}

#[derive(apigen_runtime::Deserialize)]
#[serde(untagged)]
enum Untagged {
    A,
}

#[derive(apigen_runtime::Deserialize)]
enum Aliased {
    #[serde(alias = "a")]
    A,
}

#[derive(apigen_runtime::Deserialize)]
enum Empty {}

fn main() {}
