//! Enums: unit variants by their (renamed) names, as serde's derive reads them, and
//! `try_from` conversions.

#[derive(Debug, PartialEq, serde::Serialize, apigen_runtime::Deserialize)]
enum Kind {
    #[serde(rename = "kind-a")]
    A,
    B,
    r#Type,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, apigen_runtime::Deserialize)]
#[serde(try_from = "i64", into = "i64")]
enum Size {
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

impl TryFrom<i64> for Size {
    type Error = String;
    fn try_from(n: i64) -> Result<Self, String> {
        match n {
            1 => Ok(Size::Small),
            2 => Ok(Size::Large),
            other => Err(format!("`{other}` is not a size")),
        }
    }
}

#[derive(Debug, PartialEq, apigen_runtime::Deserialize)]
struct Shirt {
    kind: Kind,
    size: Option<Size>,
}

fn main() {
    let read = |json: &str| serde_json::from_str::<Kind>(json).map_err(|e| e.to_string());
    assert_eq!(read(r#""kind-a""#), Ok(Kind::A));
    assert_eq!(read(r#""B""#), Ok(Kind::B));
    assert_eq!(read(r#""Type""#), Ok(Kind::Type));
    assert_eq!(
        read(r#""A""#).unwrap_err(),
        "unknown variant `A`, expected one of `kind-a`, `B`, `Type` at line 1 column 3"
    );
    // What serialization writes, deserialization reads.
    for kind in [Kind::A, Kind::B, Kind::Type] {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(read(&json), Ok(kind));
    }

    let shirt: Shirt = serde_json::from_str(r#"{"kind": "B", "size": 2}"#).unwrap();
    assert_eq!(shirt, Shirt { kind: Kind::B, size: Some(Size::Large) });
    let error = serde_json::from_str::<Shirt>(r#"{"kind": "B", "size": 3}"#).unwrap_err();
    assert!(error.to_string().starts_with("`3` is not a size"), "{error}");
    assert_eq!(serde_json::to_string(&Size::Small).unwrap(), "1");
}
