use apigen_runtime::XmlDecode;

#[derive(XmlDecode)]
enum Choice {
    A(String, String),
    B(String),
}

fn main() {}
