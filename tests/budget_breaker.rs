//! The retry budget and the circuit breaker, against the public API.

use faultline::breaker::{Breaker, BreakerConfig, BreakerState};
use faultline::budget::{Budget, BudgetConfig};
use proptest::prelude::*;

const T0: u64 = 1_700_000_000_000;

// ---- Budget ---------------------------------------------------------------------------

/// Runs `requests` requests with up to `max_attempts` attempts each, every attempt failing
/// when `fails(i)` for the request's index; returns (attempts, retries).
fn run(
    budget: &mut Budget,
    requests: u32,
    max_attempts: u32,
    fails: impl Fn(u32) -> bool,
) -> (u32, u32) {
    let (mut attempts, mut retries) = (0, 0);
    for i in 0..requests {
        let mut attempt = 1;
        loop {
            attempts += 1;
            if !fails(i) {
                budget.on_success(T0);
                break;
            }
            budget.on_failure(T0);
            if attempt == max_attempts || !budget.try_spend(T0) {
                break;
            }
            retries += 1;
            attempt += 1;
        }
    }
    (attempts, retries)
}

#[test]
fn budget_defaults_are_grpc_examples() {
    assert_eq!(
        BudgetConfig::default(),
        BudgetConfig {
            max_tokens: 10,
            token_ratio: 0.1
        }
    );
    let b = Budget::new(BudgetConfig::default());
    assert_eq!(b.tokens(), 10.0);
}

#[test]
fn budget_under_sustained_outage_bounds_retries() {
    // (name, config, requests, max attempts per request, most retries allowed in all)
    let cases: &[(&str, BudgetConfig, u32, u32, u32)] = &[
        ("defaults_100_requests", BudgetConfig::default(), 100, 6, 5),
        (
            "defaults_10000_requests",
            BudgetConfig::default(),
            10_000,
            6,
            5,
        ),
        (
            "bigger_bucket",
            BudgetConfig {
                max_tokens: 100,
                token_ratio: 0.1,
            },
            10_000,
            6,
            50,
        ),
        (
            "zero_tokens_no_retries",
            BudgetConfig {
                max_tokens: 0,
                token_ratio: 0.1,
            },
            100,
            6,
            0,
        ),
    ];
    for (name, cfg, requests, max_attempts, most) in cases {
        let mut budget = Budget::new(*cfg);
        let (attempts, retries) = run(&mut budget, *requests, *max_attempts, |_| true);
        assert!(retries <= *most, "{name}: {retries} retries");
        assert_eq!(attempts, requests + retries, "{name}");
        assert_eq!(budget.tokens(), 0.0, "{name}");
    }
}

#[test]
fn budget_successes_restore_retries() {
    let mut budget = Budget::new(BudgetConfig::default());
    run(&mut budget, 100, 6, |_| true);
    assert!(!budget.try_spend(T0), "drained by the outage");
    // 51 successes at 0.1 each lift the bucket from 0 to 5.1 > 5.
    for i in 1..=51 {
        budget.on_success(T0);
        assert_eq!(budget.try_spend(T0), i == 51, "after {i} successes");
    }
    // Successes never overfill.
    for _ in 0..1_000 {
        budget.on_success(T0);
    }
    assert_eq!(budget.tokens(), 10.0);
}

#[test]
fn budget_partial_outage_keeps_retries_a_fraction_of_load() {
    // One request in four fails every attempt; retries stay well under the load.
    let mut budget = Budget::new(BudgetConfig::default());
    let (attempts, retries) = run(&mut budget, 10_000, 6, |i| i % 4 == 0);
    assert!(
        retries * 10 <= attempts,
        "{retries} retries of {attempts} attempts"
    );
}

#[test]
fn budget_token_ratio_edge_values() {
    let cases: &[(&str, f64, f64)] = &[
        ("tenth", 0.1, 1.1),
        ("three_decimals", 0.123, 1.123),
        ("rounds_to_thousandths", 0.0004, 1.0),
        ("zero", 0.0, 1.0),
        ("negative_is_zero", -1.0, 1.0),
        ("nan_is_zero", f64::NAN, 1.0),
        ("huge_fills_the_bucket", 1e300, 10.0),
        ("infinite_fills_the_bucket", f64::INFINITY, 10.0),
    ];
    for (name, ratio, want) in cases {
        let cfg = BudgetConfig {
            max_tokens: 10,
            token_ratio: *ratio,
        };
        let mut b = Budget::new(cfg);
        for _ in 0..9 {
            b.on_failure(T0);
        }
        b.on_success(T0);
        assert_eq!(b.tokens(), *want, "{name}");
    }
}

#[test]
fn budget_json_round_trip_and_garbage() {
    let cfg = BudgetConfig::default();
    let mut b = Budget::new(cfg);
    b.on_failure(T0);
    b.on_failure(T0);
    b.on_success(T0);
    let json = b.to_json();
    assert_eq!(json, r#"{"milli_tokens":8100}"#);
    assert_eq!(Budget::from_json(&json, cfg), Some(b));
    let cases: &[(&str, &str, Option<f64>)] = &[
        (
            "above_bucket_is_capped",
            r#"{"milli_tokens":99999999}"#,
            Some(10.0),
        ),
        ("zero", r#"{"milli_tokens":0}"#, Some(0.0)),
        (
            "extra_fields_ignored",
            r#"{"milli_tokens":5000,"x":[1,2]}"#,
            Some(5.0),
        ),
        ("negative", r#"{"milli_tokens":-1}"#, None),
        ("float", r#"{"milli_tokens":1.5}"#, None),
        ("string", r#"{"milli_tokens":"5"}"#, None),
        ("missing", r#"{}"#, None),
        ("array", r#"[]"#, None),
        ("empty", "", None),
        ("garbage", "not json", None),
        ("deep_nesting", &"[".repeat(100_000), None),
        ("proto_key", r#"{"__proto__":{"milli_tokens":1}}"#, None),
    ];
    for (name, s, want) in cases {
        assert_eq!(
            Budget::from_json(s, cfg).map(|b| b.tokens()),
            *want,
            "{name}"
        );
    }
}

// ---- Breaker --------------------------------------------------------------------------

fn breaker(threshold: u32, cool_down_ms: u64) -> Breaker {
    Breaker::new(BreakerConfig {
        failure_threshold: threshold,
        cool_down_ms,
    })
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Fail(u64),
    Succeed(u64),
    /// allow(at) should give this.
    Allow(u64, Result<(), u64>),
    /// state(at) should give this.
    State(u64, BreakerState),
}

#[test]
fn breaker_scenarios() {
    use BreakerState::{Closed, HalfOpen, Open};
    use Step::{Allow, Fail, State, Succeed};
    let cases: &[(&str, u32, &[Step])] = &[
        ("starts_closed", 3, &[State(0, Closed), Allow(0, Ok(()))]),
        (
            "below_threshold_stays_closed",
            3,
            &[Fail(1), Fail(2), State(2, Closed), Allow(2, Ok(()))],
        ),
        (
            "opens_at_threshold_and_fails_fast",
            3,
            &[
                Fail(1),
                Fail(2),
                Fail(3),
                State(3, Open),
                Allow(4, Err(1_003)),
                Allow(1_002, Err(1_003)),
            ],
        ),
        (
            "success_resets_the_count",
            3,
            &[
                Fail(1),
                Fail(2),
                Succeed(3),
                Fail(4),
                Fail(5),
                State(5, Closed),
            ],
        ),
        (
            "cool_down_gives_one_probe",
            1,
            &[
                Fail(0),
                State(999, Open),
                State(1_000, HalfOpen),
                Allow(1_000, Ok(())),
                Allow(1_001, Err(2_000)),
            ],
        ),
        (
            "probe_success_closes",
            1,
            &[
                Fail(0),
                Allow(1_000, Ok(())),
                Succeed(1_010),
                State(1_010, Closed),
                Allow(1_011, Ok(())),
            ],
        ),
        (
            "probe_failure_reopens_for_another_cool_down",
            1,
            &[
                Fail(0),
                Allow(1_000, Ok(())),
                Fail(1_010),
                State(1_010, Open),
                Allow(1_500, Err(2_010)),
                Allow(2_010, Ok(())),
            ],
        ),
        (
            "lost_probe_does_not_wedge",
            1,
            &[
                Fail(0),
                Allow(1_000, Ok(())),
                Allow(1_999, Err(2_000)),
                Allow(2_000, Ok(())),
                Allow(2_001, Err(3_000)),
            ],
        ),
        (
            "late_failure_while_open_changes_nothing",
            1,
            &[
                Fail(0),
                Fail(500),
                Allow(999, Err(1_000)),
                Allow(1_000, Ok(())),
            ],
        ),
        (
            "late_success_while_open_closes",
            1,
            &[Fail(0), Succeed(10), State(10, Closed), Allow(10, Ok(()))],
        ),
        (
            "threshold_zero_reads_as_one",
            0,
            &[State(0, Closed), Fail(0), State(0, Open)],
        ),
        (
            "clock_going_back_stays_open",
            1,
            &[Fail(5_000), Allow(10, Err(6_000))],
        ),
        (
            "saturates_at_the_end_of_time",
            1,
            &[
                Fail(u64::MAX - 1),
                Allow(u64::MAX - 1, Err(u64::MAX)),
                Allow(u64::MAX, Ok(())),
            ],
        ),
    ];
    for (name, threshold, steps) in cases {
        let mut b = breaker(*threshold, 1_000);
        for (i, step) in steps.iter().enumerate() {
            match *step {
                Fail(at) => b.on_failure(at),
                Succeed(at) => b.on_success(at),
                Allow(at, want) => assert_eq!(b.allow(at), want, "{name}: step {i} {step:?}"),
                State(at, want) => assert_eq!(b.state(at), want, "{name}: step {i} {step:?}"),
            }
        }
    }
}

#[test]
fn breaker_defaults() {
    assert_eq!(
        BreakerConfig::default(),
        BreakerConfig {
            failure_threshold: 5,
            cool_down_ms: 30_000
        }
    );
    let mut b = Breaker::new(BreakerConfig::default());
    for _ in 0..4 {
        b.on_failure(T0);
    }
    assert_eq!(b.state(T0), BreakerState::Closed);
    b.on_failure(T0);
    assert_eq!(b.allow(T0), Err(T0 + 30_000));
}

#[test]
fn breaker_state_names() {
    let cases = [
        (BreakerState::Closed, "closed"),
        (BreakerState::Open, "open"),
        (BreakerState::HalfOpen, "half_open"),
    ];
    for (state, name) in cases {
        assert_eq!(state.as_str(), name);
    }
}

#[test]
fn breaker_json_round_trip_and_garbage() {
    let cfg = BreakerConfig {
        failure_threshold: 2,
        cool_down_ms: 1_000,
    };
    let mut b = Breaker::new(cfg);
    assert_eq!(
        b.to_json(),
        r#"{"state":"closed","failures":0,"until_ms":0}"#
    );
    b.on_failure(T0);
    b.on_failure(T0);
    let json = b.to_json();
    assert_eq!(
        json,
        r#"{"state":"open","failures":2,"until_ms":1700000001000}"#
    );
    let mut back = Breaker::from_json(&json, cfg).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.allow(T0 + 1), Err(T0 + 1_000));
    back.allow(T0 + 1_000).unwrap();
    assert_eq!(Breaker::from_json(&back.to_json(), cfg), Some(back));

    let cases: &[(&str, &str, Option<BreakerState>)] = &[
        (
            "half_open",
            r#"{"state":"half_open","failures":5,"until_ms":10}"#,
            Some(BreakerState::HalfOpen),
        ),
        (
            "closed_ignores_until",
            r#"{"state":"closed","failures":1,"until_ms":99}"#,
            Some(BreakerState::Closed),
        ),
        (
            "unknown_state",
            r#"{"state":"ajar","failures":0,"until_ms":0}"#,
            None,
        ),
        (
            "state_case_matters",
            r#"{"state":"OPEN","failures":0,"until_ms":0}"#,
            None,
        ),
        (
            "negative_until",
            r#"{"state":"open","failures":0,"until_ms":-1}"#,
            None,
        ),
        (
            "failures_too_big",
            r#"{"state":"open","failures":4294967296,"until_ms":0}"#,
            None,
        ),
        ("missing_field", r#"{"state":"open","failures":0}"#, None),
        (
            "wrong_type",
            r#"{"state":1,"failures":0,"until_ms":0}"#,
            None,
        ),
        ("empty", "", None),
        ("null", "null", None),
        ("garbage", "{{{{", None),
        ("deep_nesting", &"{\"a\":".repeat(50_000), None),
    ];
    for (name, s, want) in cases {
        assert_eq!(
            Breaker::from_json(s, cfg).map(|b| b.state(0)),
            *want,
            "{name}"
        );
    }
}

proptest! {
    #[test]
    fn from_json_never_panics(s in any::<String>()) {
        let _ = Budget::from_json(&s, BudgetConfig::default());
        let _ = Breaker::from_json(&s, BreakerConfig::default());
    }

    #[test]
    fn budget_tokens_stay_in_the_bucket(ops in proptest::collection::vec(any::<bool>(), 0..300), max in 0u32..50) {
        let mut b = Budget::new(BudgetConfig { max_tokens: max, token_ratio: 0.1 });
        for ok in ops {
            if ok { b.on_success(T0) } else { b.on_failure(T0) }
            prop_assert!(b.tokens() >= 0.0 && b.tokens() <= f64::from(max));
        }
    }

    #[test]
    fn breaker_never_panics_and_open_means_later(ops in proptest::collection::vec((0u8..3, any::<u64>()), 0..100)) {
        let mut b = Breaker::new(BreakerConfig { failure_threshold: 3, cool_down_ms: 500 });
        for (op, at) in ops {
            match op {
                0 => b.on_failure(at),
                1 => b.on_success(at),
                _ => if let Err(retry_at) = b.allow(at) { prop_assert!(retry_at > at) },
            }
        }
    }
}
