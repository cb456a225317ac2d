//! Byte-wise text search, shared by every module. `str::find` with a `&str` pattern links
//! the Two-Way searcher (about 1.5 KB of wasm); the needles here are short and the texts
//! small, so a plain scan serves. Matching is on bytes: a match of a whole UTF-8 needle
//! (and, with `ignore_case`, of one whose non-ASCII bytes match exactly) starts on a
//! character boundary.

/// The byte offset of `needle` in `hay` at or after `from`; `ignore_case` folds ASCII case.
pub fn find_from(hay: &str, needle: &str, from: usize, ignore_case: bool) -> Option<usize> {
    let n = needle.as_bytes();
    let rest = hay.as_bytes().get(from..)?;
    if n.is_empty() {
        return Some(from);
    }
    rest.windows(n.len())
        .position(|w| {
            if ignore_case {
                w.eq_ignore_ascii_case(n)
            } else {
                w == n
            }
        })
        .map(|p| p + from)
}

/// The byte offset of the first `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    find_from(hay, needle, 0, false)
}

/// ASCII case-insensitive substring test.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    find_from(haystack, needle, 0, true).is_some()
}

/// `s` split around the first `sep`, like `str::split_once` with a `&str` pattern.
pub fn split_once<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = find(s, sep)?;
    Some((s.get(..at)?, s.get(at + sep.len()..)?))
}

/// `s` split around the last ASCII `sep`, like `str::rsplit_once` without the reverse
/// searcher.
pub fn split_last(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().rposition(|b| b == sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// The part of `s` after the last ASCII `sep`, all of `s` when there is none.
pub fn after_last(s: &str, sep: u8) -> &str {
    split_last(s, sep).map_or(s, |(_, after)| after)
}

/// The part of `s` before the first of the ASCII bytes `stops`, all of `s` when there is
/// none: `before_any(url_rest, b"/?#")` is a URL's authority.
pub fn before_any<'a>(s: &'a str, stops: &[u8]) -> &'a str {
    let bytes = s.as_bytes();
    let mut end = 0;
    while let Some(b) = bytes.get(end) {
        if stops.iter().any(|stop| stop == b) {
            break;
        }
        end += 1;
    }
    s.get(..end).unwrap_or(s)
}

/// True when `s` is one of the `|`-separated `names`, ASCII case-insensitively. Lists as
/// one string rather than `&[&str]`: no table of pointers in the wasm.
pub fn is_one_of(s: &str, names: &str) -> bool {
    for name in names.split('|') {
        if name.eq_ignore_ascii_case(s) {
            return true;
        }
    }
    false
}

/// True when `s` contains one of the `|`-separated `parts`, ASCII case-insensitively.
pub fn contains_one_of(s: &str, parts: &str) -> bool {
    for part in parts.split('|') {
        if contains_ignore_case(s, part) {
            return true;
        }
    }
    false
}
