//! Arbitrary text through the JSON reader: no panic (nesting is capped), and whatever it
//! reads, strings and numbers written back read back the same.
#![no_main]

use faultline::json::{parse_at, push_number, push_string, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    match parse_at(text) {
        Ok(Value::String(s)) => {
            let mut out = String::new();
            push_string(&mut out, &s);
            assert_eq!(parse_at(&out), Ok(Value::String(s)));
        }
        Ok(Value::Number(n)) if n.is_finite() => {
            let mut out = String::new();
            push_number(&mut out, n);
            assert!(parse_at(&out).is_ok(), "{out}");
        }
        Ok(_) => {}
        Err(at) => assert!(at <= text.len()),
    }
});
