//! A circuit breaker per key (origin): after enough consecutive failures, calls fail fast
//! for a cool-down instead of adding load to a server that is down; then one probe call is
//! let through, and its outcome closes or re-opens the circuit.
//!
//! The pattern is Michael Nygard's (*Release It!*), as described by Martin Fowler
//! (<https://martinfowler.com/bliki/CircuitBreaker.html>). Plain state with the clock passed
//! in; the state exports to JSON so that Workers isolates can share it.
//!
//! Choices:
//! - Only consecutive failures count; any success closes the circuit and resets the count,
//!   even one reported late while open (the server answered, so it is up).
//! - A failure reported while open (a call let through before it opened) changes nothing.
//! - While half-open, one probe is in flight and other calls are refused until the probe's
//!   own deadline, one cool-down after it started. A probe that never reports back does not
//!   wedge the breaker: after that deadline the next call becomes a new probe.
//! - A `failure_threshold` of 0 is read as 1.

use alloc::string::String;

use crate::json::{as_u64, get, get_str, push_u64, Value};
use crate::text::{exact_index, nth};

/// The tuning of a [`Breaker`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the circuit.
    pub failure_threshold: u32,
    /// How long an open circuit fails fast before a probe, ms.
    pub cool_down_ms: u64,
}

impl Default for BreakerConfig {
    /// 5 failures and 30 s, the common defaults (Polly's, resilience4j's order of magnitude):
    /// with the default 6 attempts, one request whose retries all fail opens the circuit, and
    /// 30 s matches the default `maxDelayMs`, the longest a backoff would wait anyway.
    fn default() -> BreakerConfig {
        BreakerConfig {
            failure_threshold: 5,
            cool_down_ms: 30_000,
        }
    }
}

/// The contract's names of the states, in declaration order.
const STATES: &str = "closed|open|half_open";

/// Where a circuit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go ahead.
    Closed,
    /// Calls fail fast until the cool-down ends.
    Open,
    /// The cool-down has ended: one probe call decides.
    HalfOpen,
}

impl BreakerState {
    /// The contract's name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth(STATES, self as usize)
    }

    fn parse(s: &str) -> Option<BreakerState> {
        let i = exact_index(s, STATES)?;
        [
            BreakerState::Closed,
            BreakerState::Open,
            BreakerState::HalfOpen,
        ]
        .get(i)
        .copied()
    }
}

/// The circuit breaker for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breaker {
    cfg_threshold: u32,
    cool_down_ms: u64,
    state: BreakerState,
    failures: u32,
    /// Open: when the cool-down ends. Half-open: when the probe in flight is given up on.
    until_ms: u64,
}

impl Breaker {
    /// A closed breaker for `cfg`.
    pub fn new(cfg: BreakerConfig) -> Breaker {
        Breaker {
            cfg_threshold: cfg.failure_threshold.max(1),
            cool_down_ms: cfg.cool_down_ms,
            state: BreakerState::Closed,
            failures: 0,
            until_ms: 0,
        }
    }

    /// `Ok(())` when a call may go ahead (closed, or the single half-open probe after the
    /// cool-down); `Err(retry_at_ms)` when it should fail fast until then.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn allow(&mut self, now_ms: u64) -> Result<(), u64> {
        match self.state {
            BreakerState::Closed => Ok(()),
            BreakerState::Open | BreakerState::HalfOpen if now_ms >= self.until_ms => {
                // Start a probe (or replace one that never reported back).
                self.state = BreakerState::HalfOpen;
                self.until_ms = now_ms.saturating_add(self.cool_down_ms);
                Ok(())
            }
            BreakerState::Open | BreakerState::HalfOpen => Err(self.until_ms),
        }
    }

    /// A call succeeded: close the circuit and reset the count.
    pub fn on_success(&mut self, _now_ms: u64) {
        self.state = BreakerState::Closed;
        self.failures = 0;
        self.until_ms = 0;
    }

    /// A call failed: count it; open at the threshold; a failed probe re-opens for another
    /// cool-down.
    pub fn on_failure(&mut self, now_ms: u64) {
        self.failures = self.failures.saturating_add(1);
        let open = match self.state {
            BreakerState::Closed => self.failures >= self.cfg_threshold,
            BreakerState::HalfOpen => true,
            BreakerState::Open => false,
        };
        if open {
            self.state = BreakerState::Open;
            self.until_ms = now_ms.saturating_add(self.cool_down_ms);
        }
    }

    /// The state as seen at `now_ms`: an open circuit whose cool-down has ended reads as
    /// half-open (the next call would be the probe).
    pub fn state(&self, now_ms: u64) -> BreakerState {
        match self.state {
            BreakerState::Open if now_ms >= self.until_ms => BreakerState::HalfOpen,
            state => state,
        }
    }

    /// Consecutive failures counted so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The state as JSON, `{"state":"open","failures":5,"until_ms":1700000030000}`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.push_json(&mut out);
        out
    }

    /// Appends [`Breaker::to_json`]'s text to `out`.
    pub fn push_json(&self, out: &mut String) {
        out.push_str("{\"state\":\"");
        out.push_str(self.state.as_str());
        out.push_str("\",\"failures\":");
        push_u64(out, u64::from(self.failures));
        out.push_str(",\"until_ms\":");
        push_u64(out, self.until_ms);
        out.push('}');
    }

    /// A breaker from [`Breaker::to_json`]'s output under `cfg`. `None` for anything else
    /// (unknown state name, missing or mistyped fields, garbage); never panics.
    pub fn from_json(s: &str, cfg: BreakerConfig) -> Option<Breaker> {
        Breaker::from_value(&crate::json::parse(s)?, cfg)
    }

    /// [`Breaker::from_json`] for state already parsed (other members are ignored).
    pub fn from_value(v: &Value, cfg: BreakerConfig) -> Option<Breaker> {
        let mut breaker = Breaker::new(cfg);
        breaker.restore(v)?;
        Some(breaker)
    }

    /// Sets the state from exported state (see [`Breaker::from_value`]); `None` when `v`
    /// is not such state, and then `self` may be partly set: drop it.
    pub fn restore(&mut self, v: &Value) -> Option<()> {
        let state = get_str(v, "state").and_then(BreakerState::parse)?;
        self.failures = get(v, "failures")
            .and_then(as_u64)
            .and_then(|n| u32::try_from(n).ok())?;
        let until_ms = get(v, "until_ms").and_then(as_u64)?;
        self.state = state;
        self.until_ms = if state == BreakerState::Closed {
            0
        } else {
            until_ms
        };
        Some(())
    }
}
