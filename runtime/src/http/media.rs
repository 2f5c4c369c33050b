//! Media types: how a body is written for each, and `Accept` negotiation.

/// The codec a media type calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Json,
    Xml,
    Form,
    Multipart,
    /// `text/*`: the body is a string as it is.
    Text,
    /// Anything else: the bytes as they are.
    Bytes,
}

/// `application/vnd.github+json; charset=utf-8` → `application/vnd.github+json`, lowercased.
pub fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

pub fn codec(media: &str) -> Codec {
    let essence = essence(media);
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Codec::Form,
        "multipart/form-data" | "multipart/mixed" => Codec::Multipart,
        "*/*" | "application/*" => Codec::Json,
        e if e.ends_with("/json") || e.ends_with("+json") || e.ends_with("/json-seq") => {
            Codec::Json
        }
        e if e.ends_with("/xml") || e.ends_with("+xml") => Codec::Xml,
        e if e.starts_with("text/") => Codec::Text,
        _ => Codec::Bytes,
    }
}

/// Whether a request's `Content-Type` is the media type `declared` (wildcards in `declared`,
/// as in `image/*`, match any subtype).
pub fn matches(content_type: &str, declared: &str) -> bool {
    let actual = essence(content_type);
    let declared = essence(declared);
    if declared == "*/*" || actual == declared {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(main) => actual.split('/').next() == Some(main),
        None => false,
    }
}

/// Picks which of `offered` to answer with, by the `Accept` header (q-values and wildcards
/// honoured; the first offered type wins ties). `None` when `Accept` rules out all of them.
pub fn negotiate(accept: Option<&str>, offered: &[&str]) -> Option<usize> {
    let accept = match accept.map(str::trim) {
        None | Some("") => return (!offered.is_empty()).then_some(0),
        Some(accept) => accept,
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((media, q))
        })
        .collect();
    let mut best: Option<(usize, f32, u8)> = None;
    for (index, offer) in offered.iter().enumerate() {
        let offer = essence(offer);
        // The most specific matching range decides the quality of an offer.
        let quality = ranges
            .iter()
            .filter_map(|(range, q)| {
                let specificity = if *range == offer {
                    3
                } else if range == "*/*" {
                    1
                } else if let Some(main) = range.strip_suffix("/*") {
                    if offer.split('/').next() == Some(main) {
                        2
                    } else {
                        return None;
                    }
                } else {
                    return None;
                };
                Some((specificity, *q))
            })
            .max_by_key(|(specificity, _)| *specificity);
        if let Some((specificity, q)) = quality {
            if q <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, best_q, best_s)) => q > best_q || (q == best_q && specificity > best_s),
            };
            if better {
                best = Some((index, q, specificity));
            }
        }
    }
    best.map(|(index, _, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: &[&str] = &["application/json", "application/xml"];

    #[test]
    fn accept_picks_the_best_offer() {
        assert_eq!(negotiate(None, OFFERED), Some(0));
        assert_eq!(negotiate(Some("application/xml"), OFFERED), Some(1));
        assert_eq!(negotiate(Some("*/*"), OFFERED), Some(0));
        assert_eq!(
            negotiate(Some("application/json;q=0.5, application/xml"), OFFERED),
            Some(1)
        );
        assert_eq!(
            negotiate(Some("text/*, application/*;q=0.1"), OFFERED),
            Some(0)
        );
        assert_eq!(negotiate(Some("text/html"), OFFERED), None);
        assert_eq!(negotiate(Some("application/xml;q=0"), OFFERED), None);
        assert_eq!(
            negotiate(Some("*/*, application/xml;q=0"), OFFERED),
            Some(0)
        );
    }

    #[test]
    fn codecs_follow_the_structured_suffix() {
        assert_eq!(codec("application/vnd.github.v3+json"), Codec::Json);
        assert_eq!(codec("application/atom+xml"), Codec::Xml);
        assert_eq!(codec("text/plain; charset=utf-8"), Codec::Text);
        assert_eq!(codec("application/octet-stream"), Codec::Bytes);
        assert!(matches("image/png", "image/*"));
        assert!(matches(
            "application/json; charset=utf-8",
            "application/json"
        ));
        assert!(!matches("application/xml", "application/json"));
    }
}
