//! The pure calls: `classify`, `retryAfterMs`, `backoffSchedule`, `parseError`, `diagnose`
//! and `toCurl`.

use alloc::string::String;

use super::input::{
    bad, check_keys, clock, field, flag, header_pairs, method, parse, seed, setup, status, text_of,
    Fault, Pairs, Reply,
};
use crate::classify::{Context, Outcome, Transport};
use crate::diagnose::RequestParts;
use crate::json::{as_bool, as_str, get, push_string, push_u64, u64_text, Value};

const NOT_A_SUBJECT: &str =
    "faultline: classify takes a status number, a Response or an error thrown by fetch";
const BAD_STATUS: &str = "faultline: status must be an integer from 100 to 599";

/// `classify(subject, context)`. `subject` arrives as `{ status }` for a number,
/// `{ status, headers, response: true }` for a `Response`, `{ error: { name, message,
/// code, text } }` for a thrown error, or `null`.
pub fn classify(text: &str) -> Reply {
    let v = parse(text)?;
    check_keys(
        &v,
        "context",
        "method|headers|body|profile|idempotencyKey|now|retry",
    )?;
    let subject = field(&v, "subject").ok_or(NOT_A_SUBJECT)?;
    let (outcome, response_headers) = subject_outcome(subject)?;
    let setup = setup(field(&v, "profile"), field(&v, "retry"))?;
    let (profile, policy) = &*setup;
    let method = method(field(&v, "method"))?;
    let (headers, what) = match field(&v, "headers") {
        Some(h) => (Some(h), "context.headers"),
        None => (response_headers, "response.headers"),
    };
    let headers = header_pairs(headers, what)?;
    let body = match field(&v, "body") {
        None => None,
        Some(b) => {
            Some(as_str(b).ok_or_else(|| bad("context.body", "must be text or a JSON value"))?)
        }
    };
    let idempotency_key = flag(&v, "idempotencyKey", "context.idempotencyKey", false)?;
    let now_ms = clock(field(&v, "now"), "context.now")?;
    let ctx = Context {
        method: &method,
        headers: &headers,
        body,
        profile,
        policy,
        idempotency_key,
        now_ms,
    };
    let c = crate::classify::classify(outcome, &ctx).ok_or(BAD_STATUS)?;
    Ok(c.to_json())
}

fn subject_outcome(s: &Value) -> Result<(Outcome, Option<&Value>), Fault> {
    if let Some(e) = get(s, "error") {
        return transport(e).map(|t| (Outcome::Transport(t), None)).ok_or_else(|| {
            Fault::from("faultline: classify takes a status number, a Response or an error thrown by fetch; this error is not a transport failure")
        });
    }
    let is_response = get(s, "response").and_then(as_bool) == Some(true);
    if is_response && get(s, "status").and_then(crate::json::as_f64) == Some(0.0) {
        return Err(Fault::from(
            "faultline: classify cannot read an opaque Response (status 0)",
        ));
    }
    let code = status(get(s, "status")).ok_or(BAD_STATUS)?;
    Ok((Outcome::Status(code), field(s, "headers")))
}

/// The transport failure an error thrown by fetch stands for, from its `name`, undici's
/// `cause.code` (sent as `code`) and `text`: its `message`, followed by ` (cause.message)`
/// when undici gives one.
pub fn transport(e: &Value) -> Option<Transport> {
    let (name, message) = (text_of(e, "name"), text_of(e, "text"));
    if name.is_empty() && message.is_empty() {
        return None;
    }
    Transport::from_error(name, message, text_of(e, "code"))
}

/// `retryAfterMs(headers, options)`: a number of ms, or `null`.
pub fn retry_after_ms(text: &str) -> Reply {
    let v = parse(text)?;
    check_keys(&v, "options", "now")?;
    let headers = header_pairs(field(&v, "headers"), "headers")?;
    let now = clock(field(&v, "now"), "options.now")?;
    Ok(match crate::headers::retry_after_ms(&headers, now) {
        Some(ms) => u64_text(ms),
        None => String::from("null"),
    })
}

/// `backoffSchedule(policy)`: the delays before retry 1, 2, ….
pub fn backoff_schedule(text: &str) -> Reply {
    let v = parse(text)?;
    let policy = &setup(None, field(&v, "policy"))?.1;
    let delays = policy.schedule(policy.seed.unwrap_or_else(|| seed(&v)));
    let mut out = String::from("[");
    for (i, d) in delays.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_u64(&mut out, *d);
    }
    out.push(']');
    Ok(out)
}

/// `parseError(body, options)`: `body` is the text as bytes; `parsed` says it was a JSON
/// value the JavaScript side wrote out. Never fails on a bad body.
pub fn parse_error(body: &[u8], text: &str) -> Reply {
    let v = parse(text)?;
    check_keys(&v, "options", "status|contentType")?;
    let status = status(field(&v, "status"));
    let content_type = field(&v, "contentType").and_then(as_str);
    let parsed = get(&v, "parsed").and_then(as_bool) == Some(true);
    let value = parsed
        .then(|| core::str::from_utf8(body).ok().and_then(crate::json::parse))
        .flatten();
    let envelope = match value {
        Some(value) => crate::envelope::parse_error_value(&value, status),
        None if parsed => crate::envelope::parse_error(b"", status, content_type),
        None => crate::envelope::parse_error(body, status, content_type),
    };
    Ok(envelope.to_json())
}

/// The parts of a request sent as `{ url, method, headers, body, keys? }` (a URL string
/// arrives as `{ url }`, a `Request` without `keys` and without its body). `body` is
/// `true` when the bytes hold it, `"unreadable"` for a body that cannot be reproduced.
struct Parts<'a> {
    url: &'a str,
    method: String,
    headers: Pairs<'a>,
    has_body: bool,
}

impl<'a> Parts<'a> {
    fn read(v: &'a Value) -> Result<Parts<'a>, Fault> {
        let r = field(v, "request")
            .ok_or("faultline: expected a Request or { url, method, headers, body }")?;
        check_keys(r, "request", "url|method|headers|body")?;
        let url = field(r, "url")
            .and_then(as_str)
            .ok_or_else(|| bad("request.url", "must be a URL string"))?;
        let has_body = match field(r, "body") {
            None => false,
            Some(b) if as_bool(b) == Some(true) => true,
            Some(_) => {
                return Err(bad(
                    "request.body",
                    "must be a string, bytes or URLSearchParams to be reproduced",
                ))
            }
        };
        Ok(Parts {
            url,
            method: method(field(r, "method"))?,
            headers: header_pairs(field(r, "headers"), "request.headers")?,
            has_body,
        })
    }

    /// The request as diagnose and curl take it, with `body` when it has one.
    fn request<'b>(&'b self, body: &'b [u8]) -> RequestParts<'b> {
        RequestParts {
            method: &self.method,
            url: self.url,
            headers: &self.headers,
            body: self.has_body.then_some(body),
        }
    }
}

/// `diagnose(request, options)`: findings about a request likely to be refused.
pub fn diagnose(body: &[u8], text: &str) -> Reply {
    request_call(body, text, false)
}

/// `toCurl(request, options)`: a JSON string holding the command.
pub fn to_curl(body: &[u8], text: &str) -> Reply {
    request_call(body, text, true)
}

/// The calls about a request, `toCurl` when `curl` and else `diagnose`: one reading of
/// the request and its options.
fn request_call(body: &[u8], text: &str, curl: bool) -> Reply {
    let v = parse(text)?;
    let mut out = String::new();
    if curl {
        check_keys(&v, "options", "redact")?;
        let redact = flag(&v, "redact", "options.redact", true)?;
        let parts = Parts::read(&v)?;
        push_string(
            &mut out,
            &crate::curl::to_curl(&parts.request(body), redact),
        );
        return Ok(out);
    }
    check_keys(&v, "options", "profile|needsAuth")?;
    let parts = Parts::read(&v)?;
    let profile_needs = match field(&v, "profile") {
        None => false,
        Some(p) => setup(Some(p), None)?.0.needs_auth,
    };
    let needs_auth = flag(&v, "needsAuth", "options.needsAuth", profile_needs)?;
    let findings = crate::diagnose::diagnose(&parts.request(body), needs_auth);
    out.push('[');
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&f.to_json());
    }
    out.push(']');
    Ok(out)
}
