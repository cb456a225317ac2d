//! Retry-After and the rate-limit fields over arbitrary header strings: never a panic,
//! never a wait above MAX_WAIT_MS.
#![no_main]

use faultline::headers::{parse_retry_after, reset_value_ms, server_wait, MAX_WAIT_MS};
use libfuzzer_sys::fuzz_target;

/// Names the parser reads, so that most inputs reach the interesting code.
const NAMES: [&str; 11] = [
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
    "RateLimit-Reset",
    "RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset-After",
    "X-RateLimit-Retry-After",
    "X-Rate-Limit-Reset",
    "X-Rate-Limit-Remaining",
];

fuzz_target!(|input: (u64, Vec<(u8, String)>)| {
    let (now_ms, raw) = input;
    for (_, value) in &raw {
        assert!(parse_retry_after(value, now_ms).is_none_or(|ms| ms <= MAX_WAIT_MS));
        assert!(reset_value_ms(value, now_ms).is_none_or(|ms| ms <= MAX_WAIT_MS));
    }
    let headers: Vec<(&str, &str)> = raw
        .iter()
        .map(|(n, v)| {
            (
                NAMES.get(usize::from(*n)).copied().unwrap_or("x-other"),
                v.as_str(),
            )
        })
        .collect();
    assert!(server_wait(&headers, now_ms).is_none_or(|w| w.ms <= MAX_WAIT_MS));
});
