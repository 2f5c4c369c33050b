//! The `format` values that are checked; any other format is accepted, as JSON Schema says.

use crate::{Date, DateTime, Uuid};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A string `format` with a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `email`: an RFC 5321 mailbox, `local@domain` (dot-atom or quoted local part; a host
    /// name or a bracketed IP literal as domain).
    Email,
    /// `uri`: an absolute RFC 3986 URI (with a scheme), with optional query and fragment.
    Uri,
    /// `uuid`: the hyphenated form, any case.
    Uuid,
    /// `date`: an RFC 3339 `full-date`.
    Date,
    /// `date-time`: an RFC 3339 `date-time`.
    DateTime,
    /// `ipv4`: dotted quad, no leading zeros.
    Ipv4,
    /// `ipv6`: RFC 4291 text form, without a zone.
    Ipv6,
    /// `hostname`: RFC 1123 labels.
    Hostname,
}

impl Format {
    /// Every checked format.
    pub const ALL: [Format; 8] = [
        Format::Email,
        Format::Uri,
        Format::Uuid,
        Format::Date,
        Format::DateTime,
        Format::Ipv4,
        Format::Ipv6,
        Format::Hostname,
    ];

    /// The format of an OpenAPI `format` value, `None` for a format that is not checked.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The OpenAPI `format` value.
    pub fn name(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Hostname => "hostname",
        }
    }

    /// What a valid value is, for messages: "is not a valid {description}".
    pub fn description(self) -> &'static str {
        match self {
            Format::Email => "email address",
            Format::Uri => "absolute URI (RFC 3986, with a scheme)",
            Format::Uuid => "UUID (8-4-4-4-12 hex digits)",
            Format::Date => "date (YYYY-MM-DD)",
            Format::DateTime => "date-time (RFC 3339)",
            Format::Ipv4 => "IPv4 address",
            Format::Ipv6 => "IPv6 address",
            Format::Hostname => "host name (RFC 1123)",
        }
    }

    /// Whether `text` has this format.
    pub fn matches(self, text: &str) -> bool {
        match self {
            Format::Email => is_email(text),
            Format::Uri => is_uri(text),
            Format::Uuid => text.parse::<Uuid>().is_ok(),
            Format::Date => text.parse::<Date>().is_ok(),
            Format::DateTime => text.parse::<DateTime>().is_ok(),
            Format::Ipv4 => text.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => text.parse::<Ipv6Addr>().is_ok(),
            Format::Hostname => is_hostname(text),
        }
    }
}

/// RFC 1123: dot-separated labels of 1 to 63 letters, digits and inner hyphens, 253 at most
/// in all.
fn is_hostname(text: &str) -> bool {
    text.len() <= 253
        && text.split('.').all(|label| {
            let b = label.as_bytes();
            (1..=63).contains(&b.len())
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// `atext` of RFC 5322.
fn is_atext(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&c)
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = if let Some(quoted) = local
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        // quoted-string: printable ASCII, with `"` and `\` escaped by a backslash.
        let mut bytes = quoted.bytes();
        let mut ok = true;
        while let Some(c) = bytes.next() {
            ok &= match c {
                b'\\' => bytes.next().is_some_and(|e| (b' '..=b'~').contains(&e)),
                b'"' => false,
                c => (b' '..=b'~').contains(&c),
            };
        }
        ok
    } else {
        // dot-atom: no leading, trailing or doubled dot.
        local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext))
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => match literal.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
            None => literal.parse::<Ipv4Addr>().is_ok(),
        },
        None => is_hostname(domain),
    };
    !local.is_empty() && local.len() <= 64 && local_ok && domain_ok
}

/// `unreserved` and `sub-delims` of RFC 3986, and the `extra` characters allowed in a part;
/// `%` must start a percent-encoded octet.
fn uri_part_ok(part: &str, extra: &[u8]) -> bool {
    let b = part.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&c) || extra.contains(&c);
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// RFC 3986 `URI`: `scheme ":" hier-part [ "?" query ] [ "#" fragment ]`.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (rest, None),
    };
    let (hier, query) = match rest.split_once('?') {
        Some((hier, query)) => (hier, Some(query)),
        None => (rest, None),
    };
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !is_authority(&after[..end]) {
                return false;
            }
            &after[end..]
        }
        None => hier,
    };
    uri_part_ok(path, b":@/")
        && query.is_none_or(|q| uri_part_ok(q, b":@/?"))
        && fragment.is_none_or(|f| uri_part_ok(f, b":@/?"))
}

/// `[ userinfo "@" ] host [ ":" port ]`.
fn is_authority(authority: &str) -> bool {
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    if userinfo.is_some_and(|u| !uri_part_ok(u, b":")) {
        return false;
    }
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return false;
        };
        let literal_ok = inside.parse::<Ipv6Addr>().is_ok()
            || inside
                .strip_prefix(['v', 'V'])
                .and_then(|future| future.split_once('.'))
                .is_some_and(|(version, address)| {
                    !version.is_empty()
                        && version.bytes().all(|c| c.is_ascii_hexdigit())
                        && !address.is_empty()
                        && uri_part_ok(address, b":")
                });
        if !literal_ok {
            return false;
        }
        match after.strip_prefix(':') {
            Some(port) => ("", Some(port)),
            None if after.is_empty() => ("", None),
            None => return false,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    uri_part_ok(host, b"") && port.is_none_or(|p| p.bytes().all(|c| c.is_ascii_digit()))
}
