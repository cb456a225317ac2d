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
    if let Some(ms) = max_of(headers, "retry-after", &|v| parse_retry_after(v, now_ms)) {
        return Some(ServerWait {
            ms,
            source: WaitSource::RetryAfter,
        });
    }
    // One loop over a table rather than a chain of closures: each closure was a separate
    // copy of the generic helpers in wasm.
    let rate_limit = ietf_ratelimit(headers).or_else(|| {
        RESET_FIELDS.iter().find_map(|&(reset, remaining, read)| {
            let ms = max_of(headers, reset, &|v| max_member(v, &|m| read(m, now_ms)))?;
            remaining
                .is_none_or(|r| exhausted(headers, r))
                .then_some(ms)
        })
    });
    rate_limit.map(|ms| ServerWait {
        ms: clamp(ms),
        source: WaitSource::RateLimit,
    })
}

/// Reads one member of a reset field as a wait in ms, given the time now.
type ResetReader = fn(&str, u64) -> Option<u64>;

/// The rate-limit reset fields after the IETF ones, in order of preference: the field, the
/// remaining-count field that must be 0 or absent for the reset to count (`None`: the field
/// is a wait whatever the count), and how a member is read.
const RESET_FIELDS: [(&str, Option<&str>, ResetReader); 5] = [
    (
        "ratelimit-reset",
        Some("ratelimit-remaining"),
        reset_value_ms,
    ),
    ("x-ratelimit-retry-after", None, reset_value_ms),
    (
        "x-ratelimit-reset-after",
        Some("x-ratelimit-remaining"),
        |m, _| seconds_ms(m),
    ),
    (
        "x-ratelimit-reset",
        Some("x-ratelimit-remaining"),
        reset_value_ms,
    ),
    (
        "x-rate-limit-reset",
        Some("x-rate-limit-remaining"),
        reset_value_ms,
    ),
];

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
    if let Some(ms) = retry_after_member(value, now_ms) {
        return Some(ms);
    }
    // A combined value. Dates carry a comma after the weekday, so a member that is a
    // weekday name is read together with the member after it.
    let mut best: Option<u64> = None;
    let mut start = 0;
    while let Some(member) = value.get(start..) {
        let end = comma_from(value, start);
        let member = member.get(..end - start).unwrap_or("");
        let mut next = end + 1;
        let mut found = None;
        if text::is_one_of(member.trim(), WEEKDAYS) {
            // The weekday, its comma and the next member, when there is one.
            let date_end = comma_from(value, next);
            if end < value.len() {
                found = retry_after_member(value.get(start..date_end).unwrap_or(""), now_ms);
            }
            if found.is_some() {
                next = date_end + 1;
            }
        } else {
            found = retry_after_member(member, now_ms);
        }
        best = larger(best, found);
        start = next;
    }
    best
}

/// The offset of the first comma in `s` at or after `from`, else `s`'s length.
fn comma_from(s: &str, from: usize) -> usize {
    text::find_from(s, ",", from, false).unwrap_or(s.len())
}

/// One `Retry-After` member: delta-seconds or an HTTP-date.
fn retry_after_member(member: &str, now_ms: u64) -> Option<u64> {
    let member = member.trim();
    if let Some(secs) = digits(member) {
        return Some(clamp(secs.saturating_mul(1000)));
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
    parse_date(value, None)
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
    parse_date(value, Some(now_ms))
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
    let ms = seconds_ms(value.trim())?; // the value times 1000
    if ms < EPOCH_SECONDS_FROM.saturating_mul(1000) {
        Some(clamp(ms))
    } else if ms < EPOCH_MILLIS_FROM.saturating_mul(1000) {
        Some(clamp(ms.saturating_sub(now_ms)))
    } else if ms < NONSENSE_FROM.saturating_mul(1000) {
        Some(clamp((ms / 1000).saturating_sub(now_ms)))
    } else {
        None
    }
}

fn clamp(ms: u64) -> u64 {
    ms.min(MAX_WAIT_MS)
}

fn larger(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The values of every header called `name` (ASCII case-insensitive).
fn values<'a>(
    headers: &'a [(&'a str, &'a str)],
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The largest `read` of any occurrence of `name` (`&dyn`: one copy for every reader).
fn max_of(headers: &[(&str, &str)], name: &str, read: &dyn Fn(&str) -> Option<u64>) -> Option<u64> {
    values(headers, name).map(read).fold(None, larger)
}

/// The largest `read` of the comma-separated members of one value.
fn max_member(value: &str, read: &dyn Fn(&str) -> Option<u64>) -> Option<u64> {
    value.split(',').map(|m| read(m.trim())).fold(None, larger)
}

/// True when no valid count is given in the `remaining` fields, or the smallest one is 0.
/// A garbled count is read as absent, so the reset is honoured: the conservative side.
fn exhausted(headers: &[(&str, &str)], remaining: &str) -> bool {
    let mut least = None::<u64>;
    for v in values(headers, remaining) {
        for n in v.split(',').filter_map(|m| digits(m.trim())) {
            least = Some(least.map_or(n, |l| l.min(n)));
        }
    }
    least.is_none_or(|n| n == 0)
}

/// A non-empty run of ASCII digits as a number; `None` for anything else or for a number
/// too large for a `u64`.
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// Seconds, whole or fractional (`30`, `1.234`), as ms rounded up; `None` unless the text
/// is digits with at most one `.` between digits.
fn seconds_ms(s: &str) -> Option<u64> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return None,
        None => (s, ""),
    };
    let mut ms = digits(whole)?.checked_mul(1000)?;
    if frac.is_empty() {
        return Some(ms);
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut scale = 100;
    let mut rest_nonzero = false;
    for (i, b) in frac.bytes().enumerate() {
        let d = u64::from(b - b'0');
        if i < 3 {
            ms = ms.checked_add(d * scale)?;
            scale /= 10;
        } else if d != 0 {
            rest_nonzero = true;
        }
    }
    if rest_nonzero {
        ms = ms.checked_add(1)?;
    }
    Some(ms)
}

// ---- The IETF RateLimit field ---------------------------------------------------------

/// One member of a structured-field list or dictionary: its key (a string or token), an
/// optional `=value` (dictionary form) and its `;key=value` parameters.
struct Member<'a> {
    key: &'a str,
    value: Option<&'a str>,
    params: &'a str,
}

impl<'a> Member<'a> {
    fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .split(';')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// Members of a structured-field list ([RFC 9651 §3.1]), split on commas outside quotes.
/// Liberal: the key may be a quoted string or a bare token.
///
/// [RFC 9651 §3.1]: https://www.rfc-editor.org/rfc/rfc9651#section-3.1
fn members(value: &str) -> impl Iterator<Item = Member<'_>> + '_ {
    split_outside_quotes(value).filter_map(|raw| {
        let raw = raw.trim();
        let (head, params) = match raw.find(';') {
            Some(i) => (raw.get(..i)?, raw.get(i + 1..)?),
            None => (raw, ""),
        };
        let (key, value) = match head.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (head.trim(), None),
        };
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .unwrap_or(key);
        Some(Member { key, value, params })
    })
}

fn split_outside_quotes(value: &str) -> impl Iterator<Item = &str> + '_ {
    let mut in_quotes = false;
    let mut escaped = false;
    value.split(move |c: char| {
        if escaped {
            escaped = false;
            return false;
        }
        match c {
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => return true,
            _ => {}
        }
        false
    })
}

/// Calls `f` with each member of each field called `name`. Plain loops through `&dyn`:
/// the `flat_map` chains this replaces were each their own copy of the iterator code.
fn for_members(headers: &[(&str, &str)], name: &str, f: &mut dyn FnMut(&Member)) {
    for v in values(headers, name) {
        for m in members(v) {
            f(&m);
        }
    }
}

/// The wait from the `RateLimit` field(s), in either draft form; `None` when no policy is
/// exhausted.
fn ietf_ratelimit(headers: &[(&str, &str)]) -> Option<u64> {
    // Draft-07 dictionary form: `limit=10, remaining=0, reset=30`.
    let (mut reset, mut remaining) = (None, None::<u64>);
    for_members(headers, "ratelimit", &mut |m| {
        let Some(n) = m.value.and_then(digits) else {
            return;
        };
        if m.key.eq_ignore_ascii_case("reset") {
            reset = reset.max(Some(n));
        } else if m.key.eq_ignore_ascii_case("remaining") {
            remaining = Some(remaining.map_or(n, |r| r.min(n)));
        }
    });
    if let Some(reset) = reset {
        return remaining
            .is_none_or(|n| n == 0)
            .then(|| clamp(reset.saturating_mul(1000)));
    }
    // Current form: one member per policy, `"name";r=0;t=30`.
    let mut wait = None;
    for_members(headers, "ratelimit", &mut |m| {
        if m.value.is_some() || m.param("r").and_then(digits).is_some_and(|r| r != 0) {
            return;
        }
        let secs = match m.param("t") {
            Some(t) => digits(t),
            None => policy_window(headers, m.key),
        };
        if let Some(secs) = secs {
            wait = wait.max(Some(clamp(secs.saturating_mul(1000))));
        }
    });
    wait
}

/// The window `w` (seconds) of the `RateLimit-Policy` member called `name`.
fn policy_window(headers: &[(&str, &str)], name: &str) -> Option<u64> {
    let mut window = None;
    for_members(headers, "ratelimit-policy", &mut |m| {
        if m.key == name {
            window = window.max(m.param("w").and_then(digits));
        }
    });
    window
}

// ---- HTTP-dates -----------------------------------------------------------------------

/// Short and long weekday names, for [`text::is_one_of`].
const WEEKDAYS: &str =
    "mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/// A month number 1..=12 from its three-letter name, any case.
fn month(s: &str) -> Option<u64> {
    let i = text::index_in(s, "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")?;
    Some(i as u64 + 1)
}

/// Splits `s` at every `sep` byte into `out` and counts the pieces, which may be more than
/// `out` holds. `sep` b' ' stands for runs of ASCII whitespace, where empty pieces are
/// dropped (`str::split_ascii_whitespace`); other seps keep them (`str::split`).
fn pieces<'a>(s: &'a str, sep: u8, out: &mut [&'a str]) -> usize {
    let blank = sep == b' ';
    let (mut count, mut start) = (0, 0);
    for i in 0..=s.len() {
        let at_sep = match s.as_bytes().get(i) {
            Some(b) if blank => b.is_ascii_whitespace(),
            Some(b) => *b == sep,
            None => true,
        };
        if at_sep {
            if !blank || i > start {
                if let Some(slot) = out.get_mut(count) {
                    *slot = s.get(start..i).unwrap_or("");
                }
                count += 1;
            }
            start = i + 1;
        }
    }
    count
}

/// A number of exactly `min..=max` ASCII digits.
fn fixed_digits(s: &str, min: usize, max: usize) -> Option<u64> {
    if s.len() < min || s.len() > max {
        return None;
    }
    digits(s)
}

/// `hh:mm:ss`, checked, as seconds into the day (a leap second 60 is allowed).
fn time_of_day(s: &str) -> Option<u64> {
    let mut hms = [""; 3];
    if pieces(s, b':', &mut hms) != 3 {
        return None;
    }
    let [h, m, sec] = hms;
    let (h, m, sec) = (
        fixed_digits(h, 1, 2)?,
        fixed_digits(m, 2, 2)?,
        fixed_digits(sec, 2, 2)?,
    );
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

fn parse_date(value: &str, now_ms: Option<u64>) -> Option<u64> {
    let value = value.trim();
    if value.len() > 64 {
        return None;
    }
    // Each form is cut into [weekday, day, month, year, time, zone].
    let mut words = [""; 5];
    let mut dmy = [""; 3];
    let mut rfc850 = false;
    let fields = match text::split_once(value, ",") {
        None => {
            // asctime: `Sun Nov  6 08:49:37 1994`.
            if pieces(value, b' ', &mut words) != 5 {
                return None;
            }
            let [weekday, month, day, time, year] = words;
            [weekday, day, month, year, time, "GMT"]
        }
        Some((weekday, rest)) => {
            let count = pieces(rest, b' ', &mut words);
            let [first, b, c, d, e] = words;
            if count == 3 && pieces(first, b'-', &mut dmy) == 3 {
                // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
                let [day, month, year] = dmy;
                rfc850 = true;
                [weekday.trim(), day, month, year, b, c]
            } else if count == 5 {
                // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
                [weekday.trim(), first, b, c, d, e]
            } else {
                return None;
            }
        }
    };
    let [weekday, day, month_name, year, time, zone] = fields;
    if !text::is_one_of(weekday, WEEKDAYS) || !text::is_one_of(zone, "gmt|utc") {
        return None;
    }
    let year = if rfc850 && year.len() == 2 {
        two_digit_year(digits(year)?, now_ms)
    } else {
        fixed_digits(year, 4, 4)?
    };
    let month = month(month_name)?;
    let day = fixed_digits(day, 1, 2)?;
    let secs = time_of_day(time)?;
    if !(1970..=9999).contains(&year) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    days.checked_mul(86_400)?
        .checked_add(secs)?
        .checked_mul(1000)
}

/// RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future is the
/// most recent past year with those digits. Without a clock, POSIX's `%y` pivot.
fn two_digit_year(yy: u64, now_ms: Option<u64>) -> u64 {
    match now_ms {
        Some(now) => {
            let this_year = year_of_days(now / 86_400_000);
            let candidate = this_year / 100 * 100 + yy;
            if candidate > this_year + 50 {
                candidate.saturating_sub(100)
            } else {
                candidate
            }
        }
        None if yy >= 69 => 1900 + yy,
        None => 2000 + yy,
    }
}

fn days_in_month(year: u64, month: u64) -> u64 {
    if month == 2 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        28 + u64::from(leap)
    } else {
        // 31 for January, March, May, July, August, October and December.
        30 + ((month + month / 8) & 1)
    }
}

/// Days from 1970-01-01 to a date at or after it (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: u64, m: u64, day: u64) -> u64 {
    let y = if m <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

/// The year of a day count from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn year_of_days(days: u64) -> u64 {
    let z = days.saturating_add(719_468);
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let y = yoe.saturating_add(era.saturating_mul(400));
    if mp >= 10 {
        y.saturating_add(1)
    } else {
        y
    }
}
