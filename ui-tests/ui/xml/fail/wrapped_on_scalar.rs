use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(wrapped)]
    value: String,
}

fn main() {}
