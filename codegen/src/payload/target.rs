//! What a payload is checked against: a named schema, or an operation's request or response
//! body for a content type.

use super::schema::Direction;
use crate::diagnostic::{push_pointer, Error, Result};
use serde_json::Value;

/// The target as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `--schema NAME`: a component schema.
    Schema(String),
    /// `--request "METHOD /path"`.
    Request { method: String, path: String },
    /// `--response "METHOD /path STATUS"`.
    Response {
        method: String,
        path: String,
        status: String,
    },
}

impl Target {
    /// Parses `--request` / `--response` arguments.
    pub fn request(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        match parts.as_slice() {
            [method, path] => Ok(Target::Request {
                method: method.to_ascii_lowercase(),
                path: (*path).to_owned(),
            }),
            _ => Err(Error::Config(format!(
                "--request takes \"METHOD /path\", got `{text}`"
            ))),
        }
    }

    pub fn response(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        match parts.as_slice() {
            [method, path, status] => Ok(Target::Response {
                method: method.to_ascii_lowercase(),
                path: (*path).to_owned(),
                status: (*status).to_owned(),
            }),
            _ => Err(Error::Config(format!(
                "--response takes \"METHOD /path STATUS\", got `{text}`"
            ))),
        }
    }
}

/// A resolved target: the schema, where it is in the bundled document, its direction and
/// the media type chosen.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub schema: Value,
    pub pointer: String,
    pub direction: Direction,
    pub media_type: Option<String>,
}

fn pick_media<'d>(
    content: &'d serde_json::Map<String, Value>,
    wanted: Option<&str>,
    place: &str,
) -> Result<(&'d String, &'d Value)> {
    if content.is_empty() {
        return Err(Error::Config(format!("{place} has no body to validate")));
    }
    match wanted {
        Some(wanted) => {
            let essence = |m: &str| {
                m.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            };
            content
                .iter()
                .find(|(media, _)| essence(media) == essence(wanted))
                .ok_or_else(|| {
                    Error::Config(format!(
                        "{place} has no `{wanted}` body; it has: {}",
                        content.keys().cloned().collect::<Vec<_>>().join(", ")
                    ))
                })
        }
        // Plain `application/json` first: GitHub lists `application/json+sarif` (a string)
        // before it for the same response.
        None => content
            .iter()
            .find(|(media, _)| {
                media
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/json")
            })
            .or_else(|| content.iter().find(|(media, _)| media.contains("json")))
            .or_else(|| content.iter().next())
            .ok_or_else(|| Error::Config(format!("{place} has no body"))),
    }
}

/// Finds the target in the bundled document.
pub fn resolve(document: &Value, target: &Target, content_type: Option<&str>) -> Result<Resolved> {
    match target {
        Target::Schema(name) => {
            let pointer = push_pointer("/components/schemas", name);
            let schema = document.pointer(&pointer).cloned().ok_or_else(|| {
                let known: Vec<String> = document
                    .pointer("/components/schemas")
                    .and_then(Value::as_object)
                    .map(|s| s.keys().cloned().collect())
                    .unwrap_or_default();
                Error::Config(format!(
                    "the spec has no schema `{name}`; it has: {}",
                    known.join(", ")
                ))
            })?;
            Ok(Resolved {
                schema,
                pointer,
                direction: Direction::Neither,
                media_type: None,
            })
        }
        Target::Request { method, path } => {
            let op_pointer = push_pointer(&push_pointer("/paths", path), method);
            let place = format!("{} {path}", method.to_uppercase());
            let operation = document
                .pointer(&op_pointer)
                .ok_or_else(|| Error::Config(format!("the spec has no operation {place}")))?;
            let content = operation
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
                .ok_or_else(|| Error::Config(format!("{place} takes no request body")))?;
            let (media, media_object) = pick_media(content, content_type, &place)?;
            let pointer = format!(
                "{}/schema",
                push_pointer(&format!("{op_pointer}/requestBody/content"), media)
            );
            Ok(Resolved {
                schema: media_object
                    .get("schema")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default())),
                pointer,
                direction: Direction::Request,
                media_type: Some(media.clone()),
            })
        }
        Target::Response {
            method,
            path,
            status,
        } => {
            let op_pointer = push_pointer(&push_pointer("/paths", path), method);
            let place = format!("{} {path}", method.to_uppercase());
            let operation = document
                .pointer(&op_pointer)
                .ok_or_else(|| Error::Config(format!("the spec has no operation {place}")))?;
            let responses = operation.get("responses").and_then(Value::as_object);
            let range = format!("{}XX", status.chars().next().unwrap_or('0'));
            let (key, response) = responses
                .and_then(|r| {
                    [status.as_str(), range.as_str(), "default"]
                        .into_iter()
                        .find_map(|k| r.get_key_value(k))
                })
                .ok_or_else(|| Error::Config(format!("{place} documents no {status} response")))?;
            let content = response
                .get("content")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let (media, media_object) =
                pick_media(&content, content_type, &format!("{place} {status}"))?;
            let pointer = format!(
                "{}/schema",
                push_pointer(
                    &push_pointer(&format!("{op_pointer}/responses"), key),
                    "content"
                ) + &push_pointer("", media)
            );
            Ok(Resolved {
                schema: media_object
                    .get("schema")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default())),
                pointer,
                direction: Direction::Response,
                media_type: Some(media.clone()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pick_media;
    use serde_json::json;

    #[test]
    fn plain_json_is_the_default_body() {
        let content = json!({
            "application/json+sarif": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        });
        let content = content.as_object().unwrap();
        let (media, _) = pick_media(content, None, "GET /x 200").unwrap();
        assert_eq!(media, "application/json");
        let (media, _) = pick_media(content, Some("application/json+sarif"), "GET /x 200").unwrap();
        assert_eq!(media, "application/json+sarif");
        let only_vendor = json!({"text/plain": {}, "application/vnd.x+json": {}});
        let (media, _) = pick_media(only_vendor.as_object().unwrap(), None, "GET /x 200").unwrap();
        assert_eq!(media, "application/vnd.x+json");
    }
}
