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
    match v {
        Value::String(s) => Some(s.clone()),
        // miniserde's own number writer: shortest round-trip text without `core::fmt`.
        Value::Number(_) | Value::Bool(_) => Some(miniserde::json::to_string(v)),
        _ => None,
    }
}

/// `n` in decimal, without pulling `core::fmt` into the wasm build.
pub fn u64_text(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    digits.get(start..).map(|d| d.iter().map(|&b| b as char).collect()).unwrap_or_default()
}
