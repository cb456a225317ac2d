//! HTML error pages (nginx, ELB, Cloudflare 52x, IIS) and XML bodies (S3's `<Error>`,
//! `<ErrorResponse>`, SOAP faults). Markup is never returned: only text between tags, with
//! entities decoded and whitespace collapsed.

use super::{bounded, Acc, Envelope};
use alloc::string::String;

/// Characters kept of text taken from outside `<title>`/`<h1>`.
const PAGE_TEXT_CHARS: usize = 200;

/// True when the start of `text` is an HTML document rather than other XML.
pub(super) fn looks_like_html(text: &str) -> bool {
    let head = text.get(..1024).unwrap_or(text);
    ["<!doctype html", "<html", "<head", "<title", "<h1"]
        .iter()
        .any(|t| find_ci(head, t, 0).is_some())
}

/// An HTML error page: the message is the `<title>`, else the first `<h1>`, else the
/// start of the page's text.
pub(super) fn html(text: &str) -> Envelope {
    let mut acc = Acc::new("html");
    for tag in ["title", "h1"] {
        if let Some(inner) = element(text, tag) {
            acc.msg(&to_text(inner));
        }
    }
    if acc.is_empty() {
        acc.msg(&bounded(&to_text(text), PAGE_TEXT_CHARS));
    }
    // Cloudflare pages print "Cloudflare Ray ID: <strong>8a1b…</strong>".
    if let Some(at) = find_ci(text, "ray id:", 0) {
        let after = text.get(at + 7..).unwrap_or("");
        let after = after.get(..200).unwrap_or(after);
        let plain = to_text(after);
        if let Some(id) = plain.split_whitespace().next() {
            if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                acc.request_id(id);
            }
        }
    }
    acc.finish()
}

/// An XML body: AWS-style `<Error><Code/><Message/></Error>` and `<RequestId>`, SOAP
/// faults, else common message tags, else the document's text.
pub(super) fn xml(text: &str) -> Envelope {
    let mut acc = Acc::new("xml");
    let code = element(text, "Code");
    let message = element(text, "Message");
    if find_ci(text, "<error", 0).is_some() && (code.is_some() || message.is_some()) {
        acc.set_format("aws_xml");
    }
    for tag in [
        "Message",
        "faultstring",
        "message",
        "detail",
        "reason",
        "description",
        "title",
    ] {
        if let Some(inner) = element(text, tag) {
            acc.msg(&to_text(inner));
        }
    }
    for tag in ["Code", "faultcode", "code", "errorCode"] {
        if let Some(inner) = element(text, tag) {
            acc.code(&to_text(inner));
        }
    }
    for tag in ["RequestId", "RequestID", "requestId", "request-id"] {
        if let Some(inner) = element(text, tag) {
            acc.request_id(&to_text(inner));
        }
    }
    if acc.is_empty() {
        acc.msg(&bounded(&to_text(text), PAGE_TEXT_CHARS));
    }
    acc.finish()
}

/// The byte offset of ASCII `needle` in `hay` at or after `from`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    crate::text::find_from(hay, needle, from, true)
}

/// The inner markup of the first `<tag …>…</tag>` (case-sensitive for XML-like names is
/// not needed here: tag names are matched ignoring ASCII case).
fn element<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let mut open = String::from("<");
    open.push_str(tag);
    let mut from = 0;
    loop {
        let at = find_ci(text, &open, from)?;
        let after = at + open.len();
        let next = text.as_bytes().get(after).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
            let gt = text.get(after..)?.find('>')? + after;
            let mut close = String::from("</");
            close.push_str(tag);
            let end = find_ci(text, &close, gt + 1)?;
            return text.get(gt + 1..end);
        }
        from = after;
    }
}

/// Text content of markup: tags removed (with `<script>`/`<style>` bodies), CDATA kept,
/// entities decoded, whitespace collapsed.
fn to_text(markup: &str) -> String {
    let mut raw = String::new();
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        raw.push_str(rest.get(..lt).unwrap_or(""));
        raw.push(' ');
        let tail = rest.get(lt..).unwrap_or("");
        if let Some(cdata) = tail.strip_prefix("<![CDATA[") {
            let end = crate::text::find(cdata, "]]>").unwrap_or(cdata.len());
            raw.push_str(cdata.get(..end).unwrap_or(""));
            rest = cdata.get(end + 3..).unwrap_or("");
            continue;
        }
        let skip_to = ["script", "style"].iter().find_map(|t| {
            let mut open = String::from("<");
            open.push_str(t);
            (find_ci(tail, &open, 0) == Some(0)).then(|| {
                let mut close = String::from("</");
                close.push_str(t);
                find_ci(tail, &close, 0)
            })
        });
        let from = match skip_to {
            Some(Some(close_at)) => close_at,
            Some(None) => tail.len(),
            None => 0,
        };
        rest = match tail.get(from..).and_then(|t| t.find('>').map(|gt| (t, gt))) {
            Some((t, gt)) => t.get(gt + 1..).unwrap_or(""),
            None => "",
        };
    }
    raw.push_str(rest);
    collapse(&decode_entities(&raw))
}

/// Whitespace runs (including `&nbsp;`) as one space, trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::new();
    for word in s
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes the named entities error pages use and numeric references; others stay as is.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let semi = tail.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| {
            let name = tail.get(1..semi)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "copy" => '©',
                "mdash" => '—',
                "ndash" => '–',
                "hellip" => '…',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(n)
                        .filter(|c| *c != '\0')
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}
