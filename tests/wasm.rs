//! The export inside a real wasm engine: Node, and headless Chromium when
//! `WASM_BINDGEN_USE_BROWSER=1` (see scripts/test.sh). Bad input comes back as a message
//! answer (a TypeError in the package), never a trap, and the module lives on.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use faultline::api::op;
use faultline::backoff::{Backoff, Jitter};
use faultline::wasm::call;
use wasm_bindgen_test::wasm_bindgen_test;

fn ask(op: u32, text: &str) -> String {
    call(op, b"", text)
}

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
        ask(op::BACKOFF_SCHEDULE, r#"[{"seed":42}]"#),
        "[57,447,1659,636,2205]"
    );
}

#[wasm_bindgen_test]
fn classify_answers_the_contract_shape() {
    let c = ask(
        op::CLASSIFY,
        r#"[[null,500],null,"POST",null,null,null,null,null,0]"#,
    );
    assert!(c.contains(r#""permanence":"ambiguous""#), "{c}");
    assert!(c.contains(r#""action":"verify_before_retry""#), "{c}");
    assert!(c.contains(r#""retryAfterMs":null"#), "{c}");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_answer_and_the_module_lives_on() {
    for bad in [
        r#"[[null,0],null,null,null,null,null,null,null,0]"#,
        r#"[[null,1000],null,null,null,null,null,null,null,0]"#,
        r#"[[null,"NaN"],null,null,null,null,null,null,null,0]"#,
        r#"[[null,3.5],null,null,null,null,null,null,null,0]"#,
        r#"[null,null,null,null,null,null,null,null,0]"#,
        r#"[[null,200],["nope"],null,null,null,null,null,null,0]"#,
        "not json",
    ] {
        assert!(ask(op::CLASSIFY, bad).starts_with("faultline: "), "{bad}");
    }
    assert!(call(99, b"", "{}").starts_with("faultline: "));
    assert!(ask(op::GATE, "[7,0]").starts_with("faultline: "));
    // Still alive after all of that.
    assert!(ask(
        op::CLASSIFY,
        r#"[[null,429],null,null,null,null,null,null,null,0]"#
    )
    .contains("rate_limited"));
}

#[wasm_bindgen_test]
fn retry_after_reads_header_pairs() {
    let ask_headers = |h: &str| ask(op::RETRY_AFTER_MS, &["[", h, ",null,0]"].concat());
    assert_eq!(ask_headers(r#"[["Retry-After","2"]]"#), "2000");
    assert_eq!(ask_headers(r#"[["Retry-After","-2"]]"#), "null");
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
        let e = call(op::PARSE_ERROR, body.as_bytes(), "[]");
        assert!(e.starts_with(r#"{"format":""#), "{e}");
    }
}

#[wasm_bindgen_test]
fn a_fetch_retries_a_503_then_stops_on_the_200() {
    let start = ask(
        op::START,
        r#"["https://api.example",null,null,null,
            {"jitter":"none","budget":false,"circuitBreaker":false},
            null,null,null,null,null,null,0,1]"#,
    );
    // The answer is `[id]` (the default profile reads no response body).
    let id = start.trim_start_matches('[').trim_end_matches(']');
    assert!(id.parse::<u32>().is_ok(), "{start}");
    // The calls about the fetch send its id first.
    let with_id = |rest: &str| ["[", id, rest].concat();
    assert_eq!(ask(op::GATE, &with_id(",0]")), "null");
    let step = ask(op::AFTER, &with_id(",10,null,null,503,[]]"));
    assert!(
        step.starts_with("[{") && step.ends_with(r#"},500,"backoff"]"#),
        "{step}"
    );
    let step = ask(op::AFTER, &with_id(",600,null,null,200,[]]"));
    assert!(
        step.starts_with("[{") && step.ends_with("},null,null,0]"),
        "{step}"
    );
    assert_eq!(ask(op::END, &with_id("]")), "null");
    assert!(ask(op::GATE, &with_id(",700]")).starts_with("faultline: "));
}
