//! Classification tables: every status 100..=599 × every method, with and without an
//! Idempotency-Key, against the rules the published API guides agree on.

use faultline::classify::{classify, Action, Context, Outcome, Transport};
use faultline::policy::RetryPolicy;
use faultline::profiles::Profile;
use faultline::status::{Category, Permanence};

const METHODS: [&str; 9] = [
    "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "POST", "PATCH", "CONNECT",
];

fn run(
    outcome: Outcome,
    method: &str,
    key: bool,
    headers: &[(&str, &str)],
    body: Option<&str>,
    profile: &Profile,
) -> faultline::Classification {
    let policy = RetryPolicy::default();
    let ctx = Context {
        method,
        headers,
        body,
        profile,
        policy: &policy,
        idempotency_key: key,
        now_ms: 1_700_000_000_000,
    };
    classify(outcome, &ctx).expect("a status in range")
}

fn status(code: u16, method: &str, key: bool) -> faultline::Classification {
    run(
        Outcome::Status(code),
        method,
        key,
        &[],
        None,
        Profile::default_ref(),
    )
}

#[test]
fn every_status_times_every_method_follows_the_default_policy() {
    let retried_5xx = [500, 502, 503, 504, 520, 521, 522, 523, 524, 598, 599];
    for code in 100..=599u16 {
        for method in METHODS {
            for key in [false, true] {
                let c = status(code, method, key);
                let idempotent = !matches!(method, "POST" | "PATCH" | "CONNECT") || key;
                let expected = code == 429 || (retried_5xx.contains(&code) && idempotent);
                assert_eq!(c.retryable, expected, "{code} {method} key={key}");
                assert!(
                    !c.reason.is_empty() && !c.advice.is_empty(),
                    "{code} explains itself"
                );
                assert!(
                    c.reason.len() > 30 && c.reason.ends_with('.') && c.reason != c.kind,
                    "{code}: reason is a sentence, not the kind"
                );
                match code {
                    200..=299 => assert_eq!(
                        (c.permanence, c.action),
                        (Permanence::None, Action::CarryOn),
                        "{code}"
                    ),
                    400..=499 if code != 429 => assert!(!c.retryable, "4xx never retried: {code}"),
                    500 | 504 if !idempotent => {
                        assert_eq!(c.permanence, Permanence::Ambiguous, "{code} {method}");
                        assert_eq!(c.action, Action::VerifyBeforeRetry, "{code} {method}");
                    }
                    501 | 505 => assert_eq!(c.permanence, Permanence::Permanent, "{code}"),
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn the_actions_of_the_guides() {
    let rows = [
        (200, Action::CarryOn),
        (304, Action::UseCache),
        (301, Action::FollowRedirect),
        (400, Action::FixRequest),
        (401, Action::Reauthenticate),
        (403, Action::CheckPermissions),
        (404, Action::VerifyId),
        (405, Action::FixRequest),
        (409, Action::Reconcile),
        (422, Action::FixFields),
        (429, Action::WaitAndRetry),
        (500, Action::RetryWithBackoff),
        (503, Action::RetryWithBackoff),
    ];
    for (code, action) in rows {
        assert_eq!(status(code, "GET", false).action, action, "{code}");
    }
    assert!(status(401, "GET", false).reason.contains("brute force"));
    assert!(status(404, "GET", false)
        .advice
        .contains("may not have replicated yet"));
}

#[test]
fn a_servers_wait_turns_backoff_into_waiting() {
    let c = run(
        Outcome::Status(503),
        "GET",
        false,
        &[("Retry-After", "12")],
        None,
        Profile::default_ref(),
    );
    assert_eq!(
        (c.retry_after_ms, c.action),
        (Some(12_000), Action::WaitAndRetry)
    );
    let body = r#"{"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}"#;
    let c = run(
        Outcome::Status(429),
        "POST",
        false,
        &[],
        Some(body),
        Profile::default_ref(),
    );
    assert_eq!(c.retry_after_ms, Some(3_000), "a wait carried in the body");
}

#[test]
fn transport_failures_are_retried_for_every_method_and_say_when_nothing_left() {
    let rows = [
        (Transport::Network, "network_error", true, false),
        (Transport::Dns, "network_error", true, true),
        (Transport::ConnectionRefused, "network_error", true, true),
        (Transport::Tls, "network_error", true, true),
        (Transport::ConnectionReset, "network_error", true, false),
        (Transport::Timeout, "timeout", true, false),
        (Transport::Aborted, "aborted", false, false),
    ];
    for (t, kind, retryable, never_left) in rows {
        for method in METHODS {
            let c = run(
                Outcome::Transport(t),
                method,
                false,
                &[],
                None,
                Profile::default_ref(),
            );
            assert_eq!(
                (c.status, c.category, c.kind.as_ref(), c.retryable),
                (0, Category::Transport, kind, retryable),
                "{t:?} {method}"
            );
            assert_eq!(
                c.reason.contains("never left"),
                never_left,
                "{t:?}: {}",
                c.reason
            );
        }
    }
}

#[test]
fn runtime_error_wordings() {
    let rows = [
        ("TypeError", "Failed to fetch", "", Some(Transport::Network)),
        (
            "TypeError",
            "NetworkError when attempting to fetch resource.",
            "",
            Some(Transport::Network),
        ),
        ("TypeError", "Load failed", "", Some(Transport::Network)),
        (
            "TypeError",
            "fetch failed",
            "ECONNREFUSED",
            Some(Transport::ConnectionRefused),
        ),
        (
            "TypeError",
            "fetch failed",
            "ENOTFOUND",
            Some(Transport::Dns),
        ),
        (
            "TypeError",
            "fetch failed",
            "ECONNRESET",
            Some(Transport::ConnectionReset),
        ),
        (
            "TypeError",
            "fetch failed",
            "UND_ERR_CONNECT_TIMEOUT",
            Some(Transport::Timeout),
        ),
        (
            "TypeError",
            "fetch failed",
            "UND_ERR_SOCKET",
            Some(Transport::ConnectionReset),
        ),
        (
            "Error",
            "Network connection lost.",
            "",
            Some(Transport::ConnectionReset),
        ),
        (
            "AbortError",
            "The operation was aborted.",
            "",
            Some(Transport::Aborted),
        ),
        (
            "TimeoutError",
            "signal timed out",
            "",
            Some(Transport::Timeout),
        ),
        ("TypeError", "Failed to parse URL from x", "", None),
        ("RangeError", "bad", "", None),
    ];
    for (name, message, code, want) in rows {
        assert_eq!(
            Transport::from_error(name, message, code),
            want,
            "{name}: {message} {code}"
        );
    }
}

#[test]
fn vendor_profiles() {
    let jira = Profile::named("jira").unwrap();
    let restricted = r#"{"errorMessages":[],"errors":{"project":"The value 'OPS' does not exist for the field 'project'."}}"#;
    let c = run(
        Outcome::Status(400),
        "POST",
        false,
        &[],
        Some(restricted),
        &jira,
    );
    assert_eq!((c.action, c.retryable), (Action::Reauthenticate, false));
    let plain = run(
        Outcome::Status(400),
        "POST",
        false,
        &[],
        Some(r#"{"errors":{"summary":"required"}}"#),
        &jira,
    );
    assert_eq!(plain.action, Action::FixRequest);
    assert!(run(Outcome::Status(401), "GET", false, &[], None, &jira)
        .advice
        .contains("personal access token"));

    let jc = Profile::named("jumpcloud").unwrap();
    let blocked = run(
        Outcome::Status(403),
        "GET",
        false,
        &[],
        Some(r#"{"message":"Your IP has been blocked"}"#),
        &jc,
    );
    assert_eq!(
        (blocked.kind.as_ref(), blocked.action, blocked.retryable),
        ("ip_blocked", Action::ContactSupport, false)
    );
    let mut policy = RetryPolicy::default();
    jc.apply_to(&mut policy);
    let schedule = faultline::backoff::Backoff {
        jitter: faultline::backoff::Jitter::None,
        ..policy.backoff
    }
    .schedule(policy.max_attempts - 1, 0);
    assert_eq!(schedule, vec![30_000, 60_000, 120_000, 240_000]);
}
