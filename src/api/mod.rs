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
//! options object's own keys as the array second in place, so that a typo is still
//! reported.

mod calls;
mod fetch;
mod input;
mod runtime;

pub use calls::{backoff_schedule, classify, diagnose, parse_error, retry_after_ms, to_curl};
pub use fetch::FetchCall;
pub use input::{Fault, Reply};
pub use runtime::{op, Runtime};
