//! The JSON calls the package's JavaScript half makes: each row a call and what it must
//! answer, so every option check is proven natively, not only through the package.

use faultline::api::{self, FetchCall};
use faultline::guard::Guards;

/// A call's error message, or a panic naming the input when it succeeded.
fn message(reply: api::Reply, input: &str) -> String {
    match reply {
        Ok(out) => panic!("expected an error for {input}, got {out}"),
        Err(m) => m.into_message(),
    }
}

/// A JSON call: input text to reply.
type JsonCall = fn(&str) -> api::Reply;

#[test]
fn bad_input_names_what_is_wrong() {
    let rows: &[(JsonCall, &str, &str)] = &[
        (
            api::classify,
            r#"{"subject":null,"now":0}"#,
            "takes a status number",
        ),
        (
            api::classify,
            r#"{"subject":{"status":99},"now":0}"#,
            "status must be an integer from 100 to 599",
        ),
        (
            api::classify,
            r#"{"subject":{"status":"NaN"},"now":0}"#,
            "status must be an integer",
        ),
        (
            api::classify,
            r#"{"subject":{"status":0,"response":true},"now":0}"#,
            "opaque Response",
        ),
        (
            api::classify,
            r#"{"subject":{"error":{}},"now":0}"#,
            "not a transport failure",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"keys":["methd"],"now":0}"#,
            "context.methd is not a known option",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"keys":null,"now":0}"#,
            "context must be an object",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"method":"GE T","now":0}"#,
            "method must be an HTTP method name",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"profile":"nope","now":0}"#,
            "profile must be",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"headers":42,"now":0}"#,
            "context.headers must be a Headers object",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"headers":[["a b","1"]],"now":0}"#,
            "not a valid HTTP token",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"headers":[null],"now":0}"#,
            "must map header names to string values",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"now":-5}"#,
            "context.now must be a time",
        ),
        (
            api::classify,
            r#"{"subject":{"status":500},"idempotencyKey":"yes","now":0}"#,
            "context.idempotencyKey must be a boolean",
        ),
        (
            api::retry_after_ms,
            r#"{"headers":42,"now":0}"#,
            "headers must be a Headers object",
        ),
        (
            api::retry_after_ms,
            r#"{"now":"yesterday"}"#,
            "options.now must be a time",
        ),
        (
            api::backoff_schedule,
            r#"{"policy":{"maxAttempts":0}}"#,
            "retry.maxAttempts",
        ),
        (
            api::backoff_schedule,
            r#"{"policy":{"baseDelayMs":"NaN"}}"#,
            "retry.baseDelayMs",
        ),
        (
            api::backoff_schedule,
            r#"{"policy":{"speed":1}}"#,
            "retry.speed is not a known option",
        ),
        (
            api::backoff_schedule,
            r#"{"policy":"fast"}"#,
            "retry must be a RetryPolicy object",
        ),
    ];
    for (call, input, want) in rows {
        let m = message(call(input), input);
        assert!(
            m.starts_with("faultline: ") && m.contains(want),
            "{input}: {m}"
        );
    }
}

#[test]
fn request_calls_check_their_request() {
    let rows = [
        (r#"{"request":null}"#, "expected a Request"),
        (
            r#"{"request":{"keys":["url","bdy"],"url":"https://x"}}"#,
            "request.bdy is not a known option",
        ),
        (
            r#"{"request":{"method":"GET"}}"#,
            "request.url must be a URL string",
        ),
        (
            r#"{"request":{"url":"https://x","body":"unreadable"}}"#,
            "request.body must be a string, bytes or URLSearchParams",
        ),
        (
            r#"{"request":{"url":"https://x"},"keys":["redact","x"]}"#,
            "options.x is not a known option",
        ),
    ];
    for (input, want) in rows {
        let m = message(api::to_curl(b"", input), input);
        assert!(m.contains(want), "{input}: {m}");
    }
    assert_eq!(
        api::to_curl(
            b"a=1",
            r#"{"request":{"url":"https://x","method":"post","body":true}}"#
        )
        .unwrap(),
        r#""curl 'https://x' -H 'Content-Type:' --data-binary 'a=1'""#
    );
    let findings = api::diagnose(
        b"",
        r#"{"request":{"url":"https://x","headers":[["Autorization","Bearer abc"]]}}"#,
    )
    .unwrap();
    assert!(findings.contains("misspelled_auth_header"), "{findings}");
}

#[test]
fn classify_reads_transport_errors_and_response_headers() {
    let c = api::classify(r#"{"subject":{"error":{"name":"TypeError","message":"fetch failed","text":"fetch failed","code":"ECONNREFUSED"}},"now":0}"#).unwrap();
    assert!(
        c.contains(r#""kind":"network_error""#) && c.contains("never left"),
        "{c}"
    );
    let c = api::classify(
        r#"{"subject":{"status":429,"headers":[["Retry-After","3"]],"response":true},"now":0}"#,
    )
    .unwrap();
    assert!(c.contains(r#""retryAfterMs":3000"#), "{c}");
}

#[test]
fn parse_error_reads_text_and_parsed_values() {
    let e = api::parse_error(br#"{"error":"nope"}"#, "{}").unwrap();
    assert!(e.contains(r#""message":"nope""#), "{e}");
    let e = api::parse_error(
        br#"{"message":"from a value"}"#,
        r#"{"parsed":true,"status":400}"#,
    )
    .unwrap();
    assert!(e.contains(r#""message":"from a value""#), "{e}");
    let m = message(api::parse_error(b"", r#"{"keys":["stat"]}"#), "stat");
    assert!(m.contains("options.stat"), "{m}");
}

fn start(extra: &str) -> FetchCall {
    let text = [
        r#"{"url":"https://api.example/x","origin":"https://api.example","now":0,"seed":7,"#,
        r#""retry":{"jitter":"none","baseDelayMs":100,"budget":false,"circuitBreaker":false}"#,
        extra,
        "}",
    ]
    .concat();
    FetchCall::start(&text).unwrap_or_else(|m| panic!("{m}"))
}

fn after(call: &mut FetchCall, guards: &mut Guards, report: &str) -> String {
    let report = faultline::json::parse(report).unwrap_or_else(|| panic!("bad JSON: {report}"));
    call.after(guards, &report)
        .unwrap_or_else(|m| panic!("{m}"))
}

#[test]
fn a_call_backs_off_and_stops_at_max_attempts() {
    let mut g = Guards::default();
    let mut call = start(r#","method":"put""#);
    let mut waits = Vec::new();
    let mut step = String::new();
    for now in [10, 200, 500, 1000, 2000, 4000] {
        step = after(
            &mut call,
            &mut g,
            &["{\"status\":503,\"now\":", &now.to_string(), "}"].concat(),
        );
        waits.push(step.split(',').next().unwrap_or("").to_string());
    }
    assert_eq!(
        waits,
        [
            "{\"waitMs\":100",
            "{\"waitMs\":200",
            "{\"waitMs\":400",
            "{\"waitMs\":800",
            "{\"waitMs\":1600",
            "{\"waitMs\":null"
        ]
    );
    // The stop's sentence, for the attempt history the JavaScript side keeps.
    assert!(
        step.contains(r#""stop":"max_attempts","why":" All maxAttempts attempts have been made.""#),
        "{step}"
    );
}

#[test]
fn a_call_stops_for_the_deadline_a_stream_body_and_onretry() {
    let mut g = Guards::default();
    let mut call = start(r#","deadlineMs":150"#);
    assert_eq!(call.gate(&mut g, 0), r#"{"timeoutMs":150}"#);
    let step = after(&mut call, &mut g, r#"{"status":503,"now":100}"#);
    assert!(step.contains(r#""stop":"deadline","why":"#), "{step}");
    assert_eq!(call.gate(&mut g, 150), r#"{"deadline":true}"#);

    let mut call = start(r#","method":"PUT","stream":true"#);
    let step = after(&mut call, &mut g, r#"{"status":503,"now":1}"#);
    assert!(step.contains(r#""stop":"body_consumed""#), "{step}");

    let mut call = start(r#","throwHttpErrors":true"#);
    let step = after(&mut call, &mut g, r#"{"status":503,"now":1}"#);
    assert!(step.starts_with(r#"{"waitMs":100"#), "{step}");
    assert!(!step.contains("\"why\""), "{step}");
    // A success or an outcome never retried says so in its own reason: no sentence added.
    let step = after(&mut call, &mut g, r#"{"status":200,"now":200}"#);
    assert!(
        step.contains(r#""stop":"succeeded","classification""#),
        "{step}"
    );
}

#[test]
fn a_call_rethrows_what_is_not_a_transport_failure_and_times_out() {
    let mut g = Guards::default();
    let mut call = start("");
    let step = after(
        &mut call,
        &mut g,
        r#"{"error":{"name":"TypeError","message":"Invalid header value","text":"Invalid header value"},"now":1}"#,
    );
    assert_eq!(step, r#"{"rethrow":true}"#);
    let step = after(
        &mut call,
        &mut g,
        r#"{"error":{"name":"AbortError","message":"x","text":"x"},"timedOut":true,"now":1}"#,
    );
    assert!(
        step.contains(r#""kind":"timeout""#) && step.contains(r#""waitMs":100"#),
        "{step}"
    );
}

#[test]
fn a_call_checks_its_options() {
    let rows = [
        (
            r#"{"keys":["retries"]}"#,
            "init.retries is not a known option",
        ),
        (
            r#"{"retry":3}"#,
            "retry must be a RetryPolicy object or false",
        ),
        (
            r#"{"timeoutMs":"soon"}"#,
            "timeoutMs must be a finite number of milliseconds > 0",
        ),
        (r#"{"deadlineMs":0}"#, "deadlineMs must be a finite number"),
        (
            r#"{"idempotencyKey":42}"#,
            "idempotencyKey must be true, false or a non-empty key",
        ),
        (
            r#"{"throwHttpErrors":"yes"}"#,
            "throwHttpErrors must be a boolean",
        ),
        (r#"{"method":"GE T"}"#, "method must be an HTTP method name"),
    ];
    for (input, want) in rows {
        let m = match FetchCall::start(&input.replace('{', r#"{"now":0,"#)) {
            Ok(_) => panic!("{input} was accepted"),
            Err(m) => m,
        };
        assert!(m.contains(want), "{input}: {m}");
    }
    // An Idempotency-Key, given or among the headers, makes a POST safe to retry on a 503.
    let mut g = Guards::default();
    for key in [
        r#","idempotencyKey":"k-1""#,
        r#","headers":[["idempotency-KEY","old"]]"#,
        r#","idempotencyKey":false"#,
    ] {
        let mut call = start(&[r#","method":"POST""#, key].concat());
        let step = after(&mut call, &mut g, r#"{"status":503,"now":1}"#);
        let retried = step.starts_with(r#"{"waitMs":100"#);
        assert_eq!(retried, !key.ends_with("false"), "{key}: {step}");
    }
}

#[test]
fn the_breaker_opens_per_origin_and_reports_its_state() {
    let mut g = Guards::default();
    let policy =
        r#","retry":{"maxAttempts":1,"circuitBreaker":{"failureThreshold":2,"coolDownMs":1000}}"#;
    for now in [1, 2] {
        let mut call =
            FetchCall::start(&[r#"{"origin":"https://o","now":0"#, policy, "}"].concat())
                .unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(call.gate(&mut g, now), r#"{"timeoutMs":null}"#);
        after(
            &mut call,
            &mut g,
            &["{\"status\":503,\"now\":", &now.to_string(), "}"].concat(),
        );
    }
    let call = FetchCall::start(&[r#"{"origin":"https://o","now":0"#, policy, "}"].concat())
        .unwrap_or_else(|m| panic!("{m}"));
    assert_eq!(call.gate(&mut g, 3), r#"{"retryAt":1002}"#);
    // What circuitState reads (the JavaScript side picks the origin out of the export).
    assert_eq!(
        g.to_json(),
        r#"{"https://o":{"budget":{"milli_tokens":8000},"breaker":{"state":"open","failures":2,"until_ms":1002}}}"#
    );
}

#[test]
fn the_runtime_numbers_calls_and_frees_fetches() {
    let mut rt = api::Runtime::default();
    let start = |rt: &mut api::Runtime| rt.call(api::op::START, b"", r#"{"now":0}"#);
    // `[id, status…]`: the id, then the statuses whose body the call's profile reads.
    assert_eq!(start(&mut rt).unwrap(), "[0]");
    assert_eq!(
        rt.call(api::op::START, b"", r#"{"now":0,"profile":"jumpcloud"}"#)
            .unwrap(),
        "[1,403]"
    );
    assert_eq!(rt.call(api::op::END, b"", r#"{"id":0}"#).unwrap(), "null");
    // The freed slot is reused; a call that has ended is refused, not trapped on.
    assert!(rt.call(api::op::GATE, b"", r#"{"id":0,"now":1}"#).is_err());
    assert_eq!(start(&mut rt).unwrap(), "[0]");
    assert!(rt.call(api::op::GATE, b"", r#"{"id":9,"now":1}"#).is_err());
    assert!(rt.call(999, b"", "{}").is_err());
    assert_eq!(rt.call(api::op::EXPORT_CIRCUITS, b"", "").unwrap(), "{}");
    // Text that is not what exportCircuits returned: `null` (the JavaScript side throws).
    assert_eq!(
        rt.call(api::op::IMPORT_CIRCUITS, b"", "not json").unwrap(),
        "null"
    );
    assert_eq!(
        rt.call(api::op::IMPORT_CIRCUITS, b"", r#"{"https://o":{}}"#)
            .unwrap(),
        "1"
    );
}
