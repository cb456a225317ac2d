//! The byte-wise search helpers every module shares.

use faultline::text::{
    after_last, contains_ignore_case, contains_one_of, find, find_from, index_in, is_one_of, piece,
    split_last, split_once,
};

#[test]
fn find_from_exact_and_ignoring_case() {
    // (hay, needle, from, ignore_case, want)
    let rows: &[(&str, &str, usize, bool, Option<usize>)] = &[
        ("abcabc", "bc", 0, false, Some(1)),
        ("abcabc", "bc", 2, false, Some(4)),
        ("abcabc", "BC", 0, false, None),
        ("abcabc", "BC", 0, true, Some(1)),
        ("abc", "", 1, false, Some(1)),
        ("abc", "", 3, false, Some(3)),
        ("abc", "a", 4, false, None),
        ("abc", "abcd", 0, false, None),
        ("é<TITLE>", "<title", 0, true, Some(2)),
        ("xÉx", "é", 0, true, None),
    ];
    for (hay, needle, from, ci, want) in rows {
        assert_eq!(
            find_from(hay, needle, *from, *ci),
            *want,
            "{hay:?} {needle:?}"
        );
    }
    assert_eq!(find("a]]>b", "]]>"), Some(1));
    assert!(contains_ignore_case(
        "Secondary RATE LIMIT hit",
        "rate limit"
    ));
    assert!(contains_ignore_case("anything", ""));
    assert!(!contains_ignore_case("rate", "rate limit"));
}

#[test]
fn splits() {
    assert_eq!(
        split_once("https://a/b://c", "://"),
        Some(("https", "a/b://c"))
    );
    assert_eq!(split_once("no scheme", "://"), None);
    assert_eq!(split_last("u:p@x@host", b'@'), Some(("u:p@x", "host")));
    assert_eq!(split_last("host", b'@'), None);
    let rows = [
        ("com.amazonaws#ResourceNotFound", "ResourceNotFound"),
        ("type.googleapis.com/google.rpc.Help", "google.rpc.Help"),
        ("plain", "plain"),
        ("ends/", ""),
    ];
    for (s, want) in rows {
        let sep = if s.contains('#') { b'#' } else { b'/' };
        assert_eq!(after_last(s, sep), want, "{s}");
    }
}

#[test]
fn pieces_walk_like_str_split() {
    // (text, separator): `piece` must walk the same pieces as `str::split`.
    let rows: &[(&str, &str)] = &[
        ("a|b|c", "|"),
        ("", "|"),
        ("|", "|"),
        ("a||b|", "|"),
        ("é|ü", "|"),
        ("a, b, c", ", "),
    ];
    for (text, sep) in rows {
        let mut got = Vec::new();
        let mut at = 0;
        while let Some((p, next)) = piece(text, sep, at) {
            got.push(p);
            at = next;
        }
        let want: Vec<&str> = text.split(sep).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn name_lists() {
    // (text, names, index among the names, contains one of them)
    let rows: &[(&str, &str, Option<usize>, bool)] = &[
        ("GET", "get|head", Some(0), true),
        ("head", "GET|HEAD", Some(1), true),
        ("", "a||b", Some(1), true),
        ("", "a|b", None, false),
        ("gets", "get|head", None, true),
        ("put", "get|head", None, false),
        ("x", "", None, true),
        ("", "", Some(0), true),
    ];
    for (s, names, index, contains) in rows {
        assert_eq!(index_in(s, names), *index, "{s:?} in {names:?}");
        assert_eq!(is_one_of(s, names), index.is_some(), "{s:?} in {names:?}");
        assert_eq!(contains_one_of(s, names), *contains, "{s:?} in {names:?}");
    }
}
