//! The request doctor: findings about a request that would explain a failure, each with
//! how to fix it. Only facts visible in the request itself; a clean request gives none.

use crate::json::push_string;
use crate::method::is_token;
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
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
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
        let mut out = String::from("{\"code\":");
        push_string(&mut out, self.code);
        out.push_str(",\"severity\":");
        push_string(&mut out, self.severity.as_str());
        out.push_str(",\"message\":");
        push_string(&mut out, &self.message);
        out.push_str(",\"header\":");
        match &self.header {
            Some(h) => push_string(&mut out, h),
            None => out.push_str("null"),
        }
        out.push('}');
        out
    }
}

/// Headers that carry credentials, and how far (edit distance) a misspelling may be.
const AUTH_HEADERS: &[(&str, usize)] = &[
    ("Authorization", 2),
    ("Proxy-Authorization", 2),
    ("X-API-Key", 1),
    ("API-Key", 1),
    ("X-Auth-Token", 1),
];

/// Query parameters that carry secrets.
pub(crate) const SECRET_PARAMS: &[&str] = &[
    "access_token",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "key",
    "password",
    "passwd",
    "secret",
    "client_secret",
    "sig",
    "signature",
    "refresh_token",
    "id_token",
    "auth",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
];

/// Bodies longer than this are not checked for JSON syntax.
const MAX_JSON_CHECK: usize = 1 << 20;

/// Adds a finding whose message is `parts` joined. Out of line, so each of the many call
/// sites is only the call, not its own copy of the join and the `Vec` push.
#[inline(never)]
fn add(
    out: &mut Vec<Finding>,
    code: &'static str,
    severity: Severity,
    parts: &[&str],
    header: Option<&str>,
) {
    out.push(Finding {
        code,
        severity,
        message: parts.concat(),
        header: header.map(String::from),
    });
}

/// Everything that looks wrong with `req`. `needs_auth`: the profile says requests must
/// carry `Authorization`.
pub fn diagnose(req: &RequestParts, needs_auth: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let out = &mut findings;
    let method = req.method.trim();
    if !is_token(method) {
        add(
            out,
            "invalid_method",
            Severity::Error,
            &[
                "The method \"",
                method,
                "\" is not a valid HTTP token; use a name such as GET or POST.",
            ],
            None,
        );
    }
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
    };
    for (i, (name, value)) in req.headers.iter().enumerate() {
        header_findings(name, value, out);
        let norm = |s: &str| s.trim().to_ascii_lowercase().replace('_', "-");
        let twin = req.headers.iter().skip(i + 1).find(|(other, _)| {
            norm(other) == norm(name) && !other.trim().eq_ignore_ascii_case(name.trim())
        });
        if let Some((other, _)) = twin {
            add(
                out,
                "dash_underscore_twins",
                Severity::Warning,
                &[
                    "Headers \"",
                    name,
                    "\" and \"",
                    other,
                    "\" differ only by '-' and '_'; proxies may drop or merge one. Send one, spelled with '-'.",
                ],
                Some(name),
            );
        }
    }
    let body = req.body.filter(|b| !b.is_empty());
    if let Some(body) = body {
        let is = |m: &str| method.eq_ignore_ascii_case(m);
        if is("GET") || is("HEAD") {
            add(
                out,
                "body_on_get",
                Severity::Warning,
                &["A ", method, " request carries a body: fetch refuses it and many servers ignore it. Send the data in the query string, or use POST."],
                None,
            );
        }
        let content_type = header("content-type").map(|(_, v)| v.trim().to_ascii_lowercase());
        match content_type {
            None if is("POST") || is("PUT") || is("PATCH") => add(
                out,
                "missing_content_type",
                Severity::Warning,
                &["The ", method, " body has no Content-Type header; servers may reject it (415) or misread it. Add e.g. Content-Type: application/json."],
                None,
            ),
            Some(ct) if is_json_type(&ct) => {
                if let Err(at) = check_json(body) {
                    let mut pos = String::new();
                    crate::json::push_u64(&mut pos, at as u64);
                    add(
                        out,
                        "invalid_json_body",
                        Severity::Error,
                        &["The body is declared as JSON but is not valid JSON (first error at byte ", &pos, "). Serialise it with JSON.stringify, or fix the Content-Type."],
                        Some("Content-Type"),
                    );
                }
            }
            _ => {}
        }
    }
    let auth = header("authorization");
    if let Some((name, value)) = auth {
        auth_findings(name, value, out);
    } else if needs_auth {
        add(
            out,
            "missing_authorization",
            Severity::Error,
            &["This API needs an Authorization header and the request has none. Add Authorization: Bearer <token> (or the scheme the API documents)."],
            None,
        );
    }
    url_findings(req.url, out);
    findings
}

fn is_json_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

fn header_findings(name: &str, value: &str, out: &mut Vec<Finding>) {
    if !is_token(name) {
        add(
            out,
            "invalid_header_name",
            Severity::Error,
            &["The header name \"", name, "\" is not a valid HTTP token (no spaces, colons or control characters); fetch will throw."],
            Some(name),
        );
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        add(
            out,
            "invalid_header_value",
            Severity::Error,
            &["The value of \"", name, "\" contains CR, LF or NUL; remove them (a trailing newline from a file or an environment variable is the usual cause)."],
            Some(name),
        );
    }
    let lower = name.trim().to_ascii_lowercase();
    if lower.len() > 64 {
        return;
    }
    if lower.contains('_') {
        add(
            out,
            "underscore_in_header_name",
            Severity::Warning,
            &["The header \"", name, "\" contains '_': nginx and many proxies silently drop such headers. Spell it with '-'."],
            Some(name),
        );
    }
    let dashed = lower.replace('_', "-");
    if AUTH_HEADERS
        .iter()
        .any(|(h, _)| h.eq_ignore_ascii_case(&dashed))
    {
        return;
    }
    let near = |target: &str, max: usize| {
        edit_distance(dashed.as_bytes(), target.to_ascii_lowercase().as_bytes()) <= max
    };
    if let Some((proper, _)) = AUTH_HEADERS.iter().find(|(t, max)| near(t, *max)) {
        add(
            out,
            "misspelled_auth_header",
            Severity::Error,
            &[
                "The header \"",
                name,
                "\" looks like a misspelling of \"",
                proper,
                "\"; the server will not see the credentials. Rename it.",
            ],
            Some(name),
        );
    }
}

fn auth_findings(name: &str, value: &str, out: &mut Vec<Finding>) {
    let value = value.trim();
    let (scheme, token) = match value.split_once(' ') {
        Some((s, t)) => (s, t.trim()),
        None => (value, ""),
    };
    let is = |s: &str| scheme.eq_ignore_ascii_case(s);
    if (is("Bearer") || is("Basic") || is("Token")) && token.is_empty() {
        add(
            out,
            "empty_credentials",
            Severity::Error,
            &[
                "Authorization says \"",
                scheme,
                "\" but carries no credentials; the token variable was probably empty.",
            ],
            Some(name),
        );
        return;
    }
    if ["undefined", "null", "[object Object]", "NaN", "None", "nil"].contains(&token)
        || (token.starts_with("${") || token.starts_with("{{") || token.starts_with('<'))
    {
        add(
            out,
            "placeholder_credentials",
            Severity::Error,
            &["Authorization carries \"", token, "\" instead of a real credential; the variable holding the token was not filled in."],
            Some(name),
        );
        return;
    }
    if token.is_empty() && !value.is_empty() {
        add(
            out,
            "missing_auth_scheme",
            Severity::Info,
            &["Authorization has no scheme; most APIs expect \"Bearer <token>\" or \"Basic <base64>\"."],
            Some(name),
        );
        return;
    }
    if is("Basic") {
        if looks_like_jwt(token) {
            add(
                out,
                "basic_with_bearer_token",
                Severity::Error,
                &["Authorization uses Basic with a JWT; send it as \"Bearer <token>\"."],
                Some(name),
            );
        } else if !decodes_to_user_pass(token) {
            add(
                out,
                "basic_not_user_pass",
                Severity::Error,
                &["Basic credentials must be base64 of \"user:password\"; this value is not. Encode it (btoa(user + ':' + password)), or use Bearer for a token."],
                Some(name),
            );
        }
    } else if is("Bearer") && decodes_to_user_pass(token) && !looks_like_jwt(token) {
        add(
            out,
            "bearer_with_basic_credentials",
            Severity::Warning,
            &["Authorization uses Bearer with base64 \"user:password\"; send it as \"Basic <base64>\"."],
            Some(name),
        );
    }
}

fn url_findings(url: &str, out: &mut Vec<Finding>) {
    let Some((_, after_scheme)) = crate::text::split_once(url, "://") else {
        return;
    };
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = after_scheme.get(..authority_end).unwrap_or("");
    if authority.contains('@') {
        add(
            out,
            "credentials_in_url",
            Severity::Error,
            &["The URL carries credentials (user:password@host); they end up in logs and fetch refuses them. Send them in an Authorization header."],
            None,
        );
    }
    let query = url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(q))
        .unwrap_or("");
    for pair in query.split('&').take(100) {
        let name = pair.split('=').next().unwrap_or("");
        if SECRET_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
            add(
                out,
                "secret_in_query",
                Severity::Warning,
                &["The query parameter \"", name, "\" looks like a secret; URLs are logged by servers, proxies and browsers. Send it in a header instead where the API allows."],
                None,
            );
        }
    }
}

/// Three base64url parts separated by dots, the first a JSON header (`eyJ`).
fn looks_like_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && token.starts_with("eyJ")
        && parts.iter().take(2).all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// True when `token` is standard base64 of printable `user:pass`.
fn decodes_to_user_pass(token: &str) -> bool {
    match base64_decode(token) {
        Some(bytes) => {
            bytes.contains(&b':')
                && core::str::from_utf8(&bytes).is_ok_and(|s| s.chars().all(|c| !c.is_control()))
        }
        None => false,
    }
}

/// Standard base64 (padding optional), `None` on any other character.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.is_empty() || s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps).
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let width = b.len() + 1;
    let mut prev2: Vec<usize> = (0..width).collect();
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = alloc::vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(c) = cur.first_mut() {
            *c = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + cost;
            let mut best = del.min(ins).min(sub);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(prev2.get(j - 1).copied().unwrap_or(usize::MAX - 1) + 1);
            }
            if let Some(c) = cur.get_mut(j + 1) {
                *c = best;
            }
        }
        core::mem::swap(&mut prev2, &mut prev);
        core::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// A JSON syntax check: `Err(byte offset)` of the first error (invalid UTF-8 included).
fn check_json(body: &[u8]) -> Result<(), usize> {
    if body.len() > MAX_JSON_CHECK {
        return Ok(());
    }
    let text = core::str::from_utf8(body).map_err(|e| e.valid_up_to())?;
    crate::json::check(text)
}
