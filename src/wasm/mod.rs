//! The one wasm-bindgen export, and the only module that knows about wasm-bindgen. It
//! passes a call number, bytes and JSON text to [`crate::api::Runtime`]; the package's
//! JavaScript half (`pkg-template/`) builds that JSON from its arguments, throws a
//! `TypeError` for an answer that starts with `!`, and runs the fetch loop. Nothing here
//! can trap: every input is a number, bytes or text.

use alloc::string::String;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::api::Runtime;

thread_local! {
    /// Every origin's budget and breaker and the fetches in progress, for this instance.
    static RUNTIME: RefCell<Runtime> = RefCell::new(Runtime::default());
}

/// Call number `op` (see [`crate::api::Op`]): its JSON answer, or `!` and the message of
/// the `TypeError` to throw.
#[wasm_bindgen]
pub fn call(op: u32, bytes: &[u8], text: &str) -> String {
    RUNTIME.with(|r| {
        r.borrow_mut()
            .call(op, bytes, text)
            .unwrap_or_else(|message| {
                let mut out = String::from("!");
                out.push_str(&message);
                out
            })
    })
}
