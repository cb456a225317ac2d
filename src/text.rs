//! Byte-wise text search, shared by every module. `str::find` with a `&str` pattern links
//! the Two-Way searcher (about 1.5 KB of wasm); the needles here are short and the texts
//! small, so a plain scan serves. Matching is on bytes: a match of a whole UTF-8 needle
//! (and, with `ignore_case`, of one whose non-ASCII bytes match exactly) starts on a
//! character boundary.

/// The byte offset of `needle` in `hay` at or after `from`; `ignore_case` folds ASCII case.
pub fn find_from(hay: &str, needle: &str, from: usize, ignore_case: bool) -> Option<usize> {
    let at = seek(hay, needle, from, ignore_case);
    (at != usize::MAX).then_some(at)
}

/// [`find_from`] as a plain number, `usize::MAX` when there is no match: the callers here
/// get no `Option` through memory.
fn seek(hay: &str, needle: &str, from: usize, ignore_case: bool) -> usize {
    let n = needle.as_bytes();
    let Some(rest) = hay.as_bytes().get(from..) else {
        return usize::MAX;
    };
    // An indexed loop: `windows().position(closure)` is not inlined away.
    let mut at = 0;
    while let Some(w) = rest.get(at..at + n.len()) {
        if w == n || ignore_case && w.eq_ignore_ascii_case(n) {
            return from + at;
        }
        at += 1;
    }
    usize::MAX
}

/// The byte offset of the first `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    find_from(hay, needle, 0, false)
}

/// ASCII case-insensitive substring test.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    seek(haystack, needle, 0, true) != usize::MAX
}

/// `s` split around the first `sep`, like `str::split_once` with a `&str` pattern.
pub fn split_once<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    // No match is `usize::MAX`, past any end: `around` answers `None`.
    around(s, seek(s, sep, 0, false), sep.len())
}

/// `s` without the `len` bytes at `at`, as the text before and the text after them.
fn around(s: &str, at: usize, len: usize) -> Option<(&str, &str)> {
    Some((s.get(..at)?, s.get(at + len..)?))
}

/// The piece of `s` from `start` up to the next `sep` (or the end), and where the piece
/// after it starts; `None` once `start` is past the end. Walks `s` as `str::split` would:
/// `let mut at = 0; while let Some((piece, next)) = piece(s, sep, at) { ...; at = next; }`.
pub fn piece<'a>(s: &'a str, sep: &str, start: usize) -> Option<(&'a str, usize)> {
    let end = seek(s, sep, start, false).min(s.len());
    Some((s.get(start..end)?, end + sep.len()))
}

/// `s` split around the last ASCII `sep`, like `str::rsplit_once` without the reverse
/// searcher.
pub fn split_last(s: &str, sep: u8) -> Option<(&str, &str)> {
    let mut at = s.len();
    loop {
        at = at.checked_sub(1)?;
        if s.as_bytes().get(at) == Some(&sep) {
            return around(s, at, 1);
        }
    }
}

/// The part of `s` after the last ASCII `sep`, all of `s` when there is none.
pub fn after_last(s: &str, sep: u8) -> &str {
    split_last(s, sep).map_or(s, |(_, after)| after)
}

/// The part of `s` before the first of the ASCII bytes `stops`, all of `s` when there is
/// none: `before_any(url_rest, b"/?#")` is a URL's authority.
pub fn before_any<'a>(s: &'a str, stops: &[u8]) -> &'a str {
    s.get(..span(s.as_bytes(), stops)).unwrap_or(s)
}

/// How many bytes `s` has before the first of the `stops` (all of them when none is
/// there). Plain loops: `<[u8]>::contains` links `memchr`.
pub fn span(s: &[u8], stops: &[u8]) -> usize {
    let mut end = 0;
    'scan: while let Some(b) = s.get(end) {
        for stop in stops {
            if stop == b {
                break 'scan;
            }
        }
        end += 1;
    }
    end
}

/// True when the byte `b` is in `s`, without `memchr` (see [`span`]).
pub fn has_byte(s: &[u8], b: u8) -> bool {
    span(s, &[b]) < s.len()
}

/// The index of `s` among the `|`-separated `names`, ASCII case-insensitively. Lists as
/// one string rather than `&[&str]`: no table of pointers in the wasm.
pub fn index_in(s: &str, names: &str) -> Option<usize> {
    let index = position(s, names);
    (index != usize::MAX).then_some(index)
}

/// [`index_in`] as a plain number, `usize::MAX` when `s` is none of the `names`: no
/// `Option` through memory for [`is_one_of`].
fn position(s: &str, names: &str) -> usize {
    let (mut at, mut index) = (0, 0);
    while let Some((name, next)) = piece(names, "|", at) {
        if name.eq_ignore_ascii_case(s) {
            return index;
        }
        at = next;
        index += 1;
    }
    usize::MAX
}

/// True when `s` is one of the `|`-separated `names`, ASCII case-insensitively.
pub fn is_one_of(s: &str, names: &str) -> bool {
    position(s, names) != usize::MAX
}

/// True when `s` contains one of the `|`-separated `parts`, ASCII case-insensitively.
pub fn contains_one_of(s: &str, parts: &str) -> bool {
    let mut at = 0;
    while let Some((part, next)) = piece(parts, "|", at) {
        if contains_ignore_case(s, part) {
            return true;
        }
        at = next;
    }
    false
}

/// The `i`th of the `|`-separated `names` (empty past the end): the names of an enum's
/// variants as one string, indexed by the variant, instead of a `match` that compiles to a
/// table of pointers. A plain byte loop: the error-body families look names up dozens of
/// times per body, and a separator search per name made `parseError` four times slower.
pub fn nth(names: &'static str, i: usize) -> &'static str {
    let (mut start, mut left) = (0, i);
    for (at, &b) in names.as_bytes().iter().enumerate() {
        if b == b'|' {
            if left == 0 {
                return names.get(start..at).unwrap_or("");
            }
            left -= 1;
            start = at + 1;
        }
    }
    if left == 0 {
        names.get(start..).unwrap_or("")
    } else {
        ""
    }
}

/// The index of `s` among the `|`-separated `names`, case-sensitively (unlike
/// [`index_in`]: option keys and values are exact).
pub fn exact_index(s: &str, names: &str) -> Option<usize> {
    let (mut at, mut index) = (0, 0);
    while let Some((name, next)) = piece(names, "|", at) {
        if name == s {
            return Some(index);
        }
        at = next;
        index += 1;
    }
    None
}
