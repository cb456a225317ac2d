//! The wait a server asks for, read from response headers. The clock is an argument.
//!
//! Precedence, first match wins:
//!
//! 1. `Retry-After` ([RFC 9110 §10.2.3]): delta-seconds or an HTTP-date ([RFC 9110 §5.6.7]).
//!    It always counts, whatever the rate-limit fields say. Source [`WaitSource::RetryAfter`].
//! 2. The IETF `RateLimit` field ([draft-ietf-httpapi-ratelimit-headers]), current form
//!    `RateLimit: "default";r=0;t=30` (a list, one member per quota policy), and the draft-07
//!    dictionary form `RateLimit: limit=10, remaining=0, reset=30`. A member whose `r` is 0
//!    and that has no `t` falls back to the window `w` of the same-named `RateLimit-Policy`.
//! 3. `RateLimit-Reset` with `RateLimit-Remaining` (drafts up to -06).
//! 4. The vendor variants, in this order: `X-RateLimit-Retry-After`,
//!    `X-RateLimit-Reset-After` (Discord, fractional seconds), `X-RateLimit-Reset`,
//!    `X-Rate-Limit-Reset` (Twitter/X).
//!
//! Steps 2 to 4 have source [`WaitSource::RateLimit`].
//!
//! Rules shared by every step:
//!
//! - **A reset time is a request to wait only when the remaining count is 0 or absent.** A
//!   `RateLimit-Reset: 30` next to `RateLimit-Remaining: 12` only says when the window
//!   rolls over; the client may go on. `Retry-After` and `X-RateLimit-Retry-After` are
//!   explicit waits and always count.
//! - **Repeats and combined values:** a name may repeat, and fetch's `Headers` joins
//!   repeats as `"2, 3"`. Every valid member of every occurrence is read and the **largest**
//!   wait wins: honouring the longest wait is the conservative reading, and the one that
//!   does not get the client throttled again. Invalid members are skipped; the step gives
//!   nothing only when no member is valid. HTTP-dates contain a comma, so a `Retry-After`
//!   value is first tried whole as a date, and a weekday name is joined with what follows.
//! - **Numbers** are ASCII digits only: no sign, no exponent, no hex, no spaces inside.
//!   Where a field is defined in (or sent as) fractional seconds, `1.234` is read, rounded up
//!   to whole milliseconds. A number too large for a `u64` is nonsense and gives `None`; a
//!   large valid wait is clamped to [`MAX_WAIT_MS`].
//! - **Reset values that may be epochs** (`X-RateLimit-Reset`, `X-Rate-Limit-Reset`,
//!   `RateLimit-Reset`, `X-RateLimit-Retry-After`): see [`reset_value_ms`].
//! - A time in the past gives a wait of 0. No result is ever negative, NaN or above
//!   [`MAX_WAIT_MS`], and no input panics.
//!
//! [RFC 9110 §10.2.3]: https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
//! [RFC 9110 §5.6.7]: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
//! [draft-ietf-httpapi-ratelimit-headers]: https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/

use crate::text;

/// The longest wait handed out, in ms: 2^31 − 1, the largest delay browsers' `setTimeout`
/// honours (a larger one fires at once).
pub const MAX_WAIT_MS: u64 = 2_147_483_647;

/// Where a server-requested wait came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitSource {
    /// The `Retry-After` field.
    RetryAfter,
    /// One of the rate-limit fields (`RateLimit`, `RateLimit-Reset`, `X-RateLimit-*`).
    RateLimit,
}

impl WaitSource {
    /// The contract's name, as used in the attempt history.
    pub const fn as_str(self) -> &'static str {
        match self {
            WaitSource::RetryAfter => "retry-after",
            WaitSource::RateLimit => "rate-limit",
        }
    }
}

/// A wait the server asked for, and the header family it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerWait {
    /// The wait in ms, at most [`MAX_WAIT_MS`].
    pub ms: u64,
    /// Which header family asked for it, for the attempt history.
    pub source: WaitSource,
}

/// The wait the server asked for, by the precedence in the module docs.
///
/// `headers` are (name, value) pairs; names are case-insensitive and may repeat.
/// `now_ms` is the clock (ms since the Unix epoch), for HTTP-dates and epoch resets.
pub fn server_wait(headers: &[(&str, &str)], now_ms: u64) -> Option<ServerWait> {
    let mut ms = None;
    let mut values = Members::new(headers, "retry-after", Cut::Whole);
    while let Some(v) = values.next() {
        raise(&mut ms, parse_retry_after(v, now_ms));
    }
    let mut source = WaitSource::RetryAfter;
    if ms.is_none() {
        source = WaitSource::RateLimit;
        ms = ietf_ratelimit(headers)
            .or_else(|| reset_fields(headers, now_ms))
            .map(clamp);
    }
    ms.map(|ms| ServerWait { ms, source })
}

/// The rate-limit reset fields after the IETF ones, in order of preference, `|`-separated,
/// each with the remaining-count field that must be 0 or absent for the reset to count
/// after a space (none: the field is a wait whatever the count).
const RESET_FIELDS: &str = "ratelimit-reset ratelimit-remaining|x-ratelimit-retry-after|\
x-ratelimit-reset-after x-ratelimit-remaining|x-ratelimit-reset x-ratelimit-remaining|\
x-rate-limit-reset x-rate-limit-remaining";

/// `X-RateLimit-Reset-After`'s place in [`RESET_FIELDS`]: Discord's fractional seconds,
/// never an epoch.
const RESET_AFTER: usize = 2;

/// The wait from the first of [`RESET_FIELDS`] that has a valid member and is exhausted.
fn reset_fields(headers: &[(&str, &str)], now_ms: u64) -> Option<u64> {
    let (mut at, mut i) = (0, 0);
    while let Some((pair, next)) = text::piece(RESET_FIELDS, "|", at) {
        let (reset, remaining) = text::split_once(pair, " ").unwrap_or((pair, ""));
        let mut wait = None;
        let mut members = Members::new(headers, reset, Cut::Commas);
        while let Some(m) = members.next() {
            raise(
                &mut wait,
                if i == RESET_AFTER {
                    seconds_ms(m)
                } else {
                    reset_value_ms(m, now_ms)
                },
            );
        }
        if wait.is_some() && (remaining.is_empty() || exhausted(headers, remaining)) {
            return wait;
        }
        (at, i) = (next, i + 1);
    }
    None
}

/// The wait in ms the server asked for, from any of the fields [`server_wait`] reads.
pub fn retry_after_ms(headers: &[(&str, &str)], now_ms: u64) -> Option<u64> {
    server_wait(headers, now_ms).map(|w| w.ms)
}

/// One `Retry-After` value ([RFC 9110 §10.2.3]) as a wait in ms from `now_ms`.
///
/// Delta-seconds (digits only) or an HTTP-date in any of its three forms; a date in the past
/// gives 0. A combined value (`"2, 3"`, or two dates) gives the largest valid member.
///
/// [RFC 9110 §10.2.3]: https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    // Members are read at commas; a valid value without one, delta or asctime date, is a
    // single member. Dates carry a comma after the weekday, so a member that is a weekday
    // name is read together with the member after it, as one date.
    let mut best: Option<u64> = None;
    let mut start = 0;
    while let Some((member, next)) = text::piece(value, ",", start) {
        let (mut read, mut after) = (member, next);
        if date_piece(member.trim_ascii()) == WEEKDAY {
            if let Some((_, after_date)) = text::piece(value, ",", next) {
                // The weekday, its comma and the member after it, read as one date.
                read = value.get(start..after_date - 1).unwrap_or("");
                after = after_date;
            }
        }
        let found = retry_after_member(read, now_ms);
        raise(&mut best, found);
        start = if found.is_some() { after } else { next };
    }
    best
}

/// One `Retry-After` member: delta-seconds or an HTTP-date.
fn retry_after_member(member: &str, now_ms: u64) -> Option<u64> {
    let member = member.trim_ascii();
    if let Some(secs) = digits(member) {
        return Some(secs_wait(secs));
    }
    parse_http_date_at(member, now_ms).map(|at| clamp(at.saturating_sub(now_ms)))
}

/// An HTTP-date ([RFC 9110 §5.6.7]) as ms since the Unix epoch.
///
/// Without a clock, a two-digit RFC 850 year is read as POSIX `strptime` reads `%y`:
/// 69–99 are 1969–1999, 00–68 are 2000–2068. [`parse_http_date_at`] applies the RFC's
/// 50-year rule against a clock instead; [`parse_retry_after`] uses that one.
///
/// [RFC 9110 §5.6.7]: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
pub fn parse_http_date(value: &str) -> Option<u64> {
    parse_http_date_at(value, POSIX_PIVOT_MS)
}

/// An HTTP-date ([RFC 9110 §5.6.7]) as ms since the Unix epoch, reading a two-digit RFC 850
/// year by the RFC's rule: a year that appears more than 50 years after `now_ms`'s year is
/// in the previous century.
///
/// Accepted: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. Liberal where
/// that is unambiguous: any amount of whitespace, any case, short or long weekday names in
/// every form, `UTC` for `GMT`, a one-digit day, a four-digit year in the RFC 850 form.
/// Rejected: an unknown weekday or month name, a day the month does not have (Feb 30),
/// hour > 23, minute > 59, second > 60 (60 is a leap second, read as the next second),
/// years before 1970 or after 9999, other zones, trailing text. A weekday that is a real
/// name but does not match the date is ignored: the numbers are what the server computed.
///
/// [RFC 9110 §5.6.7]: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
pub fn parse_http_date_at(value: &str, now_ms: u64) -> Option<u64> {
    let at = date_ms(value, now_ms);
    (at != u64::MAX).then_some(at)
}

/// How a reset value that may be a delta or an epoch turns into a wait, for
/// `X-RateLimit-Reset`, `X-Rate-Limit-Reset`, `RateLimit-Reset` and
/// `X-RateLimit-Retry-After`.
///
/// APIs disagree: GitHub and Twitter send epoch seconds, others delta seconds, a few epoch
/// milliseconds. They are told apart by size, since a delta of 31 years is never meant:
///
/// | value `v` (seconds, may be fractional) | read as | wait |
/// |---|---|---|
/// | `v < 1e9` | delta seconds | `v` s |
/// | `1e9 ≤ v < 1e12` | epoch seconds (2001-09-09 to year 33658) | `v·1000 − now_ms`, at least 0 |
/// | `1e12 ≤ v < 1e15` | epoch milliseconds | `v − now_ms`, at least 0 |
/// | `v ≥ 1e15` | nonsense | `None` |
///
/// `X-RateLimit-Retry-After` is read by the same rule, so it is in seconds (or an epoch);
/// a value meant as milliseconds would be read 1000 times too long and then clamped, which
/// errs on the side of waiting.
pub fn reset_value_ms(value: &str, now_ms: u64) -> Option<u64> {
    const EPOCH_SECONDS_FROM: u64 = 1_000_000_000;
    const EPOCH_MILLIS_FROM: u64 = 1_000_000_000_000;
    const NONSENSE_FROM: u64 = 1_000_000_000_000_000;
    let ms = seconds_ms(value.trim_ascii())?; // the value times 1000
    let at_ms = if ms < EPOCH_SECONDS_FROM * 1000 {
        return Some(clamp(ms));
    } else if ms < EPOCH_MILLIS_FROM * 1000 {
        ms
    } else if ms < NONSENSE_FROM * 1000 {
        ms / 1000
    } else {
        return None;
    };
    Some(clamp(at_ms.saturating_sub(now_ms)))
}

/// Raises `best` to `v` when `v` is larger, `None` the smallest (`Option::max`); out of
/// line: one copy of the comparison for its six callers.
#[inline(never)]
fn raise(best: &mut Option<u64>, v: Option<u64>) {
    *best = (*best).max(v);
}

/// Out of line: one copy of the comparison with [`MAX_WAIT_MS`].
#[inline(never)]
fn clamp(ms: u64) -> u64 {
    ms.min(MAX_WAIT_MS)
}

/// A wait of `secs` seconds in ms, clamped. Capped before the product, so no overflow
/// check (a 128-bit multiply on wasm32) is needed.
fn secs_wait(secs: u64) -> u64 {
    clamp(secs.min(MAX_WAIT_MS) * 1000)
}

/// How [`Members`] cuts a field value into members.
#[derive(Clone, Copy, PartialEq)]
enum Cut {
    /// The whole value is one member.
    Whole,
    /// At every comma.
    Commas,
    /// At commas outside quoted strings ([RFC 9651 §3.1]), for structured fields.
    ///
    /// [RFC 9651 §3.1]: https://www.rfc-editor.org/rfc/rfc9651#section-3.1
    Structured,
}

/// The members, trimmed, of each field called `name` (ASCII case-insensitive), one per
/// [`Members::next`]. A cursor rather than a closure per caller or an `Iterator`: one copy
/// of the walk in the wasm.
struct Members<'a> {
    headers: &'a [(&'a str, &'a str)],
    name: &'a str,
    cut: Cut,
    /// The field being read, and where its next member starts.
    field: usize,
    at: usize,
}

impl<'a> Members<'a> {
    /// Out of line: one copy of the stores for its five callers.
    #[inline(never)]
    fn new(headers: &'a [(&'a str, &'a str)], name: &'a str, cut: Cut) -> Self {
        Members {
            headers,
            name,
            cut,
            field: 0,
            at: 0,
        }
    }

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let &(n, v) = self.headers.get(self.field)?;
            if self.at > v.len() || !n.trim_ascii().eq_ignore_ascii_case(self.name) {
                (self.field, self.at) = (self.field + 1, 0);
                continue;
            }
            // A member starts outside quotes: a comma inside them ends none.
            let (start, mut quoted, mut escaped) = (self.at, false, false);
            let mut i = start;
            while let Some(&b) = v.as_bytes().get(i) {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = quoted;
                } else if b == b'"' {
                    quoted ^= self.cut == Cut::Structured;
                } else if b == b',' && !quoted && self.cut != Cut::Whole {
                    break;
                }
                i += 1;
            }
            self.at = i + 1;
            return Some(v.get(start..i).unwrap_or("").trim_ascii());
        }
    }
}

/// True when no valid count is given in the `remaining` fields, or one of them is 0 (the
/// smallest). A garbled count is read as absent, so the reset is honoured: the
/// conservative side.
fn exhausted(headers: &[(&str, &str)], remaining: &str) -> bool {
    let (mut counted, mut zero) = (false, false);
    let mut members = Members::new(headers, remaining, Cut::Commas);
    while let Some(m) = members.next() {
        if let Some(n) = digits(m) {
            counted = true;
            zero |= n == 0;
        }
    }
    !counted || zero
}

/// The value of an ASCII digit.
fn digit(b: u8) -> Option<u64> {
    b.is_ascii_digit().then(|| u64::from(b - b'0'))
}

/// A non-empty run of ASCII digits as a number; `None` for anything else or for a number
/// too large for a `u64`.
fn digits(s: &str) -> Option<u64> {
    let mut n: u64 = 0;
    for &b in s.as_bytes() {
        let d = digit(b)?;
        // `n * 10 + d` fits: checked without a 128-bit multiply.
        if n > (u64::MAX - d) / 10 {
            return None;
        }
        n = n * 10 + d;
    }
    (!s.is_empty()).then_some(n)
}

/// Seconds, whole or fractional (`30`, `1.234`), as ms rounded up; `None` unless the text
/// is digits with at most one `.` between digits.
fn seconds_ms(s: &str) -> Option<u64> {
    let (whole, frac) = text::split_once(s, ".").unwrap_or((s, "0"));
    let whole = digits(whole)?;
    if whole > u64::MAX / 1000 {
        return None;
    }
    let mut ms = whole * 1000;
    if frac.is_empty() {
        return None;
    }
    // Three digits are ms; any non-zero digit after them rounds up, once.
    let (mut scale, mut round_up) = (100, false);
    for &b in frac.as_bytes() {
        let d = digit(b)?;
        ms = ms.checked_add(d * scale)?;
        round_up |= scale == 0 && d != 0;
        scale /= 10;
    }
    ms.checked_add(u64::from(round_up))
}

// ---- The IETF RateLimit field ---------------------------------------------------------

/// One member of a structured-field list or dictionary, trimmed: its key (a string or
/// token, unquoted), an optional `=value` (dictionary form) and its `;key=value`
/// parameters. Liberal: the key may be a quoted string or a bare token.
fn member(raw: &str) -> (&str, Option<&str>, &str) {
    let (head, params) = text::split_once(raw, ";").unwrap_or((raw, ""));
    let (key, value) = match text::split_once(head, "=") {
        Some((k, v)) => (k, Some(v.trim_ascii())),
        None => (head, None),
    };
    let key = key.trim_ascii();
    let unquoted = match key.as_bytes() {
        [b'"', .., b'"'] => key.get(1..key.len() - 1),
        _ => None,
    };
    (unquoted.unwrap_or(key), value, params)
}

/// The value of the first parameter called `name` (ASCII case-insensitive) in `params`.
fn param<'a>(params: &'a str, name: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some((p, next)) = text::piece(params, ";", at) {
        if let Some((k, v)) = text::split_once(p, "=") {
            if k.trim_ascii().eq_ignore_ascii_case(name) {
                return Some(v.trim_ascii());
            }
        }
        at = next;
    }
    None
}

/// The wait from the `RateLimit` field(s), in either draft form; `None` when no policy is
/// exhausted.
fn ietf_ratelimit(headers: &[(&str, &str)]) -> Option<u64> {
    // Draft-07 dictionary form `limit=10, remaining=0, reset=30`: the largest reset, and
    // whether a remaining count is given and whether one is 0.
    let (mut reset, mut counted, mut zero) = (None, false, false);
    // Current form, one member per policy, `"name";r=0;t=30`: the largest wait.
    let mut wait = None;
    let mut members = Members::new(headers, "ratelimit", Cut::Structured);
    while let Some(raw) = members.next() {
        let (key, value, params) = member(raw);
        match value {
            Some(v) => {
                let n = digits(v);
                if key.eq_ignore_ascii_case("reset") {
                    raise(&mut reset, n);
                } else if n.is_some() && key.eq_ignore_ascii_case("remaining") {
                    counted = true;
                    zero |= n == Some(0);
                }
            }
            None if param(params, "r").and_then(digits).is_none_or(|r| r == 0) => {
                let secs = match param(params, "t") {
                    Some(t) => digits(t),
                    None => policy_window(headers, key),
                };
                raise(&mut wait, secs.map(secs_wait));
            }
            None => {}
        }
    }
    match reset {
        Some(reset) => (!counted || zero).then(|| secs_wait(reset)),
        None => wait,
    }
}

/// The window `w` (seconds) of the `RateLimit-Policy` member called `name`.
fn policy_window(headers: &[(&str, &str)], name: &str) -> Option<u64> {
    let mut window = None;
    let mut members = Members::new(headers, "ratelimit-policy", Cut::Structured);
    while let Some(raw) = members.next() {
        let (key, _, params) = member(raw);
        if key == name {
            raise(&mut window, param(params, "w").and_then(digits));
        }
    }
    window
}

// ---- HTTP-dates -----------------------------------------------------------------------

/// Month, zone, then short and long weekday names, for [`date_piece`].
const NAMES: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|gmt|utc|\
    mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/// The separators of an IMF-fixdate after its comma (`06 Nov 1994 08:49:37 GMT`) and of an
/// asctime date (`Sun Nov  6 08:49:37 1994`), as [`tokens`] packs them.
const SPACED: u64 = u64::from_be_bytes(*b"\0\0   :: ");
/// The separators of an RFC 850 date after its comma (`06-Nov-94 08:49:37 GMT`).
const DASHED: u64 = u64::from_be_bytes(*b"\0\0-- :: ");

/// Where the pieces of a date after its comma (from 0) and of an asctime date (from 7) go
/// in [`date_ms`]'s `[weekday, day, month, year, hour, minute, second, zone]`.
const SLOTS: &[u8; 14] = b"\x01\x02\x03\x04\x05\x06\x07\x00\x02\x01\x04\x05\x06\x03";

/// A date piece as a number: a month (from 0) or zone name is [`NAME`] plus its index in
/// [`NAMES`], any weekday name is [`WEEKDAY`], and one to four digits are their
/// number times 8 plus their count; anything else is `u64::MAX`, which every check refuses.
fn date_piece(s: &str) -> u64 {
    // Digits first: most pieces are numbers, and the name list is the slower test.
    match digits(s) {
        Some(n) if s.len() <= 4 => n << 3 | s.len() as u64,
        Some(_) => u64::MAX,
        None => match text::index_in(s, NAMES) {
            Some(i) => NAME + (i as u64).min(14),
            None => u64::MAX,
        },
    }
}

/// See [`date_piece`]: far above any number of four digits.
const NAME: u64 = 1 << 20;
/// See [`date_piece`].
const WEEKDAY: u64 = NAME + 14;
/// [`date_piece`] of `GMT`.
const GMT: u64 = NAME + 12;

/// Cuts `s`, after any ASCII whitespace it starts with, at each run of ASCII whitespace and
/// at each `-` and `:`, puts the [`date_piece`]s of the pieces into `out` at the [`SLOTS`] from
/// `order` on (the pieces past them may land anywhere: the separators then refuse the
/// date), and returns the separators met, one byte each (a space for a run of whitespace),
/// packed into a number, the last in the lowest byte.
fn tokens(s: &str, out: &mut [u64; 8], mut order: usize) -> u64 {
    let b = s.as_bytes();
    let (mut seps, mut i, mut sep) = (0u64, 0, b' ');
    loop {
        while sep == b' ' && b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let start = i;
        sep = loop {
            match b.get(i) {
                Some(c) if c.is_ascii_whitespace() => break b' ',
                Some(&c @ (b'-' | b':')) => break c,
                Some(_) => i += 1,
                None => break 0,
            }
        };
        if let Some(slot) = out.get_mut(usize::from(SLOTS.get(order).copied().unwrap_or(8))) {
            *slot = date_piece(s.get(start..i).unwrap_or(""));
        }
        if sep == 0 {
            return seps;
        }
        seps = seps << 8 | u64::from(sep);
        order += 1;
        i += 1;
    }
}

/// 2018-01-01T00:00:00Z: a clock in 2018 reads two-digit years 69–99 as 1969–1999 and
/// 00–68 as 2000–2068 by the 50-year rule, which is POSIX's `%y` pivot.
const POSIX_PIVOT_MS: u64 = 1_514_764_800_000;

/// [`parse_http_date_at`] as a plain number, `u64::MAX` for no date: no `Option` through
/// memory.
fn date_ms(value: &str, now_ms: u64) -> u64 {
    let value = value.trim_ascii();
    if value.len() > 64 {
        return u64::MAX;
    }
    // The weekday before the comma, then [day, month, year, hour, minute, second, zone];
    // or (asctime, no comma) [weekday, month, day, hour, minute, second, year] and GMT.
    let mut pieces = [0; 8];
    let split = text::split_once(value, ",");
    let (rest, order) = match split {
        Some((weekday, rest)) => {
            pieces[0] = date_piece(weekday.trim_ascii());
            (rest, 0)
        }
        None => {
            pieces[7] = GMT;
            (value, 7)
        }
    };
    let seps = tokens(rest, &mut pieces, order);
    let [weekday, day, month, year, h, m, sec, zone] = pieces;
    let rfc850 = order == 0 && seps == DASHED;
    let month = month.wrapping_sub(NAME);
    // Numbers are `n << 3 | digit count`: a name or `u64::MAX` is far out of every range.
    let mut year_n = year >> 3;
    if rfc850 && year & 7 == 2 {
        year_n = two_digit_year(year_n, now_ms);
    }
    let day_n = day >> 3;
    let (h_n, m_n, sec_n) = (h >> 3, m >> 3, sec >> 3);
    if !(rfc850 || seps == SPACED)
        || weekday != WEEKDAY
        || zone.wrapping_sub(GMT) > 1
        || month > 11
        // One or two digits each.
        || (day & 7).wrapping_sub(1) | (h & 7).wrapping_sub(1) > 1
        // Two digits each (a count of 0 is only in `u64::MAX << 3`, refused below).
        || (m | sec) & 7 != 2
        || h_n > 23
        || m_n > 59
        || sec_n > 60
        || !(1970..=9999).contains(&year_n)
    {
        return u64::MAX;
    }
    let first = days_from_civil(year_n, month);
    if day_n.wrapping_sub(1) >= days_from_civil(year_n, month + 1) - first {
        return u64::MAX;
    }
    // At most year 9999: far from overflowing.
    ((((first + day_n - 1) * 24 + h_n) * 60 + m_n) * 60 + sec_n) * 1000
}

/// RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future is the
/// most recent past year with those digits.
fn two_digit_year(yy: u64, now_ms: u64) -> u64 {
    let days = now_ms / 86_400_000;
    // The year of `now_ms`: an estimate from the mean Gregorian year (365.2425 days in ms),
    // never early, brought back with `days_from_civil`.
    let mut this_year = 1971 + now_ms / 31_556_952_000;
    while days_from_civil(this_year, 0) > days {
        this_year -= 1;
    }
    let candidate = this_year / 100 * 100 + yy;
    if candidate > this_year + 50 {
        candidate - 100
    } else {
        candidate
    }
}

/// Days from 1970-01-01 to the first of month `m` (0 for January to 12 for January of the
/// next year) of a year from 1970 (H. Hinnant's `days_from_civil`; 1970-01-01 gives 0,
/// so the subtraction never goes below it).
fn days_from_civil(year: u64, m: u64) -> u64 {
    let (y, mp) = if m < 2 {
        (year - 1, m + 10)
    } else {
        (year, m - 2)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 - 719_468
}
