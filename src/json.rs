//! A small strict JSON reader and writer, shared by the envelope parser, the options
//! readers and the bindings: a general-purpose crate costs several times the code, and an
//! error body or an options object needs none of its generality.
//!
//! - [`parse`] reads RFC 8259 JSON. Nesting is capped at [`MAX_DEPTH`], so the recursion
//!   (and dropping the value) is bounded on hostile input such as 100k `[`.
//! - Objects keep document order; a duplicated key stays in the list and [`get`] answers
//!   the last one, as `JSON.parse` does. Every key (`__proto__` too) is plain data.
//! - Numbers are `f64`, as in JavaScript. They are read exactly (correctly rounded) when
//!   the significant digits fit in 2^53 and the exponent is within ±22, which covers every
//!   integer up to 2^53 and decimals such as `0.1`, `1.5` or `2.5e3`; beyond that the
//!   result is within a few units in the last place. A fully correct float reader would add
//!   about 12 KB of code and tables to the wasm.

use alloc::string::String;
use alloc::vec::Vec;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Members in document order, duplicates kept.
    Object(Vec<(String, Value)>),
}

/// Arrays and objects nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

/// `text` as one JSON value (surrounding whitespace allowed); `None` when it is not JSON.
pub fn parse(text: &str) -> Option<Value> {
    Parser::new(text).document()
}

/// Like [`parse`], but a failure is the byte offset where the text stops being JSON (or
/// where nesting passed [`MAX_DEPTH`]).
pub fn parse_at(text: &str) -> Result<Value, usize> {
    let mut p = Parser::new(text);
    p.document().ok_or(p.i)
}

/// Whether `text` is JSON: `Err(offset)` of the first error. A document nested deeper than
/// [`MAX_DEPTH`] is not read past that depth and counts as JSON.
pub fn check(text: &str) -> Result<(), usize> {
    let mut p = Parser::new(text);
    match p.document() {
        None if !p.too_deep => Err(p.i),
        _ => Ok(()),
    }
}

/// The contents of the JSON string literal that `text` continues after its opening quote,
/// decoded; `None` when it is cut off or malformed. For reading truncated documents.
pub(crate) fn string_rest(text: &str) -> Option<String> {
    Parser::new(text).string()
}

struct Parser<'a> {
    text: &'a str,
    i: usize,
    /// Set when nesting passed MAX_DEPTH.
    too_deep: bool,
}

impl<'a> Parser<'a> {
    /// Out of line: one copy of the stores for its four callers.
    #[inline(never)]
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            i: 0,
            too_deep: false,
        }
    }

    /// One value and nothing but whitespace after it.
    fn document(&mut self) -> Option<Value> {
        let v = self.value(0)?;
        self.ws_end().then_some(v)
    }

    /// The byte at `self.i`, 0 at the end: a plain byte, not an `Option` returned through
    /// memory. Every reader refuses a 0 as it refuses the end (a raw NUL is never JSON),
    /// without moving past it.
    fn peek(&self) -> u8 {
        self.text.as_bytes().get(self.i).copied().unwrap_or(0)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// Only whitespace is left.
    fn ws_end(&mut self) -> bool {
        self.skip_ws();
        self.i >= self.text.len()
    }

    /// Skips whitespace, then consumes `b` if it comes next.
    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        self.take(b)
    }

    /// Consumes `b` if it comes next.
    fn take(&mut self, b: u8) -> bool {
        let found = self.peek() == b;
        self.i += usize::from(found);
        found
    }

    /// A value at nesting `depth`. On failure `self.i` is at the offending byte.
    fn value(&mut self, depth: usize) -> Option<Value> {
        self.skip_ws();
        let c = self.peek();
        if c == b'{' || c == b'[' {
            if depth >= MAX_DEPTH {
                self.too_deep = true;
                return None;
            }
            self.i += 1;
            let object = c == b'{';
            // `}` and `]` are two code points after `{` and `[`.
            let close = c + 2;
            let (mut items, mut members) = (Vec::new(), Vec::new());
            self.items(depth + 1, close, &mut items, &mut members)?;
            return Some(if object {
                Value::Object(members)
            } else {
                Value::Array(items)
            });
        }
        if self.take(b'"') {
            return self.string().map(Value::String);
        }
        let word = match c {
            b't' => "true",
            b'f' => "false",
            b'n' => "null",
            _ => return self.number().map(Value::Number),
        };
        // Not a number either: `self.i` stays on the offending byte.
        if !self
            .text
            .as_bytes()
            .get(self.i..)?
            .starts_with(word.as_bytes())
        {
            return None;
        }
        self.i += word.len();
        Some(if c == b'n' {
            Value::Null
        } else {
            Value::Bool(c == b't')
        })
    }

    /// The rest of an array (into `items`) or object (into `members`, when `close` is `}`)
    /// whose opening bracket has been consumed, up to its `close`.
    fn items(
        &mut self,
        depth: usize,
        close: u8,
        items: &mut Vec<Value>,
        members: &mut Vec<(String, Value)>,
    ) -> Option<()> {
        if self.eat(close) {
            return Some(());
        }
        loop {
            if close == b'}' {
                if !self.eat(b'"') {
                    return None;
                }
                let key = self.string()?;
                if !self.eat(b':') {
                    return None;
                }
                members.push((key, self.value(depth)?));
            } else {
                items.push(self.value(depth)?);
            }
            if self.eat(close) {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// The rest of a string whose opening quote has been consumed.
    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let c = self.peek();
            if c != b'"' && c != b'\\' && c >= 0x20 {
                self.i += 1;
                continue;
            }
            // Stopped on ASCII, so both ends are on character boundaries.
            out.push_str(self.text.get(start..self.i)?);
            if !self.take(b'\\') {
                // The closing quote, or a raw control character (an error).
                return self.take(b'"').then_some(out);
            }
            let e = self.peek();
            let decoded = if self.take(b'u') {
                let n = self.hex4();
                if n == u32::MAX {
                    return None;
                }
                self.surrogate_pair(n).unwrap_or(n)
            } else {
                let byte = escape_pair(e, 0, 8);
                if byte == 0 {
                    return None;
                }
                self.i += 1;
                u32::from(byte)
            };
            out.push(char::from_u32(decoded).unwrap_or(char::REPLACEMENT_CHARACTER));
            start = self.i;
        }
    }

    /// Four hex digits at `self.i`, consumed; at the first byte that is not one, left
    /// there, `u32::MAX` (no code point): a plain number, not an `Option` through memory.
    fn hex4(&mut self) -> u32 {
        let mut n = 0;
        for _ in 0..4 {
            let Some(d) = char::from(self.peek()).to_digit(16) else {
                return u32::MAX;
            };
            n = n * 16 + d;
            self.i += 1;
        }
        n
    }

    /// For a high surrogate `hi` just read: when `\uDC00`–`\uDFFF` follows, consumes it
    /// and returns the pair's code point. A lone surrogate is left to the caller, which
    /// turns it into U+FFFD.
    fn surrogate_pair(&mut self, hi: u32) -> Option<u32> {
        if !(0xD800..0xDC00).contains(&hi) {
            return None;
        }
        let at = self.i;
        if self.text.as_bytes().get(self.i..)?.starts_with(b"\\u") {
            self.i += 2;
            if let lo @ 0xDC00..=0xDFFF = self.hex4() {
                return Some(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
        }
        self.i = at;
        None
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<f64> {
        let neg = self.take(b'-');
        let (mut mant, mut exp) = (0u64, 0i32);
        if !self.take(b'0') && self.digits(&mut mant, &mut exp, false) == 0 {
            return None;
        }
        if self.take(b'.') && self.digits(&mut mant, &mut exp, true) == 0 {
            return None;
        }
        if self.take(b'e') || self.take(b'E') {
            let minus = self.take(b'-');
            if !minus {
                self.take(b'+');
            }
            let (mut e, mut e_exp) = (0, 0);
            if self.digits(&mut e, &mut e_exp, false) == 0 {
                return None;
            }
            // Saturates far beyond any f64 exponent.
            let e = if e_exp > 0 {
                100_000
            } else {
                e.min(100_000) as i32
            };
            exp = exp.saturating_add(if minus { -e } else { e });
        }
        let v = scale(mant as f64, exp);
        Some(if neg { -v } else { v })
    }

    /// Digits into `mant` (up to 19 significant ones; the exponent absorbs the rest).
    fn digits(&mut self, mant: &mut u64, exp: &mut i32, fraction: bool) -> usize {
        let start = self.i;
        while let d @ b'0'..=b'9' = self.peek() {
            if *mant < 1_000_000_000_000_000_000 / 10 {
                *mant = *mant * 10 + u64::from(d - b'0');
                *exp -= i32::from(fraction);
            } else {
                *exp += i32::from(!fraction);
            }
            self.i += 1;
        }
        self.i - start
    }
}

/// The one-letter escapes and the bytes they stand for, in pairs: `\n` is a newline.
/// [`push_string`] writes the first five pairs with their letter.
const ESCAPES: &[u8] = b"\"\"\\\\n\nr\rt\t//b\x08f\x0c";

/// The other half of the first of the first `pairs` [`ESCAPES`] whose half `side` (0: the
/// letter, 1: the byte) is `b`, 0 when there is none (no half is 0): a plain byte, not an
/// `Option` through memory. Data rather than two jump tables.
fn escape_pair(b: u8, side: usize, pairs: usize) -> u8 {
    let mut k = 0;
    while k < pairs * 2 {
        if ESCAPES.get(k + side) == Some(&b) {
            return ESCAPES.get(k + 1 - side).copied().unwrap_or(0);
        }
        k += 2;
    }
    0
}

/// `v × 10^e`, in steps of at most 10^22 (each power itself exact), so a single step is
/// correctly rounded.
fn scale(mut v: f64, mut e: i32) -> f64 {
    while e != 0 && v != 0.0 && v.is_finite() {
        let k = e.clamp(-22, 22);
        let mut p = 1.0;
        for _ in 0..k.unsigned_abs() {
            p *= 10.0;
        }
        v = if k < 0 { v / p } else { v * p };
        e -= k;
    }
    v
}

/// The member `key` of an object (the last one when the key repeats).
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    as_object(v)?
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// The string member `key` of `v`.
pub fn get_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(as_str)
}

/// `v` as a string slice.
pub fn as_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// `v` as a float, for numbers only.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

/// `v` as a whole number from 0 to `u64::MAX`.
pub fn as_u64(v: &Value) -> Option<u64> {
    as_f64(v)
        // The cast saturates (negatives to 0, which then differ unless -0); 2^64 alone reads
        // back after saturating.
        .filter(|n| *n < 18_446_744_073_709_551_616.0 && *n == (*n as u64) as f64)
        .map(|n| n as u64)
}

/// `v` as a boolean.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `v`'s items, if it is an array.
pub fn as_array(v: &Value) -> Option<&[Value]> {
    match v {
        Value::Array(a) => Some(a),
        _ => None,
    }
}

/// `v`'s members in document order, if it is an object.
pub fn as_object(v: &Value) -> Option<&[(String, Value)]> {
    match v {
        Value::Object(o) => Some(o),
        _ => None,
    }
}

/// True for `null`.
pub fn is_null(v: &Value) -> bool {
    matches!(v, Value::Null)
}

/// A string, or a number or boolean written out, for fields such as `code` that APIs send
/// either way.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => {
            let mut out = String::new();
            push_number(&mut out, *n);
            Some(out)
        }
        Value::Bool(b) => Some(String::from(if *b { "true" } else { "false" })),
        _ => None,
    }
}

/// `n` in decimal, without pulling `core::fmt` into the wasm build.
pub fn u64_text(n: u64) -> String {
    let mut out = String::new();
    push_u64(&mut out, n);
    out
}

/// Appends `n` in decimal.
pub fn push_u64(out: &mut String, n: u64) {
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// True for a finite number with no fractional part (`f64::fract` needs std).
pub fn is_whole(n: f64) -> bool {
    // A saturated cast of an infinity or a large number does not read back; NaN never does.
    n == (n as i64) as f64
}

/// Appends `n` as JavaScript's `String(n)` would write it: integers below 2^53 exactly;
/// other numbers with the fewest significant digits that read back as `n` (JavaScript's own
/// choice) when that can be checked exactly, as for `0.1`, `1.5` or `2.5e-3`; else with 17
/// digits, close to `n` but not always the shortest form (used for rare huge or tiny
/// values). JavaScript's layout: `1.5`, `1e+21`, `1e-7`.
/// NaN and the infinities, which JSON cannot hold, are written `null` (as `JSON.stringify`
/// does).
pub fn push_number(out: &mut String, n: f64) {
    if !n.is_finite() {
        return out.push_str("null");
    }
    if n < 0.0 {
        out.push('-');
    }
    let n = n.abs();
    if n < 9_007_199_254_740_992.0 && is_whole(n) {
        return push_u64(out, n as u64);
    }
    // The decimal exponent: 10^point > n >= 10^(point-1), from the binary one.
    let e2 = ((n.to_bits() >> 52) as i32) - 1023;
    let mut point = ((e2 * 78_913) >> 18) + 1;
    let (mut digits, mut top) = (0u64, 1u64);
    for precision in 1..=17 {
        // 10^precision: a number of `precision` digits is below it.
        top *= 10;
        // The estimate is off by one at most for normal numbers, by ~16 for subnormal ones.
        for _ in 0..32 {
            let m = (scale(n, precision - point) + 0.5) as u64;
            if m >= top {
                point += 1;
            } else if m < top / 10 {
                point -= 1;
            } else {
                digits = m;
                break;
            }
        }
        // Accept fewer digits only where the read-back is exact (one step of `scale`).
        let exact = (point - precision).abs() <= 22 && digits <= 1 << 53;
        if exact && scale(digits as f64, point - precision) == n {
            break;
        }
    }
    while digits % 10 == 0 && digits > 0 {
        digits /= 10;
    }
    // How many digits, and the place value of the first: read from `digits` one by one
    // below, with no text to allocate.
    let (mut len, mut place) = (1, 1u64);
    while digits / place >= 10 {
        place *= 10;
        len += 1;
    }
    // Plain from 1e-7 up to 1e21, as JavaScript writes; else one digit before the point
    // and an exponent. `dot` is how many digits come before the point.
    let plain = (-5..=21).contains(&point);
    let dot = if plain { point } else { 1 };
    if dot <= 0 {
        out.push_str("0.");
        for _ in dot..0 {
            out.push('0');
        }
    }
    for i in 0..len.max(dot) {
        if i == dot && i > 0 {
            out.push('.');
        }
        // Past the last digit `place` is 0, and the digit a padding 0.
        let d = digits.checked_div(place).map_or(0, |q| q % 10);
        place /= 10;
        out.push(char::from(b'0' + d as u8));
    }
    if !plain {
        out.push_str(if point > 0 { "e+" } else { "e-" });
        push_u64(out, u64::from((point - 1).unsigned_abs()));
    }
}

/// Appends `s` as a JSON string literal.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b != b'"' && b != b'\\' && b >= 0x20 {
            continue;
        }
        // Stopped on ASCII, so both ends are on character boundaries.
        out.push_str(s.get(start..i).unwrap_or(""));
        match escape_pair(b, 1, 5) {
            0 => push_hex(out, "\\u00", b),
            letter => {
                out.push('\\');
                out.push(char::from(letter));
            }
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// Appends `prefix` and `b` as two lower-case hex digits (`\u00` for JSON, `\x` for bash):
/// one copy of the code for both.
#[inline(never)]
pub(crate) fn push_hex(out: &mut String, prefix: &str, b: u8) {
    out.push_str(prefix);
    out.push(hex_digit(b >> 4));
    out.push(hex_digit(b));
}

/// The lower-case hex digit for the low four bits of `n`.
fn hex_digit(n: u8) -> char {
    char::from(
        b"0123456789abcdef"
            .get(usize::from(n & 15))
            .copied()
            .unwrap_or(b'0'),
    )
}

/// Appends `s` as a JSON string, or `null`.
pub(crate) fn push_opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => push_string(out, s),
        None => out.push_str("null"),
    }
}

/// Appends `ms` as a JSON number, or `null`.
pub(crate) fn push_opt_u64(out: &mut String, n: Option<u64>) {
    match n {
        Some(n) => push_u64(out, n),
        None => out.push_str("null"),
    }
}
