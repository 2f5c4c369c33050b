use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(wrapped, attribute)]
    values: Vec<String>,
}

fn main() {}
