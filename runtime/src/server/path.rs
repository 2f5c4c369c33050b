//! Path templates with parameters inside a segment (`/contact_bases/{id}.json`).
//!
//! axum's router (matchit 0.8.4) only captures whole segments, so generated routers register
//! routes by their shape (`/contact_bases/{p1}`, decided by the generator) and the template is
//! matched here, which also lets two operations share a shape (`/{id}.json` and `/{id}.xml`).

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Literal(&'static str),
    /// A parameter, by its wire name.
    Param(&'static str),
}

/// Captured parameters, still percent-encoded as they came.
pub type PathMatch = Vec<(&'static str, String)>;

/// Matches a request path against a template, segment by segment.
pub fn match_path(template: &[Part], path: &str) -> Option<PathMatch> {
    let segments = template_segments(template);
    let actual: Vec<&str> = path.split('/').collect();
    if segments.len() != actual.len() {
        return None;
    }
    let mut captured = Vec::new();
    for (pieces, text) in segments.iter().zip(actual) {
        if !match_segment(pieces, text, &mut captured) {
            return None;
        }
    }
    Some(captured)
}

fn template_segments(template: &[Part]) -> Vec<Vec<Part>> {
    let mut segments: Vec<Vec<Part>> = vec![Vec::new()];
    for part in template {
        match part {
            Part::Literal(literal) => {
                let mut pieces = literal.split('/');
                if let Some(first) = pieces.next() {
                    if !first.is_empty() {
                        segments.last_mut().unwrap().push(Part::Literal(first));
                    }
                }
                for piece in pieces {
                    segments.push(Vec::new());
                    if !piece.is_empty() {
                        segments.last_mut().unwrap().push(Part::Literal(piece));
                    }
                }
            }
            Part::Param(name) => segments.last_mut().unwrap().push(Part::Param(name)),
        }
    }
    segments
}

/// Backtracking over one segment; segments are short and hold at most a few parameters.
fn match_segment(pieces: &[Part], text: &str, captured: &mut PathMatch) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Part::Literal(literal), rest)) => match text.strip_prefix(literal) {
            Some(remaining) => match_segment(rest, remaining, captured),
            None => false,
        },
        Some((Part::Param(name), rest)) => {
            if rest.is_empty() {
                if text.is_empty() {
                    return false;
                }
                captured.push((name, text.to_owned()));
                return true;
            }
            // Longest capture first, so that `{id}.json` takes `1.2` from `1.2.json`.
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .skip(1)
                .chain(std::iter::once(text.len()))
                .collect();
            for &end in ends.iter().rev() {
                let mark = captured.len();
                captured.push((name, text[..end].to_owned()));
                if match_segment(rest, &text[end..], captured) {
                    return true;
                }
                captured.truncate(mark);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTACT: &[Part] = &[
        Part::Literal("/api/contact_bases/"),
        Part::Param("base_id"),
        Part::Literal("/contacts/"),
        Part::Param("id"),
        Part::Literal(".json"),
    ];

    #[test]
    fn parameters_with_suffixes_match() {
        assert_eq!(
            match_path(CONTACT, "/api/contact_bases/1/contacts/22.json"),
            Some(vec![("base_id", "1".to_owned()), ("id", "22".to_owned())])
        );
        assert_eq!(
            match_path(CONTACT, "/api/contact_bases/1/contacts/1.2.json"),
            Some(vec![("base_id", "1".to_owned()), ("id", "1.2".to_owned())])
        );
        assert_eq!(
            match_path(CONTACT, "/api/contact_bases/1/contacts/22.xml"),
            None
        );
        assert_eq!(
            match_path(CONTACT, "/api/contact_bases/1/contacts/.json"),
            None
        );
        assert_eq!(
            match_path(CONTACT, "/api/contact_bases//contacts/2.json"),
            None
        );
    }
}
