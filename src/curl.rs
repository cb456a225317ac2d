//! A bash `curl` command that reproduces a request, for "get it working with curl first".
//!
//! Every argument is quoted for bash: plain text in single quotes (`'` as `'\''`), anything
//! with control characters, newlines or invalid UTF-8 in ANSI-C `$'…'` quoting with `\xHH`
//! escapes. A body containing NUL (which no shell argument can hold) is piped in with
//! `printf`. With `redact`, secrets become `***`: credential headers (keeping the scheme,
//! `Bearer ***`), cookies, secret-looking query parameters and URL passwords.

use crate::diagnose::{RequestParts, SECRET_PARAMS};
use crate::json::hex_digit;
use alloc::string::String;

/// Header names that are always secret.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];
/// Header names containing one of these are secret.
const SECRET_HEADER_PARTS: &[&str] = &[
    "api-key",
    "apikey",
    "api_key",
    "token",
    "secret",
    "password",
    "auth",
    "session",
    "signature",
];

/// The curl command for `req`; secrets are `***` unless `redact` is false.
pub fn to_curl(req: &RequestParts, redact: bool) -> String {
    let method = req.method.trim();
    let body = req.body.filter(|b| !b.is_empty());
    let mut out = String::new();
    if let Some(b) = body.filter(|b| b.contains(&0)) {
        out.push_str("printf -- ");
        push_printf_format(&mut out, b);
        out.push_str(" | ");
    }
    out.push_str("curl");
    if method.eq_ignore_ascii_case("HEAD") {
        out.push_str(" --head");
    } else {
        let implied = if body.is_some() { "POST" } else { "GET" };
        if method != implied && !method.is_empty() {
            out.push_str(" -X ");
            if method.bytes().all(|b| b.is_ascii_alphanumeric()) {
                out.push_str(method);
            } else {
                push_quoted(&mut out, method.as_bytes());
            }
        }
    }
    let url = if redact {
        redact_url(req.url)
    } else {
        String::from(req.url)
    };
    if url.contains(['[', ']', '{', '}']) {
        out.push_str(" --globoff");
    }
    out.push(' ');
    if url.starts_with('-') {
        out.push_str("--url ");
    }
    push_quoted(&mut out, url.as_bytes());
    let mut has_content_type = false;
    for (name, value) in req.headers {
        let name = name.trim();
        has_content_type |= name.eq_ignore_ascii_case("content-type");
        let value = if redact {
            redact_header(name, value)
        } else {
            String::from(*value)
        };
        let mut arg = String::from(name);
        // `Name:` would remove the header in curl; `Name;` sends it empty.
        if value.is_empty() {
            arg.push(';');
        } else {
            arg.push_str(": ");
            arg.push_str(&value);
        }
        out.push_str(" -H ");
        push_quoted(&mut out, arg.as_bytes());
    }
    if let Some(b) = body {
        if !has_content_type {
            // curl would add a form Content-Type the original request did not have;
            // `Name:` with no value removes a header curl adds.
            out.push_str(" -H 'Content-Type:'");
        }
        if b.contains(&0) {
            out.push_str(" --data-binary @-");
        } else {
            // `--data-binary @x` would read a file; `--data-raw` takes `@` literally.
            out.push_str(if b.starts_with(b"@") {
                " --data-raw "
            } else {
                " --data-binary "
            });
            push_quoted(&mut out, b);
        }
    }
    out
}

/// True for header names whose values are credentials.
fn is_secret_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_HEADERS.contains(&lower.as_str())
        || SECRET_HEADER_PARTS
            .iter()
            .any(|p| crate::text::find(&lower, p).is_some())
}

/// The scheme of a value shaped like a credential (`Bearer …`, `Basic …`), whatever the
/// header is called: a misspelled `Autorization` still carries a secret.
fn credential_scheme(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    let known = ["bearer", "basic", "token", "digest", "apikey"];
    (known.iter().any(|k| scheme.eq_ignore_ascii_case(k)) && !rest.trim().is_empty())
        .then_some(scheme)
}

fn redact_header(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let scheme = credential_scheme(value);
    if !is_secret_header(name) && scheme.is_none() {
        return String::from(value);
    }
    let mut out = String::new();
    let keeps_scheme =
        scheme.is_some() || lower == "authorization" || lower == "proxy-authorization";
    if let (true, Some((scheme, _))) = (keeps_scheme, value.trim().split_once(' ')) {
        out.push_str(scheme);
        out.push(' ');
    }
    out.push_str("***");
    out
}

/// The URL with `user:***@` and secret query values as `***`.
fn redact_url(url: &str) -> String {
    let mut out = String::new();
    let (scheme, rest) = match crate::text::split_once(url, "://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let mut rest = rest;
    if let Some(s) = scheme {
        out.push_str(s);
        out.push_str("://");
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..end).unwrap_or("");
        if let Some((userinfo, host)) = crate::text::split_last(authority, b'@') {
            match userinfo.split_once(':') {
                Some((user, _)) => {
                    out.push_str(user);
                    out.push_str(":***@");
                }
                // A lone user part is usually a token (https://TOKEN@host).
                None => out.push_str("***@"),
            }
            out.push_str(host);
        } else {
            out.push_str(authority);
        }
        rest = rest.get(end..).unwrap_or("");
    }
    let (before_hash, hash) = match rest.find('#') {
        Some(h) => (rest.get(..h).unwrap_or(""), rest.get(h..).unwrap_or("")),
        None => (rest, ""),
    };
    match before_hash.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            for (i, pair) in query.split('&').enumerate() {
                if i > 0 {
                    out.push('&');
                }
                match pair.split_once('=') {
                    Some((name, _)) if is_secret_param(name) => {
                        out.push_str(name);
                        out.push_str("=***");
                    }
                    _ => out.push_str(pair),
                }
            }
        }
        None => out.push_str(before_hash),
    }
    out.push_str(hash);
    out
}

fn is_secret_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_PARAMS.contains(&lower.as_str())
        || ["token", "secret", "password", "signature"]
            .iter()
            .any(|p| crate::text::find(&lower, p).is_some())
}

/// Appends `bytes` quoted for bash. NUL bytes cannot be in an argument and are dropped.
pub(crate) fn push_quoted(out: &mut String, bytes: &[u8]) {
    match core::str::from_utf8(bytes) {
        Ok(s) if !s.chars().any(char::is_control) => {
            out.push('\'');
            out.push_str(&s.replace('\'', "'\\''"));
            out.push('\'');
        }
        _ => {
            out.push_str("$'");
            push_ansi_c(out, bytes);
            out.push('\'');
        }
    }
}

/// The inside of `$'…'`: printable ASCII and valid UTF-8 as is, the rest as `\xHH`.
fn push_ansi_c(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\0' => {}
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                c if c.is_control() => push_utf8_hex(out, c),
                c => out.push(c),
            }
        }
        for &b in chunk.invalid() {
            push_hex(out, b);
        }
    }
}

fn push_utf8_hex(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        push_hex(out, b);
    }
}

fn push_hex(out: &mut String, b: u8) {
    out.push_str("\\x");
    out.push(hex_digit(b >> 4));
    out.push(hex_digit(b));
}

/// A `printf` format in single quotes that prints exactly `bytes` (NUL included).
fn push_printf_format(out: &mut String, bytes: &[u8]) {
    out.push('\'');
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("'\\''"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => push_hex(out, b),
        }
    }
    out.push('\'');
}
