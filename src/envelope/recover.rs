//! Truncated or invalid JSON: recover what can be read safely, namely complete
//! `"key": "string"` pairs for the common message, code and id keys, found by scanning.

use super::{find_named, harvest, Acc, Format, Harvest};
use alloc::string::String;

const KEYS: Harvest = &[
    (
        Acc::msg,
        "message|error_description|detail|msg|description|reason|title|error",
    ),
    (Acc::code, "code|error_code|errorCode|type"),
    (
        Acc::request_id,
        "request_id|requestId|traceId|trace_id|correlationId",
    ),
];

/// `format: "invalid_json"`, with the messages and ids that could be recovered from the
/// trimmed `text`.
pub(super) fn invalid_json(text: &str, acc: &mut Acc) {
    acc.set_format(Format::InvalidJson);
    harvest(acc, text, KEYS, string_member);
    // A JSON content type on a body that is not JSON at all: the text is the message.
    if acc.is_empty() && !matches!(text.as_bytes().first(), Some(b'{' | b'[')) {
        acc.msg(text);
    }
}

/// The first complete string value of `"key": "…"` in `text`, unescaped.
fn string_member(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    loop {
        let at = find_named(text.get(from..)?, b"\"", key, b"\"", false);
        if at == usize::MAX {
            return None;
        }
        let end = from + at;
        from = end;
        // `text` is trimmed, so `trim` only trims the start of its tails.
        let Some(rest) = text.get(end + 1..)?.trim().strip_prefix(":") else {
            continue;
        };
        let rest = rest.trim();
        if let Some(rest) = rest.strip_prefix("\"") {
            if let Some(s) = crate::json::string_rest(rest) {
                return Some(s);
            }
        }
        // A number such as `"code": 500`, complete only if something follows it.
        let mut digits = 0;
        while rest.as_bytes().get(digits).is_some_and(u8::is_ascii_digit) {
            digits += 1;
        }
        if digits > 0 && digits < 20 && digits < rest.len() {
            return rest.get(..digits).map(String::from);
        }
    }
}
