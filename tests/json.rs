//! The JSON reader and writer: strict RFC 8259, bounded nesting, document order, and
//! numbers written as JavaScript writes them.

use faultline::json::{
    as_array, as_bool, as_f64, as_object, as_str, as_u64, check, get, get_str, is_null, parse,
    parse_at, push_number, push_string, scalar_text, Value, MAX_DEPTH,
};

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn obj(members: &[(&str, Value)]) -> Value {
    Value::Object(
        members
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[test]
fn valid_documents() {
    let rows: Vec<(&str, Value)> = vec![
        ("null", Value::Null),
        (" \t\r\ntrue \n", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("0", Value::Number(0.0)),
        ("-0", Value::Number(-0.0)),
        ("42", Value::Number(42.0)),
        ("-1.5e3", Value::Number(-1500.0)),
        ("0.1", Value::Number(0.1)),
        ("1E+2", Value::Number(100.0)),
        ("2.5e-3", Value::Number(0.0025)),
        ("9007199254740993", Value::Number(9_007_199_254_740_992.0)),
        ("1e400", Value::Number(f64::INFINITY)),
        ("1e-400", Value::Number(0.0)),
        ("\"\"", s("")),
        ("\"héllo ☃\"", s("héllo ☃")),
        ("[]", Value::Array(vec![])),
        (
            "[1, [2], {}]",
            Value::Array(vec![
                Value::Number(1.0),
                Value::Array(vec![Value::Number(2.0)]),
                obj(&[]),
            ]),
        ),
        (
            r#"{"b": 1, "a": [true, null], "__proto__": "x"}"#,
            obj(&[
                ("b", Value::Number(1.0)),
                ("a", Value::Array(vec![Value::Bool(true), Value::Null])),
                ("__proto__", s("x")),
            ]),
        ),
    ];
    for (text, want) in rows {
        assert_eq!(parse(text), Some(want), "{text:?}");
    }
}

#[test]
fn escapes_and_surrogates() {
    let rows: &[(&str, &str)] = &[
        (
            r#""\" \\ \/ \b \f \n \r \t""#,
            "\" \\ / \u{8} \u{c} \n \r \t",
        ),
        (r#""\u00e9\u0041""#, "éA"),
        (r#""\ud83d\ude00""#, "😀"),
        (r#""\uD83D\uDE00""#, "😀"),
        // Lone surrogates become U+FFFD; what follows them is kept.
        (r#""\ud800""#, "\u{FFFD}"),
        (r#""\ud800x""#, "\u{FFFD}x"),
        (r#""\udc00\ud800""#, "\u{FFFD}\u{FFFD}"),
        (r#""\ud800\u0041""#, "\u{FFFD}A"),
        (r#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
        (r#""\u0000""#, "\0"),
    ];
    for (text, want) in rows {
        assert_eq!(parse(text), Some(s(want)), "{text}");
    }
}

#[test]
fn invalid_documents_and_where_they_fail() {
    let rows: &[(&str, usize)] = &[
        ("", 0),
        ("   ", 3),
        ("nul", 0),
        ("True", 0),
        ("01", 1),
        ("1.", 2),
        (".5", 0),
        ("+1", 0),
        ("1e", 2),
        ("1e+", 3),
        ("-", 1),
        ("0x10", 1),
        ("NaN", 0),
        ("[1,]", 3),
        ("[1 2]", 3),
        ("{\"a\" 1}", 5),
        ("{\"a\":1,}", 7),
        ("{a:1}", 1),
        ("{'a':1}", 1),
        ("\"abc", 4),
        ("\"a\nb\"", 2),
        (r#""\x""#, 2),
        (r#""\u12""#, 5),
        (r#""\ud800\u12""#, 11),
        ("[1] x", 4),
        ("{} {}", 3),
        ("[", 1),
        ("{\"a\":", 5),
    ];
    for (text, at) in rows {
        assert_eq!(parse_at(text), Err(*at), "{text:?}");
        assert_eq!(parse(text), None, "{text:?}");
    }
}

#[test]
fn nesting_is_capped_without_overflowing_the_stack() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(parse(&nested(MAX_DEPTH)).is_some());
    assert_eq!(parse_at(&nested(MAX_DEPTH + 1)), Err(MAX_DEPTH));
    assert!(parse(&nested(100_000)).is_none());
    assert!(parse(&"{\"a\":".repeat(100_000)).is_none());
}

#[test]
fn check_reports_the_first_error_and_passes_deep_documents() {
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let rows: &[(&str, Result<(), usize>)] = &[
        ("{\"a\": [1, 2.5, \"x\"]}", Ok(())),
        ("{\"a\":1,}", Err(7)),
        (" ", Err(1)),
        (&deep, Ok(())),
    ];
    for (text, want) in rows {
        assert_eq!(check(text), *want, "{text:.20}");
    }
}

#[test]
fn duplicate_keys_read_as_the_last_but_stay_in_order() {
    let v = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
    assert_eq!(get(&v, "a").and_then(as_f64), Some(3.0));
    let keys: Vec<&str> = as_object(&v)
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["a", "b", "a"]);
}

#[test]
fn accessors() {
    let v = parse(r#"{"s":"x","n":7,"f":1.5,"t":true,"z":null,"a":[1],"o":{"k":"v"},"neg":-1}"#)
        .unwrap();
    assert_eq!(get_str(&v, "s"), Some("x"));
    assert_eq!(get_str(&v, "n"), None);
    assert_eq!(get(&v, "n").and_then(as_u64), Some(7));
    assert_eq!(get(&v, "f").and_then(as_u64), None);
    assert_eq!(get(&v, "neg").and_then(as_u64), None);
    assert_eq!(get(&v, "t").and_then(as_bool), Some(true));
    assert!(get(&v, "z").is_some_and(is_null));
    assert_eq!(get(&v, "a").and_then(as_array).map(<[Value]>::len), Some(1));
    assert_eq!(get(&v, "o").and_then(|o| get_str(o, "k")), Some("v"));
    assert_eq!(get(&v, "missing"), None);
    assert_eq!(get(&Value::Array(vec![]), "s"), None);
    assert_eq!(as_str(&Value::Null), None);
    let texts: Vec<Option<String>> = ["s", "n", "f", "t", "z"]
        .iter()
        .map(|k| get(&v, k).and_then(scalar_text))
        .collect();
    assert_eq!(
        texts,
        [
            Some("x".into()),
            Some("7".into()),
            Some("1.5".into()),
            Some("true".into()),
            None
        ]
    );
}

#[test]
fn numbers_are_written_as_javascript_writes_them() {
    let rows: &[(f64, &str)] = &[
        (0.0, "0"),
        (-0.0, "0"),
        (7.0, "7"),
        (-42.0, "-42"),
        (9_007_199_254_740_991.0, "9007199254740991"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (0.3, "0.3"),
        (-2.25, "-2.25"),
        (123.456, "123.456"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-10, "1.5e-10"),
        (1e21, "1e+21"),
        (1.5e300, "1.5e+300"),
        (2f64.powi(64), "18446744073709552000"),
        (1e20, "100000000000000000000"),
        (f64::NAN, "null"),
        (f64::INFINITY, "null"),
        (0.30000000000000004, "0.30000000000000004"),
    ];
    for (n, want) in rows {
        let mut out = String::new();
        push_number(&mut out, *n);
        assert_eq!(out, *want, "{n:e}");
    }
}

#[test]
fn strings_are_written_escaped() {
    let mut out = String::new();
    push_string(&mut out, "a \"q\" \\ \n\r\t \u{1} \u{1f} é ☃");
    assert_eq!(out, r#""a \"q\" \\ \n\r\t \u0001 \u001f é ☃""#);
    assert_eq!(parse(&out), Some(s("a \"q\" \\ \n\r\t \u{1} \u{1f} é ☃")));
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => push_number(out, *n),
            Value::String(t) => push_string(out, t),
            Value::Array(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, x)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_string(out, k);
                    out.push(':');
                    write(x, out);
                }
                out.push('}');
            }
        }
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-1_000_000i64..1_000_000).prop_map(|n| Value::Number(n as f64)),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("\\PC{0,6}", inner), 0..6).prop_map(Value::Object),
            ]
        })
    }

    proptest! {
        #[test]
        fn written_values_read_back(v in value()) {
            let mut text = String::new();
            write(&v, &mut text);
            prop_assert_eq!(parse(&text), Some(v));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
            let _ = parse(&text);
        }

        #[test]
        fn json_ish_text_never_panics(pieces in prop::collection::vec(prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d800", "dc00", "00e9", "1", "-", ".", "e", "+",
            "0", "true", "null", " ", "é", "\n",
        ]), 0..60)) {
            let _ = parse_at(&pieces.concat());
        }

        #[test]
        fn safe_integers_are_written_exactly(n in -9_007_199_254_740_991i64..=9_007_199_254_740_991) {
            let mut out = String::new();
            push_number(&mut out, n as f64);
            prop_assert_eq!(out, n.to_string());
        }

        #[test]
        fn numbers_read_like_the_std_parser(m in 0u64..(1 << 53), e in -22i32..=22, neg in any::<bool>()) {
            // Within 2^53 and 10^±22 the reading is exact.
            let text = format!("{}{m}e{e}", if neg { "-" } else { "" });
            prop_assert_eq!(parse(&text), Some(Value::Number(text.parse::<f64>().unwrap())));
        }

        #[test]
        fn any_number_reads_back_closely(bits in any::<u64>()) {
            let n = f64::from_bits(bits);
            prop_assume!(n.is_finite());
            let mut out = String::new();
            push_number(&mut out, n);
            let std = out.parse::<f64>().unwrap();
            let ours = as_f64(&parse(&out).unwrap()).unwrap();
            for back in [std, ours] {
                prop_assert!(back == n || ((back - n) / n).abs() < 1e-15, "{} -> {} -> {}", n, out, back);
            }
        }
    }
}
