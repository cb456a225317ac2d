//! The request doctor: findings about a request that would explain a failure, each with
//! how to fix it. Only facts visible in the request itself; a clean request gives none.
//!
//! Each finding is a row of [`FINDINGS`] (code, severity, message); the checks only say
//! which row applies and what fills its blanks, so the wasm holds one copy of the
//! message-building code, not one per finding.

use crate::json::push_string;
use crate::method::is_token;
use crate::text::{before_any, has_byte, is_one_of, nth, piece, split_once};
use alloc::string::String;
use alloc::vec::Vec;

/// A request as the doctor and [`crate::curl::to_curl`] see it.
#[derive(Clone, Copy, Debug)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a [u8]>,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The request is wrong and will fail or leak.
    Error,
    /// The request is likely wrong.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The contract's name.
    #[inline(always)]
    pub fn as_str(self) -> &'static str {
        nth("error|warning|info", self as usize)
    }
}

/// One problem found in a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable snake_case name, e.g. `misspelled_auth_header`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The header concerned, as the request spelled it.
    pub header: Option<String>,
}

impl Finding {
    /// `{"code","severity","message","header"}`, `header` null when absent.
    pub fn to_json(&self) -> String {
        // The code and the severity are plain snake_case: nothing to escape.
        let mut out = String::from("{\"code\":\"");
        out.push_str(self.code);
        out.push_str("\",\"severity\":\"");
        out.push_str(self.severity.as_str());
        out.push_str("\",\"message\":");
        push_string(&mut out, &self.message);
        out.push_str(",\"header\":");
        crate::json::push_opt_string(&mut out, self.header.as_deref());
        out.push('}');
        out
    }
}

/// Which finding: its row in [`FINDINGS`]. Errors first, then warnings, then infos: the
/// order gives the severity.
#[derive(Clone, Copy)]
enum Kind {
    InvalidMethod,
    InvalidJsonBody,
    MissingAuthorization,
    InvalidHeaderName,
    InvalidHeaderValue,
    MisspelledAuthHeader,
    EmptyCredentials,
    PlaceholderCredentials,
    BasicWithBearerToken,
    BasicNotUserPass,
    CredentialsInUrl,
    DashUnderscoreTwins,
    BodyOnGet,
    MissingContentType,
    UnderscoreInHeaderName,
    BearerWithBasicCredentials,
    SecretInQuery,
    MissingAuthScheme,
}

use Kind::*;
/// Each [`Kind`] in its order, `|`-separated: its code and its
/// message, in which `$` stands for the next argument of [`add`]. One string rather than a
/// table of string pointers: smaller, and it compresses better.
const FINDINGS: &str = "\
invalid_method Method \"$\" is not a valid HTTP token; use e.g. GET or POST.|\
invalid_json_body The JSON body is invalid at byte $; serialise it with JSON.stringify, or fix the Content-Type.|\
missing_authorization This API needs an Authorization header, e.g. \"Bearer <token>\".|\
invalid_header_name Header name \"$\" is not a valid HTTP token (fetch throws); remove spaces, colons and control characters.|\
invalid_header_value Header \"$\" contains CR, LF or NUL (often a trailing newline from a file or env var); remove them.|\
misspelled_auth_header Header \"$\" looks like a misspelt \"$\"; the server won't see the credentials. Rename it.|\
empty_credentials Authorization is \"$\" with no credentials; the token variable was probably empty.|\
placeholder_credentials Authorization is \"$\", not a credential; the token variable was not filled in.|\
basic_with_bearer_token Authorization uses Basic with a JWT; send it as \"Bearer <token>\".|\
basic_not_user_pass Basic credentials must be base64 \"user:password\" (btoa(user + ':' + password)); use Bearer for a token.|\
credentials_in_url The URL carries credentials (user:password@host); fetch refuses them and logs keep them. Use an Authorization header.|\
dash_underscore_twins Headers \"$\" and \"$\" differ only by '-'/'_'; proxies may merge or drop one. Send one, with '-'.|\
body_on_get fetch refuses a $ request with a body, and servers ignore it; use the query string or POST.|\
missing_content_type The $ body has no Content-Type; servers may reject (415) or misread it. Add one, e.g. application/json.|\
underscore_in_header_name Header \"$\" contains '_', which nginx and many proxies drop; use '-'.|\
bearer_with_basic_credentials Authorization uses Bearer with base64 \"user:password\"; send it as \"Basic <base64>\".|\
secret_in_query Query parameter \"$\" looks like a secret, and URLs get logged. Send it in a header if the API allows.|\
missing_auth_scheme Authorization has no scheme; most APIs expect \"Bearer <token>\" or \"Basic <base64>\".\
";

/// Headers that carry credentials. A misspelling is at most 2 edits from one of 13 bytes
/// or more, 1 from a shorter one (`X-API-Key`).
const AUTH_HEADERS: &str = "Authorization|Proxy-Authorization|X-API-Key|API-Key|X-Auth-Token";

/// Names longer than this are not checked for misspellings (nor for `_`).
const MAX_NAME_CHECK: usize = 64;

/// Query parameters that carry secrets.
pub(crate) const SECRET_PARAMS: &str = "access_token|token|api_key|apikey|api-key|key|password|\
passwd|secret|client_secret|sig|signature|refresh_token|id_token|auth|x-amz-signature|\
x-amz-credential|x-amz-security-token";

/// Tokens that are an unfilled variable, not a credential (`${…}`, `{{…}}` and `<…>` too).
const PLACEHOLDERS: &str = "undefined|null|[object Object]|NaN|None|nil";

/// Bodies longer than this are not checked for JSON syntax.
const MAX_JSON_CHECK: usize = 1 << 20;

/// Adds the finding `kind`, its message's blanks filled with `a` then `b`. Out of line, so
/// each call site is only the call.
#[inline(never)]
fn add(out: &mut Vec<Finding>, kind: Kind, a: &str, b: &str, header: Option<&str>) {
    let line = nth(FINDINGS, kind as usize);
    let code = before_any(line, b" ");
    // Errors, then warnings, then the one info.
    let severity = if (kind as u8) < DashUnderscoreTwins as u8 {
        Severity::Error
    } else if (kind as u8) < MissingAuthScheme as u8 {
        Severity::Warning
    } else {
        Severity::Info
    };
    let mut message = String::new();
    let (mut rest, mut arg) = (line.get(code.len() + 1..).unwrap_or(""), a);
    loop {
        let before = before_any(rest, b"$");
        message.push_str(before);
        let Some(after) = rest.get(before.len() + 1..) else {
            break;
        };
        message.push_str(arg);
        (rest, arg) = (after, b);
    }
    out.push(Finding {
        code,
        severity,
        message,
        header: header.map(String::from),
    });
}

/// Everything that looks wrong with `req`. `needs_auth`: the profile says requests must
/// carry `Authorization`.
pub fn diagnose(req: &RequestParts, needs_auth: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let out = &mut findings;
    let method = req.method.trim_ascii();
    if !is_token(method) {
        add(out, InvalidMethod, method, "", None);
    }
    let mut later = req.headers;
    while let Some((&(name, value), rest)) = later.split_first() {
        header_findings(name, value, out);
        for &(other, _) in rest {
            if are_twins(name, other) {
                add(out, DashUnderscoreTwins, name, other, Some(name));
                break;
            }
        }
        later = rest;
    }
    if let Some(body) = req.body.filter(|b| !b.is_empty()) {
        body_findings(method, body, req.headers, out);
    }
    match header(req.headers, "authorization") {
        Some(&(name, value)) => auth_findings(name, value, out),
        None if needs_auth => add(out, MissingAuthorization, "", "", None),
        None => {}
    }
    url_findings(req.url, out);
    findings
}

/// The first header called `name` (ASCII case-insensitive, surrounding space ignored).
fn header<'a>(headers: &'a [(&'a str, &'a str)], name: &str) -> Option<&'a (&'a str, &'a str)> {
    headers
        .iter()
        .find(|(n, _)| n.trim_ascii().eq_ignore_ascii_case(name))
}

/// A header-name byte as proxies may treat it: ASCII lowercase, `_` as `-`.
fn fold(b: u8) -> u8 {
    if b == b'_' {
        b'-'
    } else {
        b.to_ascii_lowercase()
    }
}

/// True for two names that are the same header once `_` is read as `-`, but are spelled
/// differently (`X-Tenant` and `x_tenant`).
fn are_twins(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_ascii(), b.trim_ascii());
    within(a.as_bytes(), b.as_bytes(), 0) && !a.eq_ignore_ascii_case(b)
}

fn body_findings(method: &str, body: &[u8], headers: &[(&str, &str)], out: &mut Vec<Finding>) {
    if is_one_of(method, "GET|HEAD") {
        add(out, BodyOnGet, method, "", None);
    }
    match header(headers, "content-type") {
        None if is_one_of(method, "POST|PUT|PATCH") => {
            add(out, MissingContentType, method, "", None);
        }
        Some(&(_, ct)) if is_json_type(ct) => {
            if let Err(at) = check_json(body) {
                let at = crate::json::u64_text(at as u64);
                add(out, InvalidJsonBody, &at, "", Some("Content-Type"));
            }
        }
        _ => {}
    }
}

/// `application/json`, `…+json` or `…/json`, parameters ignored.
fn is_json_type(ct: &str) -> bool {
    let essence = before_any(ct, b";").trim_ascii().as_bytes();
    match essence
        .len()
        .checked_sub(5)
        .and_then(|at| essence.get(at..))
    {
        Some([sep, json @ ..]) => matches!(sep, b'+' | b'/') && json.eq_ignore_ascii_case(b"json"),
        _ => false,
    }
}

fn header_findings(name: &str, value: &str, out: &mut Vec<Finding>) {
    if !is_token(name) {
        add(out, InvalidHeaderName, name, "", Some(name));
    }
    if crate::text::span(value.as_bytes(), b"\r\n\0") < value.len() {
        add(out, InvalidHeaderValue, name, "", Some(name));
    }
    let trimmed = name.trim_ascii().as_bytes();
    if trimmed.len() > MAX_NAME_CHECK {
        return;
    }
    if has_byte(trimmed, b'_') {
        add(out, UnderscoreInHeaderName, name, "", Some(name));
    }
    // The header it is a misspelling of; "" for none.
    let mut near = "";
    let mut at = 0;
    while let Some((proper, next)) = piece(AUTH_HEADERS, "|", at) {
        at = next;
        let proper_bytes = proper.as_bytes();
        if within(trimmed, proper_bytes, 0) {
            return;
        }
        let max = if proper.len() >= 13 { 2 } else { 1 };
        if near.is_empty() && within(trimmed, proper_bytes, max) {
            near = proper;
        }
    }
    if !near.is_empty() {
        add(out, MisspelledAuthHeader, name, near, Some(name));
    }
}

fn auth_findings(name: &str, value: &str, out: &mut Vec<Finding>) {
    let value = value.trim_ascii();
    let (scheme, token) = split_once(value, " ").unwrap_or((value, ""));
    let token = token.trim_ascii();
    let header = Some(name);
    if token.is_empty() {
        if is_one_of(scheme, "Bearer|Basic|Token") {
            add(out, EmptyCredentials, scheme, "", header);
        } else if !value.is_empty() {
            add(out, MissingAuthScheme, "", "", header);
        }
        return;
    }
    let template = token.starts_with("${") || token.starts_with("{{") || token.starts_with("<");
    if template || is_one_of(token, PLACEHOLDERS) {
        add(out, PlaceholderCredentials, token, "", header);
        return;
    }
    let jwt = looks_like_jwt(token);
    if scheme.eq_ignore_ascii_case("Basic") {
        if jwt {
            add(out, BasicWithBearerToken, "", "", header);
        } else if !decodes_to_user_pass(token) {
            add(out, BasicNotUserPass, "", "", header);
        }
    } else if scheme.eq_ignore_ascii_case("Bearer") && !jwt && decodes_to_user_pass(token) {
        add(out, BearerWithBasicCredentials, "", "", header);
    }
}

fn url_findings(url: &str, out: &mut Vec<Finding>) {
    let Some((_, after_scheme)) = crate::text::split_once(url, "://") else {
        return;
    };
    if has_byte(before_any(after_scheme, b"/?#").as_bytes(), b'@') {
        add(out, CredentialsInUrl, "", "", None);
    }
    let query = split_once(url, "?").map_or("", |(_, q)| before_any(q, b"#"));
    let mut at = 0;
    for _ in 0..100 {
        let Some((pair, next)) = piece(query, "&", at) else {
            break;
        };
        at = next;
        let name = before_any(pair, b"=");
        if is_one_of(name, SECRET_PARAMS) {
            add(out, SecretInQuery, name, "", None);
        }
    }
}

/// Three dot-separated parts, the first a base64url JSON header (`eyJ`), the first two
/// non-empty base64url.
#[inline(never)]
fn looks_like_jwt(token: &str) -> bool {
    let (mut dots, mut part_len) = (0, 0);
    for &b in token.as_bytes() {
        if b == b'.' {
            if part_len == 0 {
                return false;
            }
            dots += 1;
            part_len = 0;
        } else {
            if dots < 2 && !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return false;
            }
            part_len += 1;
        }
    }
    dots == 2 && token.starts_with("eyJ")
}

/// True when `token` is standard base64 (padding optional) of printable `user:pass`.
fn decodes_to_user_pass(token: &str) -> bool {
    let mut digits = token.as_bytes();
    while let [rest @ .., b'='] = digits {
        digits = rest;
    }
    if digits.is_empty() || digits.len() % 4 == 1 {
        return false;
    }
    let mut bytes = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in digits {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return false,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // `extend_from_slice` rather than `push`: a call to the copy that every
            // `push_str` uses, not an inlined `push` with its own growth path.
            bytes.extend_from_slice(&[(acc >> bits) as u8]);
        }
    }
    has_byte(&bytes, b':') && is_printable(&bytes)
}

/// True when `bytes` are UTF-8 text without control characters.
pub(crate) fn is_printable(bytes: &[u8]) -> bool {
    core::str::from_utf8(bytes).is_ok() && !has_control(bytes)
}

/// True when valid UTF-8 `bytes` hold a control character (U+0000–U+001F, U+007F–U+009F),
/// found without decoding: C1 controls are the two bytes `C2 80`–`C2 9F`.
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    let mut prev = 0;
    for &b in bytes {
        if b < 0x20 || b == 0x7f || (prev == 0xc2 && b < 0xa0) {
            return true;
        }
        prev = b;
    }
    false
}

/// True when `a` is at most `k` edits from `b`, the edits being those of the
/// optimal-string-alignment distance (insert, delete, substitute, swap two neighbours) and
/// bytes compared as [`fold`] sees them. Matching equal first bytes is always optimal, so
/// only a mismatch branches, and `k` (at most 2 here) bounds the branching.
fn within(a: &[u8], b: &[u8], k: usize) -> bool {
    let (Some((&x, a1)), Some((&y, b1))) = (a.split_first(), b.split_first()) else {
        return a.len() + b.len() <= k;
    };
    if fold(x) == fold(y) {
        return within(a1, b1, k);
    }
    let Some(k) = k.checked_sub(1) else {
        return false;
    };
    let swapped = match (a1, b1) {
        ([x2, a2 @ ..], [y2, b2 @ ..]) if fold(*x2) == fold(y) && fold(*y2) == fold(x) => {
            within(a2, b2, k)
        }
        _ => false,
    };
    swapped || within(a1, b1, k) || within(a1, b, k) || within(a, b1, k)
}

/// A JSON syntax check: `Err(byte offset)` of the first error (invalid UTF-8 included).
fn check_json(body: &[u8]) -> Result<(), usize> {
    if body.len() > MAX_JSON_CHECK {
        return Ok(());
    }
    let text = core::str::from_utf8(body).map_err(|e| e.valid_up_to())?;
    crate::json::check(text)
}
