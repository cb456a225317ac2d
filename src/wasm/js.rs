//! Imports from the JavaScript side: the error classes and the few I/O helpers that are
//! clearer in JavaScript (a cancellable sleep, reading a bounded body prefix).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/helpers.js")]
extern "C" {
    /// `new HttpError | NetworkError | TimeoutError | CircuitOpenError (message, fields)`.
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(kind: &str, message: &str, fields: &JsValue) -> JsValue;

    /// Resolves after `ms`, or rejects with the signal's reason when it aborts; either way
    /// the timer and the listener are gone when it settles.
    #[wasm_bindgen(catch)]
    pub fn sleep(ms: f64, signal: &JsValue) -> Result<js_sys::Promise, JsValue>;

    /// Reads at most `limit` bytes of a clone of `response`'s body, then cancels the rest.
    #[wasm_bindgen(js_name = readPrefix, catch)]
    pub fn read_prefix(response: &JsValue, limit: f64) -> Result<js_sys::Promise, JsValue>;

    /// An attempt's signal: aborts when the caller's signal does or after `timeout_ms`
    /// (with a `TimeoutError`); `dispose()` clears the timer and the listener.
    #[wasm_bindgen(js_name = attemptSignal)]
    pub fn attempt_signal(signal: &JsValue, timeout_ms: f64) -> JsValue;

    /// Cancels a discarded response body so its connection is freed; never throws.
    #[wasm_bindgen(js_name = discard)]
    pub fn discard(response: &JsValue);

    /// Calls `f(arg)` and awaits what it returns; rejects if it throws.
    #[wasm_bindgen(js_name = callAsync)]
    pub fn call_async(f: &JsValue, arg: &JsValue) -> js_sys::Promise;
}
