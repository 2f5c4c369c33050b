//! String formats kept exactly as they travel on the wire.
//!
//! chrono or time would parse `2022-09-30T15:30:15+00:00` and print it back as
//! `2022-09-30T15:30:15Z` (or the reverse), so a payload would not survive a round trip
//! unchanged. These newtypes check the format when a value is built or decoded, and keep the
//! original text; convert to your date library of choice with `as_str()`.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A string did not have the format its type requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireStringError {
    format: &'static str,
    value: String,
}

impl fmt::Display for WireStringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.value, self.format)
    }
}

impl std::error::Error for WireStringError {}

macro_rules! wire_string {
    ($(#[$doc:meta])* $name:ident, $format:literal, $check:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The text exactly as received or given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text exactly as received or given.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = WireStringError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                if $check(&value) {
                    Ok($name(value))
                } else {
                    Err(WireStringError { format: $format, value })
                }
            }
        }

        impl FromStr for $name {
            type Err = WireStringError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::try_from(value.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::try_from(text).map_err(de::Error::custom)
            }
        }
    };
}

wire_string!(
    /// An RFC 3339 `full-date` (`2022-09-30`), OpenAPI `format: date`.
    Date,
    "date (YYYY-MM-DD)",
    is_full_date
);
wire_string!(
    /// An RFC 3339 `date-time` (`2022-09-30T15:30:15+00:00`), OpenAPI `format: date-time`.
    DateTime,
    "date-time (RFC 3339)",
    is_date_time
);
wire_string!(
    /// A UUID in its hyphenated text form, OpenAPI `format: uuid`.
    Uuid,
    "uuid",
    is_uuid
);

fn digits(text: &[u8]) -> Option<u32> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn is_full_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_partial_time(b: &[u8]) -> Option<usize> {
    // HH:MM:SS with optional fraction; returns the length consumed.
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut end = 8;
    if b.get(8) == Some(&b'.') {
        end = 9;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == 9 {
            return None;
        }
    }
    Some(end)
}

fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    // Byte checks first: non-ASCII text must not be sliced inside a character.
    if b.len() < 20
        || !text.is_char_boundary(10)
        || !is_full_date(&text[..10])
        || !matches!(b[10], b'T' | b't' | b' ')
    {
        return false;
    }
    let rest = &b[11..];
    let Some(time_len) = is_partial_time(rest) else {
        return false;
    };
    let offset_minutes: i64 = match &rest[time_len..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
                (Some(h), Some(m)) if h < 24 && m < 60 => {
                    let minutes = i64::from(h * 60 + m);
                    if *sign == b'-' {
                        -minutes
                    } else {
                        minutes
                    }
                }
                _ => return false,
            }
        }
        _ => return false,
    };
    // A leap second exists only at 23:59:60 UTC.
    if &rest[6..8] == b"60" {
        let (Some(hour), Some(minute)) = (digits(&rest[0..2]), digits(&rest[3..5])) else {
            return false;
        };
        let utc = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Bytes of an OpenAPI `format: binary` string (a file upload or download).
///
/// In JSON such a value can only travel as a string, so it is written as UTF-8 text (lossily,
/// if the bytes are not UTF-8); multipart and octet-stream bodies carry the bytes themselves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

/// From a string (JSON, text) or from bytes (a multipart file part that is not UTF-8).
impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BinaryVisitor;
        impl serde::de::Visitor<'_> for BinaryVisitor {
            type Value = Binary;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or bytes")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Binary, E> {
                Ok(Binary(text.as_bytes().to_vec()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Binary, E> {
                Ok(Binary(text.into_bytes()))
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Binary, E> {
                Ok(Binary(bytes.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Binary, E> {
                Ok(Binary(bytes))
            }
        }
        deserializer.deserialize_string(BinaryVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_their_text() {
        for text in [
            "2022-09-30T15:30:15+00:00",
            "2011-01-26T19:01:12Z",
            "1998-12-31T23:59:60.123Z",
            "1998-12-31T15:59:60.123-08:00",
        ] {
            let value: DateTime = serde_json::from_value(text.into()).unwrap();
            assert_eq!(serde_json::to_value(&value).unwrap(), text);
        }
    }

    #[test]
    fn malformed_values_are_rejected() {
        for text in [
            "2022-09-30",
            "2022-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "string",
        ] {
            assert!(text.parse::<DateTime>().is_err(), "{text}");
        }
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("123e4567-e89b-12d3-a456-426614174000"
            .parse::<Uuid>()
            .is_ok());
        assert!("123e4567e89b12d3a456426614174000".parse::<Uuid>().is_err());
    }
}
