use std::fmt;

/// Why an XML document could not be read: what, where (the element path and line:column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub message: String,
    /// `/export/data/item[2]/company`: the elements open when the error was found.
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, ", in {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for XmlError {}
