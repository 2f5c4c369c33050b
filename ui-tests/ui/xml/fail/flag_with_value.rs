use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(attribute = true)]
    value: String,
}

fn main() {}
