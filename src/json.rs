//! Small helpers over miniserde's JSON value, shared by the envelope parser and the bindings.

use alloc::string::String;
use miniserde::json::{Number, Value};

/// The member `key` of an object, if `v` is one.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// `v` as a string slice.
pub fn as_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The string member `key` of `v`.
pub fn get_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(as_str)
}

/// `v` as a float, for numbers only.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(Number::U64(n)) => Some(*n as f64),
        Value::Number(Number::I64(n)) => Some(*n as f64),
        Value::Number(Number::F64(n)) => Some(*n),
        _ => None,
    }
}

/// A string, or a number or boolean written out, for fields such as `code` that APIs send
/// either way.
pub fn scalar_text(v: &Value) -> Option<String> {
    use alloc::string::ToString;
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(Number::U64(n)) => Some(n.to_string()),
        Value::Number(Number::I64(n)) => Some(n.to_string()),
        Value::Number(Number::F64(n)) => Some(n.to_string()),
        Value::Bool(b) => Some(String::from(if *b { "true" } else { "false" })),
        _ => None,
    }
}
