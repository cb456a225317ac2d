//! A retry budget per key (origin): a token bucket that stops retries when most recent
//! attempts fail, so that retries cannot multiply the load on a server that is down.
//!
//! The model is gRPC's retry throttling (gRFC A6, "Throttling Retry Attempts and Hedged RPCs",
//! <https://github.com/grpc/proposal/blob/master/A6-client-retries.md#throttling-retry-attempts-and-hedged-rpcs>),
//! in the spirit of the AWS SDKs' retry quota:
//!
//! - the bucket starts full, at `max_tokens`;
//! - every failed attempt (first or retry) takes one token, down to 0;
//! - every success gives back `token_ratio` tokens, up to `max_tokens`;
//! - a retry may go ahead only while the bucket holds **more than half** of `max_tokens`.
//!
//! Under a total outage a full bucket therefore allows at most `max_tokens / 2` retries in
//! all, however many requests are made; afterwards each request makes one attempt only.
//! Successes refill the bucket, `1 / token_ratio` of them per token.
//!
//! [`Budget::try_spend`] only asks: the retry's cost is charged when its attempt fails
//! ([`Budget::on_failure`]), as in gRPC, so a failed retry is not counted twice. There is no
//! refill with time: an idle origin keeps its bucket, and the first successes refill it. The
//! clock arguments are kept so that a time-based refill can be added without an API change.
//!
//! Tokens are kept as integer thousandths, so the arithmetic is exact and deterministic.

use alloc::string::String;

use crate::json::{as_u64, get, Value};

/// The tuning of a [`Budget`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BudgetConfig {
    /// The bucket's size; retries stop at half of it. 0 allows no retries.
    pub max_tokens: u32,
    /// Tokens refunded per success (read to three decimals, like gRPC's `tokenRatio`).
    pub token_ratio: f64,
}

impl Default for BudgetConfig {
    /// gRPC's example values, `maxTokens: 10, tokenRatio: 0.1`: a healthy origin allows up to
    /// 5 back-to-back failed retries, and ten successes earn one token back, so retries stay
    /// near 10% of traffic when an origin keeps failing.
    fn default() -> BudgetConfig {
        BudgetConfig {
            max_tokens: 10,
            token_ratio: 0.1,
        }
    }
}

/// The retry budget for one key. Plain state: no clock, no I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    milli: u64,
    max_milli: u64,
    refund_milli: u64,
}

impl Budget {
    /// A full bucket for `cfg`.
    pub fn new(cfg: BudgetConfig) -> Budget {
        // Cannot overflow: u32::MAX thousand fits in a u64.
        let max_milli = u64::from(cfg.max_tokens) * 1000;
        // Rounded; `as` gives 0 for NaN and values below 1 and saturates large ones; then
        // capped at the bucket.
        let refund_milli = ((cfg.token_ratio * 1000.0 + 0.5) as u64).min(max_milli);
        Budget {
            milli: max_milli,
            max_milli,
            refund_milli,
        }
    }

    /// May a retry go ahead? True while the bucket holds more than half of `max_tokens`.
    /// Its cost is charged by [`Budget::on_failure`] if it fails (see the module docs).
    pub fn try_spend(&mut self, _now_ms: u64) -> bool {
        self.milli > self.max_milli / 2
    }

    /// A failed attempt (a retryable failure): one token less, down to 0.
    pub fn on_failure(&mut self, _now_ms: u64) {
        self.milli = self.milli.saturating_sub(1000);
    }

    /// A success: `token_ratio` tokens back, up to `max_tokens`.
    pub fn on_success(&mut self, _now_ms: u64) {
        self.milli = self
            .milli
            .saturating_add(self.refund_milli)
            .min(self.max_milli);
    }

    /// The tokens in the bucket, for display and tests.
    pub fn tokens(&self) -> f64 {
        self.milli as f64 / 1000.0
    }

    /// The state as JSON, `{"milli_tokens":7500}`, so isolates can share it.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.push_json(&mut out);
        out
    }

    /// Appends [`Budget::to_json`]'s text to `out`.
    pub fn push_json(&self, out: &mut String) {
        out.push_str("{\"milli_tokens\":");
        crate::json::push_u64(out, self.milli);
        out.push('}');
    }

    /// A budget from [`Budget::to_json`]'s output under `cfg`; a count above the bucket (the
    /// config shrank) is capped. `None` for anything else; never panics.
    pub fn from_json(s: &str, cfg: BudgetConfig) -> Option<Budget> {
        Budget::from_value(&crate::json::parse(s)?, cfg)
    }

    /// [`Budget::from_json`] for state already parsed (other members are ignored).
    pub fn from_value(v: &Value, cfg: BudgetConfig) -> Option<Budget> {
        let mut budget = Budget::new(cfg);
        budget.restore(v)?;
        Some(budget)
    }

    /// Sets the tokens from exported state (see [`Budget::from_value`]); `None`, with
    /// `self` unchanged, when `v` is not such state.
    pub fn restore(&mut self, v: &Value) -> Option<()> {
        let milli = get(v, "milli_tokens").and_then(as_u64)?;
        self.milli = milli.min(self.max_milli);
        Some(())
    }
}
