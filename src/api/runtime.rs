//! One entry point for every call, by number, with the state that outlives a call: every
//! origin's budget and breaker, and the `fetchWithRetry` calls in progress. A single wasm
//! export in front of it costs less than one export (and one piece of glue) per call.

use alloc::string::String;
use alloc::vec::Vec;

use super::calls;
use super::fetch::{circuit_state, FetchCall};
use super::input::{clock, field, parse, Fault, Reply};
use crate::guard::Guards;
use crate::json::{as_bool, as_f64, as_str, get, push_u64, u64_text};
use crate::policy::RetryPolicy;

/// The calls, in the order the JavaScript side numbers them (`pkg-template/boundary.js`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Classify,
    RetryAfterMs,
    BackoffSchedule,
    ParseError,
    Diagnose,
    ToCurl,
    CircuitState,
    ExportCircuits,
    ImportCircuits,
    ResetCircuits,
    Start,
    Gate,
    NeedsBody,
    After,
    Cancel,
    History,
    Throws,
    HttpError,
    End,
}

const OPS: [Op; 19] = [
    Op::Classify,
    Op::RetryAfterMs,
    Op::BackoffSchedule,
    Op::ParseError,
    Op::Diagnose,
    Op::ToCurl,
    Op::CircuitState,
    Op::ExportCircuits,
    Op::ImportCircuits,
    Op::ResetCircuits,
    Op::Start,
    Op::Gate,
    Op::NeedsBody,
    Op::After,
    Op::Cancel,
    Op::History,
    Op::Throws,
    Op::HttpError,
    Op::End,
];

impl Op {
    /// The call numbered `n`.
    pub fn from_number(n: u32) -> Option<Op> {
        OPS.get(n as usize).copied()
    }
}

/// What lives between calls.
#[derive(Default)]
pub struct Runtime {
    pub guards: Guards,
    /// `fetchWithRetry` calls in progress, by id; a slot is reused once its call ends.
    fetches: Vec<Option<FetchCall>>,
}

impl Runtime {
    /// Runs call `op` on `bytes` (a body, where the call takes one) and the JSON `text`.
    /// The calls about one fetch name it by the `id` that `Start` answered.
    pub fn call(&mut self, op: u32, bytes: &[u8], text: &str) -> Reply {
        let op = Op::from_number(op).ok_or("faultline: internal: unknown call")?;
        match op {
            Op::Classify => calls::classify(text),
            Op::RetryAfterMs => calls::retry_after_ms(text),
            Op::BackoffSchedule => calls::backoff_schedule(text),
            Op::ParseError => calls::parse_error(bytes, text),
            Op::Diagnose => calls::diagnose(bytes, text),
            Op::ToCurl => calls::to_curl(bytes, text),
            Op::ExportCircuits => Ok(self.guards.to_json()),
            Op::ImportCircuits => self
                .guards
                .merge_json(text, &RetryPolicy::default())
                .map(|n| u64_text(n as u64))
                .ok_or_else(|| {
                    Fault::from(
                        "faultline: importCircuits takes the JSON text exportCircuits returned",
                    )
                }),
            Op::ResetCircuits => {
                self.guards.clear();
                Ok(String::from("null"))
            }
            Op::Start => self.start(text),
            _ => self.on_fetch(op, bytes, text),
        }
    }

    fn start(&mut self, text: &str) -> Reply {
        let call = FetchCall::start(text)?;
        let id = match self.fetches.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                self.fetches.push(None);
                self.fetches.len() - 1
            }
        };
        // `{"id":N,` in front of the request's own `{…}`.
        let mut out = String::from("{\"id\":");
        push_u64(&mut out, id as u64);
        out.push(',');
        out.push_str(call.request_json().get(1..).unwrap_or("}"));
        if let Some(slot) = self.fetches.get_mut(id) {
            *slot = Some(call);
        }
        Ok(out)
    }

    fn on_fetch(&mut self, op: Op, bytes: &[u8], text: &str) -> Reply {
        let v = parse(text)?;
        if op == Op::CircuitState {
            let origin = field(&v, "origin").and_then(as_str).unwrap_or("");
            return Ok(circuit_state(
                &self.guards,
                origin,
                clock(field(&v, "now"), "now")?,
            ));
        }
        let id = get(&v, "id").and_then(as_f64).unwrap_or(-1.0);
        let slot = self
            .fetches
            .get_mut(id as usize)
            .filter(|_| id >= 0.0)
            .ok_or("faultline: internal: no such call")?;
        if op == Op::End {
            *slot = None;
            return Ok(String::from("null"));
        }
        let call = slot
            .as_mut()
            .ok_or("faultline: internal: the call has ended")?;
        let number = |key: &str| field(&v, key).and_then(as_f64).unwrap_or(0.0);
        let boolean = |b: bool| String::from(if b { "true" } else { "false" });
        Ok(match op {
            Op::Gate => call.gate(&mut self.guards, clock(field(&v, "now"), "now")?),
            Op::NeedsBody => boolean(call.needs_body(number("status") as u16)),
            Op::After => return call.after(&mut self.guards, &v),
            Op::Cancel => {
                call.cancel();
                String::from("null")
            }
            Op::History => call.history(),
            Op::Throws => boolean(call.throws()),
            Op::HttpError => {
                // `bytes` holds the request body (its first `split` bytes, when it can be
                // reproduced) and then the start of the response body.
                let split = (number("split") as usize).min(bytes.len());
                let (request_body, body) = bytes.split_at(split);
                let has_request_body = get(&v, "hasRequestBody").and_then(as_bool) == Some(true);
                let content_type = field(&v, "contentType").and_then(as_str).unwrap_or("");
                call.http_error(body, content_type, has_request_body.then_some(request_body))
            }
            _ => return Err(Fault::from("faultline: internal: unknown call")),
        })
    }
}
