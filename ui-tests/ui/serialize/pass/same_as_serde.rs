//! `apigen_runtime::Serialize` writes what serde's derive writes: the same types derived both
//! ways serialize to the same JSON, and announce the same struct lengths.

use std::collections::BTreeMap;

mod ours {
    use std::collections::BTreeMap;

    #[derive(apigen_runtime::Serialize)]
    pub struct Contact {
        #[serde(rename = "fullName")]
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<String>,
        pub email: Option<String>,
        #[serde(deserialize_with = "::serde::Deserialize::deserialize")]
        pub company: Option<String>,
        pub r#type: u8,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub tags: Vec<Kind>,
    }

    #[derive(apigen_runtime::Serialize)]
    pub struct Open {
        pub name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
        #[serde(flatten)]
        pub extra: BTreeMap<String, serde_json::Value>,
    }

    #[derive(Clone, Copy, apigen_runtime::Serialize)]
    pub enum Kind {
        #[serde(rename = "kind-a")]
        A,
        B,
        r#Type,
    }

    #[derive(Clone, Copy, apigen_runtime::Serialize)]
    #[serde(try_from = "i64", into = "i64")]
    pub enum Size {
        Small,
        Large,
    }

    impl From<Size> for i64 {
        fn from(size: Size) -> i64 {
            match size {
                Size::Small => 1,
                Size::Large => 2,
            }
        }
    }

    #[derive(apigen_runtime::Serialize)]
    pub struct Empty {}
}

mod theirs {
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    pub struct Contact {
        #[serde(rename = "fullName")]
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<String>,
        pub email: Option<String>,
        pub company: Option<String>,
        pub r#type: u8,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub tags: Vec<Kind>,
    }

    #[derive(serde::Serialize)]
    pub struct Open {
        pub name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
        #[serde(flatten)]
        pub extra: BTreeMap<String, serde_json::Value>,
    }

    #[derive(Clone, Copy, serde::Serialize)]
    pub enum Kind {
        #[serde(rename = "kind-a")]
        A,
        B,
        r#Type,
    }

    #[derive(serde::Serialize)]
    pub struct Empty {}
}

/// The length a struct announces, which formats without field names rely on.
fn announced_len<T: serde::Serialize>(value: &T) -> Option<usize> {
    struct Probe;
    impl serde::Serializer for Probe {
        type Ok = Option<usize>;
        type Error = serde::de::value::Error;
        type SerializeSeq = serde::ser::Impossible<Option<usize>, Self::Error>;
        type SerializeTuple = serde::ser::Impossible<Option<usize>, Self::Error>;
        type SerializeTupleStruct = serde::ser::Impossible<Option<usize>, Self::Error>;
        type SerializeTupleVariant = serde::ser::Impossible<Option<usize>, Self::Error>;
        type SerializeMap = serde::ser::Impossible<Option<usize>, Self::Error>;
        type SerializeStruct = Len;
        type SerializeStructVariant = serde::ser::Impossible<Option<usize>, Self::Error>;
        fn serialize_struct(self, _: &'static str, len: usize) -> Result<Len, Self::Error> {
            Ok(Len(len))
        }
        fn serialize_bool(self, _: bool) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_i8(self, _: i8) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_i16(self, _: i16) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_i32(self, _: i32) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_i64(self, _: i64) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_u8(self, _: u8) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_u16(self, _: u16) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_u32(self, _: u32) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_u64(self, _: u64) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_f32(self, _: f32) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_f64(self, _: f64) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_char(self, _: char) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_str(self, _: &str) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_bytes(self, _: &[u8]) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_none(self) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_some<T: serde::Serialize + ?Sized>(self, _: &T) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_unit(self) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_unit_struct(self, _: &'static str) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<Option<usize>, Self::Error> { Ok(None) }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> { Err(serde::ser::Error::custom("seq")) }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> { Err(serde::ser::Error::custom("tuple")) }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Self::Error> { Err(serde::ser::Error::custom("tuple struct")) }
        fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Self::Error> { Err(serde::ser::Error::custom("tuple variant")) }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> { Err(serde::ser::Error::custom("map")) }
        fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Self::Error> { Err(serde::ser::Error::custom("struct variant")) }
    }
    struct Len(usize);
    impl serde::ser::SerializeStruct for Len {
        type Ok = Option<usize>;
        type Error = serde::de::value::Error;
        fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, _: &'static str, _: &T) -> Result<(), Self::Error> { Ok(()) }
        fn end(self) -> Result<Option<usize>, Self::Error> { Ok(Some(self.0)) }
    }
    value.serialize(Probe).unwrap()
}

fn main() {
    let json = |v: &dyn erased::Json| v.json();
    for (phone, tags) in [(None, vec![]), (Some("+34".to_owned()), vec![ours::Kind::A, ours::Kind::r#Type])] {
        let theirs_tags = tags
            .iter()
            .map(|k| match k {
                ours::Kind::A => theirs::Kind::A,
                ours::Kind::B => theirs::Kind::B,
                ours::Kind::r#Type => theirs::Kind::r#Type,
            })
            .collect();
        let ours = ours::Contact {
            name: "Ana".into(),
            phone: phone.clone(),
            email: None,
            company: Some("X".into()),
            r#type: 2,
            tags,
        };
        let theirs = theirs::Contact {
            name: "Ana".into(),
            phone,
            email: None,
            company: Some("X".into()),
            r#type: 2,
            tags: theirs_tags,
        };
        assert_eq!(json(&ours), json(&theirs));
        assert_eq!(announced_len(&ours), announced_len(&theirs));
    }
    assert_eq!(
        json(&ours::Contact {
            name: "Ana".into(),
            phone: None,
            email: None,
            company: None,
            r#type: 0,
            tags: vec![ours::Kind::B],
        }),
        r#"{"fullName":"Ana","email":null,"company":null,"type":0,"tags":["B"]}"#
    );

    let mut extra = BTreeMap::new();
    extra.insert("x-note".to_owned(), serde_json::json!([1]));
    let ours = ours::Open { name: "n".into(), note: None, extra: extra.clone() };
    let theirs = theirs::Open { name: "n".into(), note: None, extra };
    assert_eq!(json(&ours), json(&theirs));
    assert_eq!(json(&ours), r#"{"name":"n","x-note":[1]}"#);

    assert_eq!(json(&ours::Size::Large), "2");
    assert_eq!(json(&ours::Empty {}), json(&theirs::Empty {}));
    assert_eq!(announced_len(&ours::Empty {}), Some(0));
}

/// Serializing either side to a JSON string through one function.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}
