//! `fetchWithRetry`'s decisions: the JavaScript loop sends the attempts and reports each
//! outcome here; a [`Session`] decides.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::calls::transport;
use super::input::{
    at, bad, check_keys, flag, fresh, header_pairs, method, own, parse, setup, text_of, yes, Done,
    Fault, Reply,
};
use crate::classify::{Outcome, Transport};
use crate::guard::Guards;
use crate::headers::MAX_WAIT_MS;
use crate::json::{as_bool, as_f64, as_str, Value};
use crate::session::{Session, Settings};

/// The keys `init` may have besides those that pass through to fetch untouched (which the
/// JavaScript side leaves out of the keys it sends: `FETCH_KEYS` in `pkg-template/fetch.js`).
pub(super) const INIT_KEYS: &str =
    "method|headers|signal|retry|throwHttpErrors|timeoutMs|deadlineMs|profile|idempotencyKey|onRetry|fetch";

/// One `fetchWithRetry` call.
pub struct FetchCall {
    session: Session,
}

impl FetchCall {
    /// Checks `init` and starts the call: sent as `[origin, keys, method, headers, retry,
    /// profile, timeoutMs, deadlineMs, throwHttpErrors, idempotencyKey, stream, now, seed]`,
    /// with the resolved `origin`, `method` and `headers`, the `stream` flag, `now` and a
    /// `seed`.
    pub fn start(text: &str) -> Result<Box<FetchCall>, Fault> {
        let v = parse(text)?;
        check_keys(&v, "init", INIT_KEYS)?;
        FetchCall::open(&v)
    }

    /// [`FetchCall::start`] on the arguments parsed, their keys checked.
    pub(super) fn open(v: &Value) -> Result<Box<FetchCall>, Fault> {
        // `retry` is a policy object or false (anything else is refused by `setup`).
        let retry = at(v, 4);
        let mut setup_read = fresh();
        setup(at(v, 5), retry, &mut setup_read)?;
        let key = idempotency_key(at(v, 9))?;
        let mut headers = Vec::new();
        header_pairs(at(v, 3), "headers", &mut headers)?;
        let mut method_name = String::new();
        method(v, 2, &mut method_name)?;
        let (mut timeout_ms, mut deadline_ms) = (None, None);
        positive_ms(v, 6, "timeoutMs", &mut timeout_ms)?;
        positive_ms(v, 7, "deadlineMs", &mut deadline_ms)?;
        let now = own(v, 11);
        // Checked here; the JavaScript side reads it.
        flag(v, 8, "throwHttpErrors", &mut false)?;
        // The JavaScript side sends `key` as the Idempotency-Key, in place of any the
        // headers hold.
        let idempotency_key = key.is_some() || has_idempotency_key(&headers);
        let settings = Settings {
            setup: setup_read,
            origin: String::from(text_of(v, 0)),
            method: method_name,
            retry: retry.and_then(as_bool) != Some(false),
            idempotency_key,
            one_shot_body: yes(v, 10),
            timeout_ms,
            deadline_ms,
        };
        Ok(Box::new(FetchCall {
            session: Session::new(settings, now, own(v, 12)),
        }))
    }

    /// Before each attempt: the timeout to send it with (a number of ms, at least 1, or
    /// `null`), `[retryAt]` when the origin's circuit is open, `0` when the deadline has
    /// passed (see [`Session::gate`]).
    pub fn gate(&self, guards: &mut Guards, now_ms: u64) -> String {
        let mut out = String::new();
        self.write_gate(guards, now_ms, &mut out);
        out
    }

    /// [`FetchCall::gate`], its answer written into `out`.
    pub(super) fn write_gate(&self, guards: &mut Guards, now_ms: u64, out: &mut String) {
        self.session.gate(guards, now_ms, out);
    }

    /// Appends `,status` for each status whose classification needs the start of the
    /// response body.
    pub fn push_body_statuses(&self, out: &mut String) {
        self.session.push_body_statuses(out);
    }

    /// Reports an attempt, sent as `[id, now, error, timedOut, status, headers, body, cors]`:
    /// `error` (see `calls::transport`) and `timedOut` for a thrown error, the rest for a
    /// response. Answers `[classification, …]` with the decision's items (see
    /// [`Session::record`]), or `null` when the error is not a transport failure but the
    /// caller's own (a bad header, a body fetch refuses).
    pub fn after(&mut self, guards: &mut Guards, v: &Value) -> Reply {
        let mut out = String::new();
        self.write_after(guards, v, &mut out)?;
        Ok(out)
    }

    /// [`FetchCall::after`], its answer written into `out`.
    pub(super) fn write_after(&mut self, guards: &mut Guards, v: &Value, out: &mut String) -> Done {
        let now = own(v, 1);
        let mut headers = Vec::new();
        let (outcome, body, cors) = match at(v, 2) {
            Some(e) => {
                let timed_out = yes(v, 3);
                let t = if timed_out {
                    Some(Transport::Timeout)
                } else {
                    transport(e)
                };
                let Some(t) = t else {
                    out.push_str("null");
                    return Ok(());
                };
                (Outcome::Transport(t), None, false)
            }
            None => {
                let status = at(v, 4).and_then(as_f64).unwrap_or(-1.0);
                header_pairs(at(v, 5), "response.headers", &mut headers)?;
                // A status the cast would change stands as 1, which classify refuses too.
                let code = if (0.0..=599.0).contains(&status) {
                    status as u16
                } else {
                    1
                };
                let body = at(v, 6).and_then(as_str);
                let cors = yes(v, 7);
                (Outcome::Status(code), body, cors)
            }
        };
        let c = self
            .session
            .classify(outcome, &headers, body, cors, now)
            .ok_or("faultline: the response status is not from 100 to 599")?;
        out.push('[');
        out.push_str(&c.to_json());
        self.session.record(guards, &c, now, out);
        out.push(']');
        Ok(())
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

/// A positive duration option, `v[i]`, clamped to the longest timer.
fn positive_ms(v: &Value, i: usize, key: &'static str, out: &mut Option<u64>) -> Done {
    if let Some(x) = at(v, i) {
        match as_f64(x) {
            Some(n) if n.is_finite() && n > 0.0 => *out = Some((n as u64).clamp(1, MAX_WAIT_MS)),
            _ => return Err(bad(key, "must be a finite number of milliseconds > 0")),
        }
    }
    Ok(())
}
