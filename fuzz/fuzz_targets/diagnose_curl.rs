//! Arbitrary requests through the doctor and the curl builder: no panic, and the curl
//! command never holds a NUL or a raw newline.
#![no_main]

use faultline::curl::to_curl;
use faultline::diagnose::{diagnose, RequestParts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Fields separated by 0xFF bytes: method, url, header name, header value, body.
    let mut parts = data.split(|&b| b == 0xFF);
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or(b"")).into_owned();
    let (method, url, name, value) = (text(), text(), text(), text());
    let body: Vec<u8> = parts.flatten().copied().collect();
    let headers = [(name.as_str(), value.as_str()), ("Authorization", value.as_str())];
    let req = RequestParts { method: &method, url: &url, headers: &headers, body: Some(&body) };
    for f in diagnose(&req, true) {
        let _ = f.to_json();
    }
    for redact in [true, false] {
        let cmd = to_curl(&req, redact);
        assert!(!cmd.contains('\0') && !cmd.contains('\n'));
    }
});
