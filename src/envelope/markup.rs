//! HTML error pages (nginx, ELB, Cloudflare 52x, IIS) and XML bodies (S3's `<Error>`,
//! `<ErrorResponse>`, SOAP faults). Markup is never returned: only text between tags, with
//! entities decoded and whitespace collapsed.

use super::{bounded, find_named, harvest, Acc, Format, Harvest};
use crate::text::{before_any, exact_index, find_from, span};
use alloc::string::String;

/// Characters kept of text taken from outside the known elements.
const PAGE_TEXT_CHARS: usize = 200;

/// HTML: the `<title>`, else the first `<h1>`.
const HTML: Harvest = &[(Acc::msg, "title|h1")];
/// XML: AWS-style `<Error><Code/><Message/></Error>` and `<RequestId>`, SOAP faults, common
/// message tags. Tag names match ignoring ASCII case, so `Message` also finds `<message>`.
const XML: Harvest = &[
    (
        Acc::msg,
        "Message|faultstring|detail|reason|description|title",
    ),
    (Acc::code, "Code|faultcode|errorCode"),
    (Acc::request_id, "RequestId|request-id"),
];

/// True when the start of `text` is an HTML document rather than other XML.
pub(super) fn looks_like_html(text: &str) -> bool {
    let head = text.get(..1024).unwrap_or(text);
    crate::text::contains_one_of(head, "<!doctype html|<html|<head|<title|<h1")
}

/// An HTML page (`html`) or another XML document: the known elements' text, else the
/// start of the document's text.
pub(super) fn markup(text: &str, html: bool, acc: &mut Acc) {
    acc.set_format(Format::Xml);
    if html {
        acc.set_format(Format::Html);
        harvest(acc, text, HTML, element_text);
        // Cloudflare pages print "Cloudflare Ray ID: <strong>8a1b…</strong>".
        if let Some(at) = find_from(text, "ray id:", 0, true) {
            let after = text.get(at + 7..).unwrap_or("");
            let plain = to_text(after.get(..200).unwrap_or(after));
            let id = before_any(&plain, b" ");
            if is_token(id) {
                acc.request_id(id);
            }
        }
    } else {
        let aws = find_from(text, "<error", 0, true).is_some()
            && (element(text, "Code").is_some() || element(text, "Message").is_some());
        if aws {
            acc.set_format(Format::AwsXml);
        }
        harvest(acc, text, XML, element_text);
    }
    if acc.is_empty() {
        acc.msg(&bounded(&to_text(text), PAGE_TEXT_CHARS));
    }
}

/// True when `s` has only ASCII letters, digits and `-`.
fn is_token(s: &str) -> bool {
    let mut i = 0;
    while let Some(b) = s.as_bytes().get(i) {
        if !(b.is_ascii_alphanumeric() || *b == b'-') {
            return false;
        }
        i += 1;
    }
    true
}

/// The text of the first `<tag …>…</tag>`.
fn element_text(text: &str, tag: &str) -> Option<String> {
    element(text, tag).map(to_text)
}

/// The inner markup of the first `<tag …>…</tag>`, tag names matched ignoring ASCII case.
fn element<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let end = find_named(text, b"<", tag, b"> \t\r\n/", true);
    if end == usize::MAX {
        return None;
    }
    // Without a `>`, `gt` is the end and the slice below misses.
    let gt = end + span(text.get(end..)?.as_bytes(), b">");
    let close = find_named(text.get(gt + 1..)?, b"</", tag, b"", true);
    if close == usize::MAX {
        return None;
    }
    text.get(gt + 1..gt + 1 + close - tag.len() - 2)
}

/// Text content of markup: tags removed (with `<script>`/`<style>` bodies), CDATA kept,
/// entities decoded, whitespace collapsed. Each tag counts as a space.
fn to_text(markup: &str) -> String {
    let mut out = Text::default();
    let mut rest = markup;
    loop {
        let lt = span(rest.as_bytes(), b"<");
        out.push_decoded(rest.get(..lt).unwrap_or(""));
        if lt == rest.len() {
            return out.0;
        }
        out.push(' ');
        let tail = rest.get(lt..).unwrap_or("");
        if let Some(cdata) = tail.strip_prefix("<![CDATA[") {
            let end = crate::text::find(cdata, "]]>").unwrap_or(cdata.len());
            out.push_decoded(cdata.get(..end).unwrap_or(""));
            rest = cdata.get(end + 3..).unwrap_or("");
            continue;
        }
        // A script or style body is skipped up to its closing tag (to the end if none).
        let mut from = 0;
        let mut at = 0;
        while let Some((t, next)) = crate::text::piece("script|style", "|", at) {
            at = next;
            let name = tail.as_bytes().get(1..=t.len());
            if name.is_some_and(|n| n.eq_ignore_ascii_case(t.as_bytes())) {
                from = find_named(tail, b"</", t, b"", true).min(tail.len());
            }
        }
        let tail = tail.get(from..).unwrap_or("");
        // Without a `>`, the rest is empty.
        rest = tail.get(span(tail.as_bytes(), b">") + 1..).unwrap_or("");
    }
}

/// Text being collected: whitespace runs become one space, none at either end.
#[derive(Default)]
struct Text(String, bool);

impl Text {
    #[inline(always)]
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.1 = !self.0.is_empty();
            return;
        }
        if self.1 {
            self.0.push(' ');
            self.1 = false;
        }
        self.0.push(c);
    }

    /// `s` with the named entities error pages use and numeric references decoded; an
    /// unknown entity stays as it is.
    fn push_decoded(&mut self, s: &str) {
        let mut chars = s.chars();
        while let Some(mut c) = chars.next() {
            if c == '&' {
                if let Some((e, after)) = entity_at(chars.as_str()) {
                    c = e;
                    chars = after.chars();
                }
            }
            self.push(c);
        }
    }
}

/// The entity that `tail` (the text after a `&`) starts with, and the text after its `;`.
#[inline(always)]
fn entity_at(tail: &str) -> Option<(char, &str)> {
    let head = tail.as_bytes().get(..11).unwrap_or(tail.as_bytes());
    let semi = span(head, b";");
    if semi == head.len() {
        return None;
    }
    Some((entity(tail.get(..semi)?)?, tail.get(semi + 1..)?))
}

/// Named entities, `|`-separated, and the characters they stand for, in the same order.
const ENTITY_NAMES: &str = "amp|lt|gt|quot|apos|nbsp|copy|mdash|ndash|hellip";
const ENTITY_CHARS: [char; 10] = ['&', '<', '>', '"', '\'', ' ', '©', '—', '–', '…'];

/// The character an entity name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    if let Some(i) = exact_index(name, ENTITY_NAMES) {
        return ENTITY_CHARS.get(i).copied();
    }
    let num = name.strip_prefix("#")?;
    let (digits, radix) = match num.as_bytes().first() {
        Some(b'x' | b'X') => (num.get(1..).unwrap_or(""), 16),
        _ => (num, 10),
    };
    if digits.is_empty() {
        return None;
    }
    // At most 9 digits fit before the `;`, so the number cannot overflow.
    let mut n: u32 = 0;
    for b in digits.bytes() {
        n = n.wrapping_mul(radix) + char::from(b).to_digit(radix)?;
    }
    let c = char::from_u32(n).filter(|c| *c != '\0');
    Some(c.unwrap_or(char::REPLACEMENT_CHARACTER))
}
