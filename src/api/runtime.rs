//! One entry point for every call, by number, with the state that outlives a call: every
//! origin's budget and breaker, and the `fetchWithRetry` calls in progress. A single wasm
//! export in front of it costs less than one export (and one piece of glue) per call.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::calls;
use super::fetch::{FetchCall, INIT_KEYS};
use super::input::{at, check_keys, fresh, own, setup, Done, Fault, Reply, UNREADABLE};
use crate::guard::Guards;
use crate::json::{as_f64, push_opt_u64, push_u64, Value};

/// The calls, numbered as the JavaScript side numbers them (`pkg-template/ops.js`): first
/// those that check the keys of their options (see `KEYS`).
pub mod op {
    pub const CLASSIFY: u32 = 0;
    pub const RETRY_AFTER_MS: u32 = 1;
    pub const PARSE_ERROR: u32 = 2;
    pub const DIAGNOSE: u32 = 3;
    pub const TO_CURL: u32 = 4;
    pub const START: u32 = 5;
    pub const BACKOFF_SCHEDULE: u32 = 6;
    pub const EXPORT_CIRCUITS: u32 = 7;
    pub const IMPORT_CIRCUITS: u32 = 8;
    pub const RESET_CIRCUITS: u32 = 9;
    pub const GATE: u32 = 10;
    pub const AFTER: u32 = 11;
    pub const END: u32 = 12;
}

/// An unknown call number, or a fetch call that is not in progress: neither can come from
/// the package's JavaScript half, so one message serves.
const NO_SUCH_CALL: &str = "faultline: internal: no such call";

/// By call number, for the calls that take options (numbered first), what the options
/// are called in messages and the keys they may have.
const KEYS: [(&str, &str); 6] = [
    (
        "context",
        "method|headers|body|profile|idempotencyKey|now|retry",
    ),
    ("options", "now"),
    ("options", "status|contentType"),
    ("options", "profile|needsAuth"),
    ("options", "redact"),
    ("init", INIT_KEYS),
];

/// What lives between calls.
#[derive(Default)]
pub struct Runtime {
    pub guards: Guards,
    /// `fetchWithRetry` calls in progress, by id; a slot is reused once its call ends.
    /// Boxed: a call is large, and moving a pointer costs less code.
    fetches: Vec<Option<Box<FetchCall>>>,
}

impl Runtime {
    /// Nothing yet, as a constant (for a `static`).
    pub const NEW: Runtime = Runtime {
        guards: Guards::NONE,
        fetches: Vec::new(),
    };

    /// Runs call `op` on `bytes` (a body, where the call takes one) and the JSON `text`.
    /// The calls about one fetch name it by the `id` that `Start` answered, sent first:
    /// `[id, now]` for `Gate`, `[id]` for `End`.
    pub fn call(&mut self, op: u32, bytes: &[u8], text: &str) -> Reply {
        let mut out = String::new();
        self.write(op, bytes, text, &mut out)?;
        Ok(out)
    }

    /// [`Runtime::call`], its answer written into `out`.
    fn write(&mut self, op: u32, bytes: &[u8], text: &str, out: &mut String) -> Done {
        match op {
            op::EXPORT_CIRCUITS => *out = self.guards.to_json(),
            // Restored under the default policy's budget and breaker settings (built by
            // `setup`, which the calls share, rather than inline here). How many origins
            // were restored, or `null` for text that is not what exportCircuits returned
            // (the JavaScript side throws the TypeError it also throws for a non-string).
            op::IMPORT_CIRCUITS => {
                let mut defaults = fresh();
                setup(None, None, &mut defaults)?;
                let restored = self.guards.merge_json(text, &defaults.1);
                push_opt_u64(out, restored.map(|n| n as u64));
            }
            op::RESET_CIRCUITS => {
                self.guards.clear();
                out.push_str("null");
            }
            // The others take JSON arguments: parsed, and their options' keys checked, in
            // one place.
            _ => {
                let v = crate::json::parse(text).ok_or(UNREADABLE)?;
                if let Some(&(what, known)) = KEYS.get(op as usize) {
                    check_keys(&v, what, known)?;
                }
                return self.call_on(op, bytes, &v, out);
            }
        }
        Ok(())
    }

    fn call_on(&mut self, op: u32, bytes: &[u8], v: &Value, out: &mut String) -> Done {
        match op {
            op::CLASSIFY => calls::classify(v, out),
            op::RETRY_AFTER_MS => calls::retry_after_ms(v, out),
            op::BACKOFF_SCHEDULE => calls::backoff_schedule(v, out),
            op::PARSE_ERROR => calls::parse_error(bytes, v, out),
            op::DIAGNOSE => calls::diagnose(bytes, v, out),
            op::TO_CURL => calls::to_curl(bytes, v, out),
            op::START => self.start(v, out),
            op::GATE..=op::END => self.on_fetch(op, v, out),
            _ => Err(Fault::from(NO_SUCH_CALL)),
        }
    }

    fn start(&mut self, v: &Value, out: &mut String) -> Done {
        let call = FetchCall::open(v)?;
        let id = match self.fetches.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                self.fetches.push(None);
                self.fetches.len() - 1
            }
        };
        // `[id, status…]`: the call's id, then the statuses whose body it reads.
        out.push('[');
        push_u64(out, id as u64);
        call.push_body_statuses(out);
        out.push(']');
        if let Some(slot) = self.fetches.get_mut(id) {
            *slot = Some(call);
        }
        Ok(())
    }

    fn on_fetch(&mut self, op: u32, v: &Value, out: &mut String) -> Done {
        let id = at(v, 0).and_then(as_f64).unwrap_or(-1.0);
        let slot = self
            .fetches
            .get_mut(id as usize)
            .filter(|_| id >= 0.0)
            .ok_or(NO_SUCH_CALL)?;
        if op == op::END {
            *slot = None;
            out.push_str("null");
            return Ok(());
        }
        let call = slot.as_mut().ok_or(NO_SUCH_CALL)?;
        if op == op::GATE {
            call.write_gate(&mut self.guards, own(v, 1), out);
            return Ok(());
        }
        call.write_after(&mut self.guards, v, out) // op::AFTER, the last left
    }
}
