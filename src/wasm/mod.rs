//! The wasm-bindgen exports: the only module that knows about wasm-bindgen. Each passes
//! JSON text to [`crate::api`] and back; the package's JavaScript half (`pkg-template/`)
//! turns arguments into that JSON, throws a `TypeError` for an answer that starts with
//! `!`, and runs the fetch loop. Nothing here can trap: every input is text or bytes.

use alloc::string::String;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::api::{self, FetchCall, Reply};
use crate::guard::Guards;
use crate::policy::RetryPolicy;

thread_local! {
    /// Every origin's budget and breaker, shared by all calls in this instance.
    static GUARDS: RefCell<Guards> = RefCell::new(Guards::default());
}

/// An answer as text: the JSON, or `!` and the `TypeError` message.
fn answer(reply: Reply) -> String {
    reply.unwrap_or_else(|message| {
        let mut out = String::from("!");
        out.push_str(&message);
        out
    })
}

#[wasm_bindgen(js_name = classifyJson)]
pub fn classify_json(input: &str) -> String {
    answer(api::classify(input))
}

#[wasm_bindgen(js_name = retryAfterJson)]
pub fn retry_after_json(input: &str) -> String {
    answer(api::retry_after_ms(input))
}

#[wasm_bindgen(js_name = backoffJson)]
pub fn backoff_json(input: &str) -> String {
    answer(api::backoff_schedule(input))
}

#[wasm_bindgen(js_name = parseErrorJson)]
pub fn parse_error_json(body: &[u8], input: &str) -> String {
    answer(api::parse_error(body, input))
}

#[wasm_bindgen(js_name = diagnoseJson)]
pub fn diagnose_json(body: &[u8], input: &str) -> String {
    answer(api::diagnose(body, input))
}

#[wasm_bindgen(js_name = toCurlJson)]
pub fn to_curl_json(body: &[u8], input: &str) -> String {
    answer(api::to_curl(body, input))
}

/// One `fetchWithRetry` call in progress; the JavaScript loop frees it when done.
#[wasm_bindgen]
pub struct Call(Option<FetchCall>);

#[wasm_bindgen]
impl Call {
    /// Checks the options and starts; `start` answers `{ method, headers }` or `!message`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Call {
        Call(None)
    }

    pub fn start(&mut self, input: &str) -> String {
        match FetchCall::start(input) {
            Ok(call) => {
                let out = call.request_json();
                self.0 = Some(call);
                out
            }
            Err(message) => answer(Err(message)),
        }
    }

    pub fn gate(&self, now: f64) -> String {
        match &self.0 {
            Some(call) => GUARDS.with(|g| call.gate(&mut g.borrow_mut(), now as u64)),
            None => not_started(),
        }
    }

    #[wasm_bindgen(js_name = needsBody)]
    pub fn needs_body(&self, status: u16) -> bool {
        self.0.as_ref().is_some_and(|c| c.needs_body(status))
    }

    pub fn after(&mut self, input: &str) -> String {
        match &mut self.0 {
            Some(call) => answer(GUARDS.with(|g| call.after(&mut g.borrow_mut(), input))),
            None => not_started(),
        }
    }

    pub fn cancel(&mut self) {
        if let Some(call) = &mut self.0 {
            call.cancel();
        }
    }

    pub fn history(&self) -> String {
        self.0
            .as_ref()
            .map_or_else(|| String::from("[]"), FetchCall::history)
    }

    pub fn throws(&self) -> bool {
        self.0.as_ref().is_some_and(FetchCall::throws)
    }

    /// `{ message, envelope, curl }` for the `HttpError`; `has_request_body` says whether
    /// `request_body` holds a body that can be reproduced.
    #[wasm_bindgen(js_name = httpError)]
    pub fn http_error(
        &self,
        body: &[u8],
        content_type: &str,
        request_body: &[u8],
        has_request_body: bool,
    ) -> String {
        match &self.0 {
            Some(call) => {
                call.http_error(body, content_type, has_request_body.then_some(request_body))
            }
            None => not_started(),
        }
    }
}

fn not_started() -> String {
    String::from("!faultline: internal: call not started")
}

/// Forgets every origin's budget and breaker (for tests, or after a deploy).
#[wasm_bindgen(js_name = resetCircuits)]
pub fn reset_circuits() {
    GUARDS.with(|g| g.borrow_mut().clear());
}

/// `{ state, failures, budgetTokens }` of `origin` as JSON, or `null`.
#[wasm_bindgen(js_name = circuitJson)]
pub fn circuit_json(origin: &str, now: f64) -> String {
    GUARDS.with(|g| api::circuit_state(&g.borrow(), origin, now as u64))
}

/// Every origin's budget and breaker as JSON text, to share between Workers isolates.
#[wasm_bindgen(js_name = exportCircuits)]
pub fn export_circuits() -> String {
    GUARDS.with(|g| g.borrow().to_json())
}

/// Restores state from `exportCircuits()`: how many origins were restored, or -1 when
/// the text is not such state.
#[wasm_bindgen(js_name = importCircuitsCount)]
pub fn import_circuits_count(state: &str) -> i32 {
    let policy = RetryPolicy::default();
    GUARDS
        .with(|g| g.borrow_mut().merge_json(state, &policy))
        .map_or(-1, |n| n as i32)
}
