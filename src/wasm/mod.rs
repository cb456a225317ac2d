//! The one wasm-bindgen export, and the only module that knows about wasm-bindgen. It
//! passes a call number, bytes and JSON text to [`crate::api::Runtime`]; the package's
//! JavaScript half (`pkg-template/`) builds that JSON from its arguments, throws a
//! `TypeError` for an answer that starts with `faultline` (a message), and runs the fetch
//! loop. Nothing here can trap: every input is a number, bytes or text.

use alloc::string::String;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::api::{Fault, Runtime};

/// State of this instance. wasm32 without the atomics feature runs one thread.
struct Single(RefCell<Runtime>);
// SAFETY: wasm32-unknown-unknown without atomics has one thread.
unsafe impl Sync for Single {}
static RUNTIME: Single = Single(RefCell::new(Runtime::NEW));

/// The package's wasm is built without std, which needs a panic handler. Nothing in the
/// crate panics by design (clippy denies unwrap, expect, panic and indexing); if something
/// did, trapping is what std's abort would do too.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Call number `op` (see [`crate::api::op`]): its JSON answer, or the message of the
/// `TypeError` to throw, which starts with `faultline` (as no JSON text does).
#[wasm_bindgen]
pub fn call(op: u32, bytes: &[u8], text: &str) -> String {
    RUNTIME
        .0
        .borrow_mut()
        .call(op, bytes, text)
        .unwrap_or_else(Fault::into_message)
}
