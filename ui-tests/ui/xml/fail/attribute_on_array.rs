use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc {
    #[xml(attribute)]
    values: Vec<String>,
}

fn main() {}
