//! XML that follows the OpenAPI `xml` object.
//!
//! serde's data model has no attributes, no wrapped/unwrapped arrays and no per-format names,
//! so quick-xml's serde support cannot express what an OpenAPI `xml` object says. Generated
//! models derive [`XmlEncode`] and [`XmlDecode`] (from `apigen-macros`) instead; the derives
//! call into the small reader and writer here. Decoding is a pull parse with quick-xml (no
//! DOM); encoding appends to a string.
//!
//! `null` has no XML form without `xsi:nil`; apigen writes an absent or null value as a
//! missing element, and reads a missing element as absent (or `None`).

mod error;
mod reader;
mod scalars;
mod writer;

pub use error::XmlError;
pub use reader::{Start, XmlReader};
pub use writer::XmlWriter;

/// A value that can be written as an XML element.
pub trait XmlEncode {
    /// Writes the value as one element called `name` (or, for a `Vec`, one element per item;
    /// for `None`, nothing).
    fn encode_element(&self, writer: &mut XmlWriter, name: &str);

    /// The text of a scalar value, for attributes; `None` for values that are not scalars or
    /// are absent.
    fn to_xml_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        None
    }
}

/// A value that can be read from an XML element.
pub trait XmlDecode: Sized {
    /// Reads the element that `start` opened, up to and including its end tag.
    fn decode_element(reader: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError>;

    /// Reads a scalar from text (an attribute value). Values that are not scalars refuse.
    fn from_xml_text(text: &str) -> Result<Self, String> {
        let _ = text;
        Err("an attribute can only hold a scalar value".to_owned())
    }
}

/// The root element of a type that can be a whole XML document.
pub trait XmlRoot {
    /// The element name (`xml.name`, else the schema name).
    const ROOT: &'static str;
    /// `xml.namespace` of the schema, declared on the root element.
    const NAMESPACE: Option<&'static str> = None;
    /// `xml.prefix` of the schema.
    const PREFIX: Option<&'static str> = None;
}

/// Writes a whole document: the XML declaration and the root element.
pub fn to_string<T: XmlEncode + XmlRoot>(value: &T) -> String {
    let mut writer = XmlWriter::document();
    writer.declare_namespace(T::NAMESPACE, T::PREFIX);
    let name = match T::PREFIX {
        Some(prefix) => format!("{prefix}:{}", T::ROOT),
        None => T::ROOT.to_owned(),
    };
    value.encode_element(&mut writer, &name);
    writer.finish()
}

/// Reads a whole document whose root element must be `T::ROOT`.
pub fn from_str<T: XmlDecode + XmlRoot>(text: &str) -> Result<T, XmlError> {
    let mut reader = XmlReader::new(text);
    let root = reader.root()?;
    if root.name != T::ROOT {
        return Err(reader.error_at(
            root.position,
            format!("expected root element <{}>, found <{}>", T::ROOT, root.name),
        ));
    }
    let value = T::decode_element(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}

/// Reads one element whose name is not checked (unions try their variants this way).
pub fn decode_fragment<T: XmlDecode>(fragment: &str, base_line: usize) -> Result<T, XmlError> {
    let mut reader = XmlReader::fragment(fragment, base_line);
    let root = reader.root()?;
    T::decode_element(&mut reader, &root)
}

/// A canonical form of an XML document for comparing two of them: the same elements,
/// attributes (sorted) and text, with the declaration, comments, whitespace-only text between
/// elements and the choice of `<a/>` or `<a></a>` and of CDATA or escapes ignored.
pub fn canonical(text: &str) -> Result<String, XmlError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut out = String::new();
    let mut pending_text = String::new();
    let error = |reader: &quick_xml::Reader<&[u8]>, message: String| {
        let position = usize::try_from(reader.error_position()).unwrap_or_default();
        XmlReader::new(text).error_at(position, message)
    };
    let flush = |out: &mut String, pending: &mut String| {
        if !pending.trim().is_empty() {
            out.push_str(&quick_xml::escape::escape(pending.as_str()));
        }
        pending.clear();
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(&reader, format!("malformed XML: {e}")))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                flush(&mut out, &mut pending_text);
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let mut attributes = Vec::new();
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|err| error(&reader, err.to_string()))?;
                    let value = attribute
                        .unescape_value()
                        .map_err(|err| error(&reader, err.to_string()))?;
                    attributes.push((
                        String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
                        value.into_owned(),
                    ));
                }
                attributes.sort();
                out.push('<');
                out.push_str(&name);
                for (key, value) in attributes {
                    out.push_str(&format!(
                        " {key}=\"{}\"",
                        quick_xml::escape::escape(value.as_str())
                    ));
                }
                out.push('>');
                if matches!(event, Event::Empty(_)) {
                    out.push_str(&format!("</{name}>"));
                }
            }
            Event::End(e) => {
                flush(&mut out, &mut pending_text);
                out.push_str(&format!(
                    "</{}>",
                    String::from_utf8_lossy(e.name().as_ref())
                ));
            }
            Event::Text(t) => {
                pending_text.push_str(&t.decode().map_err(|e| error(&reader, e.to_string()))?)
            }
            Event::CData(t) => {
                pending_text.push_str(&t.decode().map_err(|e| error(&reader, e.to_string()))?)
            }
            Event::GeneralRef(r) => match reader::resolve_reference(&r) {
                Some(c) => pending_text.push(c),
                None => return Err(error(&reader, "unknown entity".to_owned())),
            },
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    Ok(out)
}

/// An XML document whose root element is called `root`, for types that are not documents of
/// their own (arrays, unions; structs use [`to_string`], which also declares their
/// namespace).
pub fn document<T: XmlEncode + ?Sized>(value: &T, root: &str) -> String {
    let mut writer = XmlWriter::document();
    value.encode_element(&mut writer, root);
    writer.finish()
}

/// An XML document for an array: a `root` element around one `item` element per item (an
/// array on its own is a run of elements, which is no document).
pub fn list_document<T: XmlEncode>(items: &[T], root: &str, item: &str) -> String {
    let mut writer = XmlWriter::document();
    writer.open_start(root);
    writer.open_end();
    for value in items {
        value.encode_element(&mut writer, item);
    }
    writer.close(root);
    writer.finish()
}
