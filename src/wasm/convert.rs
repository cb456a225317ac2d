//! Moving values across the boundary. Inputs are read with `Reflect` and `JSON.stringify`
//! into the core's types; results go out as JSON text through `JSON.parse`, which makes every
//! key (even `__proto__`) a plain own property and costs one call per result.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, Object, Reflect, JSON};
use miniserde::json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// A `TypeError` with `message`.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A `TypeError` saying `field` has a value it cannot take.
pub fn bad_option(field: &str, problem: &str) -> JsValue {
    let mut m = String::from("faultline: ");
    m.push_str(field);
    m.push(' ');
    m.push_str(problem);
    type_error(&m)
}

/// `obj[key]`, or `undefined` for anything that is not an object or whose getter throws.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// True for `undefined` and `null`: an option left out.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// The own enumerable keys of an options object; a `TypeError` for anything else.
pub fn option_keys(v: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    if absent(v) {
        return Ok(Vec::new());
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(bad_option(what, "must be an object"));
    }
    Ok(Object::keys(v.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect())
}

/// Rejects keys of `v` that are not in `known`, naming the first.
pub fn check_keys(v: &JsValue, what: &str, known: &[&str]) -> Result<(), JsValue> {
    for key in option_keys(v, what)? {
        if !known.contains(&key.as_str()) {
            let mut field = String::from(what);
            field.push('.');
            field.push_str(&key);
            return Err(bad_option(&field, "is not a known option"));
        }
    }
    Ok(())
}

/// A JS value as core JSON, through `JSON.stringify` (so `NaN` and `Infinity` arrive as
/// `null` and are rejected by the field's own check).
pub fn to_json_value(v: &JsValue, what: &str) -> Result<Value, JsValue> {
    let text = JSON::stringify(v).ok().and_then(|s| s.as_string());
    let text = text.ok_or_else(|| bad_option(what, "must be JSON-serialisable (no cycles or BigInt)"))?;
    miniserde::json::from_str(&text).map_err(|_| bad_option(what, "must be JSON-serialisable"))
}

/// Core JSON text as a JS value.
pub fn from_json_text(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Header pairs from a `Headers`, an array of pairs, a `Map`, or a plain object whose values
/// are strings or numbers. Names and values are checked the way `Headers` checks them.
pub fn header_pairs(v: &JsValue, what: &str) -> Result<Vec<(String, String)>, JsValue> {
    let mut out = Vec::new();
    if absent(v) {
        return Ok(out);
    }
    if !v.is_object() {
        return Err(bad_option(what, "must be a Headers object, an array of [name, value] pairs or a plain object"));
    }
    let iter = if js_sys::Reflect::has(v, &js_sys::Symbol::iterator()).unwrap_or(false) {
        js_sys::try_iter(v).ok().flatten()
    } else {
        None
    };
    let entries: Vec<JsValue> = match iter {
        Some(iter) => iter.collect::<Result<_, _>>().map_err(|_| bad_option(what, "could not be iterated"))?,
        None => Object::entries(v.unchecked_ref::<Object>()).iter().collect(),
    };
    for entry in entries {
        let name = Reflect::get_u32(&entry, 0).ok().and_then(|n| n.as_string());
        let value = Reflect::get_u32(&entry, 1).ok().unwrap_or(JsValue::UNDEFINED);
        let value = value.as_string().or_else(|| value.as_f64().map(number_text));
        match (name, value) {
            (Some(n), Some(val)) if crate::method::is_token(&n) => out.push((n, val)),
            (Some(_), Some(_)) => return Err(bad_option(what, "has a header name that is not a valid HTTP token")),
            _ => return Err(bad_option(what, "must map header names to string values")),
        }
    }
    Ok(out)
}

/// A number as JS would print it, for header values given as numbers.
fn number_text(n: f64) -> String {
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// Borrowed views of owned header pairs, as the core takes them.
pub fn borrow_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// `Date.now()`.
pub fn now_ms() -> u64 {
    let n = js_sys::Date::now();
    if n > 0.0 {
        n as u64
    } else {
        0
    }
}
