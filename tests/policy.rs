//! The decision engine: tables for each rule, and properties that must always hold.

use faultline::backoff::{Jitter, Rng};
use faultline::classify::{classify, Context, Outcome, Transport};
use faultline::policy::{decide, Decision, DelaySource, RetryPolicy, Step, StopReason};
use faultline::profiles::Profile;
use proptest::prelude::*;

fn classification(
    outcome: Outcome,
    method: &str,
    headers: &[(&str, &str)],
    policy: &RetryPolicy,
) -> faultline::Classification {
    let ctx = Context {
        method,
        headers,
        body: None,
        profile: Profile::default_ref(),
        policy,
        idempotency_key: false,
        now_ms: 0,
    };
    classify(outcome, &ctx).unwrap()
}

fn step_decision(
    policy: &RetryPolicy,
    outcome: Outcome,
    method: &str,
    headers: &[(&str, &str)],
    attempt: u32,
    elapsed_ms: u64,
    deadline_ms: Option<u64>,
) -> Decision {
    let c = classification(outcome, method, headers, policy);
    decide(
        policy,
        &Step {
            attempt,
            classification: &c,
            elapsed_ms,
            deadline_ms,
            prev_delay_ms: 0,
        },
        &mut Rng::new(1),
    )
}

fn no_jitter() -> RetryPolicy {
    let mut p = RetryPolicy::default();
    p.backoff.jitter = Jitter::None;
    p
}

#[test]
fn decisions() {
    let p = no_jitter();
    let s = Outcome::Status;
    type Row<'a> = (
        Outcome,
        &'a str,
        &'a [(&'a str, &'a str)],
        u32,
        Option<u64>,
        Decision,
    );
    let rows: [Row; 10] = [
        (
            s(200),
            "GET",
            &[],
            1,
            None,
            Decision::Stop {
                reason: StopReason::Succeeded,
            },
        ),
        (
            s(404),
            "GET",
            &[],
            1,
            None,
            Decision::Stop {
                reason: StopReason::NotRetryable,
            },
        ),
        (
            s(503),
            "GET",
            &[],
            1,
            None,
            Decision::Retry {
                after_ms: 500,
                source: DelaySource::Backoff,
            },
        ),
        (
            s(503),
            "GET",
            &[],
            3,
            None,
            Decision::Retry {
                after_ms: 2000,
                source: DelaySource::Backoff,
            },
        ),
        (
            s(503),
            "GET",
            &[],
            6,
            None,
            Decision::Stop {
                reason: StopReason::MaxAttempts,
            },
        ),
        (
            s(500),
            "POST",
            &[],
            1,
            None,
            Decision::Stop {
                reason: StopReason::NotRetryable,
            },
        ),
        (
            s(429),
            "POST",
            &[("Retry-After", "7")],
            1,
            None,
            Decision::Retry {
                after_ms: 7000,
                source: DelaySource::RetryAfter,
            },
        ),
        (
            s(429),
            "GET",
            &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "9")],
            1,
            None,
            Decision::Retry {
                after_ms: 9000,
                source: DelaySource::RateLimit,
            },
        ),
        (
            s(429),
            "GET",
            &[("Retry-After", "100000")],
            1,
            None,
            Decision::Retry {
                after_ms: 120_000,
                source: DelaySource::RetryAfter,
            },
        ),
        (
            Outcome::Transport(Transport::Aborted),
            "GET",
            &[],
            1,
            None,
            Decision::Stop {
                reason: StopReason::Aborted,
            },
        ),
    ];
    for (outcome, method, headers, attempt, deadline, want) in rows {
        assert_eq!(
            step_decision(&p, outcome, method, headers, attempt, 0, deadline),
            want,
            "{outcome:?} {method} {headers:?} #{attempt}"
        );
    }
}

#[test]
fn a_wait_that_would_end_past_the_deadline_is_not_started() {
    let p = no_jitter();
    assert_eq!(
        step_decision(&p, Outcome::Status(503), "GET", &[], 1, 900, Some(1500)),
        Decision::Retry {
            after_ms: 500,
            source: DelaySource::Backoff
        }
    );
    assert_eq!(
        step_decision(&p, Outcome::Status(503), "GET", &[], 1, 1000, Some(1500)),
        Decision::Stop {
            reason: StopReason::Deadline
        }
    );
    assert_eq!(
        step_decision(
            &p,
            Outcome::Status(429),
            "GET",
            &[("Retry-After", "5")],
            1,
            0,
            Some(4000)
        ),
        Decision::Stop {
            reason: StopReason::Deadline
        }
    );
}

#[test]
fn retry_after_can_be_ignored_and_network_retries_turned_off() {
    let mut p = no_jitter();
    p.respect_retry_after = false;
    assert_eq!(
        step_decision(
            &p,
            Outcome::Status(429),
            "GET",
            &[("Retry-After", "7")],
            1,
            0,
            None
        ),
        Decision::Retry {
            after_ms: 500,
            source: DelaySource::Backoff
        }
    );
    p.retry_network_errors = false;
    assert_eq!(
        step_decision(
            &p,
            Outcome::Transport(Transport::Network),
            "GET",
            &[],
            1,
            0,
            None
        ),
        Decision::Stop {
            reason: StopReason::NotRetryable
        }
    );
}

#[test]
fn policy_options_are_validated_with_the_field_named() {
    let rows = [
        (r#"{"maxAttempts":0}"#, "retry.maxAttempts"),
        (r#"{"maxAttempts":1.5}"#, "retry.maxAttempts"),
        (r#"{"baseDelayMs":-1}"#, "retry.baseDelayMs"),
        (r#"{"baseDelayMs":null}"#, "retry.baseDelayMs"),
        (r#"{"factor":0.5}"#, "retry.factor"),
        (r#"{"jitter":"lots"}"#, "retry.jitter"),
        (r#"{"methods":["G ET"]}"#, "retry.methods"),
        (r#"{"statusCodes":[700]}"#, "retry.statusCodes"),
        (r#"{"budget":{"tokenRatio":2}}"#, "retry.budget.tokenRatio"),
        (
            r#"{"circuitBreaker":{"failureThreshold":0}}"#,
            "retry.circuitBreaker.failureThreshold",
        ),
        (r#"{"tries":3}"#, "retry.tries"),
        (r#"{"seed":-1}"#, "retry.seed"),
        (r#"{"maxRetryAfterMs":"Infinity"}"#, "retry.maxRetryAfterMs"),
        (r#"{"statusCodes":500}"#, "retry.statusCodes"),
        (r#"{"respectRetryAfter":1}"#, "retry.respectRetryAfter"),
        (r#"{"budget":5}"#, "retry.budget"),
        (r#"{"budget":{"tokens":5}}"#, "retry.budget.tokens"),
        (
            r#"{"circuitBreaker":{"coolDownMs":-1}}"#,
            "retry.circuitBreaker.coolDownMs",
        ),
    ];
    for (json, field) in rows {
        let v = faultline::json::parse(json).unwrap();
        let err = RetryPolicy::default().merge_json(&v).unwrap_err();
        assert_eq!(err.field, field, "{json}");
        assert!(err.message().starts_with("faultline: ") && err.message().contains(field));
    }
    let mut p = RetryPolicy::default();
    p.merge_json(
        &faultline::json::parse(r#"{"budget":false,"circuitBreaker":false,"methods":["get"]}"#)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (p.budget, p.circuit_breaker, p.methods.as_ref()),
        (None, None, "GET")
    );
}

proptest! {
    #[test]
    fn the_engine_never_exceeds_max_attempts_or_the_deadline(
        max_attempts in 1u32..12,
        base in 0u64..5_000,
        max in 0u64..60_000,
        deadline in proptest::option::of(0u64..100_000),
        seed in any::<u64>(),
        jitter in prop_oneof![Just(Jitter::None), Just(Jitter::Full), Just(Jitter::Equal), Just(Jitter::Decorrelated)],
        status in prop_oneof![Just(429u16), Just(500), Just(503), Just(504)],
        retry_after in proptest::option::of(0u64..200),
    ) {
        let mut p = RetryPolicy { max_attempts, ..RetryPolicy::default() };
        p.backoff.base_delay_ms = base;
        p.backoff.max_delay_ms = max;
        p.backoff.jitter = jitter;
        let ra = retry_after.map(|s| s.to_string());
        let headers: Vec<(&str, &str)> = ra.iter().map(|v| ("Retry-After", v.as_str())).collect();
        let c = classification(Outcome::Status(status), "GET", &headers, &p);
        let mut rng = Rng::new(seed);
        let (mut elapsed, mut prev, mut attempts) = (0u64, 0u64, 1u32);
        let step = |attempt, elapsed_ms, prev_delay_ms| Step { attempt, classification: &c, elapsed_ms, deadline_ms: deadline, prev_delay_ms };
        while let Decision::Retry { after_ms, .. } = decide(&p, &step(attempts, elapsed, prev), &mut rng) {
            prop_assert!(after_ms <= 2_147_483_647);
            if ra.is_none() { prop_assert!(after_ms <= max.max(base.min(max))); }
            elapsed += after_ms;
            if let Some(d) = deadline { prop_assert!(elapsed < d, "waited past the deadline"); }
            prev = after_ms;
            attempts += 1;
        }
        prop_assert!(attempts <= max_attempts);
    }
}
