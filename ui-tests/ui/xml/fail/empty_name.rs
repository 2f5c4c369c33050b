use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(name = "")]
    value: String,
}

fn main() {}
