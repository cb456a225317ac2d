//! The per-origin retry budget and circuit breaker, kept together under one key.
//! Pure: the caller passes the clock and keeps the `Guards` where its runtime lets it
//! (a module-level value in wasm; `export`/`import` move it between Workers isolates).

use alloc::collections::BTreeMap;
use alloc::string::String;

use crate::breaker::Breaker;
use crate::budget::Budget;
use crate::classify::Classification;
use crate::policy::RetryPolicy;
use crate::status::Category;

/// One origin's state.
#[derive(Debug, Default)]
pub struct OriginGuard {
    pub budget: Option<Budget>,
    pub breaker: Option<Breaker>,
}

/// Every origin's state, created on first use with that call's policy.
#[derive(Debug, Default)]
pub struct Guards {
    origins: BTreeMap<String, OriginGuard>,
}

/// True when an outcome should count against the origin: a server failure, a rate limit or
/// a transport failure. A 4xx other than 429 is the client's fault and says the origin is up.
pub fn is_origin_failure(c: &Classification) -> bool {
    match c.category {
        Category::ServerError => true,
        Category::Transport => c.kind != "aborted",
        _ => c.status == 429,
    }
}

impl Guards {
    fn entry(&mut self, origin: &str, policy: &RetryPolicy) -> &mut OriginGuard {
        self.origins.entry(String::from(origin)).or_insert_with(|| OriginGuard {
            budget: policy.budget.map(Budget::new),
            breaker: policy.circuit_breaker.map(Breaker::new),
        })
    }

    /// May a call to `origin` start? `Err(retry_at_ms)` while its circuit is open.
    pub fn admit(&mut self, origin: &str, policy: &RetryPolicy, now_ms: u64) -> Result<(), u64> {
        if policy.circuit_breaker.is_none() {
            return Ok(());
        }
        match &mut self.entry(origin, policy).breaker {
            Some(b) => b.allow(now_ms),
            None => Ok(()),
        }
    }

    /// May a retry go ahead? Spends from the budget when it may.
    pub fn may_retry(&mut self, origin: &str, policy: &RetryPolicy, now_ms: u64) -> bool {
        if policy.budget.is_none() {
            return true;
        }
        match &mut self.entry(origin, policy).budget {
            Some(b) => b.try_spend(now_ms),
            None => true,
        }
    }

    /// Records an attempt's outcome against its origin.
    pub fn record(&mut self, origin: &str, policy: &RetryPolicy, c: &Classification, now_ms: u64) {
        if policy.budget.is_none() && policy.circuit_breaker.is_none() {
            return;
        }
        let failed = is_origin_failure(c);
        if c.kind == "aborted" {
            return;
        }
        let g = self.entry(origin, policy);
        if let Some(b) = &mut g.budget {
            if failed {
                b.on_failure(now_ms)
            } else {
                b.on_success(now_ms)
            }
        }
        if let Some(b) = &mut g.breaker {
            if failed {
                b.on_failure(now_ms)
            } else {
                b.on_success(now_ms)
            }
        }
    }

    /// The state of `origin`, if any call has touched it.
    pub fn get(&self, origin: &str) -> Option<&OriginGuard> {
        self.origins.get(origin)
    }

    /// Forgets every origin.
    pub fn clear(&mut self) {
        self.origins.clear();
    }
}
