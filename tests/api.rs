//! The JSON calls the package's JavaScript half makes: each row a call and what it must
//! answer, so every option check is proven natively, not only through the package.

use faultline::api::{self, FetchCall};
use faultline::guard::Guards;

/// A call's arguments as the JavaScript side sends them: an array of `n`, each `null` but
/// the `(place, JSON)` members given (a later one for the same place wins).
fn args(n: usize, members: &[(usize, &str)]) -> String {
    let mut items = vec!["null"; n];
    for &(i, json) in members {
        items[i] = json;
    }
    ["[", &items.join(","), "]"].concat()
}

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
            r#"[null,null,null,null,null,null,null,null,0]"#,
            "takes a status number",
        ),
        (
            api::classify,
            r#"[[null,99],null,null,null,null,null,null,null,0]"#,
            "status must be an integer from 100 to 599",
        ),
        (
            api::classify,
            r#"[[null,"NaN"],null,null,null,null,null,null,null,0]"#,
            "status must be an integer",
        ),
        (
            api::classify,
            r#"[[null,0,null,1],null,null,null,null,null,null,null,0]"#,
            "opaque Response",
        ),
        (
            api::classify,
            r#"[[[]],null,null,null,null,null,null,null,0]"#,
            "not a transport failure",
        ),
        (
            api::classify,
            r#"[[null,500],["methd"],null,null,null,null,null,null,0]"#,
            "context.methd is not a known option",
        ),
        (
            api::classify,
            r#"[[null,500],0,null,null,null,null,null,null,0]"#,
            "context must be an object",
        ),
        (
            api::classify,
            r#"[[null,500],null,"GE T",null,null,null,null,null,0]"#,
            "method must be an HTTP method name",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,null,"nope",null,null,0]"#,
            "profile must be",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,42,null,null,null,0]"#,
            "context.headers must be a Headers object",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,[["a b","1"]],null,null,null,0]"#,
            "not a valid HTTP token",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,[null],null,null,null,0]"#,
            "must map header names to string values",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,null,null,null,null,-5]"#,
            "context.now must be a time",
        ),
        (
            api::classify,
            r#"[[null,500],null,null,null,null,null,null,"yes",0]"#,
            "context.idempotencyKey must be a boolean",
        ),
        (
            api::retry_after_ms,
            r#"[42,null,0]"#,
            "headers must be a Headers object",
        ),
        (
            api::retry_after_ms,
            r#"[null,null,"yesterday"]"#,
            "options.now must be a time",
        ),
        (
            api::backoff_schedule,
            r#"[{"maxAttempts":0}]"#,
            "retry.maxAttempts",
        ),
        (
            api::backoff_schedule,
            r#"[{"baseDelayMs":"NaN"}]"#,
            "retry.baseDelayMs",
        ),
        (
            api::backoff_schedule,
            r#"[{"speed":1}]"#,
            "retry.speed is not a known option",
        ),
        (
            api::backoff_schedule,
            r#"["fast"]"#,
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
        (r#"[null]"#, "expected a Request"),
        (
            r#"[["https://x",["url","bdy"]]]"#,
            "request.bdy is not a known option",
        ),
        (r#"[[null,null,"GET"]]"#, "request.url must be a URL string"),
        (
            r#"[["https://x",null,null,null,"unreadable"]]"#,
            "request.body must be a string, bytes or URLSearchParams",
        ),
        (
            r#"[["https://x"],["redact","x"]]"#,
            "options.x is not a known option",
        ),
    ];
    for (input, want) in rows {
        let m = message(api::to_curl(b"", input), input);
        assert!(m.contains(want), "{input}: {m}");
    }
    assert_eq!(
        api::to_curl(b"a=1", r#"[["https://x",null,"post",null,true]]"#).unwrap(),
        r#""curl 'https://x' -H 'Content-Type:' --data-binary 'a=1'""#
    );
    let findings = api::diagnose(
        b"",
        r#"[["https://x",null,null,[["Autorization","Bearer abc"]]]]"#,
    )
    .unwrap();
    assert!(findings.contains("misspelled_auth_header"), "{findings}");
}

#[test]
fn classify_reads_transport_errors_and_response_headers() {
    let c = api::classify(r#"[[["TypeError","fetch failed","ECONNREFUSED","fetch failed"]],null,null,null,null,null,null,null,0]"#).unwrap();
    assert!(
        c.contains(r#""kind":"network_error""#) && c.contains("never left"),
        "{c}"
    );
    let c = api::classify(
        r#"[[null,429,[["Retry-After","3"]],1],null,null,null,null,null,null,null,0]"#,
    )
    .unwrap();
    assert!(c.contains(r#""retryAfterMs":3000"#), "{c}");
}

#[test]
fn parse_error_reads_text_and_parsed_values() {
    let e = api::parse_error(br#"{"error":"nope"}"#, "[]").unwrap();
    assert!(e.contains(r#""message":"nope""#), "{e}");
    let e = api::parse_error(br#"{"message":"from a value"}"#, r#"[true,null,400]"#).unwrap();
    assert!(e.contains(r#""message":"from a value""#), "{e}");
    let m = message(api::parse_error(b"", r#"[null,["stat"]]"#), "stat");
    assert!(m.contains("options.stat"), "{m}");
}

/// `FetchCall::start`'s arguments: `[origin, keys, method, headers, retry, profile,
/// timeoutMs, deadlineMs, throwHttpErrors, idempotencyKey, stream, now, seed]`, with
/// `members` over an origin and `now` 0.
fn init(members: &[(usize, &str)]) -> String {
    args(
        13,
        &[&[(0, r#""https://api.example""#), (11, "0")], members].concat(),
    )
}

fn start(extra: &[(usize, &str)]) -> Box<FetchCall> {
    let retry = r#"{"jitter":"none","baseDelayMs":100,"budget":false,"circuitBreaker":false}"#;
    let text = init(&[&[(4, retry), (12, "7")], extra].concat());
    FetchCall::start(&text).unwrap_or_else(|m| panic!("{m}"))
}

/// A response's report to `after`: `[id, now, error, timedOut, status]`.
fn status_at(status: &str, now: &str) -> String {
    ["[0,", now, ",null,null,", status, "]"].concat()
}

fn after(call: &mut FetchCall, guards: &mut Guards, report: &str) -> String {
    let report = faultline::json::parse(report).unwrap_or_else(|| panic!("bad JSON: {report}"));
    call.after(guards, &report)
        .unwrap_or_else(|m| panic!("{m}"))
}

/// `after`'s answer past the classification (`[classification, …]`): `,waitMs,"source"]`
/// to retry, `,null,null,0]` or `,null,null,0," why"]` to stop (1 for the deadline).
fn decision(step: &str) -> &str {
    assert!(step.starts_with("[{"), "{step}");
    step.rfind('}').map_or(step, |at| &step[at + 1..])
}

#[test]
fn a_call_backs_off_and_stops_at_max_attempts() {
    let mut g = Guards::default();
    let mut call = start(&[(2, r#""put""#)]);
    let mut waits = Vec::new();
    let mut step = String::new();
    for now in [10, 200, 500, 1000, 2000, 4000] {
        step = after(&mut call, &mut g, &status_at("503", &now.to_string()));
        waits.push(decision(&step).split(',').nth(1).unwrap_or("").to_string());
    }
    assert_eq!(waits, ["100", "200", "400", "800", "1600", "null"]);
    // The stop's sentence, for the attempt history the JavaScript side keeps.
    assert_eq!(
        decision(&step),
        r#",null,null,0," All maxAttempts attempts have been made."]"#
    );
}

#[test]
fn a_call_stops_for_the_deadline_a_stream_body_and_onretry() {
    let mut g = Guards::default();
    let mut call = start(&[(7, "150")]);
    assert_eq!(call.gate(&mut g, 0), "150");
    let step = after(&mut call, &mut g, &status_at("503", "100"));
    assert!(
        decision(&step) == r#",null,null,1," The next wait would end past the deadline."]"#,
        "{step}"
    );
    assert_eq!(call.gate(&mut g, 150), "0");

    let mut call = start(&[(2, r#""PUT""#), (10, "true")]);
    let step = after(&mut call, &mut g, &status_at("503", "1"));
    assert!(
        decision(&step).starts_with(r#",null,null,0," The request body was a consumed stream"#),
        "{step}"
    );

    let mut call = start(&[(8, "true")]);
    let step = after(&mut call, &mut g, &status_at("503", "1"));
    assert_eq!(decision(&step), r#",100,"backoff"]"#);
    // A success or an outcome never retried says so in its own reason: no sentence added.
    let step = after(&mut call, &mut g, &status_at("200", "200"));
    assert_eq!(decision(&step), ",null,null,0]");
}

#[test]
fn a_call_rethrows_what_is_not_a_transport_failure_and_times_out() {
    let mut g = Guards::default();
    let mut call = start(&[]);
    let step = after(
        &mut call,
        &mut g,
        r#"[0,1,["TypeError","Invalid header value",null,"Invalid header value"]]"#,
    );
    assert_eq!(step, "null");
    let step = after(
        &mut call,
        &mut g,
        r#"[0,1,["AbortError","x",null,"x"],true]"#,
    );
    assert!(
        step.contains(r#""kind":"timeout""#) && decision(&step) == r#",100,"backoff"]"#,
        "{step}"
    );
}

#[test]
fn a_call_checks_its_options() {
    let rows = [
        ((1, r#"["retries"]"#), "init.retries is not a known option"),
        ((1, "0"), "init must be an object"),
        ((4, "3"), "retry must be a RetryPolicy object or false"),
        (
            (6, r#""soon""#),
            "timeoutMs must be a finite number of milliseconds > 0",
        ),
        ((7, "0"), "deadlineMs must be a finite number"),
        (
            (9, "42"),
            "idempotencyKey must be true, false or a non-empty key",
        ),
        ((8, r#""yes""#), "throwHttpErrors must be a boolean"),
        ((2, r#""GE T""#), "method must be an HTTP method name"),
    ];
    for (member, want) in rows {
        let input = init(&[member]);
        let m = match FetchCall::start(&input) {
            Ok(_) => panic!("{input} was accepted"),
            Err(m) => m,
        };
        assert!(m.contains(want), "{input}: {m}");
    }
    // An Idempotency-Key, given or among the headers, makes a POST safe to retry on a 503.
    let mut g = Guards::default();
    for key in [
        (9, r#""k-1""#),
        (3, r#"[["idempotency-KEY","old"]]"#),
        (9, "false"),
    ] {
        let mut call = start(&[(2, r#""POST""#), key]);
        let step = after(&mut call, &mut g, &status_at("503", "1"));
        let retried = decision(&step).starts_with(",100,");
        assert_eq!(retried, key.1 != "false", "{key:?}: {step}");
    }
}

#[test]
fn the_breaker_opens_per_origin_and_reports_its_state() {
    let mut g = Guards::default();
    let policy = r#"{"maxAttempts":1,"circuitBreaker":{"failureThreshold":2,"coolDownMs":1000}}"#;
    let input = init(&[(0, r#""https://o""#), (4, policy)]);
    for now in [1, 2] {
        let mut call = FetchCall::start(&input).unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(call.gate(&mut g, now), "null");
        after(&mut call, &mut g, &status_at("503", &now.to_string()));
    }
    let call = FetchCall::start(&input).unwrap_or_else(|m| panic!("{m}"));
    assert_eq!(call.gate(&mut g, 3), "[1002]");
    // What circuitState reads (the JavaScript side picks the origin out of the export).
    assert_eq!(
        g.to_json(),
        r#"{"https://o":{"budget":{"milli_tokens":8000},"breaker":{"state":"open","failures":2,"until_ms":1002}}}"#
    );
}

#[test]
fn the_runtime_numbers_calls_and_frees_fetches() {
    let mut rt = api::Runtime::default();
    let start = |rt: &mut api::Runtime| rt.call(api::op::START, b"", &init(&[]));
    // `[id, status…]`: the id, then the statuses whose body the call's profile reads.
    assert_eq!(start(&mut rt).unwrap(), "[0]");
    assert_eq!(
        rt.call(api::op::START, b"", &init(&[(5, r#""jumpcloud""#)]))
            .unwrap(),
        "[1,403]"
    );
    assert_eq!(rt.call(api::op::END, b"", "[0]").unwrap(), "null");
    // The freed slot is reused; a call that has ended is refused, not trapped on.
    assert!(rt.call(api::op::GATE, b"", "[0,1]").is_err());
    assert_eq!(start(&mut rt).unwrap(), "[0]");
    assert!(rt.call(api::op::GATE, b"", "[9,1]").is_err());
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
