//! A bash `curl` command that reproduces a request, for "get it working with curl first".
//!
//! Every argument is quoted for bash: plain text in single quotes (`'` as `'\''`), anything
//! with control characters, newlines or invalid UTF-8 in ANSI-C `$'…'` quoting with `\xHH`
//! escapes. A body containing NUL (which no shell argument can hold) is piped in with
//! `printf`. With `redact`, secrets become `***`: credential headers (keeping the scheme,
//! `Bearer ***`), cookies, secret-looking query parameters and URL passwords.

use crate::diagnose::{is_printable, RequestParts, SECRET_PARAMS};
use crate::json::push_hex;
use crate::method::{is_token, TOKEN_PUNCTUATION};
use crate::text::{before_any, contains_one_of, has_byte, is_one_of, piece, span, split_once};
use alloc::string::String;

/// Header names that are always secret (besides the `Authorization` ones, which contain
/// `auth`).
const SECRET_HEADERS: &str = "cookie|set-cookie";
/// Header names containing one of these are secret.
const SECRET_HEADER_PARTS: &str =
    "api-key|apikey|api_key|token|secret|password|auth|session|signature";
/// Query parameter names containing one of these are secret, besides [`SECRET_PARAMS`].
const SECRET_PARAM_PARTS: &str = "token|secret|password|signature";
/// Schemes of a value shaped like a credential (`Bearer …`), whatever the header is called:
/// a misspelled `Autorization` still carries a secret.
const CREDENTIAL_SCHEMES: &str = "bearer|basic|token|digest|apikey";
/// Headers whose redacted value keeps its scheme even when it is not a known one.
const SCHEMED_HEADERS: &str = "authorization|proxy-authorization";

/// The curl command for `req`; secrets are `***` unless `redact` is false.
pub fn to_curl(req: &RequestParts, redact: bool) -> String {
    let method = req.method.trim_ascii();
    let body = req.body.filter(|b| !b.is_empty());
    let piped = body.filter(|b| has_byte(b, 0));
    let mut out = String::new();
    if let Some(b) = piped {
        out.push_str("printf -- '");
        push_escaped(&mut out, b, Quoting::Printf);
        out.push_str("' | ");
    }
    out.push_str("curl");
    if method.eq_ignore_ascii_case("HEAD") {
        out.push_str(" --head");
    } else if !method.is_empty() && method != if body.is_some() { "POST" } else { "GET" } {
        out.push_str(" -X ");
        // Letters and digits stay bare (`-X DELETE`): a token without its punctuation.
        if is_token(method) && span(method.as_bytes(), TOKEN_PUNCTUATION.as_bytes()) == method.len()
        {
            out.push_str(method);
        } else {
            push_quoted(&mut out, method.as_bytes());
        }
    }
    let url = &url_arg(req.url, redact);
    if span(url.as_bytes(), b"[]{}") < url.len() {
        out.push_str(" --globoff");
    }
    out.push_str(if url.starts_with("-") { " --url " } else { " " });
    push_quoted(&mut out, url.as_bytes());
    let mut has_content_type = false;
    for (name, value) in req.headers {
        let name = name.trim_ascii();
        has_content_type |= name.eq_ignore_ascii_case("content-type");
        out.push_str(" -H ");
        push_quoted(&mut out, header_arg(name, value, redact).as_bytes());
    }
    if let Some(b) = body {
        if !has_content_type {
            // curl would add a form Content-Type the original request did not have;
            // `Name:` with no value removes a header curl adds.
            out.push_str(" -H 'Content-Type:'");
        }
        if piped.is_some() {
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

/// `Name: value` for `-H`, the value redacted when it is a secret.
fn header_arg(name: &str, value: &str, redact: bool) -> String {
    let mut arg = String::from(name);
    let split = split_once(value.trim_ascii(), " ");
    let credential = split.is_some_and(|(scheme, rest)| {
        is_one_of(scheme, CREDENTIAL_SCHEMES) && !rest.trim_ascii().is_empty()
    });
    if redact && (credential || is_secret(name, SECRET_HEADERS, SECRET_HEADER_PARTS)) {
        arg.push_str(": ");
        if let Some((scheme, _)) = split.filter(|_| credential || is_one_of(name, SCHEMED_HEADERS))
        {
            arg.push_str(scheme);
            arg.push(' ');
        }
        arg.push_str("***");
    } else if value.is_empty() {
        // `Name:` would remove the header in curl; `Name;` sends it empty.
        arg.push(';');
    } else {
        arg.push_str(": ");
        arg.push_str(value);
    }
    arg
}

/// True when `name` is one of the `|`-separated `names` or contains one of the `parts`:
/// a secret header ([`SECRET_HEADERS`], [`SECRET_HEADER_PARTS`]) or query parameter
/// ([`SECRET_PARAMS`], [`SECRET_PARAM_PARTS`]).
fn is_secret(name: &str, names: &str, parts: &str) -> bool {
    is_one_of(name, names) || contains_one_of(name, parts)
}

/// The URL, with `user:***@` and secret query values as `***` when `redact`: the text as
/// it is but for those spans.
fn url_arg(url: &str, redact: bool) -> String {
    let mut out = String::new();
    // How much of `url` is in `out`.
    let mut copied = 0;
    if redact {
        // Where the text after the authority starts.
        let mut rest_at = 0;
        if let Some(scheme) = crate::text::find(url, "://") {
            let start = scheme + 3;
            let authority = before_any(url.get(start..).unwrap_or(""), b"/?#");
            rest_at = start + authority.len();
            if let Some((userinfo, _)) = crate::text::split_last(authority, b'@') {
                // A lone user part is usually a token (https://TOKEN@host).
                let user = split_once(userinfo, ":").map_or(0, |(user, _)| user.len() + 1);
                hide(
                    &mut out,
                    url,
                    &mut copied,
                    start + user,
                    start + userinfo.len(),
                );
            }
        }
        let before_hash = before_any(url.get(rest_at..).unwrap_or(""), b"#");
        let q = before_any(before_hash, b"?").len() + 1;
        if let Some(query) = before_hash.get(q..) {
            let query_at = rest_at + q;
            let mut at = 0;
            while let Some((pair, next)) = piece(query, "&", at) {
                if let Some((name, _)) = split_once(pair, "=")
                    .filter(|(n, _)| is_secret(n, SECRET_PARAMS, SECRET_PARAM_PARTS))
                {
                    let pair_at = query_at + at;
                    hide(
                        &mut out,
                        url,
                        &mut copied,
                        pair_at + name.len() + 1,
                        pair_at + pair.len(),
                    );
                }
                at = next;
            }
        }
    }
    out.push_str(url.get(copied..).unwrap_or(""));
    out
}

/// Copies `url` up to `from` and `***` in place of the text up to `to`.
#[inline(always)]
fn hide(out: &mut String, url: &str, copied: &mut usize, from: usize, to: usize) {
    out.push_str(url.get(*copied..from).unwrap_or(""));
    out.push_str("***");
    *copied = to;
}

/// The three ways an argument is written; they differ only in [`Quoting::escape`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Inside `'…'`: valid UTF-8 without control characters.
    Single,
    /// Inside `$'…'`: anything; NUL, which no argument can hold, is dropped.
    AnsiC,
    /// A `printf` format inside `'…'`: anything, NUL included; only printable ASCII as is.
    Printf,
}

impl Quoting {
    /// The replacement for a byte that is special in this quoting.
    fn escape(self, b: u8) -> Option<&'static str> {
        match (b, self) {
            (b'\'', Quoting::AnsiC) => Some("\\'"),
            (b'\'', _) => Some("'\\''"),
            (b'\\', Quoting::AnsiC | Quoting::Printf) => Some("\\\\"),
            (b'%', Quoting::Printf) => Some("%%"),
            (0, Quoting::AnsiC) => Some(""),
            _ => None,
        }
    }
}

/// Appends `bytes` quoted for bash: in `'…'` when that can hold them, else in `$'…'`.
pub(crate) fn push_quoted(out: &mut String, bytes: &[u8]) {
    let single = is_printable(bytes);
    out.push_str(if single { "'" } else { "$'" });
    push_escaped(
        out,
        bytes,
        if single {
            Quoting::Single
        } else {
            Quoting::AnsiC
        },
    );
    out.push('\'');
}

/// The inside of a quoted argument: special bytes escaped, printable ASCII and (except in
/// a `printf` format) printable UTF-8 characters as is, any other byte as `\xHH`.
fn push_escaped(out: &mut String, bytes: &[u8], quoting: Quoting) {
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let mut len = 1;
        if let Some(escaped) = quoting.escape(b) {
            out.push_str(escaped);
        } else if (b' '..=b'~').contains(&b) {
            out.push(char::from(b));
        } else if let Some(c) = printable_char(rest).filter(|_| quoting != Quoting::Printf) {
            out.push_str(c);
            len = c.len();
        } else {
            push_hex(out, "\\x", b);
        }
        at += len;
    }
}

/// The non-ASCII character `bytes` start with, unless it is invalid UTF-8 or a control.
fn printable_char(bytes: &[u8]) -> Option<&str> {
    let len = match bytes.first()? {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let c = bytes.get(..len)?;
    is_printable(c).then(|| core::str::from_utf8(c).ok())?
}
