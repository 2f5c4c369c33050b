//! The XML derives on hand-written models: every `#[xml]` attribute, and the reader's
//! handling of escapes, CDATA, UTF-8, empty elements, unknown elements and missing ones.

use apigen_runtime::xml::{self, canonical};
use apigen_runtime::{Nullable, XmlDecode, XmlEncode};

#[derive(Debug, Clone, PartialEq, XmlEncode, XmlDecode)]
#[xml(root = "catalog", namespace = "urn:example:catalog", prefix = "c")]
struct Catalog {
    #[xml(attribute)]
    version: i32,
    #[xml(attribute, name = "lang")]
    language: Option<String>,
    title: String,
    #[xml(name = "desc")]
    description: Option<String>,
    #[xml(wrapped, item = "book")]
    books: Vec<Book>,
    #[xml(item = "tag")]
    tags: Vec<String>,
    #[xml(wrapped, name = "notes", item = "note")]
    remarks: Option<Vec<String>>,
    status: Status,
    code: Code,
    retired: Nullable<bool>,
}

#[derive(Debug, Clone, PartialEq, XmlEncode, XmlDecode, serde::Serialize, serde::Deserialize)]
struct Book {
    #[xml(attribute)]
    id: u32,
    #[serde(rename = "bookTitle")]
    title: String,
    price: f64,
}

#[derive(
    Debug, Clone, Copy, PartialEq, XmlEncode, XmlDecode, serde::Serialize, serde::Deserialize,
)]
enum Status {
    #[serde(rename = "in-print")]
    InPrint,
    #[serde(rename = "out-of-print")]
    OutOfPrint,
}

#[derive(
    Debug, Clone, Copy, PartialEq, XmlEncode, XmlDecode, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
enum Code {
    One,
    Two,
}

impl From<Code> for i64 {
    fn from(code: Code) -> i64 {
        match code {
            Code::One => 1,
            Code::Two => 2,
        }
    }
}

impl TryFrom<i64> for Code {
    type Error = String;
    fn try_from(value: i64) -> Result<Self, String> {
        match value {
            1 => Ok(Code::One),
            2 => Ok(Code::Two),
            other => Err(format!("{other} is not a code")),
        }
    }
}

const CATALOG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<c:catalog xmlns:c="urn:example:catalog" version="3" lang="ru">
  <title>Каталог &amp; «книги» &#x263A;</title>
  <desc><![CDATA[<b>bold</b> & raw]]></desc>
  <books>
    <book id="1"><bookTitle>Война и мир</bookTitle><price>12.5</price></book>
    <book id="2"><bookTitle>Dune</bookTitle><price>9</price><unknown><deep>x</deep></unknown></book>
  </books>
  <tag>classic</tag>
  <tag/>
  <status>in-print</status>
  <code>2</code>
</c:catalog>
"#;

#[test]
fn every_attribute_kind_decodes() {
    let catalog: Catalog = xml::from_str(CATALOG).unwrap();
    assert_eq!(catalog.version, 3);
    assert_eq!(catalog.language.as_deref(), Some("ru"));
    assert_eq!(catalog.title, "Каталог & «книги» ☺");
    assert_eq!(catalog.description.as_deref(), Some("<b>bold</b> & raw"));
    assert_eq!(catalog.books.len(), 2);
    assert_eq!(catalog.books[0].title, "Война и мир");
    assert_eq!(catalog.books[1].price, 9.0);
    assert_eq!(catalog.tags, ["classic", ""]);
    assert_eq!(catalog.remarks, None);
    assert_eq!(catalog.status, Status::InPrint);
    assert_eq!(catalog.code, Code::Two);
    assert!(catalog.retired.is_absent());
}

#[test]
fn encoding_writes_the_same_document() {
    let catalog: Catalog = xml::from_str(CATALOG).unwrap();
    let written = xml::to_string(&catalog);
    assert!(written.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<c:catalog xmlns:c=\"urn:example:catalog\" version=\"3\" lang=\"ru\">"), "{written}");
    // The unknown element is gone, the rest is the same document.
    let expected = CATALOG.replace("<unknown><deep>x</deep></unknown>", "");
    assert_eq!(canonical(&written).unwrap(), canonical(&expected).unwrap());
    let again: Catalog = xml::from_str(&written).unwrap();
    assert_eq!(again, catalog);
}

#[test]
fn wrapped_optional_arrays_and_present_nullables_round_trip() {
    let mut catalog: Catalog = xml::from_str(CATALOG).unwrap();
    catalog.remarks = Some(vec!["a < b".to_owned(), "c".to_owned()]);
    catalog.retired = Nullable::Value(true);
    let written = xml::to_string(&catalog);
    assert!(
        written.contains("<notes><note>a &lt; b</note><note>c</note></notes>"),
        "{written}"
    );
    assert!(written.contains("<retired>true</retired>"), "{written}");
    assert_eq!(xml::from_str::<Catalog>(&written).unwrap(), catalog);
}

#[test]
fn a_missing_required_element_names_the_path_and_line() {
    let text = "<c:catalog xmlns:c=\"u\" version=\"1\">\n  <books>\n    <book id=\"1\">\n      <price>1</price>\n    </book>\n  </books>\n</c:catalog>";
    let err = xml::from_str::<Catalog>(text).unwrap_err();
    assert_eq!(err.message, "missing required element <bookTitle>");
    assert_eq!(err.path, "/catalog/books/book");
    assert_eq!(err.line, 5);
}

#[test]
fn bad_values_and_bad_documents_are_located() {
    let err = xml::from_str::<Catalog>(&CATALOG.replace("<price>9</price>", "<price>nine</price>"))
        .unwrap_err();
    assert!(err.message.contains("`nine` is not a number"), "{err}");
    assert_eq!(err.line, 8);
    let err =
        xml::from_str::<Catalog>(&CATALOG.replace("version=\"3\"", "version=\"x\"")).unwrap_err();
    assert!(err.message.contains("attribute `version`"), "{err}");
    let err = xml::from_str::<Catalog>(&CATALOG.replace("in-print", "rare")).unwrap_err();
    assert!(
        err.message
            .contains("`rare` is not one of `in-print`, `out-of-print`"),
        "{err}"
    );
    let err = xml::from_str::<Catalog>(&CATALOG.replace("</title>", "</titel>")).unwrap_err();
    assert!(err.message.contains("malformed XML"), "{err}");
    assert_eq!(err.line, 4);
    let err = xml::from_str::<Catalog>("<other/>").unwrap_err();
    assert_eq!(
        err.message,
        "expected root element <catalog>, found <other>"
    );
}

#[derive(Debug, Clone, PartialEq, XmlEncode, XmlDecode)]
enum Either {
    Book(Book),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, XmlEncode, XmlDecode)]
#[xml(root = "shelf")]
struct Shelf {
    #[xml(item = "entry")]
    entries: Vec<Either>,
}

#[test]
fn unions_try_each_variant() {
    let shelf: Shelf = xml::from_str(
        "<shelf><entry id=\"7\"><bookTitle>T</bookTitle><price>1</price></entry><entry>plain</entry></shelf>",
    )
    .unwrap();
    assert!(matches!(&shelf.entries[0], Either::Book(b) if b.id == 7));
    assert_eq!(shelf.entries[1], Either::Text("plain".to_owned()));
    assert_eq!(
        canonical(&xml::to_string(&shelf)).unwrap(),
        canonical("<shelf><entry id=\"7\"><bookTitle>T</bookTitle><price>1</price></entry><entry>plain</entry></shelf>").unwrap()
    );
}
