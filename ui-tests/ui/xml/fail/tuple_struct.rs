use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
struct Doc(String, u8);

fn main() {}
