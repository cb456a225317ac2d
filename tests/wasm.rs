//! The exports inside a real wasm engine: Node, and headless Chromium when
//! `WASM_BINDGEN_USE_BROWSER=1` (see scripts/test.sh). Bad input comes back as a `!`
//! answer (a TypeError in the package), never a trap, and the module lives on.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use faultline::backoff::{Backoff, Jitter};
use faultline::wasm::{backoff_json, classify_json, parse_error_json, retry_after_json, Call};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_same_seed_gives_the_same_schedule_as_natively() {
    // tests/backoff.rs pins the same numbers on the host.
    let b = Backoff {
        base_delay_ms: 500,
        factor: 2.0,
        max_delay_ms: 30_000,
        jitter: Jitter::Full,
    };
    assert_eq!(b.schedule(5, 42), vec![57, 447, 1659, 636, 2205]);
    assert_eq!(
        backoff_json(r#"{"policy":{"seed":42}}"#),
        "[57,447,1659,636,2205]"
    );
}

#[wasm_bindgen_test]
fn classify_answers_the_contract_shape() {
    let c = classify_json(r#"{"subject":{"status":500},"method":"POST","now":0}"#);
    assert!(c.contains(r#""permanence":"ambiguous""#), "{c}");
    assert!(c.contains(r#""action":"verify_before_retry""#), "{c}");
    assert!(c.contains(r#""retryAfterMs":null"#), "{c}");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_answer_and_the_module_lives_on() {
    for bad in [
        r#"{"subject":{"status":0},"now":0}"#,
        r#"{"subject":{"status":1000},"now":0}"#,
        r#"{"subject":{"status":"NaN"},"now":0}"#,
        r#"{"subject":{"status":3.5},"now":0}"#,
        r#"{"subject":null,"now":0}"#,
        r#"{"subject":{"status":200},"keys":["nope"],"now":0}"#,
        "not json",
    ] {
        assert!(classify_json(bad).starts_with("!faultline"), "{bad}");
    }
    // Still alive after all of that.
    assert!(classify_json(r#"{"subject":{"status":429},"now":0}"#).contains("rate_limited"));
}

#[wasm_bindgen_test]
fn retry_after_reads_header_pairs() {
    assert_eq!(
        retry_after_json(r#"{"headers":[["Retry-After","2"]],"now":0}"#),
        "2000"
    );
    assert_eq!(
        retry_after_json(r#"{"headers":[["Retry-After","-2"]],"now":0}"#),
        "null"
    );
}

#[wasm_bindgen_test]
fn parse_error_never_fails_on_garbage() {
    let deep = "[".repeat(100_000);
    for body in [
        "",
        "{",
        "\u{0}\u{ffff}",
        deep.as_str(),
        "<html><title>Oops</title>",
    ] {
        let e = parse_error_json(body.as_bytes(), "{}");
        assert!(e.starts_with(r#"{"format":""#), "{e}");
    }
}

#[wasm_bindgen_test]
fn a_call_retries_a_503_then_stops_on_the_200() {
    let mut call = Call::new();
    let start = call.start(
        r#"{"url":"https://api.example/x","origin":"https://api.example","now":0,"seed":1,
            "retry":{"jitter":"none","budget":false,"circuitBreaker":false}}"#,
    );
    assert_eq!(start, r#"{"method":"GET","headers":[]}"#);
    assert_eq!(call.gate(0.0), r#"{"timeoutMs":null}"#);
    let step = call.after(r#"{"status":503,"headers":[],"now":10}"#);
    assert!(
        step.starts_with(r#"{"waitMs":500,"waitSource":"backoff","stop":null"#),
        "{step}"
    );
    let step = call.after(r#"{"status":200,"headers":[],"now":600}"#);
    assert!(
        step.starts_with(r#"{"waitMs":null,"waitSource":null,"stop":"succeeded""#),
        "{step}"
    );
    assert!(call.history().starts_with(r#"[{"attempt":1,"status":503"#));
}
