use apigen_runtime::XmlEncode;

#[derive(XmlEncode)]
union Doc {
    a: u32,
    b: f32,
}

fn main() {}
