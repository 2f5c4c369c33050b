use std::fmt::Write;

/// Appends XML to a string. Names are written as given; text and attribute values are
/// escaped.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// `xmlns` declarations waiting for the next start tag (the root).
    pending_namespace: Option<String>,
}

impl XmlWriter {
    /// A writer for a fragment (no declaration).
    pub fn new() -> Self {
        XmlWriter::default()
    }

    /// A writer for a whole document, starting with the XML declaration.
    pub fn document() -> Self {
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            pending_namespace: None,
        }
    }

    /// Declares the namespace on the next start tag.
    pub fn declare_namespace(&mut self, namespace: Option<&str>, prefix: Option<&str>) {
        if let Some(namespace) = namespace {
            let escaped = quick_xml::escape::escape(namespace);
            self.pending_namespace = Some(match prefix {
                Some(prefix) => format!(" xmlns:{prefix}=\"{escaped}\""),
                None => format!(" xmlns=\"{escaped}\""),
            });
        }
    }

    /// Writes `<name` (attributes may follow, then [`XmlWriter::open_end`]).
    pub fn open_start(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        if let Some(namespace) = self.pending_namespace.take() {
            self.out.push_str(&namespace);
        }
    }

    /// Writes ` name="value"` inside a start tag.
    pub fn attribute(&mut self, name: &str, value: &str) {
        let _ = write!(self.out, " {name}=\"{}\"", quick_xml::escape::escape(value));
    }

    /// Writes the `>` that ends a start tag.
    pub fn open_end(&mut self) {
        self.out.push('>');
    }

    /// Writes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes escaped text.
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&quick_xml::escape::escape(text));
    }

    /// Writes `<name>text</name>`.
    pub fn text_element(&mut self, name: &str, text: &str) {
        self.open_start(name);
        self.open_end();
        self.text(text);
        self.close(name);
    }

    /// The XML written so far.
    pub fn finish(self) -> String {
        self.out
    }
}
