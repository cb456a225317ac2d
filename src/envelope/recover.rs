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
            if let Some(s) = json_string(rest) {
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

/// Decodes a JSON string body up to its closing quote; `None` when it never closes.
fn json_string(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        let decoded = match c {
            '"' => {
                if pending_high.is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                return Some(out);
            }
            '\\' => match chars.next()? {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'u' => {
                    let mut n = 0u32;
                    for _ in 0..4 {
                        n = n * 16 + chars.next()?.to_digit(16)?;
                    }
                    match (pending_high.take(), n) {
                        (None, 0xD800..=0xDBFF) => {
                            pending_high = Some(n);
                            continue;
                        }
                        (Some(hi), 0xDC00..=0xDFFF) => {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (n - 0xDC00);
                            char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
                        }
                        (Some(_), _) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER)
                        }
                        (None, _) => char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER),
                    }
                }
                other => other,
            },
            c => c,
        };
        if pending_high.take().is_some() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
        out.push(decoded);
    }
    None
}
