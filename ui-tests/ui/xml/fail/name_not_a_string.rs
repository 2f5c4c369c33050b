use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(name = 3)]
    value: String,
}

fn main() {}
