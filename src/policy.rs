//! `RetryPolicy` and the decision engine: after an attempt, retry after how long, or stop and why.
//!
//! The engine is a pure function of the policy, the attempt's classification, the time spent
//! and a seeded generator, so every schedule is reproducible natively and in wasm. The fetch
//! wrapper asks exactly [`decide`] after every attempt; the per-origin budget and breaker are
//! consulted around it (see [`crate::guard`]).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::backoff::{Backoff, Jitter, Rng, DEFAULT_JITTER};
use crate::breaker::BreakerConfig;
use crate::budget::BudgetConfig;
use crate::classify::Classification;
use crate::headers::{WaitSource, MAX_WAIT_MS};
use crate::json::{as_array, as_bool, as_f64, as_object, as_str, Value};
use crate::method::is_token;
use crate::status::Category;
use crate::text::{exact_index, nth, piece};

/// An option that is unknown or has a value it cannot take. The bindings turn it into a
/// `TypeError` whose message names the field. Boxed: the readers pass it up through many
/// `?`, and one pointer costs less wasm to move than the fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError(Box<OptionDetail>);

/// What an [`OptionError`] says (its fields read through it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionDetail {
    pub field: String,
    pub problem: &'static str,
}

impl core::ops::Deref for OptionError {
    type Target = OptionDetail;

    fn deref(&self) -> &OptionDetail {
        &self.0
    }
}

/// Said of a key nobody reads: most likely a typo.
pub const UNKNOWN: &str = "is not a known option";

impl OptionError {
    /// `field` has a value it cannot take.
    pub fn new(field: &str, problem: &'static str) -> OptionError {
        OptionError(Box::new(OptionDetail {
            field: String::from(field),
            problem,
        }))
    }

    /// `parent` has a key nobody reads.
    pub fn unknown(parent: &str, key: &str) -> OptionError {
        OptionError::new(key, UNKNOWN).under(parent)
    }

    /// The same error seen from the object that holds the field: `parent.field`, or
    /// `parent[0]…` for an item of an array, or `parent` itself when the field has no name
    /// yet (a problem with a member's own value, named by the reader of its object).
    pub fn under(mut self, parent: &str) -> OptionError {
        let mut field = String::from(parent);
        if !matches!(self.field.as_bytes().first(), None | Some(b'[')) {
            field.push('.');
        }
        field.push_str(&self.field);
        self.0.field = field;
        self
    }

    /// The whole sentence, e.g. `retry.maxAttempts must be an integer >= 1`.
    pub fn message(&self) -> String {
        let mut m = String::from("faultline: ");
        m.push_str(&self.field);
        m.push(' ');
        m.push_str(self.problem);
        m
    }
}

/// A problem with a member's own value: the reader of its object adds the member's name.
impl From<&'static str> for OptionError {
    fn from(problem: &'static str) -> OptionError {
        OptionError::new("", problem)
    }
}

#[cfg(feature = "std")]
impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OptionError {}

/// When and how often to retry. `RetryPolicy::default()` is the contract's default policy.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub backoff: Backoff,
    /// Seeds the jitter; `None` lets the caller pick a random seed.
    pub seed: Option<u64>,
    /// Methods retried on 5xx, upper-case and comma-separated (`"GET,PUT"`; a comma is no
    /// token character). 429 and transport failures are retried for every method.
    pub methods: Cow<'static, str>,
    /// Statuses retried.
    pub status_codes: Cow<'static, [u16]>,
    /// Honour `Retry-After` and rate-limit headers.
    pub respect_retry_after: bool,
    /// The longest server-requested wait honoured; a longer one is cut to this.
    pub max_retry_after_ms: u64,
    /// The shortest wait after a 429 that named none (a profile's choice; 0 by default).
    pub rate_limit_min_wait_ms: u64,
    pub retry_network_errors: bool,
    /// The per-origin retry budget; `None` turns it off.
    pub budget: Option<BudgetConfig>,
    /// The per-origin circuit breaker; `None` turns it off.
    pub circuit_breaker: Option<BreakerConfig>,
}

/// Statuses retried by default: 429, the temporary 5xx of RFC 9110, and the proxy codes
/// that mean the origin did not answer (Cloudflare 520–524, 598/599).
pub const DEFAULT_STATUS_CODES: [u16; 12] =
    [429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 598, 599];

/// The default cap on a server-requested wait: two minutes. A server that asks for longer
/// is better answered by a caller-level decision than by a hidden sleep.
pub const DEFAULT_MAX_RETRY_AFTER_MS: u64 = 120_000;

const DEFAULT_METHODS: &str = "GET,HEAD,OPTIONS,PUT,DELETE,TRACE";

const DEFAULT_POLICY: RetryPolicy = RetryPolicy {
    max_attempts: 6,
    backoff: Backoff {
        base_delay_ms: 500,
        factor: 2.0,
        max_delay_ms: 30_000,
        jitter: DEFAULT_JITTER,
    },
    seed: None,
    methods: Cow::Borrowed(DEFAULT_METHODS),
    status_codes: Cow::Borrowed(&DEFAULT_STATUS_CODES),
    respect_retry_after: true,
    max_retry_after_ms: DEFAULT_MAX_RETRY_AFTER_MS,
    rate_limit_min_wait_ms: 0,
    retry_network_errors: true,
    budget: None,
    circuit_breaker: None,
};

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            budget: Some(BudgetConfig::default()),
            circuit_breaker: Some(BreakerConfig::default()),
            ..DEFAULT_POLICY
        }
    }
}

impl RetryPolicy {
    /// A shared default policy, for `classify` without options (budget and breaker,
    /// which `classify` does not read, are left out).
    pub fn default_ref() -> &'static RetryPolicy {
        &DEFAULT_POLICY
    }

    /// True when this policy retries `status` for `method`.
    pub fn retries_status(&self, status: u16, method: &str, idempotency_key: bool) -> bool {
        let mut listed = false;
        for &code in self.status_codes.iter() {
            listed |= code == status;
        }
        if !listed {
            return false;
        }
        if status == 429 || idempotency_key {
            return true;
        }
        let mut at = 0;
        while let Some((m, next)) = piece(&self.methods, ",", at) {
            if !m.is_empty() && m.eq_ignore_ascii_case(method) {
                return true;
            }
            at = next;
        }
        false
    }

    /// The delays before retry 1, 2, … (`max_attempts - 1` of them), with jitter from `seed`.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn schedule(&self, seed: u64) -> Vec<u64> {
        self.backoff
            .schedule(self.max_attempts.saturating_sub(1), seed)
    }

    /// Reads a `RetryPolicy` object over `self` (the keys it names replace those fields).
    pub fn merge_json(&mut self, v: &Value) -> Result<(), OptionError> {
        self.merge(v).map_err(|e| e.under("retry"))
    }

    fn merge(&mut self, v: &Value) -> Result<(), OptionError> {
        let not_object = "must be a RetryPolicy object or false";
        read_members(v, POLICY_KEYS, not_object, &mut |i, value| match i {
            11.. => self.read_guard(value, i == 11),
            _ => self.set(i, value).map_err(OptionError::from),
        })
    }

    /// Member `i` of [`POLICY_KEYS`], not `budget` or `circuitBreaker`.
    fn set(&mut self, i: usize, v: &Value) -> Result<(), &'static str> {
        match i {
            0 => self.max_attempts = count(v)?,
            // The durations: one read for the three.
            1..=3 => {
                let n = ms(v)?;
                *match i {
                    1 => &mut self.backoff.base_delay_ms,
                    2 => &mut self.backoff.max_delay_ms,
                    _ => &mut self.max_retry_after_ms,
                } = n;
            }
            4 => self.backoff.factor = number(v, &FACTOR)?,
            5 => {
                let j = as_str(v).and_then(Jitter::parse);
                self.backoff.jitter =
                    j.ok_or("must be \"none\", \"full\", \"equal\" or \"decorrelated\"")?;
            }
            6 => self.seed = Some(number(v, &SEED)? as u64),
            7 => self.methods = Cow::Owned(methods(v)?),
            8 => self.status_codes = Cow::Owned(statuses(v)?),
            _ => {
                let b = boolean(v)?;
                *if i == 9 {
                    &mut self.respect_retry_after
                } else {
                    &mut self.retry_network_errors
                } = b;
            }
        }
        Ok(())
    }

    /// `budget` (or with `budget` false, `circuitBreaker`): `false`, `true` or an object of
    /// settings over the config in force (or the default one). One routine for both, as
    /// each has a count and one more number.
    fn read_guard(&mut self, v: &Value, budget: bool) -> Result<(), OptionError> {
        let (keys, shape) = if budget {
            (
                "maxTokens|tokenRatio",
                "must be false, true or { maxTokens, tokenRatio }",
            )
        } else {
            (
                "failureThreshold|coolDownMs",
                "must be false, true or { failureThreshold, coolDownMs }",
            )
        };
        // `false` turns it off, `true` keeps the config in force (or the default one), an
        // object changes that config.
        let on = as_bool(v);
        let mut b = self.budget.unwrap_or_default();
        let mut c = self.circuit_breaker.unwrap_or_default();
        if on.is_none() {
            read_members(v, keys, shape, &mut |i, value| {
                match (budget, i) {
                    (true, 0) => count(value).map(|n| b.max_tokens = n),
                    (true, _) => number(value, &RATIO).map(|r| b.token_ratio = r),
                    (false, 0) => count(value).map(|n| c.failure_threshold = n),
                    (false, _) => ms(value).map(|n| c.cool_down_ms = n),
                }
                .map_err(OptionError::from)
            })?;
        }
        let on = on != Some(false);
        if budget {
            self.budget = on.then_some(b);
        } else {
            self.circuit_breaker = on.then_some(c);
        }
        Ok(())
    }
}

/// Reads each member of the object `v` with `read`, given the index of its key among the
/// `|`-separated `keys`; errors name the member. `not_object` when `v` is no object, and
/// [`UNKNOWN`] for a key not listed. One loop for every options object.
pub fn read_members(
    v: &Value,
    keys: &str,
    not_object: &'static str,
    read: &mut dyn FnMut(usize, &Value) -> Result<(), OptionError>,
) -> Result<(), OptionError> {
    for (key, value) in as_object(v).ok_or(not_object)? {
        match exact_index(key, keys) {
            Some(i) => read(i, value),
            None => Err(UNKNOWN.into()),
        }
        .map_err(|e| e.under(key))?;
    }
    Ok(())
}

/// The keys of a `RetryPolicy` object, in the order [`RetryPolicy::set`] numbers them.
const POLICY_KEYS: &str = "maxAttempts|baseDelayMs|maxDelayMs|maxRetryAfterMs|factor|jitter|seed|methods|statusCodes|respectRetryAfter|retryNetworkErrors|budget|circuitBreaker";

/// The range an option's number must fall in, and what to say when it does not.
pub struct Range {
    min: f64,
    max: f64,
    whole: bool,
    problem: &'static str,
}

/// Durations in ms: fractions are dropped and huge values clamp to the timer limit.
pub const MS: Range = Range {
    min: 0.0,
    max: f64::MAX,
    whole: false,
    problem: "must be a number of milliseconds >= 0",
};
/// Attempts, tokens, failures: at least one.
const COUNT: Range = Range {
    min: 1.0,
    max: u32::MAX as f64,
    whole: true,
    problem: "must be an integer >= 1",
};
/// Backoff growth: never shrinking.
pub const FACTOR: Range = Range {
    min: 1.0,
    max: f64::MAX,
    whole: false,
    problem: "must be a finite number >= 1",
};
/// (0, 1]: the least positive `f64` is the lower bound.
const RATIO: Range = Range {
    min: 5e-324,
    max: 1.0,
    whole: false,
    problem: "must be a number in (0, 1]",
};
/// Up to 2^53 - 1, so that JavaScript holds it exactly.
pub const SEED: Range = Range {
    min: 0.0,
    max: 9_007_199_254_740_991.0,
    whole: true,
    problem: "must be a non-negative safe integer",
};
/// An HTTP status code.
pub const STATUS: Range = Range {
    min: 100.0,
    max: 599.0,
    whole: true,
    problem: "must be an integer from 100 to 599",
};

/// `n` if it lies in `range` (never NaN or infinite: the bounds are finite).
pub fn in_range(n: f64, range: &Range) -> Result<f64, &'static str> {
    if n >= range.min && n <= range.max && (!range.whole || crate::json::is_whole(n)) {
        Ok(n)
    } else {
        Err(range.problem)
    }
}

/// `v` as a number in `range`.
pub fn number(v: &Value, range: &Range) -> Result<f64, &'static str> {
    in_range(as_f64(v).ok_or(range.problem)?, range)
}

/// A duration in ms (see [`MS`]).
#[inline(always)] // a call would pass the result through a frame of its own
pub fn ms(v: &Value) -> Result<u64, &'static str> {
    Ok((number(v, &MS)? as u64).min(MAX_WAIT_MS))
}

#[inline(always)] // a call would pass the result through a frame of its own
fn count(v: &Value) -> Result<u32, &'static str> {
    Ok(number(v, &COUNT)? as u32)
}

/// A status code (see [`STATUS`]). Through `u32`: the code is in range, and a `u32` is
/// what a float converts to without clamping code.
#[inline(always)] // a call would pass the result through a frame of its own
pub fn status(v: &Value) -> Result<u16, &'static str> {
    Ok(number(v, &STATUS)? as u32 as u16)
}

#[inline(always)] // a call would pass the result through a frame of its own
pub fn boolean(v: &Value) -> Result<bool, &'static str> {
    as_bool(v).ok_or("must be a boolean")
}

/// A list of strings: an array of them, or one string.
#[inline(always)] // a call would pass the result through a frame of its own
pub fn strings(v: &Value, problem: &'static str) -> Result<Vec<Cow<'static, str>>, &'static str> {
    let items = match v {
        Value::String(_) => core::slice::from_ref(v),
        _ => as_array(v).ok_or(problem)?,
    };
    let mut out = Vec::new();
    for item in items {
        out.push(Cow::Owned(String::from(as_str(item).ok_or(problem)?)));
    }
    Ok(out)
}

/// A method name, upper-cased.
#[inline(always)] // a call would pass the result through a frame of its own
pub fn method_name(v: &Value) -> Option<String> {
    as_str(v)
        .filter(|m| is_token(m))
        .map(str::to_ascii_uppercase)
}

/// An array of method names, upper-cased and comma-separated (see
/// [`RetryPolicy::methods`]).
pub fn methods(v: &Value) -> Result<String, &'static str> {
    let problem = "must be an array of method names such as \"GET\"";
    let mut out = String::new();
    for item in as_array(v).ok_or(problem)? {
        let m = as_str(item).filter(|m| is_token(m)).ok_or(problem)?;
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(m);
    }
    out.make_ascii_uppercase();
    Ok(out)
}

fn statuses(v: &Value) -> Result<Vec<u16>, &'static str> {
    const PROBLEM: &str = "must be an array of integers from 100 to 599";
    let mut codes = Vec::new();
    for s in as_array(v).ok_or(PROBLEM)? {
        codes.push(status(s).map_err(|_| PROBLEM)?);
    }
    Ok(codes)
}

/// Where a wait came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelaySource {
    Backoff,
    RetryAfter,
    RateLimit,
}

impl DelaySource {
    /// The contract's name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth("backoff|retry-after|rate-limit", self as usize)
    }
}

/// Why no further attempt is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The outcome is not a failure.
    Succeeded,
    /// The policy does not retry this outcome for this method.
    NotRetryable,
    /// `maxAttempts` attempts were made.
    MaxAttempts,
    /// The next wait would end past the deadline.
    Deadline,
    /// The origin's retry budget is spent.
    Budget,
    /// The origin's circuit is open.
    CircuitOpen,
    /// The request body was a stream and has been consumed.
    BodyConsumed,
    /// The caller's `onRetry` returned false.
    Cancelled,
    /// The caller's signal aborted.
    Aborted,
}

impl StopReason {
    /// A stable snake_case name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth("succeeded|not_retryable|max_attempts|deadline|budget_exhausted|circuit_open|body_consumed|cancelled|aborted", self as usize)
    }

    /// One sentence for the attempt history.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn sentence(self) -> &'static str {
        nth(
            "The response is not a failure.|\
             The policy does not retry this outcome for this method.|\
             All maxAttempts attempts have been made.|\
             The next wait would end past the deadline.|\
             The retry budget for this origin is spent: too many retries have failed lately.|\
             The circuit for this origin is open after consecutive failures.|\
             The request body was a consumed stream and cannot be resent.|\
             onRetry returned false.|\
             The request was aborted by its signal.",
            self as usize,
        )
    }
}

/// The engine's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Retry { after_ms: u64, source: DelaySource },
    Stop { reason: StopReason },
}

/// What the engine needs to know about the attempt that just ended.
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    /// The number of the attempt that just ended, from 1.
    pub attempt: u32,
    pub classification: &'a Classification,
    /// Time since the first attempt started.
    pub elapsed_ms: u64,
    /// Time allowed for all attempts and waits together, if any.
    pub deadline_ms: Option<u64>,
    /// The previous wait (for decorrelated jitter), 0 before the first retry.
    pub prev_delay_ms: u64,
}

/// Retry after how long, or stop and why. Never schedules a wait past the deadline, never
/// allows more than `max_attempts` attempts, and caps server waits at `max_retry_after_ms`.
#[inline(always)] // a call would pass the result through a frame of its own
pub fn decide(policy: &RetryPolicy, step: &Step, rng: &mut Rng) -> Decision {
    let c = step.classification;
    let reason = if !c.retryable {
        match c.category {
            Category::Informational | Category::Success | Category::Redirection => {
                StopReason::Succeeded
            }
            _ if c.kind == "aborted" => StopReason::Aborted,
            _ => StopReason::NotRetryable,
        }
    } else if step.attempt >= policy.max_attempts {
        StopReason::MaxAttempts
    } else {
        let (after_ms, source) = match c.server_wait {
            Some(w) if policy.respect_retry_after => {
                let source = match w.source {
                    WaitSource::RetryAfter => DelaySource::RetryAfter,
                    WaitSource::RateLimit => DelaySource::RateLimit,
                };
                (w.ms.min(policy.max_retry_after_ms), source)
            }
            _ => {
                let mut d = policy
                    .backoff
                    .delay_ms(step.attempt, step.prev_delay_ms, rng);
                if c.status == 429 {
                    d = d.max(policy.rate_limit_min_wait_ms);
                }
                (d, DelaySource::Backoff)
            }
        };
        let after_ms = after_ms.min(MAX_WAIT_MS);
        // A wait that ends at the deadline leaves no time for the attempt it waits for.
        let end = step.elapsed_ms.saturating_add(after_ms);
        if step.deadline_ms.is_none_or(|deadline| end < deadline) {
            return Decision::Retry { after_ms, source };
        }
        StopReason::Deadline
    };
    Decision::Stop { reason }
}
