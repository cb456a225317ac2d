//! Per-origin budget and breaker: failures count against their origin only, and memory
//! stays bounded however many origins a process talks to.

use faultline::classify::{classify, Context, Outcome};
use faultline::guard::{Guards, MAX_ORIGINS};
use faultline::policy::RetryPolicy;
use faultline::profiles::Profile;

fn outcome(code: u16, policy: &RetryPolicy) -> faultline::Classification {
    let ctx = Context {
        method: "GET",
        headers: &[],
        body: None,
        profile: Profile::default_ref(),
        policy,
        idempotency_key: false,
        now_ms: 0,
    };
    classify(Outcome::Status(code), &ctx).unwrap()
}

#[test]
fn failures_open_only_their_own_origins_circuit() {
    let policy = RetryPolicy::default();
    let mut g = Guards::default();
    let failure = outcome(503, &policy);
    for _ in 0..5 {
        g.record("https://a.test", &policy, &failure, 1_000);
    }
    assert_eq!(g.admit("https://a.test", &policy, 1_000), Err(31_000));
    assert_eq!(g.admit("https://b.test", &policy, 1_000), Ok(()));
    // A 404 says the origin answered: it closes nothing and opens nothing.
    g.record("https://b.test", &policy, &outcome(404, &policy), 1_000);
    assert_eq!(
        g.get("https://b.test")
            .unwrap()
            .breaker
            .as_ref()
            .unwrap()
            .failures(),
        0
    );
}

#[test]
fn the_registry_is_bounded_and_keeps_origins_with_failures() {
    let policy = RetryPolicy::default();
    let mut g = Guards::default();
    g.record("https://failing.test", &policy, &outcome(503, &policy), 0);
    for i in 0..MAX_ORIGINS * 2 {
        g.record(
            &format!("https://h{i}.test"),
            &policy,
            &outcome(200, &policy),
            0,
        );
    }
    assert_eq!(g.len(), MAX_ORIGINS);
    assert!(
        g.get("https://failing.test").is_some(),
        "an origin with failures on record is kept"
    );
}

#[test]
fn eviction_forgets_the_first_origin_without_failures_and_keeps_the_order() {
    let policy = RetryPolicy::default();
    let mut g = Guards::default();
    g.record("https://failing.test", &policy, &outcome(503, &policy), 0);
    for i in 1..MAX_ORIGINS {
        g.record(
            &format!("https://h{i}.test"),
            &policy,
            &outcome(200, &policy),
            0,
        );
    }
    assert_eq!(g.len(), MAX_ORIGINS);
    g.record("https://new.test", &policy, &outcome(200, &policy), 0);
    assert_eq!(g.len(), MAX_ORIGINS);
    assert!(
        g.get("https://h1.test").is_none(),
        "the first origin without failures goes"
    );
    // The export lists the origins in order: the others keep theirs, the new one is last.
    let json = g.to_json();
    let mut expected = vec![String::from("https://failing.test")];
    expected.extend((2..MAX_ORIGINS).map(|i| format!("https://h{i}.test")));
    expected.push(String::from("https://new.test"));
    let positions: Vec<usize> = expected
        .iter()
        .map(|o| json.find(&format!("\"{o}\"")).unwrap_or(usize::MAX))
        .collect();
    assert!(
        positions.iter().all(|&p| p != usize::MAX),
        "every kept origin is exported"
    );
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in order: {json}"
    );
}

#[test]
fn state_round_trips_through_json() {
    let policy = RetryPolicy::default();
    let mut g = Guards::default();
    for _ in 0..5 {
        g.record("https://a.test", &policy, &outcome(500, &policy), 0);
    }
    let saved = g.to_json();
    let mut restored = Guards::default();
    assert_eq!(restored.merge_json(&saved, &policy), Some(1));
    assert!(restored.admit("https://a.test", &policy, 10).is_err());
    assert_eq!(restored.merge_json("[1,2]", &policy), None);
    assert_eq!(
        restored.merge_json("{\"x\":{\"breaker\":\"junk\"}}", &policy),
        None
    );
}
