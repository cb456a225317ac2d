//! The status table: every code has a class, a kind and a spec link; unknown codes fall back.

use faultline::status::{info, Permanence, KNOWN_CODES};

#[test]
fn every_code_in_range_has_a_class_and_kind() {
    for code in 100..=599u16 {
        let info = info(code).unwrap();
        assert_eq!(info.code, code);
        assert!(!info.kind.is_empty() && !info.reason.is_empty());
        assert!(
            info.spec().starts_with("https://"),
            "{code}: {}",
            info.spec()
        );
    }
}

#[test]
fn codes_outside_the_classes_have_no_info() {
    for code in [0u16, 1, 99, 600, 999, 1000, u16::MAX] {
        assert_eq!(info(code), None, "{code}");
    }
}

#[test]
fn known_rows() {
    let cases = [
        (200, "ok", Permanence::None),
        (304, "not_modified", Permanence::None),
        (100, "continue", Permanence::None),
        (422, "validation", Permanence::Permanent),
        (429, "rate_limited", Permanence::Temporary),
        (501, "not_implemented", Permanence::Permanent),
        (503, "unavailable", Permanence::Temporary),
        (524, "origin_timeout", Permanence::Temporary),
        (499, "client_closed_request", Permanence::Temporary),
    ];
    for (code, kind, permanence) in cases {
        let info = info(code).unwrap();
        assert_eq!(
            (info.kind, info.permanence, info.known),
            (kind, permanence, true),
            "{code}"
        );
    }
    let specs = [
        (404, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5"),
        (429, "https://www.rfc-editor.org/rfc/rfc6585#section-4"),
        (
            599,
            "https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes",
        ),
        // Not in the table: the class's section.
        (460, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5"),
        (299, "https://www.rfc-editor.org/rfc/rfc9110#section-15.3"),
    ];
    for (code, spec) in specs {
        assert_eq!(info(code).unwrap().spec(), spec, "{code}");
    }
}

#[test]
fn unknown_codes_fall_back_to_their_class() {
    let cases = [
        (199, "informational"),
        (299, "success"),
        (399, "redirection"),
        (460, "client_error"),
        (590, "server_error"),
    ];
    for (code, kind) in cases {
        let info = info(code).unwrap();
        assert_eq!((info.kind, info.known), (kind, false), "{code}");
    }
    assert_eq!(info(460).unwrap().permanence, Permanence::Permanent);
    assert_eq!(info(590).unwrap().permanence, Permanence::Temporary);
}

#[test]
fn every_row_is_in_range() {
    for &code in KNOWN_CODES {
        assert!(info(code).unwrap().known, "{code}");
    }
}
