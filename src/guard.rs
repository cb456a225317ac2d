//! The per-origin retry budget and circuit breaker, kept together under one key.
//! Pure: the caller passes the clock and keeps the `Guards` where its runtime lets it
//! (a module-level value in wasm; `export`/`import` move it between Workers isolates).

use alloc::string::String;
use alloc::vec::Vec;

use crate::breaker::Breaker;
use crate::budget::Budget;
use crate::classify::Classification;
use crate::json::{as_object, get, is_null, push_string};
use crate::policy::RetryPolicy;
use crate::status::Category;

/// The most origins tracked at once: a long-lived process that talks to many hosts keeps
/// bounded memory. Past it, an origin with no failures on record is forgotten first.
pub const MAX_ORIGINS: usize = 256;

/// One origin's state.
#[derive(Debug, Default)]
pub struct OriginGuard {
    pub budget: Option<Budget>,
    pub breaker: Option<Breaker>,
}

impl OriginGuard {
    /// A new origin's state under `policy`.
    fn fresh(policy: &RetryPolicy) -> OriginGuard {
        OriginGuard {
            budget: policy.budget.map(Budget::new),
            breaker: policy.circuit_breaker.map(Breaker::new),
        }
    }
}

/// Every origin's state, created on first use with that call's policy.
#[derive(Debug, Default)]
pub struct Guards {
    // A short list searched in order: at most MAX_ORIGINS entries, and far smaller in wasm
    // than a map.
    origins: Vec<(String, OriginGuard)>,
}

impl Guards {
    /// No origin yet, as a constant (for a `static`).
    pub const NONE: Guards = Guards {
        origins: Vec::new(),
    };
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
    /// The position of `origin` in the list.
    fn find(&self, origin: &str) -> Option<usize> {
        let mut at = 0;
        while let Some((k, _)) = self.origins.get(at) {
            if k == origin {
                return Some(at);
            }
            at += 1;
        }
        None
    }

    /// The state of `origin`, created with `policy`'s settings on first use. Always `Some`;
    /// an `Option` only because the list hands out entries by position.
    fn entry(&mut self, origin: &str, policy: &RetryPolicy) -> Option<&mut OriginGuard> {
        let at = match self.find(origin) {
            Some(at) => at,
            None => {
                let new = (String::from(origin), OriginGuard::fresh(policy));
                if self.origins.len() >= MAX_ORIGINS {
                    // The one forgotten moves to the end, where the new origin replaces it:
                    // the order of the others is kept, as a removal would keep it.
                    let mut at = self.evictee();
                    while at + 1 < self.origins.len() {
                        self.origins.swap(at, at + 1);
                        at += 1;
                    }
                    if let Some(last) = self.origins.last_mut() {
                        *last = new;
                    }
                } else {
                    self.origins.push(new);
                }
                self.origins.len() - 1
            }
        };
        self.origins.get_mut(at).map(|(_, g)| g)
    }

    /// May a call to `origin` start? `Err(retry_at_ms)` while its circuit is open.
    pub fn admit(&mut self, origin: &str, policy: &RetryPolicy, now_ms: u64) -> Result<(), u64> {
        if policy.circuit_breaker.is_none() {
            return Ok(());
        }
        match self.entry(origin, policy).and_then(|g| g.breaker.as_mut()) {
            Some(b) => b.allow(now_ms),
            None => Ok(()),
        }
    }

    /// May a retry go ahead? Spends from the budget when it may.
    pub fn may_retry(&mut self, origin: &str, policy: &RetryPolicy, now_ms: u64) -> bool {
        if policy.budget.is_none() {
            return true;
        }
        match self.entry(origin, policy).and_then(|g| g.budget.as_mut()) {
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
        let Some(g) = self.entry(origin, policy) else {
            return;
        };
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

    /// The origin to forget to make room for a new one: the first with no failures on
    /// record if there is one (it would start afresh anyway), else the first in order.
    fn evictee(&self) -> usize {
        let mut at = 0;
        while let Some((_, g)) = self.origins.get(at) {
            if g.breaker.as_ref().is_none_or(|b| b.failures() == 0) {
                return at;
            }
            at += 1;
        }
        0
    }

    /// How many origins are tracked.
    pub fn len(&self) -> usize {
        self.origins.len()
    }

    /// True when no origin is tracked.
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }

    /// The state of `origin`, if any call has touched it.
    pub fn get(&self, origin: &str) -> Option<&OriginGuard> {
        let at = self.find(origin)?;
        self.origins.get(at).map(|(_, g)| g)
    }

    /// Forgets every origin.
    pub fn clear(&mut self) {
        self.origins.clear();
    }
}

impl Guards {
    /// Every origin's state as JSON (`{ origin: { budget, breaker } }`), so that Workers
    /// isolates can share it through KV or a Durable Object.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        for (origin, g) in &self.origins {
            if out.len() > 1 {
                out.push(',');
            }
            push_string(&mut out, origin);
            out.push_str(":{\"budget\":");
            match &g.budget {
                Some(b) => b.push_json(&mut out),
                None => out.push_str("null"),
            }
            out.push_str(",\"breaker\":");
            match &g.breaker {
                Some(b) => b.push_json(&mut out),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        out.push('}');
        out
    }

    /// Restores state written by [`Guards::to_json`], replacing what is known of those
    /// origins; configuration comes from `policy`. `None` when the text is not such state.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn merge_json(&mut self, text: &str, policy: &RetryPolicy) -> Option<usize> {
        let all = crate::json::parse(text)?;
        let mut restored = 0;
        for (origin, v) in as_object(&all)? {
            let part = |key: &str| get(v, key).filter(|p| !is_null(p));
            let mut fresh = OriginGuard::fresh(policy);
            if let (Some(b), Some(p)) = (&mut fresh.budget, part("budget")) {
                b.restore(p)?;
            }
            if let (Some(b), Some(p)) = (&mut fresh.breaker, part("breaker")) {
                b.restore(p)?;
            }
            if let Some(g) = self.entry(origin, policy) {
                *g = fresh;
            }
            restored += 1;
        }
        Some(restored)
    }
}
