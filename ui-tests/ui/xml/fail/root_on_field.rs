use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(root = "a")]
    value: String,
}

fn main() {}
