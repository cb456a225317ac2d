//! Error-body parsing: one [`Envelope`] shape for whatever an API sent back.
//!
//! Families are told apart by the SHAPE of the body, never by being told the vendor (see
//! [`families`] for the rules). Bodies that are not JSON fall back to [`markup`] (HTML error
//! pages, XML such as S3's `<Error>`), plain text, or [`recover`] for truncated JSON.
//!
//! Work is bounded for hostile input: only the first [`MAX_BODY_BYTES`] are read, JSON
//! nested deeper than [`MAX_DEPTH`] is not parsed, and at most [`MAX_MESSAGES`] messages and
//! field errors of at most [`MAX_MESSAGE_CHARS`] characters each are kept.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{push_opt_string, push_opt_u64, push_string, Value};
use crate::text::contains_ignore_case;

mod families;
mod markup;
mod recover;

/// Only this prefix of a body is read: error bodies that matter are small, and a cap keeps
/// the work bounded for a hostile or runaway body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// JSON nested deeper than this is not parsed (it is scanned as invalid JSON instead).
pub const MAX_DEPTH: usize = crate::json::MAX_DEPTH;
/// At most this many messages, and this many field errors in all, are kept.
pub const MAX_MESSAGES: usize = 100;
/// Each message is cut to this many characters (on a character boundary, with `…`).
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// An error body reduced to the contract's shape (`api.md` §2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Envelope {
    /// Which family was recognised: `simple`, `problem+json`, `google`, … `html`, `xml`,
    /// `text`, `empty`, `invalid_json`, or `json` for JSON of no known family.
    pub format: &'static str,
    /// The one most specific human-readable message, for a UI.
    pub message: Option<String>,
    /// Every message found, most specific first, without duplicates.
    pub messages: Vec<String>,
    /// Field errors in order of discovery; nested fields joined with dots; one entry a field.
    pub field_errors: Vec<(String, Vec<String>)>,
    /// A machine-readable error code.
    pub code: Option<String>,
    /// A request or trace id carried in the body.
    pub request_id: Option<String>,
    /// A documentation link carried in the body.
    pub docs_url: Option<String>,
    /// A retry delay carried in the body itself (e.g. Google's `RetryInfo`).
    pub retry_after_ms: Option<u64>,
}

/// Parses an error body given as bytes (any bytes: invalid UTF-8 is replaced, not refused).
/// `content_type` is a hint; the body's shape decides the family (`_status` is not needed
/// for that).
pub fn parse_error(body: &[u8], _status: Option<u16>, content_type: Option<&str>) -> Envelope {
    envelope(body, content_type, None)
}

/// The envelope of `body`, or of the JSON `value` when given. One accumulator for every
/// path: its setup and `finish` are written out once.
fn envelope(body: &[u8], content_type: Option<&str>, value: Option<&Value>) -> Envelope {
    let mut acc = Acc::new(Format::Empty);
    match value {
        // `read` names the family at once.
        Some(v) => families::read(v, &mut acc),
        None => read_body(&mut acc, body, content_type),
    }
    acc.finish()
}

/// Fills `acc` from `body` by the family the body's shape tells.
fn read_body(acc: &mut Acc, body: &[u8], content_type: Option<&str>) {
    let cut = body.len() > MAX_BODY_BYTES;
    let body = body.get(..MAX_BODY_BYTES).unwrap_or(body);
    let body = match body.get(..3) {
        Some(b"\xEF\xBB\xBF") => body.get(3..).unwrap_or(body),
        _ => body,
    };
    let text = lossy(body);
    let text = trim(&text);
    if text.is_empty() {
        return;
    }
    let ct = content_type.unwrap_or("");
    let first = text.as_bytes().first().copied();
    let starts_json = matches!(first, Some(b'{' | b'['));
    let starts_markup = first == Some(b'<');
    if starts_json || contains_ignore_case(ct, "json") {
        // A cut body is not whole JSON: it goes to recovery without a parse.
        if let Some(value) = if cut { None } else { crate::json::parse(text) } {
            return families::read(&value, acc);
        }
        if starts_json || !starts_markup {
            return recover::invalid_json(text, acc);
        }
    }
    if starts_markup {
        return markup::markup(
            text,
            contains_ignore_case(ct, "html") || markup::looks_like_html(text),
            acc,
        );
    }
    acc.set_format(Format::Text);
    acc.primary(text);
}

/// `bytes` as text, each invalid sequence replaced by U+FFFD (as `String::from_utf8_lossy`
/// does, without its iterator).
fn lossy(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    loop {
        match core::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (valid, bad) = rest
                    .split_at_checked(e.valid_up_to())
                    .unwrap_or((b"", rest));
                out.push_str(core::str::from_utf8(valid).unwrap_or(""));
                out.push(char::REPLACEMENT_CHARACTER);
                rest = bad.get(e.error_len().unwrap_or(bad.len())..).unwrap_or(b"");
            }
        }
    }
}

/// `s` without surrounding whitespace and NUL characters.
fn trim(s: &str) -> &str {
    let mut s = s.trim();
    while let Some(t) = s.strip_prefix("\0").or_else(|| s.strip_suffix("\0")) {
        s = t.trim();
    }
    s
}

/// Parses a body the caller already parsed as JSON. Walks at most [`MAX_DEPTH`] levels.
pub fn parse_error_value(body: &Value, _status: Option<u16>) -> Envelope {
    envelope(b"", None, Some(body))
}

impl Envelope {
    /// The contract's JSON shape: camelCase keys, `null` where absent, `fieldErrors` an
    /// object (`{}` when none).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"format\":");
        push_string(&mut out, self.format);
        push_member(&mut out, ",\"message\":", &self.message);
        out.push_str(",\"messages\":");
        push_str_array(&mut out, &self.messages);
        out.push_str(",\"fieldErrors\":{");
        for (i, (field, msgs)) in self.field_errors.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, field);
            out.push(':');
            push_str_array(&mut out, msgs);
        }
        push_member(&mut out, "},\"code\":", &self.code);
        push_member(&mut out, ",\"requestId\":", &self.request_id);
        push_member(&mut out, ",\"docsUrl\":", &self.docs_url);
        out.push_str(",\"retryAfterMs\":");
        push_opt_u64(&mut out, self.retry_after_ms);
        out.push('}');
        out
    }
}

/// `key` (with its punctuation) and the string or `null` of `s`.
fn push_member(out: &mut String, key: &str, s: &Option<String>) {
    out.push_str(key);
    push_opt_string(out, s.as_deref());
}

fn push_str_array(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, s);
    }
    out.push(']');
}

/// What a scanner looks for: each accumulator method with the names whose values feed it.
/// Names are `|`-separated (walked with `text::piece`: smaller than arrays of pointers).
type Harvest = &'static [(fn(&mut Acc, &str), &'static str)];

/// Feeds `acc` the value `find` reads for each name of `table`, in order.
fn harvest(acc: &mut Acc, text: &str, table: Harvest, find: fn(&str, &str) -> Option<String>) {
    for (op, names) in table {
        let mut at = 0;
        while let Some((name, next)) = crate::text::piece(names, "|", at) {
            at = next;
            if let Some(v) = find(text, name) {
                op(acc, &v);
            }
        }
    }
}

/// The offset just past the first `name` in `text` that comes right after `before` and is
/// followed by a byte of `after` (anything, when `after` is empty), else `usize::MAX` (a
/// plain value, not an `Option` through memory). `ignore_case` folds ASCII case in `name`.
fn find_named(text: &str, before: &[u8], name: &str, after: &[u8], ignore_case: bool) -> usize {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let Some(at) = crate::text::find_from(text, name, from, ignore_case) else {
            return usize::MAX;
        };
        from = at + name.len();
        let before_ok = at
            .checked_sub(before.len())
            .and_then(|b| bytes.get(b..at))
            .is_some_and(|b| b == before);
        let after_ok = after.is_empty()
            || bytes
                .get(from)
                .is_some_and(|b| crate::text::has_byte(after, *b));
        if before_ok && after_ok {
            return from;
        }
    }
}

/// `s` cut to `max` characters on a character boundary, with `…` when cut.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    // Counts character starts (bytes that are not UTF-8 continuations): no char decoding.
    let bytes = s.as_bytes();
    let mut chars = 0;
    let mut at = 0;
    while let Some(b) = bytes.get(at) {
        if b & 0xC0 != 0x80 {
            if chars == max {
                let mut out = String::from(s.get(..at).unwrap_or(""));
                out.push('…');
                return out;
            }
            chars += 1;
        }
        at += 1;
    }
    String::from(s)
}

/// What a body was recognised as (the JSON families first), in the order of
/// [`FORMAT_NAMES`]: an accumulator carries one byte, named once in [`Acc::finish`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Kubernetes,
    Slack,
    Cloudflare,
    Aws,
    Elasticsearch,
    Stripe,
    Openai,
    Google,
    Odata,
    Jira,
    Problem,
    Aspnet,
    Spring,
    Github,
    Twilio,
    Discord,
    Laravel,
    Graphql,
    Jsonapi,
    Fastapi,
    Jumpcloud,
    Simple,
    Shopify,
    Empty,
    Text,
    InvalidJson,
    Xml,
    Html,
    AwsXml,
}

/// Each [`Format`]'s name, `|`-separated in declaration order.
const FORMAT_NAMES: &str = "json|kubernetes|slack|cloudflare|aws|elasticsearch|stripe|openai|\
google|odata|jira|problem+json|aspnet|spring|github|twilio|discord|laravel|graphql|jsonapi|\
fastapi|jumpcloud|simple|shopify|empty|text|invalid_json|xml|html|aws_xml";

impl Format {
    /// The name [`Envelope::format`] carries.
    fn name(self) -> &'static str {
        crate::text::nth(FORMAT_NAMES, self as usize)
    }
}

/// Builds an [`Envelope`] while enforcing the caps, de-duplication and the choice of
/// `message`.
pub(crate) struct Acc {
    env: Envelope,
    /// `env.format`, named in `finish`.
    format: Format,
    /// Whether `messages[0]` is the family's preferred message (else `env.message` holds
    /// the first plain one until `finish`).
    primary: bool,
    field_count: usize,
    /// How deep `families` is in a chain of nested errors.
    pub(crate) chain: u8,
}

impl Acc {
    pub(crate) fn new(format: Format) -> Self {
        Acc {
            env: Envelope::default(),
            format,
            primary: false,
            field_count: 0,
            chain: 0,
        }
    }

    pub(crate) fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    pub(crate) fn format(&self) -> Format {
        self.format
    }

    fn push_message(&mut self, m: &str) {
        if self.env.messages.len() < MAX_MESSAGES && index_of(&self.env.messages, m).is_none() {
            self.env.messages.push(String::from(m));
        }
    }

    /// A message; the first one given becomes `message` unless a primary one exists.
    pub(crate) fn msg(&mut self, s: &str) {
        let m = clean(s, MAX_MESSAGE_CHARS);
        if !m.is_empty() {
            self.push_message(&m);
            if self.env.message.is_none() {
                self.env.message = Some(m);
            }
        }
    }

    /// The family's preferred message: the first call wins, and it leads `messages`.
    pub(crate) fn primary(&mut self, s: &str) {
        let m = clean(s, MAX_MESSAGE_CHARS);
        if !m.is_empty() {
            if !self.primary {
                self.primary = true;
                // `m` goes first and each message moves one place down, up to the old copy
                // of `m` (there is at most one: `messages` holds no duplicates), which is
                // dropped; without one, the last message drops off once the list is full.
                let list = &mut self.env.messages;
                let mut carry = m;
                let mut i = 0;
                while let Some(slot) = list.get_mut(i) {
                    carry = core::mem::replace(slot, carry);
                    if matches!(list.first(), Some(first) if *first == carry) {
                        return;
                    }
                    i += 1;
                }
                if list.len() < MAX_MESSAGES {
                    list.push(carry);
                }
            } else {
                self.push_message(&m);
            }
        }
    }

    /// True while no message at all has been found.
    pub(crate) fn is_empty(&self) -> bool {
        self.env.messages.is_empty()
    }

    pub(crate) fn has_primary(&self) -> bool {
        self.primary
    }

    /// A message about one field; fields with the same name are merged.
    pub(crate) fn field(&mut self, name: &str, s: &str) {
        let m = clean(s, MAX_MESSAGE_CHARS);
        if m.is_empty() {
            return;
        }
        let name = clean(name, MAX_MESSAGE_CHARS);
        if name.is_empty() {
            return self.msg(&m);
        }
        if self.field_count >= MAX_MESSAGES {
            return;
        }
        self.field_count += 1;
        self.push_message(&m);
        let errors = &mut self.env.field_errors;
        let mut i = 0;
        while let Some((f, list)) = errors.get_mut(i) {
            if *f == name {
                if index_of(list, &m).is_none() {
                    list.push(m);
                }
                return;
            }
            i += 1;
        }
        errors.push((name, alloc::vec![m]));
    }

    pub(crate) fn code(&mut self, s: &str) {
        set_once(&mut self.env.code, s, 200);
    }

    pub(crate) fn has_code(&self) -> bool {
        self.env.code.is_some()
    }

    pub(crate) fn request_id(&mut self, s: &str) {
        set_once(&mut self.env.request_id, s, 200);
    }

    pub(crate) fn docs_url(&mut self, s: &str) {
        set_once(&mut self.env.docs_url, s, MAX_MESSAGE_CHARS);
    }

    /// A delay, unless one is set or `ms` is `families::NO_MS` (none).
    pub(crate) fn retry_after_ms(&mut self, ms: u64) {
        if self.env.retry_after_ms.is_none() && ms != families::NO_MS {
            self.env.retry_after_ms = Some(ms.min(MAX_DELAY_MS));
        }
    }

    #[inline(never)]
    pub(crate) fn finish(mut self) -> Envelope {
        self.env.format = self.format.name();
        let env = &mut self.env;
        if let (true, Some(m)) = (self.primary, env.messages.first()) {
            env.message = Some(m.clone());
        }
        if env.message.is_none() {
            if let Some((field, msgs)) = env.field_errors.first() {
                let mut m = field.clone();
                m.push_str(": ");
                m.push_str(msgs.first().map_or("", |s| s));
                env.message = Some(m);
            }
        }
        self.env
    }
}

/// Where `m` is in `list`: a plain loop, smaller in wasm than `position` or `contains`.
fn index_of(list: &[String], m: &str) -> Option<usize> {
    let mut i = 0;
    while let Some(x) = list.get(i) {
        if x == m {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Fills `slot` with `s` trimmed and cut to `max` characters, unless it is filled or `s`
/// is blank.
fn set_once(slot: &mut Option<String>, s: &str, max: usize) {
    if slot.is_none() {
        let v = clean(s, max);
        if !v.is_empty() {
            *slot = Some(v);
        }
    }
}

/// `s` trimmed and cut to `max` characters: empty when `s` is blank (a plain `String`
/// with a sentinel, not an `Option` through memory).
fn clean(s: &str, max: usize) -> String {
    bounded(s.trim(), max)
}

/// The longest delay a timer in a browser honours; body delays are clamped to it.
const MAX_DELAY_MS: u64 = 2_147_483_647;
