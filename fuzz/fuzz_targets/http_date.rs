//! HTTP-date parsing over arbitrary text: never a panic; a parsed date is within years
//! 1970..=9999.
#![no_main]

use faultline::headers::{parse_http_date, parse_http_date_at};
use libfuzzer_sys::fuzz_target;

/// 10000-01-01T00:00:00Z in ms.
const YEAR_10000_MS: u64 = 253_402_300_800_000;

fuzz_target!(|input: (u64, &str)| {
    let (now_ms, value) = input;
    assert!(parse_http_date(value).is_none_or(|ms| ms < YEAR_10000_MS));
    assert!(parse_http_date_at(value, now_ms).is_none_or(|ms| ms < YEAR_10000_MS));
});
