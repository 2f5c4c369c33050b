use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc(String);

fn main() {}
