//! `parseError`, `diagnose` and `toCurl`.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{absent, bad_option, borrow_pairs, check_keys, from_json_text, header_pairs, prop, type_error};
use crate::diagnose::RequestParts;
use crate::envelope::{parse_error, parse_error_value, MAX_BODY_BYTES};

/// Reads an error body into the contract's envelope. Never throws on a bad body.
#[wasm_bindgen(js_name = parseError)]
pub fn parse_error_js(body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    check_keys(&options, "options", &["status", "contentType"])?;
    let status = prop(&options, "status").as_f64().filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s)).map(|s| s as u16);
    let content_type = prop(&options, "contentType").as_string();
    let envelope = match bytes_of(&body, MAX_BODY_BYTES + 1) {
        Some(bytes) => parse_error(&bytes, status, content_type.as_deref()),
        // Already-parsed JSON: written out by JSON.stringify, read back by the core.
        None => match js_sys::JSON::stringify(&body).ok().and_then(|s| s.as_string()).map(|t| miniserde::json::from_str(&t)) {
            Some(Ok(value)) => parse_error_value(&value, status),
            _ => parse_error(b"", status, content_type.as_deref()),
        },
    };
    Ok(from_json_text(&envelope.to_json()))
}

/// A body as bytes (at most `limit` of them) when it is text, bytes or absent; `None` for
/// anything else (parsed JSON).
fn bytes_of(body: &JsValue, limit: usize) -> Option<Vec<u8>> {
    if absent(body) {
        return Some(Vec::new());
    }
    if let Some(s) = body.as_string() {
        return Some(s.into_bytes());
    }
    let view = if let Some(buffer) = body.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(buffer)
    } else if ArrayBuffer::is_view(body) {
        let (buffer, offset, len) = (prop(body, "buffer"), prop(body, "byteOffset"), prop(body, "byteLength"));
        Uint8Array::new_with_byte_offset_and_length(&buffer, offset.as_f64().unwrap_or(0.0) as u32, len.as_f64().unwrap_or(0.0) as u32)
    } else {
        return None;
    };
    let end = view.length().min(limit as u32);
    Some(view.subarray(0, end).to_vec())
}

/// The parts of a request given as a `Request` or as `{ url, method, headers, body }`.
struct Parts {
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Parts {
    fn read(request: &JsValue, what: &str) -> Result<Parts, JsValue> {
        if let Some(url) = request.as_string() {
            return Ok(Parts { url, method: String::from("GET"), headers: Vec::new(), body: None });
        }
        if !request.is_object() {
            return Err(type_error("faultline: expected a Request or { url, method, headers, body }"));
        }
        let is_request = prop(request, "clone").is_function();
        if !is_request {
            check_keys(request, what, &["url", "method", "headers", "body"])?;
        }
        let url_value = prop(request, "url");
        let url = url_value.as_string().or_else(|| prop(&url_value, "href").as_string());
        let url = url.ok_or_else(|| bad_option(&[what, ".url"].concat(), "must be a URL string"))?;
        let method = super::exports::method_of(&prop(request, "method"))?;
        let headers = header_pairs(&prop(request, "headers"), &[what, ".headers"].concat())?;
        // A Request's body is a stream that cannot be read synchronously: it is left out.
        let raw = if is_request { JsValue::UNDEFINED } else { prop(request, "body") };
        let body = if absent(&raw) {
            None
        } else if let Some(bytes) = bytes_of(&raw, usize::MAX) {
            Some(bytes)
        } else if let Some(text) = searchparams_text(&raw) {
            Some(text.into_bytes())
        } else {
            return Err(bad_option(&[what, ".body"].concat(), "must be a string, bytes or URLSearchParams to be reproduced"));
        };
        Ok(Parts { url, method, headers, body })
    }
}

fn searchparams_text(v: &JsValue) -> Option<String> {
    let ctor = prop(&js_sys::global(), "URLSearchParams");
    if ctor.is_function() && v.is_instance_of::<js_sys::Object>() && js_sys::Reflect::get(v, &"getAll".into()).map(|f| f.is_function()).unwrap_or(false) {
        return js_sys::JsString::from(v.clone()).as_string();
    }
    None
}

/// Findings about a request that is likely to be refused. See the contract, section 5.
#[wasm_bindgen(js_name = diagnose)]
pub fn diagnose_js(request: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    check_keys(&options, "options", &["profile", "needsAuth"])?;
    let parts = Parts::read(&request, "request")?;
    let profile_needs = match prop(&options, "profile") {
        p if absent(&p) => false,
        p => super::exports::setup(&p, &JsValue::UNDEFINED)?.profile.needs_auth,
    };
    let needs_auth = match prop(&options, "needsAuth") {
        v if absent(&v) => profile_needs,
        v => v.as_bool().ok_or_else(|| bad_option("options.needsAuth", "must be a boolean"))?,
    };
    let pairs = borrow_pairs(&parts.headers);
    let req = RequestParts { method: &parts.method, url: &parts.url, headers: &pairs, body: parts.body.as_deref() };
    let findings = crate::diagnose::diagnose(&req, needs_auth);
    let mut json = String::from("[");
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&f.to_json());
    }
    json.push(']');
    Ok(from_json_text(&json))
}

/// A curl command that reproduces a request; secrets are `***` unless `redact: false`.
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl_js(request: JsValue, options: JsValue) -> Result<String, JsValue> {
    check_keys(&options, "options", &["redact"])?;
    let redact = match prop(&options, "redact") {
        v if absent(&v) => true,
        v => v.as_bool().ok_or_else(|| bad_option("options.redact", "must be a boolean"))?,
    };
    let parts = Parts::read(&request, "request")?;
    Ok(curl_of(&parts.url, &parts.method, &parts.headers, parts.body.as_deref(), redact))
}

/// The redacted curl command for a request faultline sent.
pub fn curl_of(url: &str, method: &str, headers: &[(String, String)], body: Option<&[u8]>, redact: bool) -> String {
    let pairs = borrow_pairs(headers);
    crate::curl::to_curl(&RequestParts { method, url, headers: &pairs, body }, redact)
}

/// The bytes of a request body faultline can reproduce (text, bytes, URLSearchParams).
pub fn replayable_bytes(body: &JsValue) -> Option<Vec<u8>> {
    if absent(body) {
        return None;
    }
    bytes_of(body, usize::MAX).or_else(|| searchparams_text(body).map(String::into_bytes))
}
