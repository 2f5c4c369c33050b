//! Page arithmetic and page links shared by the B2B and Orzame listings.

use super::StoreError;

/// One page of a listing, already checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub page: i64,
    pub size: i64,
}

impl Window {
    /// Checks the caller's parameters against the spec's bounds; `names` are the parameter
    /// names as the API spells them, for the error message.
    pub fn new(
        page: Option<i64>,
        size: Option<i64>,
        default_size: i64,
        max_size: i64,
        names: (&str, &str),
    ) -> Result<Window, StoreError> {
        let page = page.unwrap_or(1);
        let size = size.unwrap_or(default_size);
        if page < 1 {
            return Err(StoreError::invalid(format!(
                "The {} parameter must be at least 1.",
                names.0
            )));
        }
        if !(1..=max_size).contains(&size) {
            return Err(StoreError::invalid(format!(
                "The {} parameter must be between 1 and {max_size}.",
                names.1
            )));
        }
        Ok(Window { page, size })
    }

    /// Rows to skip; saturates so that an absurd page number yields an empty page, not an
    /// overflow.
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.size)
    }

    /// Number of pages needed for `total` rows (0 when there are none).
    pub fn pages(&self, total: i64) -> i64 {
        total / self.size + i64::from(total % self.size != 0)
    }
}

/// `base` with the query parameters appended (after any query `base` already has), values
/// percent-encoded.
pub(crate) fn link(base: &str, params: &[(&str, String)]) -> String {
    let mut url = base.to_owned();
    let mut separator = if base.contains('?') { '&' } else { '?' };
    for (name, value) in params {
        url.push(separator);
        url.push_str(name);
        url.push('=');
        url.push_str(&encode(value));
        separator = '&';
    }
    url
}

/// Percent-encodes everything but RFC 3986's unreserved characters and the comma, which
/// Orzame's `types=2,3` and `order=name,asc` show unencoded.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~,".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_checked_and_counted() {
        let window = Window::new(Some(2), Some(10), 10, 100, ("page", "pageSize")).unwrap();
        assert_eq!(window.offset(), 10);
        assert_eq!(window.pages(0), 0);
        assert_eq!(window.pages(10), 1);
        assert_eq!(window.pages(11), 2);
        assert!(Window::new(Some(0), None, 10, 100, ("page", "pageSize")).is_err());
        assert!(Window::new(None, Some(101), 10, 100, ("page", "pageSize")).is_err());
        let far = Window::new(Some(i64::MAX), Some(100), 10, 100, ("page", "pageSize")).unwrap();
        assert_eq!(far.offset(), i64::MAX);
    }

    #[test]
    fn links_encode_their_values() {
        assert_eq!(
            link(
                "http://h/x",
                &[("date", "2024-01-01 10:00:00".into()), ("page", "2".into())]
            ),
            "http://h/x?date=2024-01-01%2010%3A00%3A00&page=2"
        );
        assert_eq!(
            link("http://h/x?a=1", &[("page", "1".into())]),
            "http://h/x?a=1&page=1"
        );
    }
}
