use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(name = "a", name = "b")]
    value: String,
}

fn main() {}
