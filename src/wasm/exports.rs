//! The pure exports: `classify`, `retryAfterMs`, `backoffSchedule`.

use alloc::string::String;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::convert::{absent, bad_option, borrow_pairs, check_keys, from_json_text, header_pairs, now_ms, prop, to_json_value, type_error};
use crate::classify::{classify, Context, Outcome, Transport};
use crate::policy::RetryPolicy;
use crate::profiles::Profile;

/// What `classify` and `fetchWithRetry` share: the profile and the policy it shapes.
pub struct Setup {
    pub profile: Profile,
    pub policy: RetryPolicy,
}

/// Reads `profile` (a name or an object) and `retry` (a policy object, or absent) into a
/// profile and the policy it shapes: defaults, then the profile's, then the caller's.
pub fn setup(profile: &JsValue, retry: &JsValue) -> Result<Setup, JsValue> {
    let profile = if absent(profile) {
        Profile::default_ref().clone()
    } else if let Some(name) = profile.as_string() {
        Profile::named(&name).ok_or_else(|| bad_option("profile", "must be \"default\", \"jira\", \"jumpcloud\" or a profile object"))?
    } else {
        Profile::from_json(&to_json_value(profile, "profile")?).map_err(|e| type_error(&e.message()))?
    };
    let mut policy = RetryPolicy::default();
    profile.apply_to(&mut policy);
    if !absent(retry) && retry.as_bool() != Some(false) {
        policy.merge_json(&to_json_value(retry, "retry")?).map_err(|e| type_error(&e.message()))?;
    }
    Ok(Setup { profile, policy })
}

/// The outcome a JS subject stands for: a status number, a `Response`, or a thrown error.
/// Returns the outcome and, for a `Response`, its headers.
fn subject_outcome(subject: &JsValue) -> Result<(Outcome, JsValue), JsValue> {
    if let Some(n) = subject.as_f64() {
        return Ok((Outcome::Status(status_number(n)?), JsValue::UNDEFINED));
    }
    if subject.is_object() {
        let status = prop(subject, "status");
        let headers = prop(subject, "headers");
        if let (Some(n), false) = (status.as_f64(), absent(&headers)) {
            if n == 0.0 {
                return Err(type_error("faultline: classify got an opaque Response (status 0); its outcome cannot be read"));
            }
            return Ok((Outcome::Status(status_number(n)?), headers));
        }
        if let Some(t) = transport_of(subject) {
            return Ok((Outcome::Transport(t), JsValue::UNDEFINED));
        }
        return Err(type_error(
            "faultline: classify takes a status number, a Response or an error thrown by fetch; this error is not a transport failure",
        ));
    }
    Err(type_error("faultline: classify takes a status number, a Response or an error thrown by fetch"))
}

fn status_number(n: f64) -> Result<u16, JsValue> {
    if n.fract() == 0.0 && (100.0..=599.0).contains(&n) {
        Ok(n as u16)
    } else {
        Err(type_error("faultline: status must be an integer from 100 to 599"))
    }
}

/// The transport failure an error thrown by fetch stands for, reading `name`, `message`
/// and undici's `cause.code` / `cause.message`.
pub fn transport_of(err: &JsValue) -> Option<Transport> {
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    let name = text(prop(err, "name"));
    let mut message = text(prop(err, "message"));
    let cause = prop(err, "cause");
    let code = text(prop(&cause, "code"));
    let cause_message = text(prop(&cause, "message"));
    if !cause_message.is_empty() {
        message.push_str(" (");
        message.push_str(&cause_message);
        message.push(')');
    }
    if name.is_empty() && message.is_empty() {
        return None;
    }
    Transport::from_error(&name, &message, &code)
}

/// Classifies a status, a `Response` or a thrown error. See the contract, section 1.
#[wasm_bindgen(js_name = classify)]
pub fn classify_js(subject: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    check_keys(&context, "context", &["method", "headers", "body", "profile", "idempotencyKey", "now", "retry"])?;
    let (outcome, response_headers) = subject_outcome(&subject)?;
    let Setup { profile, policy } = setup(&prop(&context, "profile"), &prop(&context, "retry"))?;
    let method = method_of(&prop(&context, "method"))?;
    let given_headers = prop(&context, "headers");
    let headers = header_pairs(if absent(&given_headers) { &response_headers } else { &given_headers }, "context.headers")?;
    let body = body_text(&prop(&context, "body"))?;
    let idempotency_key = match prop(&context, "idempotencyKey") {
        v if absent(&v) => false,
        v => v.as_bool().ok_or_else(|| bad_option("context.idempotencyKey", "must be a boolean"))?,
    };
    let now_ms = clock(&prop(&context, "now"), "context.now")?;
    let pairs = borrow_pairs(&headers);
    let ctx = Context { method: &method, headers: &pairs, body: body.as_deref(), profile: &profile, policy: &policy, idempotency_key, now_ms };
    let c = classify(outcome, &ctx).ok_or_else(|| type_error("faultline: status must be an integer from 100 to 599"))?;
    Ok(from_json_text(&c.to_json()))
}

/// A request method, upper-cased; `GET` when absent.
pub fn method_of(v: &JsValue) -> Result<String, JsValue> {
    if absent(v) {
        return Ok(String::from("GET"));
    }
    match v.as_string() {
        Some(m) if crate::method::is_token(&m) => Ok(m.to_ascii_uppercase()),
        _ => Err(bad_option("method", "must be an HTTP method name such as \"GET\"")),
    }
}

/// A body given as text, or as parsed JSON (written back out as JSON).
fn body_text(v: &JsValue) -> Result<Option<String>, JsValue> {
    if absent(v) {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    let text = js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string());
    text.map(Some).ok_or_else(|| bad_option("context.body", "must be text or a JSON value"))
}

/// `now` in ms since the epoch, or the clock when absent.
fn clock(v: &JsValue, field: &str) -> Result<u64, JsValue> {
    if absent(v) {
        return Ok(now_ms());
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n as u64),
        _ => match js_sys::Date::try_from(v.clone()) {
            Ok(d) if d.get_time().is_finite() && d.get_time() >= 0.0 => Ok(d.get_time() as u64),
            _ => Err(bad_option(field, "must be a time in ms since the epoch (or a Date)")),
        },
    }
}

/// The wait a server asked for, in ms, or `null`. See the contract, section 3.
#[wasm_bindgen(js_name = retryAfterMs)]
pub fn retry_after_ms_js(headers: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    check_keys(&options, "options", &["now"])?;
    // A Response (or anything with headers) is read through its headers.
    let source = match prop(&headers, "headers") {
        h if !absent(&h) && !js_sys::Array::is_array(&headers) => h,
        _ => headers,
    };
    let pairs = header_pairs(&source, "headers")?;
    let now = clock(&prop(&options, "now"), "options.now")?;
    Ok(crate::headers::retry_after_ms(&borrow_pairs(&pairs), now).map_or(JsValue::NULL, |ms| JsValue::from_f64(ms as f64)))
}

/// The backoff delays in ms before retry 1, 2, …. See the contract, section 3.
#[wasm_bindgen(js_name = backoffSchedule)]
pub fn backoff_schedule_js(policy: JsValue) -> Result<Array, JsValue> {
    let Setup { policy, .. } = setup(&JsValue::UNDEFINED, &policy)?;
    let seed = policy.seed.unwrap_or_else(random_seed);
    Ok(policy.schedule(seed).into_iter().map(|d| JsValue::from_f64(d as f64)).collect())
}

/// A seed for jitter when the caller gave none.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}
