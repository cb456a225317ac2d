//! One call's retries, without I/O: the caller sends each attempt and reports what came
//! back; the session classifies it, consults the origin's budget and breaker, and decides.
//! The JavaScript `fetchWithRetry` is a thin loop around it, which also keeps the attempt
//! history (from the classifications and decisions it is answered).

use alloc::boxed::Box;
use alloc::string::String;

use crate::backoff::Rng;
use crate::classify::{classify, Classification, Context, Outcome, Transport};
use crate::guard::Guards;
use crate::json::{push_opt_u64, push_string, push_u64};
use crate::policy::{decide, Decision, RetryPolicy, Step, StopReason};
use crate::profiles::Profile;

/// How much of an error body is read for body rules and `HttpError.envelope`.
pub const BODY_PREFIX_BYTES: usize = 64 * 1024;

/// The settings of one call.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The profile and the policy it shapes. Boxed: both are large, and moving them costs
    /// code.
    pub setup: Box<(Profile, RetryPolicy)>,
    pub origin: String,
    pub method: String,
    /// False for `retry: false`: one attempt, classified all the same.
    pub retry: bool,
    /// The request carries an `Idempotency-Key`.
    pub idempotency_key: bool,
    /// The body is a stream: it can be sent once.
    pub one_shot_body: bool,
    pub timeout_ms: Option<u64>,
    pub deadline_ms: Option<u64>,
}

impl Settings {
    fn profile(&self) -> &Profile {
        &self.setup.0
    }

    fn policy(&self) -> &RetryPolicy {
        &self.setup.1
    }
}

/// One call in progress.
#[derive(Clone, Debug)]
pub struct Session {
    pub settings: Settings,
    /// How many attempts have been recorded.
    pub attempts: u32,
    started_ms: u64,
    prev_delay_ms: u64,
    rng: Rng,
}

impl Session {
    /// A call starting at `now_ms`, its jitter drawn from `seed` unless the policy fixes one.
    pub fn new(settings: Settings, now_ms: u64, seed: u64) -> Session {
        let rng = Rng::new(settings.policy().seed.unwrap_or(seed));
        Session {
            settings,
            attempts: 0,
            started_ms: now_ms,
            prev_delay_ms: 0,
            rng,
        }
    }

    /// Before each attempt, may it go and with what timeout, as JSON: the ms to abort it
    /// after (the per-attempt timeout or what is left of the deadline, whichever is
    /// shorter; at least 1) or `null` for none; `0` when the deadline has passed;
    /// `[retryAt]` when the origin's circuit is open (fail fast; a probe is let through at
    /// `retryAt`).
    pub fn gate(&self, guards: &mut Guards, now_ms: u64, out: &mut String) {
        let s = &self.settings;
        if self.attempts == 0 {
            if let Err(retry_at_ms) = guards.admit(&s.origin, s.policy(), now_ms) {
                out.push('[');
                push_u64(out, retry_at_ms);
                out.push(']');
                return;
            }
        }
        // u64::MAX stands for "none": both settings are capped far below it. What is left
        // of a deadline that has passed is 0, and so is the timeout.
        let elapsed = now_ms.saturating_sub(self.started_ms);
        let left = s
            .deadline_ms
            .map_or(u64::MAX, |d| d.saturating_sub(elapsed));
        let t = s.timeout_ms.unwrap_or(u64::MAX).min(left);
        push_opt_u64(out, (t != u64::MAX).then_some(t));
    }

    /// Appends `,status` for each status whose classification reads the response body (a
    /// profile rule looks into it); for those the caller passes the first
    /// [`BODY_PREFIX_BYTES`] of it.
    pub fn push_body_statuses(&self, out: &mut String) {
        for r in &self.settings.profile().rules {
            if !r.body_contains.is_empty() {
                out.push(',');
                push_u64(out, u64::from(r.status));
            }
        }
    }

    /// Classifies an attempt's outcome: a transport failure, or a response with its
    /// headers and body; `cors` is true for a cross-origin response, whose headers the
    /// browser filters. `None` for a status outside 100..=599 (but 0).
    pub fn classify(
        &self,
        outcome: Outcome,
        headers: &[(&str, &str)],
        body: Option<&str>,
        cors: bool,
        now_ms: u64,
    ) -> Option<Classification> {
        // An opaque response (status 0) tells nothing: treat it as a network failure.
        let outcome = match outcome {
            Outcome::Status(0) => Outcome::Transport(Transport::Network),
            o => o,
        };
        let s = &self.settings;
        let ctx = Context {
            method: &s.method,
            headers,
            body,
            profile: s.profile(),
            policy: s.policy(),
            idempotency_key: s.idempotency_key,
            now_ms,
        };
        let mut c = classify(outcome, &ctx)?;
        if cors && c.server_wait.is_none() && matches!(outcome, Outcome::Status(429 | 503)) {
            // A browser shows a cross-origin response only the headers CORS exposes: a
            // Retry-After the server did not list in Access-Control-Expose-Headers is invisible.
            c.reason.push_str(" Retry-After was not visible (a cross-origin server must list it in Access-Control-Expose-Headers), so faultline backs off.");
        }
        Some(c)
    }

    /// Records the attempt that just ended and decides, appending to `out` the JSON items
    /// the JavaScript loop reads: `,waitMs,"waitSource"` to retry after `waitMs`, or
    /// `,null,null,deadline` to stop (`deadline` 1 when the stop is for the deadline, else
    /// 0), then `," why"`, the reason's sentence after a space, for the attempt history,
    /// unless the classification's own reason already says it (a success, an outcome never
    /// retried).
    pub fn record(
        &mut self,
        guards: &mut Guards,
        c: &Classification,
        now_ms: u64,
        out: &mut String,
    ) {
        self.attempts += 1;
        let number = self.attempts;
        let s = &self.settings;
        guards.record(&s.origin, s.policy(), c, now_ms);
        let decision = if s.retry {
            let step = Step {
                attempt: number,
                classification: c,
                elapsed_ms: now_ms.saturating_sub(self.started_ms),
                deadline_ms: s.deadline_ms,
                prev_delay_ms: self.prev_delay_ms,
            };
            decide(s.policy(), &step, &mut self.rng)
        } else {
            Decision::Stop {
                reason: StopReason::NotRetryable,
            }
        };
        let reason = match decision {
            Decision::Retry { after_ms, source } => {
                if s.one_shot_body {
                    StopReason::BodyConsumed
                } else if guards.admit(&s.origin, s.policy(), now_ms).is_err() {
                    StopReason::CircuitOpen
                } else if !guards.may_retry(&s.origin, s.policy(), now_ms) {
                    StopReason::Budget
                } else {
                    self.prev_delay_ms = after_ms;
                    out.push(',');
                    push_u64(out, after_ms);
                    out.push(',');
                    push_string(out, source.as_str());
                    return;
                }
            }
            Decision::Stop { reason } => reason,
        };
        out.push_str(",null,null,");
        out.push(if reason == StopReason::Deadline {
            '1'
        } else {
            '0'
        });
        if !matches!(reason, StopReason::Succeeded | StopReason::NotRetryable) {
            // The sentences are plain ASCII: nothing to escape.
            out.push_str(",\" ");
            out.push_str(reason.sentence());
            out.push('"');
        }
    }
}
