//! The pure calls: `classify`, `retryAfterMs`, `backoffSchedule`, `parseError`, `diagnose`
//! and `toCurl`, each on its arguments as [`super::Runtime::call`] parsed them (and after it
//! checked the options' keys).

use alloc::string::String;
use alloc::vec::Vec;

use super::input::{
    at, bad, check_keys, clock, flag, fresh, header_pairs, method, own, setup, status, text_of,
    yes, Done, Fault,
};
use crate::classify::{Context, Outcome, Transport};
use crate::diagnose::RequestParts;
use crate::json::{as_bool, as_str, push_opt_u64, push_string, push_u64, Value};

const NOT_A_SUBJECT: &str =
    "faultline: classify takes a status number, a Response or an error thrown by fetch";
const BAD_STATUS: &str = "faultline: status must be an integer from 100 to 599";

/// `classify(subject, context)`, sent as `[subject, keys, method, body, headers, profile,
/// retry, idempotencyKey, now]`. `subject` arrives as `[null, status]` for a number,
/// `[null, status, headers, 1]` for a `Response`, `[error]` for a thrown error, or `null`.
pub fn classify(v: &Value, out: &mut String) -> Done {
    let subject = at(v, 0).ok_or(NOT_A_SUBJECT)?;
    let (outcome, response_headers) = subject_outcome(subject)?;
    let mut setup_read = fresh();
    setup(at(v, 5), at(v, 6), &mut setup_read)?;
    let (profile, policy) = &*setup_read;
    let mut method_name = String::new();
    method(v, 2, &mut method_name)?;
    let (headers_at, what) = match at(v, 4) {
        Some(h) => (Some(h), "context.headers"),
        None => (response_headers, "response.headers"),
    };
    let mut headers = Vec::new();
    header_pairs(headers_at, what, &mut headers)?;
    // The JavaScript side sends a body that is not text as its JSON text.
    let body = at(v, 3).and_then(as_str);
    let mut idempotency_key = false;
    flag(v, 7, "context.idempotencyKey", &mut idempotency_key)?;
    let mut now_ms = 0;
    clock(at(v, 8), "context.now", &mut now_ms)?;
    let ctx = Context {
        method: &method_name,
        headers: &headers,
        body,
        profile,
        policy,
        idempotency_key,
        now_ms,
    };
    let c = crate::classify::classify(outcome, &ctx).ok_or(BAD_STATUS)?;
    *out = c.to_json();
    Ok(())
}

fn subject_outcome(s: &Value) -> Result<(Outcome, Option<&Value>), Fault> {
    if let Some(e) = at(s, 0) {
        return transport(e).map(|t| (Outcome::Transport(t), None)).ok_or_else(|| {
            Fault::from("faultline: classify takes a status number, a Response or an error thrown by fetch; this error is not a transport failure")
        });
    }
    if at(s, 3).is_some() && at(s, 1).and_then(crate::json::as_f64) == Some(0.0) {
        return Err(Fault::from(
            "faultline: classify cannot read an opaque Response (status 0)",
        ));
    }
    let code = status(at(s, 1)).ok_or(BAD_STATUS)?;
    Ok((Outcome::Status(code), at(s, 2)))
}

/// The transport failure an error thrown by fetch stands for, sent as `[name, text, code]`:
/// its `name`, its `message` followed by ` (cause.message)` when undici gives one, and
/// undici's `cause.code`.
pub fn transport(e: &Value) -> Option<Transport> {
    let (name, message) = (text_of(e, 0), text_of(e, 1));
    if name.is_empty() && message.is_empty() {
        return None;
    }
    Transport::from_error(name, message, text_of(e, 2))
}

/// `retryAfterMs(headers, options)`, sent as `[headers, keys, now]`: a number of ms, or
/// `null`.
pub fn retry_after_ms(v: &Value, out: &mut String) -> Done {
    let mut headers = Vec::new();
    header_pairs(at(v, 0), "headers", &mut headers)?;
    let mut now = 0;
    clock(at(v, 2), "options.now", &mut now)?;
    push_opt_u64(out, crate::headers::retry_after_ms(&headers, now));
    Ok(())
}

/// `backoffSchedule(policy)`, sent as `[policy, seed]`: the delays before retry 1, 2, ….
pub fn backoff_schedule(v: &Value, out: &mut String) -> Done {
    let mut setup_read = fresh();
    setup(None, at(v, 0), &mut setup_read)?;
    let policy = &setup_read.1;
    let delays = policy.schedule(policy.seed.unwrap_or_else(|| own(v, 1)));
    out.push('[');
    for (i, d) in delays.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_u64(out, *d);
    }
    out.push(']');
    Ok(())
}

/// `parseError(body, options)`, sent as `[parsed, keys, status, contentType]`: `body` is
/// the text as bytes; `parsed` says it was a JSON value the JavaScript side wrote out.
/// Never fails on a bad body.
pub fn parse_error(body: &[u8], v: &Value, out: &mut String) -> Done {
    let status = status(at(v, 2));
    let content_type = at(v, 3).and_then(as_str);
    let parsed = yes(v, 0);
    let value = parsed
        .then(|| core::str::from_utf8(body).ok().and_then(crate::json::parse))
        .flatten();
    let envelope = match value {
        Some(value) => crate::envelope::parse_error_value(&value, status),
        // A value that did not read back stands for no body.
        None => crate::envelope::parse_error(if parsed { b"" } else { body }, status, content_type),
    };
    *out = envelope.to_json();
    Ok(())
}

/// `diagnose(request, options)`, sent as `[request, keys, profile, needsAuth]`: findings
/// about a request likely to be refused.
pub fn diagnose(body: &[u8], v: &Value, out: &mut String) -> Done {
    request_call(body, v, false, out)
}

/// `toCurl(request, options)`, sent as `[request, keys, redact]`: a JSON string holding
/// the command.
pub fn to_curl(body: &[u8], v: &Value, out: &mut String) -> Done {
    request_call(body, v, true, out)
}

/// The calls about a request, `toCurl` when `curl` and else `diagnose`: one reading of
/// the request and its options. The request is sent as `[url, keys, method, headers, body]`
/// (a URL string arrives as `[url]`, a `Request` without `keys` and without its body);
/// `body` is `true` when the bytes hold it, `"unreadable"` for a body that cannot be
/// reproduced.
fn request_call(body: &[u8], v: &Value, curl: bool, out: &mut String) -> Done {
    // toCurl's `redact` is checked before the request, diagnose's options after it.
    let mut redact = curl;
    if curl {
        flag(v, 2, "options.redact", &mut redact)?;
    }
    let r = at(v, 0).ok_or("faultline: expected a Request or { url, method, headers, body }")?;
    check_keys(r, "request", "url|method|headers|body")?;
    let url = at(r, 0)
        .and_then(as_str)
        .ok_or_else(|| bad("request.url", "must be a URL string"))?;
    let has_body = match at(r, 4) {
        None => false,
        Some(b) if as_bool(b) == Some(true) => true,
        Some(_) => {
            return Err(bad(
                "request.body",
                "must be a string, bytes or URLSearchParams to be reproduced",
            ))
        }
    };
    let mut method_name = String::new();
    method(r, 2, &mut method_name)?;
    let mut headers = Vec::new();
    header_pairs(at(r, 3), "request.headers", &mut headers)?;
    let request = RequestParts {
        method: &method_name,
        url,
        headers: &headers,
        body: has_body.then_some(body),
    };
    if curl {
        push_string(out, &crate::curl::to_curl(&request, redact));
        return Ok(());
    }
    let profile_needs = match at(v, 2) {
        None => false,
        Some(p) => {
            let mut setup_read = fresh();
            setup(Some(p), None, &mut setup_read)?;
            setup_read.0.needs_auth
        }
    };
    let mut needs_auth = profile_needs;
    flag(v, 3, "options.needsAuth", &mut needs_auth)?;
    let findings = crate::diagnose::diagnose(&request, needs_auth);
    out.push('[');
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&f.to_json());
    }
    out.push(']');
    Ok(())
}
