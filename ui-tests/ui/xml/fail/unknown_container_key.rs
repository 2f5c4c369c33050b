use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
#[xml(rot = "doc")]
struct Doc {
    value: String,
}

fn main() {}
