//! Truncated or invalid JSON: recover what can be read safely, namely complete
//! `"key": "string"` pairs for the common message, code and id keys, found by scanning.

use super::{Acc, Envelope};
use crate::text::find_from;
use alloc::string::String;

const MESSAGE_KEYS: &[&str] = &[
    "message",
    "error_description",
    "detail",
    "msg",
    "description",
    "reason",
    "title",
    "error",
];
const CODE_KEYS: &[&str] = &["code", "error_code", "errorCode", "type"];
const ID_KEYS: &[&str] = &[
    "request_id",
    "requestId",
    "traceId",
    "trace_id",
    "correlationId",
];

/// `format: "invalid_json"`, with the messages and ids that could be recovered.
pub(super) fn invalid_json(text: &str) -> Envelope {
    let mut acc = Acc::new("invalid_json");
    for key in MESSAGE_KEYS {
        if let Some(v) = string_member(text, key) {
            acc.msg(&v);
        }
    }
    for key in CODE_KEYS {
        if let Some(v) = string_member(text, key) {
            acc.code(&v);
        }
    }
    for key in ID_KEYS {
        if let Some(v) = string_member(text, key) {
            acc.request_id(&v);
        }
    }
    // A JSON content type on a body that is not JSON at all: the text is the message.
    if acc.is_empty() && !text.starts_with(['{', '[']) {
        acc.msg(text);
    }
    acc.finish()
}

/// The first complete string value of `"key": "…"` in `text`, unescaped.
fn string_member(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(start) = find_from(text, key, from, false) {
        from = start + key.len();
        let quoted = start > 0
            && text.as_bytes().get(start - 1) == Some(&b'"')
            && text.as_bytes().get(from) == Some(&b'"');
        if !quoted {
            continue;
        }
        let rest = text.get(from + 1..)?.trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(rest) = rest.strip_prefix('"') {
            if let Some(s) = crate::json::string_rest(rest) {
                return Some(s);
            }
        }
        // A number such as `"code": 500`, complete only if something follows it.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < 20 && digits < rest.len() {
            return rest.get(..digits).map(String::from);
        }
    }
    None
}
