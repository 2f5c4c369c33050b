//! Unit tests of the helpers, formats and pointers.

use super::*;
use crate::Nullable;
use serde_json::json;
use std::collections::BTreeMap;

/// The violations one helper call pushes, as `(pointer, keyword, message)`.
fn run(
    check: impl FnOnce(Location<'_>, &mut Vec<Violation>),
) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    check(Location::key("/a", "b"), &mut out);
    out.into_iter()
        .map(|v| (v.pointer, v.keyword, v.message))
        .collect()
}

/// The single message of one helper call; `None` when it passed.
fn message(check: impl FnOnce(Location<'_>, &mut Vec<Violation>)) -> Option<String> {
    let mut all = run(check);
    assert!(all.len() <= 1, "more than one violation: {all:?}");
    all.pop().map(|(_, _, message)| message)
}

#[test]
fn pointers_escape_tilde_and_slash() {
    assert_eq!(escape("plain"), "plain");
    assert_eq!(escape("a/b"), "a~1b");
    assert_eq!(escape("m~n"), "m~0n");
    assert_eq!(escape("~/"), "~0~1");
    assert_eq!(escape("~1"), "~01");
    assert_eq!(Location::key("", "a/b").to_pointer(), "/a~1b");
    assert_eq!(Location::key("/x", "").to_pointer(), "/x/");
    assert_eq!(Location::index("/x", 3).to_pointer(), "/x/3");
    assert_eq!(Location::at("/x/0").to_pointer(), "/x/0");
    assert_eq!(Location::at("").to_pointer(), "");
}

#[test]
fn violations_display_one_per_line_with_root_as_slash() {
    let violations = Violations(vec![
        Violation::new(
            Location::at(""),
            "minProperties",
            "must have at least 1 property, found 0",
        ),
        Violation::new(
            Location::key("", "q"),
            "minLength",
            "must be at least 3 characters long, found 2",
        ),
    ]);
    assert_eq!(
        violations.to_string(),
        "/: must have at least 1 property, found 0\n/q: must be at least 3 characters long, found 2"
    );
    assert_eq!(violations.len(), 2);
    let error: &dyn std::error::Error = &violations;
    assert!(error.source().is_none());
}

#[test]
fn lengths_count_unicode_scalar_values() {
    assert_eq!(
        run(|at, out| min_length("ab", 3, at, out)),
        [(
            "/a/b".to_owned(),
            "minLength",
            "must be at least 3 characters long, found 2".to_owned()
        )]
    );
    assert_eq!(message(|at, out| min_length("abc", 3, at, out)), None);
    // Four scalar values, eight bytes.
    assert_eq!(message(|at, out| min_length("ñañá", 4, at, out)), None);
    assert_eq!(message(|at, out| max_length("ñañá", 4, at, out)), None);
    // One scalar value for a surrogate pair in UTF-16.
    assert_eq!(message(|at, out| max_length("😀", 1, at, out)), None);
    assert_eq!(
        message(|at, out| max_length("abcdef", 5, at, out)).as_deref(),
        Some("must be at most 5 characters long, found 6")
    );
    assert_eq!(
        message(|at, out| min_length("", 1, at, out)).as_deref(),
        Some("must be at least 1 character long, found 0")
    );
}

#[test]
fn wrappers_check_only_a_present_value() {
    assert_eq!(
        message(|at, out| min_length(&None::<String>, 3, at, out)),
        None
    );
    assert_eq!(
        message(|at, out| min_length(&Nullable::<String>::Absent, 3, at, out)),
        None
    );
    assert_eq!(
        message(|at, out| min_length(&Nullable::<String>::Null, 3, at, out)),
        None
    );
    assert!(message(|at, out| min_length(&Nullable::Value("a".to_owned()), 3, at, out)).is_some());
    assert!(message(|at, out| min_length(&Some(Box::new("a".to_owned())), 3, at, out)).is_some());
    assert!(message(|at, out| maximum(
        &Some(Box::new(Some(7_u8))),
        Number::Int(5),
        false,
        at,
        out
    ))
    .is_some());
    // A `Value` of another JSON type is not checked, as in JSON Schema.
    assert_eq!(message(|at, out| min_length(&json!(12), 3, at, out)), None);
    assert!(message(|at, out| min_length(&json!("ab"), 3, at, out)).is_some());
    assert_eq!(
        message(|at, out| minimum(&json!("0"), Number::Int(1), false, at, out)),
        None
    );
    assert!(message(|at, out| minimum(&json!(0), Number::Int(1), false, at, out)).is_some());
    assert!(message(|at, out| max_items(&json!([1, 2]), 1, at, out)).is_some());
    assert!(message(|at, out| max_properties(&json!({"a": 1, "b": 2}), 1, at, out)).is_some());
}

#[test]
fn patterns_are_unanchored_searches() {
    static LOWER: Pattern = Pattern::new("^[a-z]+$");
    static DIGIT: Pattern = Pattern::new("[0-9]");
    assert_eq!(message(|at, out| pattern("abc", &LOWER, at, out)), None);
    assert_eq!(
        run(|at, out| pattern("abC", &LOWER, at, out)),
        [(
            "/a/b".to_owned(),
            "pattern",
            "does not match pattern ^[a-z]+$".to_owned()
        )]
    );
    assert_eq!(message(|at, out| pattern("ab1cd", &DIGIT, at, out)), None);
    assert!(message(|at, out| pattern("abcd", &DIGIT, at, out)).is_some());
    // Compiled once, then reused.
    assert!(std::ptr::eq(LOWER.regex().unwrap(), LOWER.regex().unwrap()));
    assert_eq!(format!("{LOWER:?}"), r#"Pattern("^[a-z]+$")"#);
}

#[test]
fn patterns_use_ecma_ascii_classes() {
    static YEAR: Pattern = Pattern::new(r"^\d{4}$");
    static WORD: Pattern = Pattern::new(r"^\w+$");
    static NOT_DIGIT: Pattern = Pattern::new(r"^[\D]+$");
    assert_eq!(message(|at, out| pattern("2024", &YEAR, at, out)), None);
    // Arabic-Indic digits are `\d` for the `regex` crate, not for ECMA-262.
    assert!(message(|at, out| pattern("٢٠٢٤", &YEAR, at, out)).is_some());
    assert_eq!(
        message(|at, out| pattern("snake_case9", &WORD, at, out)),
        None
    );
    assert!(message(|at, out| pattern("ñandú", &WORD, at, out)).is_some());
    assert_eq!(
        message(|at, out| pattern("ñandú", &NOT_DIGIT, at, out)),
        None
    );
    assert!(message(|at, out| pattern("a1", &NOT_DIGIT, at, out)).is_some());
    // Messages show the pattern as written.
    assert_eq!(
        message(|at, out| pattern("24", &YEAR, at, out)).as_deref(),
        Some(r"does not match pattern ^\d{4}$")
    );
    for (ecma, regex) in [
        (r"^[a-z]+$", r"^[a-z]+$"),
        (r"\d\D\w\W", r"[0-9][^0-9][0-9A-Za-z_][^0-9A-Za-z_]"),
        (r"[\d\D\w\W]", r"[0-9[:^digit:]0-9A-Za-z_[:^word:]]"),
        (r"[^\d]\d", r"[^0-9][0-9]"),
        (r"[]\d]\d", r"[]0-9][0-9]"),
        (r"[^]\d]\d", r"[^]0-9][0-9]"),
        (r"[[:alpha:]\d]\d", r"[[:alpha:]0-9][0-9]"),
        (r"\\d\.\s\b\x41", r"\\d\.\s\b\x41"),
        (r"dw\", r"dw\"),
    ] {
        assert_eq!(ecma_classes(ecma), regex, "{ecma}");
        assert!(
            regex::Regex::new(regex).is_ok() || ecma.ends_with('\\'),
            "{regex}"
        );
    }
}

#[test]
fn a_pattern_no_engine_compiles_is_reported_not_panicked_on() {
    static BAD: Pattern = Pattern::new("(x");
    let found = message(|at, out| pattern("x", &BAD, at, out)).unwrap();
    assert!(
        found.starts_with("cannot be checked against pattern (x: "),
        "{found}"
    );
}

#[test]
fn look_around_and_backreferences_fall_back_to_backtracking() {
    static NOT_UUID: Pattern = Pattern::new(r"^(?![0-9a-f]{8}-)^[a-z][a-z0-9-]*$");
    static TWICE: Pattern = Pattern::new(r"^(\d)\1$");
    static PLAIN: Pattern = Pattern::new(r"^[a-z]+$");
    assert_eq!(
        message(|at, out| pattern("my-disk", &NOT_UUID, at, out)),
        None
    );
    assert!(message(|at, out| pattern("deadbeef-1", &NOT_UUID, at, out)).is_some());
    assert_eq!(message(|at, out| pattern("77", &TWICE, at, out)), None);
    assert!(message(|at, out| pattern("78", &TWICE, at, out)).is_some());
    // ECMA's ASCII `\d` holds on the backtracking side too.
    assert!(message(|at, out| pattern("٣٣", &TWICE, at, out)).is_some());
    assert!(matches!(NOT_UUID.regex(), Ok(Regex::Backtracking(_))));
    assert!(matches!(PLAIN.regex(), Ok(Regex::Linear(_))));
}

#[test]
fn minimum_and_maximum_inclusive_and_exclusive() {
    let min =
        |v: i64, exclusive| message(|at, out| minimum(&v, Number::Int(1), exclusive, at, out));
    assert_eq!(min(1, false), None);
    assert_eq!(min(0, false).as_deref(), Some("must be ≥ 1, found 0"));
    assert_eq!(min(1, true).as_deref(), Some("must be > 1, found 1"));
    assert_eq!(min(2, true), None);
    let max = |v: f64, exclusive| {
        message(|at, out| maximum(&v, Number::Float(100.5), exclusive, at, out))
    };
    assert_eq!(max(100.5, false), None);
    assert_eq!(
        max(100.6, false).as_deref(),
        Some("must be ≤ 100.5, found 100.6")
    );
    assert_eq!(
        max(100.5, true).as_deref(),
        Some("must be < 100.5, found 100.5")
    );
    assert_eq!(
        max(f64::NAN, false).as_deref(),
        Some("must be ≤ 100.5, found NaN")
    );
    assert_eq!(
        message(|at, out| maximum(&101_u32, Number::Int(100), false, at, out)).as_deref(),
        Some("must be ≤ 100, found 101")
    );
    assert_eq!(
        message(|at, out| minimum(&-5_i8, Number::Int(-3), false, at, out)).as_deref(),
        Some("must be ≥ -3, found -5")
    );
}

#[test]
fn integers_and_floats_compare_exactly() {
    let big = i64::MAX;
    // i64::MAX as f64 is 2^63, one more than i64::MAX.
    assert_eq!(
        Number::Int(i128::from(big)).compare(Number::Float(big as f64)),
        Some(std::cmp::Ordering::Less)
    );
    assert_eq!(
        Number::Int(3).compare(Number::Float(2.5)),
        Some(std::cmp::Ordering::Greater)
    );
    assert_eq!(
        Number::Int(-3).compare(Number::Float(-2.5)),
        Some(std::cmp::Ordering::Less)
    );
    assert_eq!(
        Number::Int(-3).compare(Number::Float(-3.0)),
        Some(std::cmp::Ordering::Equal)
    );
    assert_eq!(
        Number::Float(1e40).compare(Number::Int(i128::MAX)),
        Some(std::cmp::Ordering::Greater)
    );
    assert_eq!(
        Number::Float(-1e40).compare(Number::Int(i128::MIN)),
        Some(std::cmp::Ordering::Less)
    );
    assert_eq!(Number::Int(0).compare(Number::Float(f64::NAN)), None);
    assert_eq!(u128::MAX.as_number(), Some(Number::Float(u128::MAX as f64)));
    assert_eq!(0.1_f32.as_number(), Some(Number::Float(0.1)));
}

#[test]
fn multiple_of_is_exact_for_integers_and_decimals() {
    let of = |value: Number, mantissa, scale| Decimal::new(mantissa, scale).divides(value);
    assert_eq!(of(Number::Int(10), 5, 0), Some(true));
    assert_eq!(of(Number::Int(-10), 5, 0), Some(true));
    assert_eq!(of(Number::Int(7), 5, 0), Some(false));
    assert_eq!(of(Number::Int(0), 5, 0), Some(true));
    assert_eq!(of(Number::Int(i128::MAX), 1, 0), Some(true));
    // Binary floating point says 0.3 % 0.1 != 0; in decimal it is a multiple.
    assert_eq!(of(Number::Float(0.3), 1, 1), Some(true));
    assert_eq!(of(Number::Float(0.1 + 0.2), 1, 1), Some(false));
    assert_eq!(of(Number::Float(19.99), 1, 2), Some(true));
    assert_eq!(of(Number::Float(19.999), 1, 2), Some(false));
    assert_eq!(of(Number::Float(2.5), 5, 1), Some(true));
    assert_eq!(of(Number::Float(2.4), 5, 1), Some(false));
    assert_eq!(of(Number::Int(3), 5, 1), Some(true));
    assert_eq!(of(Number::Int(3), 25, 2), Some(true));
    assert_eq!(of(Number::Float(1e300), 7, 0), Some(false));
    assert_eq!(of(Number::Float(1e300), 5, 0), Some(true));
    assert_eq!(of(Number::Float(1e-300), 1, 2), Some(false));
    assert_eq!(of(Number::Float(-4.0), 2, 0), Some(true));
    assert_eq!(of(Number::Float(f64::INFINITY), 2, 0), None);
    assert_eq!(of(Number::Int(3), 0, 0), None);
    assert_eq!(
        message(|at, out| multiple_of(&7, Decimal::new(5, 0), at, out)).as_deref(),
        Some("must be a multiple of 5, found 7")
    );
    assert_eq!(
        message(|at, out| multiple_of(&0.125, Decimal::new(1, 2), at, out)).as_deref(),
        Some("must be a multiple of 0.01, found 0.125")
    );
    assert_eq!(
        message(|at, out| multiple_of(&0.3_f32, Decimal::new(1, 1), at, out)),
        None
    );
}

#[test]
fn decimals_display_as_written() {
    assert_eq!(Decimal::new(5, 0).to_string(), "5");
    assert_eq!(Decimal::new(1, 2).to_string(), "0.01");
    assert_eq!(Decimal::new(125, 1).to_string(), "12.5");
    assert_eq!(Decimal::new(25, 2).to_string(), "0.25");
}

#[test]
fn item_counts() {
    assert_eq!(
        run(|at, out| min_items(&Vec::<u8>::new(), 1, at, out)),
        [(
            "/a/b".to_owned(),
            "minItems",
            "must have at least 1 item, found 0".to_owned()
        )]
    );
    assert_eq!(
        message(|at, out| max_items(&vec![1, 2, 3, 4], 3, at, out)).as_deref(),
        Some("must have at most 3 items, found 4")
    );
    assert_eq!(
        message(|at, out| max_items(&vec![1, 2, 3], 3, at, out)),
        None
    );
    assert_eq!(
        message(|at, out| min_items(&None::<Vec<u8>>, 1, at, out)),
        None
    );
}

#[test]
fn unique_items_reports_every_duplicate() {
    assert_eq!(
        message(|at, out| unique_items(&vec!["a", "b"], at, out)),
        None
    );
    assert_eq!(
        run(|at, out| unique_items(&vec!["a", "b", "a", "c", "b", "a"], at, out)),
        [
            (
                "/a/b".to_owned(),
                "uniqueItems",
                "items must be unique, but item 2 equals item 0".to_owned()
            ),
            (
                "/a/b".to_owned(),
                "uniqueItems",
                "items must be unique, but item 4 equals item 1".to_owned()
            ),
            (
                "/a/b".to_owned(),
                "uniqueItems",
                "items must be unique, but item 5 equals item 0".to_owned()
            ),
        ]
    );
    // Objects compare regardless of key order, as JSON equality says.
    let objects = json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]);
    assert!(message(|at, out| unique_items(&objects, at, out)).is_some());
    // Absent and null differ, as they do on the wire.
    let nullables = vec![Nullable::<u8>::Absent, Nullable::Null];
    assert_eq!(message(|at, out| unique_items(&nullables, at, out)), None);
}

#[test]
fn property_counts() {
    let map: BTreeMap<String, u8> = BTreeMap::new();
    assert_eq!(
        run(|at, out| min_properties(&map, 1, at, out)),
        [(
            "/a/b".to_owned(),
            "minProperties",
            "must have at least 1 property, found 0".to_owned()
        )]
    );
    let map: BTreeMap<String, u8> = [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    assert_eq!(
        message(|at, out| max_properties(&map, 1, at, out)).as_deref(),
        Some("must have at most 1 property, found 2")
    );
    assert_eq!(message(|at, out| max_properties(&map, 2, at, out)), None);
    assert_eq!(
        message(|at, out| min_properties(&Nullable::<BTreeMap<String, u8>>::Null, 1, at, out)),
        None
    );
}

#[test]
fn each_checks_items_at_their_index() {
    let tags = vec![
        "ok".to_owned(),
        "toolong".to_owned(),
        "fine".to_owned(),
        "waytoolong".to_owned(),
    ];
    let found = run(|at, out| each(&tags, at, out, |item, at, out| max_length(item, 5, at, out)));
    assert_eq!(
        found,
        [
            (
                "/a/b/1".to_owned(),
                "maxLength",
                "must be at most 5 characters long, found 7".to_owned()
            ),
            (
                "/a/b/3".to_owned(),
                "maxLength",
                "must be at most 5 characters long, found 10".to_owned()
            ),
        ]
    );
    assert!(run(
        |at, out| each(&None::<Vec<String>>, at, out, |item, at, out| max_length(
            item, 0, at, out
        ))
    )
    .is_empty());
}

fn is(format: Format, text: &str) -> bool {
    format.matches(text)
}

#[test]
fn format_names_round_trip_and_unknown_ones_have_no_check() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
    }
    assert_eq!(Format::from_name("int32"), None);
    assert_eq!(Format::from_name("password"), None);
    assert_eq!(
        message(|at, out| super::format("nope", Format::Email, at, out)).as_deref(),
        Some("is not a valid email address")
    );
    assert_eq!(
        run(|at, out| super::format("nope", Format::Ipv4, at, out))[0].1,
        "format"
    );
}

#[test]
fn format_email() {
    for ok in [
        "joe@example.com",
        "joe.bloggs+tag@mail.example.co.uk",
        "te~st@example.com",
        "o'brien@example.com",
        "\"joe bloggs\"@example.com",
        "\"joe@home\"@example.com",
        "joe@[127.0.0.1]",
        "joe@[IPv6:::1]",
        "a@b",
    ] {
        assert!(is(Format::Email, ok), "{ok}");
    }
    for bad in [
        "",
        "joe",
        "@example.com",
        "joe@",
        ".joe@example.com",
        "joe.@example.com",
        "jo..e@example.com",
        "joe bloggs@example.com",
        "joe@exa mple.com",
        "joe@-example.com",
        "joe@example..com",
        "joe@[300.0.0.1]",
        "joe@[::1]",
        "jöe@example.com",
    ] {
        assert!(!is(Format::Email, bad), "{bad}");
    }
}

#[test]
fn format_uri() {
    for ok in [
        "http://foo.bar/?baz=qux#quux",
        "https://example.com",
        "http://user:pw@example.com:8080/a/b%20c?x=1&y=2",
        "http://[2001:db8::7]/c=GB?objectClass?one",
        "http://[v7.fe80::a+en1]/",
        "mailto:John.Doe@example.com",
        "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
        "tel:+1-816-555-1212",
        "file:///etc/hosts",
        "http://example.com/#/components/schemas/a",
        "foo+bar-baz.qux:x",
    ] {
        assert!(is(Format::Uri, ok), "{ok}");
    }
    for bad in [
        "",
        "abc",
        "//foo.bar/?baz=qux#quux",
        "/abc",
        "\\\\WINDOWS\\fileshare",
        "http:// shouldfail.com",
        ":// should fail",
        "bar,baz:foo",
        "1http://example.com",
        "http://example.com/%zz",
        "http://example.com/%a",
        "http://example.com:80a/",
        "http://[::1/",
        "http://[1:2]/",
        "http://example.com/a#b#c",
        "http://example.com/ä",
        "https://example.com/foo\"bar",
    ] {
        assert!(!is(Format::Uri, bad), "{bad}");
    }
}

#[test]
fn format_uuid_date_date_time() {
    assert!(is(Format::Uuid, "3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    assert!(is(Format::Uuid, "3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
    assert!(!is(Format::Uuid, "3f2504e04f8911d39a0c0305e82c3301"));
    assert!(!is(Format::Uuid, "3f2504e0-4f89-11d3-9a0c-0305e82c330g"));
    assert!(is(Format::Date, "2024-02-29"));
    assert!(!is(Format::Date, "2023-02-29"));
    assert!(!is(Format::Date, "2023-13-01"));
    assert!(!is(Format::Date, "2023-1-01"));
    assert!(is(Format::DateTime, "2022-09-30T15:30:15+00:00"));
    assert!(is(Format::DateTime, "2022-09-30T15:30:15.123Z"));
    assert!(!is(Format::DateTime, "2022-09-30T15:30:15"));
    assert!(!is(Format::DateTime, "2022-09-30"));
    assert!(!is(Format::DateTime, "2022-09-30T25:30:15Z"));
}

#[test]
fn format_ip_addresses() {
    for ok in ["127.0.0.1", "0.0.0.0", "255.255.255.255"] {
        assert!(is(Format::Ipv4, ok), "{ok}");
    }
    for bad in [
        "256.0.0.1",
        "127.0.0",
        "127.0.0.01",
        "1.2.3.4.5",
        "::1",
        " 1.2.3.4",
        "a.b.c.d",
    ] {
        assert!(!is(Format::Ipv4, bad), "{bad}");
    }
    for ok in [
        "::1",
        "::",
        "2001:db8::7",
        "1:2:3:4:5:6:7:8",
        "::ffff:192.168.0.1",
        "FE80::1",
    ] {
        assert!(is(Format::Ipv6, ok), "{ok}");
    }
    for bad in [
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "fe80::1%eth0",
        ":::",
        "1.2.3.4",
        "::g",
    ] {
        assert!(!is(Format::Ipv6, bad), "{bad}");
    }
}

#[test]
fn format_hostname() {
    for ok in [
        "example.com",
        "a",
        "xn--bcher-kva.example",
        "a-b.c-d",
        "123.example",
        &"a".repeat(63),
    ] {
        assert!(is(Format::Hostname, ok), "{ok}");
    }
    let long = vec!["a".repeat(60); 5].join(".");
    for bad in [
        "",
        "-example.com",
        "example-.com",
        "exa_mple.com",
        "example..com",
        "example.com.",
        ".example.com",
        "ex ample.com",
        "bücher.example",
        &"a".repeat(64),
        &long,
    ] {
        assert!(!is(Format::Hostname, bad), "{bad}");
    }
}

#[test]
fn containers_recurse_with_pointers() {
    /// A hand-written impl: a violation at its own pointer when odd.
    struct Even(u8);
    impl Validate for Even {
        fn validate_into(&self, pointer: &str, out: &mut Vec<Violation>) {
            if self.0 % 2 == 1 {
                out.push(Violation::new(Location::at(pointer), "multipleOf", "odd"));
            }
        }
    }
    let map: BTreeMap<String, Vec<Option<Box<Even>>>> = [
        (
            "a/b".to_owned(),
            vec![Some(Box::new(Even(2))), None, Some(Box::new(Even(3)))],
        ),
        ("m~n".to_owned(), vec![Some(Box::new(Even(1)))]),
        ("ok".to_owned(), vec![]),
    ]
    .into();
    let nested = Nullable::Value(map);
    let pointers: Vec<String> = nested
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| v.pointer)
        .collect();
    assert_eq!(pointers, ["/a~1b/2", "/m~0n/0"]);
    let mut out = Vec::new();
    nested.validate_into("/root", &mut out);
    assert_eq!(out[0].pointer, "/root/a~1b/2");
    assert!(Nullable::<Even>::Null.validate().is_ok());
    assert!(Nullable::<Even>::Absent.validate().is_ok());
    assert!(Some(Even(1)).validate().is_err());
    assert!(None::<Even>.validate().is_ok());
    assert!([Even(2), Even(4)].as_slice().validate().is_ok());
    assert!("text".validate().is_ok());
    let hash: std::collections::HashMap<String, Even> = [
        ("b".to_owned(), Even(1)),
        ("a".to_owned(), Even(3)),
        ("c".to_owned(), Even(2)),
    ]
    .into();
    let pointers: Vec<String> = hash
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| v.pointer)
        .collect();
    assert_eq!(pointers, ["/a", "/b"]);
    let array = [Even(2), Even(5)];
    assert_eq!(array.validate().unwrap_err().as_slice()[0].pointer, "/1");
    assert!(json!({"any": "thing"}).validate().is_ok());
}
