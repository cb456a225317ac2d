//! Profile objects: what each member reads into, and that every bad one is refused with
//! its field path named.

use faultline::classify::Action;
use faultline::json::parse;
use faultline::policy::{OptionError, RetryPolicy};
use faultline::profiles::{Profile, BUILT_IN};
use faultline::status::Permanence;

fn read(json: &str) -> Result<Profile, OptionError> {
    Profile::from_json(&parse(json).unwrap_or_else(|| panic!("not JSON: {json}")))
}

#[test]
fn bad_profiles_name_the_field() {
    let rows = [
        ("[]", "profile", "or a profile object"),
        (r#""acme""#, "profile", "or a profile object"),
        (
            r#"{"colour":"red"}"#,
            "profile.colour",
            "is not a known option",
        ),
        (r#"{"name":5}"#, "profile.name", "must be a string"),
        (r#"{"extends":"acme"}"#, "profile.extends", "\"jumpcloud\""),
        (
            r#"{"statuses":[]}"#,
            "profile.statuses",
            "keyed by status code",
        ),
        (
            r#"{"statuses":{"abc":{}}}"#,
            "profile.statuses.abc",
            "100 to 599",
        ),
        (
            r#"{"statuses":{"600":{}}}"#,
            "profile.statuses.600",
            "100 to 599",
        ),
        (
            r#"{"statuses":{"404":5}}"#,
            "profile.statuses.404",
            "rule object",
        ),
        (
            r#"{"statuses":{"404":{"x":1}}}"#,
            "profile.statuses.404.x",
            "not a known",
        ),
        (r#"{"rules":{}}"#, "profile.rules", "array of rules"),
        (r#"{"rules":[5]}"#, "profile.rules[0]", "rule object"),
        (r#"{"rules":[{}]}"#, "profile.rules[0]", "needs a status"),
        (
            r#"{"rules":[{"status":99}]}"#,
            "profile.rules[0].status",
            "100 to 599",
        ),
        (
            r#"{"rules":[{"status":4.5}]}"#,
            "profile.rules[0].status",
            "integer",
        ),
        (
            r#"{"rules":[{"status":400},{"status":401,"oops":1}]}"#,
            "profile.rules[1].oops",
            "is not a known option",
        ),
        (
            r#"{"rules":[{"status":400,"kind":5}]}"#,
            "profile.rules[0].kind",
            "string",
        ),
        (
            r#"{"rules":[{"status":400,"reason":5}]}"#,
            "profile.rules[0].reason",
            "string",
        ),
        (
            r#"{"rules":[{"status":400,"advice":5}]}"#,
            "profile.rules[0].advice",
            "string",
        ),
        (
            r#"{"rules":[{"status":400,"action":"dance"}]}"#,
            "profile.rules[0].action",
            "actions",
        ),
        (
            r#"{"rules":[{"status":400,"permanence":"forever"}]}"#,
            "profile.rules[0].permanence",
            "\"ambiguous\"",
        ),
        (
            r#"{"rules":[{"status":400,"retryable":"yes"}]}"#,
            "profile.rules[0].retryable",
            "boolean",
        ),
        (
            r#"{"rules":[{"status":400,"bodyContains":[5]}]}"#,
            "profile.rules[0].bodyContains",
            "array of strings",
        ),
        (
            r#"{"baseDelayMs":-1}"#,
            "profile.baseDelayMs",
            "milliseconds >= 0",
        ),
        (
            r#"{"maxDelayMs":"NaN"}"#,
            "profile.maxDelayMs",
            "milliseconds >= 0",
        ),
        (
            r#"{"rateLimitMinWaitMs":null}"#,
            "profile.rateLimitMinWaitMs",
            "milliseconds",
        ),
        (r#"{"factor":0.5}"#, "profile.factor", ">= 1"),
        (r#"{"methods":["G ET"]}"#, "profile.methods", "method names"),
        (r#"{"methods":"GET"}"#, "profile.methods", "method names"),
        (r#"{"needsAuth":"yes"}"#, "profile.needsAuth", "boolean"),
    ];
    for (json, field, problem) in rows {
        let err = read(json).expect_err(json);
        assert_eq!(err.field, field, "{json}");
        let message = err.message();
        assert!(
            message.starts_with(&format!("faultline: {field} ")) && message.contains(problem),
            "{json}: {message}"
        );
    }
}

#[test]
fn a_profile_object_reads_every_member() {
    let p = read(
        r#"{"name":"acme","extends":"jumpcloud","baseDelayMs":100.7,"maxDelayMs":1e20,
            "rateLimitMinWaitMs":5,"factor":1.5,"methods":["get","Post"],"needsAuth":true,
            "rules":[{"status":404,"bodyContains":"lag","kind":"lagging","action":"reconcile",
                      "permanence":"temporary","retryable":true,"reason":"r","advice":"a"}],
            "statuses":{"410":{"status":999,"advice":"gone","kind":null}}}"#,
    )
    .unwrap_or_else(|e| panic!("{}", e.message()));
    assert_eq!(
        (
            p.name.as_ref(),
            p.base_delay_ms,
            p.max_delay_ms,
            p.rate_limit_min_wait_ms
        ),
        ("acme", Some(100), Some(2_147_483_647), Some(5))
    );
    assert_eq!(
        (p.factor, p.max_attempts, p.needs_auth),
        (Some(1.5), Some(5), true)
    );
    assert_eq!(p.methods.as_deref(), Some("GET,POST"));
    // `statuses` first, then `rules`, then the base profile's rules.
    let statuses: Vec<u16> = p.rules.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [410, 404, 403, 401, 402, 429]);
    let (gone, lag) = (&p.rules[0], &p.rules[1]);
    assert_eq!(
        (gone.advice.as_deref(), gone.kind.as_deref()),
        (Some("gone"), None)
    );
    assert_eq!(lag.body_contains, ["lag"]);
    assert_eq!(
        (
            lag.kind.as_deref(),
            lag.action,
            lag.permanence,
            lag.retryable
        ),
        (
            Some("lagging"),
            Some(Action::Reconcile),
            Some(Permanence::Temporary),
            Some(true)
        )
    );
    assert_eq!(
        (lag.reason.as_deref(), lag.advice.as_deref()),
        (Some("r"), Some("a"))
    );

    let mut policy = RetryPolicy::default();
    p.apply_to(&mut policy);
    assert_eq!(
        (
            policy.backoff.base_delay_ms,
            policy.max_attempts,
            policy.methods.as_ref()
        ),
        (100, 5, "GET,POST")
    );
}

#[test]
fn the_built_in_profiles_are_readable_by_name() {
    for name in BUILT_IN {
        let p = Profile::named(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(p.name, name);
        assert_eq!(read(&format!("{name:?}")), Ok(p.clone()));
        assert_eq!(
            read(&format!(r#"{{"extends":"{name}"}}"#)).map(|x| x.rules),
            Ok(p.rules)
        );
    }
    assert_eq!(
        Profile::named("default").as_ref(),
        Some(Profile::default_ref())
    );
    assert_eq!(Profile::named("Jira"), None);
    let jumpcloud = Profile::named("jumpcloud").unwrap();
    assert_eq!(
        (
            jumpcloud.base_delay_ms,
            jumpcloud.factor,
            jumpcloud.max_delay_ms,
            jumpcloud.max_attempts,
            jumpcloud.rate_limit_min_wait_ms
        ),
        (
            Some(30_000),
            Some(2.0),
            Some(240_000),
            Some(5),
            Some(60_000)
        )
    );
}
