//! `fetchWithRetry`'s decisions: the JavaScript loop sends the attempts and reports each
//! outcome here; a [`Session`] decides.

use alloc::string::String;

use super::calls::transport;
use super::input::{
    bad, check_keys, clock, field, flag, header_pairs, method, parse, seed, setup, text_of, Fault,
    Reply,
};
use crate::classify::Transport;
use crate::guard::Guards;
use crate::headers::MAX_WAIT_MS;
use crate::json::{as_bool, as_f64, as_str, get, push_opt_u64, push_string, push_u64, Value};
use crate::policy::{Decision, StopReason};
use crate::session::{Gate, Session, Settings};

/// Every key `init` may have: the ones fetch itself (or a runtime's fetch) reads, which
/// pass through untouched, then the ones faultline adds.
const INIT_KEYS: &str = "method|headers|body|mode|credentials|cache|redirect|referrer|referrerPolicy|integrity|keepalive|signal|window|duplex|priority|dispatcher|cf|next|agent|\
    retry|throwHttpErrors|timeoutMs|deadlineMs|profile|idempotencyKey|onRetry|fetch";

/// One `fetchWithRetry` call.
pub struct FetchCall {
    session: Session,
}

impl FetchCall {
    /// Checks `init` (sent with the resolved `origin`, `method` and `headers`, the `stream`
    /// flag, `now` and a `seed`) and starts the call.
    pub fn start(text: &str) -> Result<FetchCall, Fault> {
        let v = parse(text)?;
        check_keys(&v, "init", INIT_KEYS)?;
        // `retry` is a policy object or false (anything else is refused by `setup`).
        let retry = field(&v, "retry");
        let setup = setup(field(&v, "profile"), retry)?;
        let key = idempotency_key(field(&v, "idempotencyKey"))?;
        let headers = header_pairs(field(&v, "headers"), "headers")?;
        let method = method(field(&v, "method"))?;
        let timeout_ms = positive_ms(&v, "timeoutMs")?;
        let deadline_ms = positive_ms(&v, "deadlineMs")?;
        let now = clock(field(&v, "now"), "now")?;
        // Checked here; the JavaScript side reads it.
        flag(&v, "throwHttpErrors", "throwHttpErrors", false)?;
        // The JavaScript side sends `key` as the Idempotency-Key, in place of any the
        // headers hold.
        let idempotency_key = key.is_some() || has_idempotency_key(&headers);
        let settings = Settings {
            setup,
            origin: String::from(text_of(&v, "origin")),
            method,
            retry: retry.and_then(as_bool) != Some(false),
            idempotency_key,
            one_shot_body: get(&v, "stream").and_then(as_bool) == Some(true),
            timeout_ms,
            deadline_ms,
        };
        Ok(FetchCall {
            session: Session::new(settings, now, seed(&v)),
        })
    }

    /// Before each attempt: `{ timeoutMs }` (a number or null) to send it,
    /// `{ retryAt }` when the origin's circuit is open, `{ deadline: true }` when the
    /// deadline has passed.
    pub fn gate(&self, guards: &mut Guards, now_ms: u64) -> String {
        match self.session.gate(guards, now_ms) {
            Gate::Send { timeout_ms } => {
                let mut out = String::from("{\"timeoutMs\":");
                push_opt_u64(&mut out, timeout_ms);
                out.push('}');
                out
            }
            Gate::CircuitOpen { retry_at_ms } => {
                let mut out = String::from("{\"retryAt\":");
                push_u64(&mut out, retry_at_ms);
                out.push('}');
                out
            }
            Gate::DeadlinePassed => String::from("{\"deadline\":true}"),
        }
    }

    /// Appends `,status` for each status whose classification needs the start of the
    /// response body.
    pub fn push_body_statuses(&self, out: &mut String) {
        self.session.push_body_statuses(out);
    }

    /// Reports an attempt: `{ status, headers, body, cors, now }` for a response, or
    /// `{ error: { name, message, code, text }, timedOut, now }` for a thrown error.
    /// Answers `{ waitMs, waitSource, stop, why?, classification }` (`waitMs` null when the
    /// call stops; `stop` the reason's name, and `why` its sentence after a space, for the
    /// attempt history, when the classification's reason does not already say it), or
    /// `{ rethrow: true }` when the error is not a transport failure but the caller's own (a
    /// bad header, a body fetch refuses).
    pub fn after(&mut self, guards: &mut Guards, v: &Value) -> Reply {
        let now = clock(field(v, "now"), "now")?;
        let c = match get(v, "error") {
            Some(e) => {
                let timed_out = get(v, "timedOut").and_then(as_bool) == Some(true);
                let t = if timed_out {
                    Some(Transport::Timeout)
                } else {
                    transport(e)
                };
                let Some(t) = t else {
                    return Ok(String::from("{\"rethrow\":true}"));
                };
                self.session.classify_failure(t, now)
            }
            None => {
                let status = field(v, "status").and_then(as_f64).unwrap_or(-1.0);
                let headers = header_pairs(field(v, "headers"), "response.headers")?;
                let body = field(v, "body").and_then(as_str);
                let cors = get(v, "cors").and_then(as_bool) == Some(true);
                (0.0..=599.0)
                    .contains(&status)
                    .then(|| {
                        self.session
                            .classify_response(status as u16, &headers, body, cors, now)
                    })
                    .flatten()
            }
        };
        let c = c.ok_or("faultline: the response status is not from 100 to 599")?;
        let decision = self.session.record(guards, &c, now);
        let mut out = String::from("{\"waitMs\":");
        match decision {
            Decision::Retry { after_ms, source } => {
                push_u64(&mut out, after_ms);
                out.push_str(",\"waitSource\":");
                push_string(&mut out, source.as_str());
                out.push_str(",\"stop\":null");
            }
            Decision::Stop { reason } => {
                out.push_str("null,\"waitSource\":null,\"stop\":");
                push_string(&mut out, reason.as_str());
                if !matches!(reason, StopReason::Succeeded | StopReason::NotRetryable) {
                    // The sentences are plain ASCII: nothing to escape.
                    out.push_str(",\"why\":\" ");
                    out.push_str(reason.sentence());
                    out.push('"');
                }
            }
        }
        out.push_str(",\"classification\":");
        out.push_str(&c.to_json());
        out.push('}');
        Ok(out)
    }
}

/// True when `headers` hold an `Idempotency-Key`.
fn has_idempotency_key(headers: &[(&str, &str)]) -> bool {
    let mut at = 0;
    while let Some((name, _)) = headers.get(at) {
        if name.eq_ignore_ascii_case("idempotency-key") {
            return true;
        }
        at += 1;
    }
    false
}

/// `idempotencyKey`: absent or `false` for none; a key of visible ASCII (the JavaScript
/// side turns `true` into a fresh UUID).
fn idempotency_key(v: Option<&Value>) -> Result<Option<&str>, Fault> {
    match v {
        None => Ok(None),
        Some(k) if as_bool(k) == Some(false) => Ok(None),
        Some(k) => match as_str(k) {
            Some(k) if !k.is_empty() && is_visible_ascii(k) => Ok(Some(k)),
            _ => Err(bad(
                "idempotencyKey",
                "must be true, false or a non-empty key of visible ASCII characters",
            )),
        },
    }
}

/// True when every byte of `s` is visible ASCII (`!` to `~`).
fn is_visible_ascii(s: &str) -> bool {
    let mut at = 0;
    while let Some(b) = s.as_bytes().get(at) {
        if !(0x21..0x7f).contains(b) {
            return false;
        }
        at += 1;
    }
    true
}

/// A positive duration option, clamped to the longest timer.
fn positive_ms(v: &Value, key: &'static str) -> Result<Option<u64>, Fault> {
    match field(v, key) {
        None => Ok(None),
        Some(x) => match as_f64(x) {
            Some(n) if n.is_finite() && n > 0.0 => Ok(Some((n as u64).clamp(1, MAX_WAIT_MS))),
            _ => Err(bad(key, "must be a finite number of milliseconds > 0")),
        },
    }
}
