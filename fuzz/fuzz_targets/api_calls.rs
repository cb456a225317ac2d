//! Arbitrary calls into the JSON call layer, as the wasm export receives them: no panic
//! (a panic would trap the module for every later caller), and every answer is either JSON
//! text or a `faultline:` message. One runtime is kept across inputs, so fetch sessions
//! and per-origin state carry over as they do in a long-lived instance.
#![no_main]

use std::cell::RefCell;

use faultline::api::Runtime;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static RUNTIME: RefCell<Runtime> = RefCell::new(Runtime::default());
}

fuzz_target!(|data: &[u8]| {
    // First byte: the call number; up to the first NUL: the JSON text; the rest: bytes.
    let Some((&op, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (text, bytes) = rest.split_at(split);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    RUNTIME.with(|r| match r.borrow_mut().call(u32::from(op % 24), bytes, text) {
        Ok(answer) => assert!(!answer.is_empty()),
        Err(fault) => assert!(fault.into_message().starts_with("faultline: ")),
    });
});
