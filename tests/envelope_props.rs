//! Property tests: arbitrary bytes never panic, and the output stays bounded.
#![cfg(not(target_arch = "wasm32"))]

use faultline::envelope::{parse_error, MAX_MESSAGES, MAX_MESSAGE_CHARS};
use proptest::prelude::*;

fn json_ish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u00e9",
        "\\ud800",
        "\"message\"",
        "\"errors\"",
        "\"error\"",
        "\"detail\"",
        "\"_errors\"",
        "\"__type\"",
        "\"kind\"",
        "\"Status\"",
        "false",
        "null",
        "1.5",
        "-3",
        "\"x\"",
        "<",
        ">",
        "</title>",
        "<title>",
        "&#x110000;",
        "&amp",
        "é",
        " ",
    ]);
    prop::collection::vec(piece, 0..200).prop_map(|v| v.concat().into_bytes())
}

fn check(bytes: &[u8], ct: Option<&str>) {
    let env = parse_error(bytes, Some(400), ct);
    assert!(env.messages.len() <= MAX_MESSAGES);
    for m in env.messages.iter().chain(env.message.iter()) {
        assert!(m.chars().count() <= MAX_MESSAGE_CHARS + 1 + MAX_MESSAGE_CHARS + 2);
    }
    let json = env.to_json();
    assert!(faultline::json::parse(&json).is_some(), "{json}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes, None);
        check(&bytes, Some("application/json"));
        check(&bytes, Some("text/html"));
    }

    #[test]
    fn json_like_input_never_panics(bytes in json_ish()) {
        check(&bytes, None);
        check(&bytes, Some("application/xml"));
    }
}

proptest! {
    #[test]
    fn diagnose_and_curl_never_panic(
        method in "[A-Za-z\\x00-\\x7f]{0,8}",
        url in "\\PC{0,60}",
        name in "\\PC{0,20}",
        value in "\\PC{0,40}",
        body in prop::option::of(prop::collection::vec(any::<u8>(), 0..200)),
        needs_auth in any::<bool>(),
    ) {
        let headers = [(name.as_str(), value.as_str()), ("Authorization", value.as_str())];
        let req = faultline::diagnose::RequestParts { method: &method, url: &url, headers: &headers, body: body.as_deref() };
        for f in faultline::diagnose::diagnose(&req, needs_auth) {
            assert!(faultline::json::parse(&f.to_json()).is_some());
        }
        let cmd = faultline::curl::to_curl(&req, true);
        assert!(!cmd.contains('\0') && !cmd.contains('\n'));
        faultline::curl::to_curl(&req, false);
    }
}
