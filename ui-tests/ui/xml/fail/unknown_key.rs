use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(nmae = "x")]
    value: String,
}

fn main() {}
