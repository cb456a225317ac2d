//! Small helpers over miniserde's JSON value, shared by the envelope parser and the bindings.

use alloc::string::String;
use miniserde::json::Number;
pub use miniserde::json::Value;

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
    digits
        .get(start..)
        .map(|d| d.iter().map(|&b| b as char).collect())
        .unwrap_or_default()
}

/// True for a finite number with no fractional part (`f64::fract` needs std).
pub fn is_whole(n: f64) -> bool {
    n.is_finite() && n == (n as i64) as f64
}

/// Parses JSON text; `None` when it is not JSON.
pub fn parse(text: &str) -> Option<Value> {
    miniserde::json::from_str(text).ok()
}

/// `v` as a boolean.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `v` as the items of an array.
pub fn as_array(v: &Value) -> Option<&[Value]> {
    match v {
        Value::Array(items) => Some(items),
        _ => None,
    }
}

/// True for `null`.
pub fn is_null(v: &Value) -> bool {
    matches!(v, Value::Null)
}

/// Appends `s` as a JSON string literal.
pub fn push_string(out: &mut String, s: &str) {
    out.push_str(&miniserde::json::to_string(&Value::String(String::from(s))));
}
