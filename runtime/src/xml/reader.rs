use super::XmlError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A start tag: the element's local name (prefixes are not compared), its attributes (local
/// names, unescaped values), whether it was self-closing, and its byte offset.
#[derive(Debug, Clone)]
pub struct Start<'a> {
    /// Borrowed from the document: reading allocates no names.
    pub name: &'a str,
    pub attributes: Vec<(String, String)>,
    pub empty: bool,
    pub position: usize,
}

/// A pull reader over a whole document in memory, tracking the path of open elements for
/// error messages.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    source: &'a str,
    /// Lines before `source` (for fragments cut out of a bigger document).
    base_line: usize,
    path: Vec<&'a str>,
}

impl<'a> XmlReader<'a> {
    pub fn new(source: &'a str) -> Self {
        Self::fragment(source, 0)
    }

    /// A reader over a piece of a document that starts after `base_line` lines.
    pub fn fragment(source: &'a str, base_line: usize) -> Self {
        let mut reader = Reader::from_str(source);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        XmlReader {
            reader,
            source,
            base_line,
            path: Vec::new(),
        }
    }

    fn line_col(&self, position: usize) -> (usize, usize) {
        let before = &self.source.as_bytes()[..position.min(self.source.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        (self.base_line + line, column)
    }

    /// An error at a byte offset, with the current element path.
    pub fn error_at(&self, position: usize, message: impl Into<String>) -> XmlError {
        let (line, column) = self.line_col(position);
        XmlError {
            message: message.into(),
            path: self.path.iter().map(|n| format!("/{n}")).collect(),
            line,
            column,
        }
    }

    /// The error for a required element that an element did not contain; reported where the
    /// element ends.
    pub fn missing(&self, parent: &Start<'_>, child: &str) -> XmlError {
        let mut error = self.error_at(
            self.position(),
            format!("missing required element <{child}>"),
        );
        error.path = format!("{}/{}", error.path, parent.name);
        error
    }

    /// The error for an attribute whose value does not fit its type.
    pub fn attribute_error(&self, start: &Start<'_>, attribute: &str, message: String) -> XmlError {
        self.error_at(
            start.position,
            format!("attribute `{attribute}`: {message}"),
        )
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn read(&mut self) -> Result<(usize, Event<'a>), XmlError> {
        let before = self.position();
        match self.reader.read_event() {
            Ok(event) => Ok((before, event)),
            Err(e) => {
                let at = usize::try_from(self.reader.error_position()).unwrap_or(before);
                Err(self.error_at(at, format!("malformed XML: {e}")))
            }
        }
    }

    fn start(
        &self,
        event: &BytesStart<'_>,
        empty: bool,
        position: usize,
    ) -> Result<Start<'a>, XmlError> {
        let name = self.local_name_at(position);
        let mut attributes = Vec::new();
        for attribute in event.attributes() {
            let attribute = attribute
                .map_err(|e| self.error_at(position, format!("malformed attribute: {e}")))?;
            let key = attribute.key;
            // Namespace declarations are not data.
            if key.as_ref() == b"xmlns" || key.prefix().is_some_and(|p| p.as_ref() == b"xmlns") {
                continue;
            }
            let value = attribute
                .unescape_value()
                .map_err(|e| self.error_at(position, format!("malformed attribute value: {e}")))?;
            attributes.push((
                String::from_utf8_lossy(key.local_name().as_ref()).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(Start {
            name,
            attributes,
            empty,
            position,
        })
    }

    /// The local name of the tag that starts at `position` (the `<`), sliced from the source.
    fn local_name_at(&self, position: usize) -> &'a str {
        let source: &'a str = self.source;
        let rest = source.get(position + 1..).unwrap_or("");
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let qualified = &rest[..end];
        qualified.rsplit(':').next().unwrap_or(qualified)
    }

    /// Skips the prolog (declaration, comments, doctype) and opens the root element.
    pub fn root(&mut self) -> Result<Start<'a>, XmlError> {
        loop {
            let (at, event) = self.read()?;
            match event {
                Event::Start(e) => {
                    let start = self.start(&e, false, at)?;
                    self.path.push(start.name);
                    return Ok(start);
                }
                Event::Empty(e) => {
                    let start = self.start(&e, true, at)?;
                    self.path.push(start.name);
                    return Ok(start);
                }
                Event::Text(text) if is_blank(&text) => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => return Err(self.error_at(at, "no root element")),
                _ => return Err(self.error_at(at, "text before the root element")),
            }
        }
    }

    /// After the root element: only whitespace, comments and processing instructions.
    pub fn finish(&mut self) -> Result<(), XmlError> {
        loop {
            let (at, event) = self.read()?;
            match event {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                _ => return Err(self.error_at(at, "content after the root element")),
            }
        }
    }

    /// The next child element of `parent`, or `None` when `parent` ends. Text between child
    /// elements, comments and processing instructions are passed over.
    pub fn next_child(&mut self, parent: &Start<'_>) -> Result<Option<Start<'a>>, XmlError> {
        if parent.empty {
            self.path.pop();
            return Ok(None);
        }
        loop {
            let (at, event) = self.read()?;
            match event {
                Event::Start(e) => {
                    let start = self.start(&e, false, at)?;
                    self.path.push(start.name);
                    return Ok(Some(start));
                }
                Event::Empty(e) => {
                    let start = self.start(&e, true, at)?;
                    self.path.push(start.name);
                    return Ok(Some(start));
                }
                Event::End(_) => {
                    self.path.pop();
                    return Ok(None);
                }
                Event::Eof => {
                    return Err(self.error_at(at, format!("document ends inside <{}>", parent.name)))
                }
                _ => {}
            }
        }
    }

    /// The text content of `start` (text, CDATA and references joined), up to its end tag.
    pub fn read_text(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        if start.empty {
            self.path.pop();
            return Ok(String::new());
        }
        let mut text = String::new();
        loop {
            let (at, event) = self.read()?;
            match event {
                Event::Text(t) => {
                    text.push_str(&t.decode().map_err(|e| self.error_at(at, e.to_string()))?)
                }
                Event::CData(t) => {
                    text.push_str(&t.decode().map_err(|e| self.error_at(at, e.to_string()))?)
                }
                Event::GeneralRef(r) => match resolve_reference(&r) {
                    Some(c) => text.push(c),
                    None => {
                        let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                        return Err(self.error_at(at, format!("unknown entity `&{name};`")));
                    }
                },
                Event::Comment(_) | Event::PI(_) => {}
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    return Err(self.error_at(
                        at,
                        format!("expected text in <{}>, found element <{name}>", start.name),
                    ));
                }
                Event::End(_) => {
                    self.path.pop();
                    return Ok(text);
                }
                Event::Eof => {
                    return Err(self.error_at(at, format!("document ends inside <{}>", start.name)))
                }
                Event::Decl(_) | Event::DocType(_) => {}
            }
        }
    }

    /// Passes over `start` and everything in it (unknown elements are skipped this way).
    pub fn skip(&mut self, start: &Start<'_>) -> Result<(), XmlError> {
        if start.empty {
            self.path.pop();
            return Ok(());
        }
        let mut depth = 1usize;
        loop {
            let (at, event) = self.read()?;
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        self.path.pop();
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(self.error_at(at, format!("document ends inside <{}>", start.name)))
                }
                _ => {}
            }
        }
    }

    /// The source text of `start`'s whole element (consumed), and the line it starts on
    /// minus one: unions read it once per variant they try.
    pub fn raw_element(&mut self, start: &Start<'_>) -> Result<(&'a str, usize), XmlError> {
        self.skip(start)?;
        let end = self.position().min(self.source.len());
        let (line, _) = self.line_col(start.position);
        Ok((&self.source[start.position..end], line - 1))
    }
}

fn is_blank(text: &quick_xml::events::BytesText<'_>) -> bool {
    text.as_ref().iter().all(u8::is_ascii_whitespace)
}

/// The character a reference (`&amp;`, `&#x263A;`) stands for; `None` for entities XML does
/// not predefine (no DTD is read).
pub(super) fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if reference.is_char_ref() {
        reference.resolve_char_ref().ok().flatten()
    } else {
        quick_xml::escape::resolve_predefined_entity(&String::from_utf8_lossy(reference.as_ref()))
            .and_then(|s| s.chars().next())
    }
}
