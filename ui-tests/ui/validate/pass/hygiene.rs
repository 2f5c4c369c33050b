//! The expansion names everything by absolute path: local items called like the prelude or
//! the runtime's types do not break it, and nothing needs importing but the derive.
#![deny(warnings)]
#![allow(dead_code)]

mod shadowing {
    pub struct Option;
    pub struct Some;
    pub struct Vec;
    pub struct String;
    pub struct Location;
    pub struct Violation;
    pub type Result = ();
    pub mod validate {}
    pub mod apigen_runtime {}
    pub mod std {}

    #[derive(::serde::Serialize, ::apigen_runtime::Validate)]
    #[validate(min_properties = 1)]
    pub struct Model {
        #[validate(min_length = 2, pattern = "^a")]
        pub name: ::std::string::String,
        #[validate(each(minimum = 1))]
        pub list: ::std::vec::Vec<u8>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub maybe: ::std::option::Option<u8>,
        pub pointer: u8,
        pub out: u8,
        pub at: u8,
        pub value: u8,
        pub item: u8,
    }
}

fn main() {
    use apigen_runtime::validate::Validate as _;
    let model = shadowing::Model {
        name: "b".into(),
        list: vec![0],
        maybe: None,
        pointer: 0,
        out: 0,
        at: 0,
        value: 0,
        item: 0,
    };
    assert_eq!(model.validate().unwrap_err().len(), 3);
}
