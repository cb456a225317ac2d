//! Arbitrary bytes through the error-body parser: no panic, bounded output.
#![no_main]

use faultline::envelope::{parse_error, MAX_MESSAGES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the content-type hint.
    let (hint, body) = data.split_first().map_or((0, data), |(h, b)| (*h, b));
    let ct = match hint % 4 {
        0 => None,
        1 => Some("application/json"),
        2 => Some("text/html"),
        _ => Some("application/xml"),
    };
    let env = parse_error(body, Some(400), ct);
    assert!(env.messages.len() <= MAX_MESSAGES);
    let _ = env.to_json();
});
