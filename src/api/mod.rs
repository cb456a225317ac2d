//! The contract's calls over JSON text: what the npm package's JavaScript half sends across
//! the wasm boundary. Each call takes the JSON the JavaScript side built from its arguments
//! (plain values only: header pairs, texts, numbers) and answers JSON text, or `Err` with
//! the message of the `TypeError` to throw. One JSON crossing per call is far smaller in
//! wasm than reading JavaScript objects field by field, and keeps every check here, in
//! Rust, where it is tested natively.
//!
//! The JSON is an array of the call's arguments, each at its place (`null` for one not
//! given; the reading is by place, not by name, which costs less wasm and JavaScript). A
//! non-finite number arrives as its text (`"NaN"`), a function as `"[function]"`, and an
//! options object's own keys as the array second in place (`0` for options that are not an
//! object), so that a typo is still reported.

mod calls;
mod fetch;
mod input;
mod runtime;

pub use fetch::FetchCall;
pub use input::{Fault, Reply};
pub use runtime::{op, Runtime};

/// A pure call on its JSON text, as [`Runtime::call`] runs it (which the wasm export uses).
fn pure(op: u32, body: &[u8], text: &str) -> Reply {
    Runtime::default().call(op, body, text)
}

/// `classify(subject, context)` (see `calls::classify`).
pub fn classify(text: &str) -> Reply {
    pure(op::CLASSIFY, b"", text)
}

/// `retryAfterMs(headers, options)`.
pub fn retry_after_ms(text: &str) -> Reply {
    pure(op::RETRY_AFTER_MS, b"", text)
}

/// `backoffSchedule(policy)`.
pub fn backoff_schedule(text: &str) -> Reply {
    pure(op::BACKOFF_SCHEDULE, b"", text)
}

/// `parseError(body, options)`, the body as bytes.
pub fn parse_error(body: &[u8], text: &str) -> Reply {
    pure(op::PARSE_ERROR, body, text)
}

/// `diagnose(request, options)`, the request's body as bytes.
pub fn diagnose(body: &[u8], text: &str) -> Reply {
    pure(op::DIAGNOSE, body, text)
}

/// `toCurl(request, options)`, the request's body as bytes.
pub fn to_curl(body: &[u8], text: &str) -> Reply {
    pure(op::TO_CURL, body, text)
}
