//! One table of HTTP status codes: reason phrase, `kind`, default permanence and the
//! section of the document that defines it. Codes outside the table fall back to their
//! class, as RFC 9110 §15 asks of a client that meets an unknown code.

use crate::classify::Action;

use crate::text::{exact_index, nth};
/// The class of a status, or `Transport` when no response arrived at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
    Transport,
}

impl Category {
    /// The contract's snake_case name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth(CATEGORY_NAMES, self as usize)
    }

    /// The class of a code in 100..=599, else `None`.
    pub const fn of(code: u16) -> Option<Category> {
        match code {
            100..=199 => Some(Category::Informational),
            200..=299 => Some(Category::Success),
            300..=399 => Some(Category::Redirection),
            400..=499 => Some(Category::ClientError),
            500..=599 => Some(Category::ServerError),
            _ => None,
        }
    }
}

/// The contract's names of the categories, in declaration order.
const CATEGORY_NAMES: &str =
    "informational|success|redirection|client_error|server_error|transport";

/// Whether trying again can change the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permanence {
    /// Nothing failed.
    None,
    /// The same request will fail the same way.
    Permanent,
    /// The same request may succeed later.
    Temporary,
    /// The request may already have taken effect.
    Ambiguous,
}

impl Permanence {
    /// The contract's name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth(PERMANENCE_NAMES, self as usize)
    }

    /// The permanence named `name`, as [`Permanence::as_str`] gives it.
    pub(crate) fn parse(name: &str) -> Option<Permanence> {
        let i = exact_index(name, PERMANENCE_NAMES)?;
        PERMANENCES.get(i).copied()
    }
}

/// The names of [`PERMANENCES`].
const PERMANENCE_NAMES: &str = "none|permanent|temporary|ambiguous";

/// What the table knows of one status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    pub code: u16,
    /// The reason phrase (registered, or the one the vendor uses).
    pub reason: &'static str,
    /// The stable snake_case name, e.g. `rate_limited`.
    pub kind: &'static str,
    pub category: Category,
    /// The permanence before method and profile are taken into account.
    pub permanence: Permanence,
    /// The action before method, policy and profile are taken into account.
    pub action: Action,
    /// What to do about it, in one or two sentences.
    pub advice: &'static str,
    /// False for codes that fell back to their class.
    pub known: bool,
}

/// The full link to a section of RFC 9110, built at compile time.
macro_rules! rfc {
    ($sec:literal) => {
        concat!("https://www.rfc-editor.org/rfc/rfc9110#section-", $sec)
    };
}

/// The letter that stands for a permanence or an action in [`TABLE`]: an index into
/// [`PERMANENCES`] (from `0`) or [`Action::ALL`] (from `a`).
#[rustfmt::skip]
macro_rules! letter {
    (None) => { "0" };
    (Permanent) => { "1" };
    (Temporary) => { "2" };
    (Ambiguous) => { "3" };
    (CarryOn) => { "a" };
    (UseCache) => { "b" };
    (FollowRedirect) => { "c" };
    (FixRequest) => { "d" };
    (Reauthenticate) => { "e" };
    (CheckPermissions) => { "f" };
    (VerifyId) => { "g" };
    (Reconcile) => { "h" };
    (FixFields) => { "i" };
    (WaitAndRetry) => { "j" };
    (RetryWithBackoff) => { "k" };
    (VerifyBeforeRetry) => { "l" };
    (ContactSupport) => { "m" };
}

/// The permanences in the order of their letters in [`TABLE`].
const PERMANENCES: [Permanence; 4] = [
    Permanence::None,
    Permanence::Permanent,
    Permanence::Temporary,
    Permanence::Ambiguous,
];

// The table is one string searched at run time, a line a code:
// `4292jToo Many Requests|rate_limited|Wait for…` (code, permanence and action letters,
// reason, kind, advice; an empty advice is the class's). A `match` returning the fields
// compiled to several KB of wasm code, and an array of rows to a table of pointers,
// which compresses poorly; the text compresses well.
macro_rules! status_table {
    ($( $code:literal $reason:literal $kind:ident $perm:ident $action:ident $spec:expr $(, $advice:literal)?; )*) => {
        /// Every code the table knows, in order.
        pub const KNOWN_CODES: &[u16] = &[$($code),*];

        const TABLE: &str = concat!(
            classes!(),
            $( stringify!($code), letter!($perm), letter!($action), $reason, "|",
               stringify!($kind), "|", $($advice,)? "\n", )*
        );

        // Apart from TABLE: only `StatusInfo::spec` reads the links, so a build that never
        // asks for them (the wasm) links none of their ~5 KB.
        static SPECS: &[&str] = &[$($spec),*];
    };
}

/// What a class says of the codes the table does not know, and the advice of those it
/// knows without advice of their own: lines of [`TABLE`] keyed `1xx` to `5xx`.
macro_rules! classes {
    () => {
        "1xx0aInformational|informational|Carry on: the request succeeded.\n\
         2xx0aSuccess|success|Carry on: the request succeeded.\n\
         3xx0cRedirection|redirection|Follow the redirect in the Location header.\n\
         4xx1dClient Error|client_error|Fix the request before sending it again.\n\
         5xx2kServer Error|server_error|Retry with backoff if the request is idempotent.\n"
    };
}

// code  reason  kind  permanence  action  spec (RFC 9110 section, or another document)
// [, advice when the class's does not serve]
status_table! {
    100 "Continue" continue_ None CarryOn rfc!("15.2.1");
    101 "Switching Protocols" switching_protocols None CarryOn rfc!("15.2.2");
    102 "Processing" processing None CarryOn "https://www.rfc-editor.org/rfc/rfc2518#section-10.1";
    103 "Early Hints" early_hints None CarryOn "https://www.rfc-editor.org/rfc/rfc8297#section-2";
    200 "OK" ok None CarryOn rfc!("15.3.1");
    201 "Created" created None CarryOn rfc!("15.3.2");
    202 "Accepted" accepted None CarryOn rfc!("15.3.3");
    203 "Non-Authoritative Information" non_authoritative None CarryOn rfc!("15.3.4");
    204 "No Content" no_content None CarryOn rfc!("15.3.5");
    205 "Reset Content" reset_content None CarryOn rfc!("15.3.6");
    206 "Partial Content" partial_content None CarryOn rfc!("15.3.7");
    207 "Multi-Status" multi_status None CarryOn "https://www.rfc-editor.org/rfc/rfc4918#section-11.1";
    208 "Already Reported" already_reported None CarryOn "https://www.rfc-editor.org/rfc/rfc5842#section-7.1";
    226 "IM Used" im_used None CarryOn "https://www.rfc-editor.org/rfc/rfc3229#section-10.4.1";
    300 "Multiple Choices" multiple_choices None FollowRedirect rfc!("15.4.1");
    301 "Moved Permanently" moved_permanently None FollowRedirect rfc!("15.4.2");
    302 "Found" found None FollowRedirect rfc!("15.4.3");
    303 "See Other" see_other None FollowRedirect rfc!("15.4.4");
    304 "Not Modified" not_modified None UseCache rfc!("15.4.5"),
        "Use your cached copy: the resource has not changed.";
    305 "Use Proxy" use_proxy None FollowRedirect rfc!("15.4.6");
    307 "Temporary Redirect" temporary_redirect None FollowRedirect rfc!("15.4.8");
    308 "Permanent Redirect" permanent_redirect None FollowRedirect rfc!("15.4.9");
    400 "Bad Request" bad_request Permanent FixRequest rfc!("15.5.1");
    401 "Unauthorized" unauthorized Permanent Reauthenticate rfc!("15.5.2"),
        "Refresh or replace the credentials; retrying blindly looks like brute force.";
    402 "Payment Required" payment_required Permanent ContactSupport rfc!("15.5.3"),
        "Check billing (a paid plan or more credit is needed) or contact the provider.";
    403 "Forbidden" forbidden Permanent CheckPermissions rfc!("15.5.4"),
        "Check these credentials' permissions; re-authenticating will not help.";
    404 "Not Found" not_found Permanent VerifyId rfc!("15.5.5"),
        "Check the id or path; a new resource may not have replicated yet.";
    405 "Method Not Allowed" method_not_allowed Permanent FixRequest rfc!("15.5.6"),
        "Use a method the Allow header lists.";
    406 "Not Acceptable" not_acceptable Permanent FixRequest rfc!("15.5.7");
    407 "Proxy Authentication Required" proxy_auth_required Permanent Reauthenticate rfc!("15.5.8");
    408 "Request Timeout" request_timeout Temporary RetryWithBackoff rfc!("15.5.9"),
        "The server gave up waiting for the request; send it again.";
    409 "Conflict" conflict Permanent Reconcile rfc!("15.5.10"),
        "Re-read the resource, reconcile your change, then retry.";
    410 "Gone" gone Permanent VerifyId rfc!("15.5.11"),
        "The resource is gone for good; remove references to it.";
    411 "Length Required" length_required Permanent FixRequest rfc!("15.5.12");
    412 "Precondition Failed" precondition_failed Permanent Reconcile rfc!("15.5.13"),
        "Re-read the resource for its current ETag, then resend with that precondition.";
    413 "Content Too Large" payload_too_large Permanent FixRequest rfc!("15.5.14"),
        "Send a smaller body, or split the request.";
    414 "URI Too Long" uri_too_long Permanent FixRequest rfc!("15.5.15"),
        "Shorten the URL: move parameters into the body.";
    415 "Unsupported Media Type" unsupported_media_type Permanent FixRequest rfc!("15.5.16"),
        "Send a media type the endpoint accepts, with a matching Content-Type.";
    416 "Range Not Satisfiable" range_not_satisfiable Permanent FixRequest rfc!("15.5.17");
    417 "Expectation Failed" expectation_failed Permanent FixRequest rfc!("15.5.18");
    418 "I'm a teapot" teapot Permanent FixRequest rfc!("15.5.19");
    421 "Misdirected Request" misdirected_request Temporary RetryWithBackoff rfc!("15.5.20");
    422 "Unprocessable Content" validation Permanent FixFields rfc!("15.5.21"),
        "Fix the field values the server rejected; the request was well-formed.";
    423 "Locked" locked Temporary RetryWithBackoff "https://www.rfc-editor.org/rfc/rfc4918#section-11.3";
    424 "Failed Dependency" failed_dependency Permanent FixRequest "https://www.rfc-editor.org/rfc/rfc4918#section-11.4";
    425 "Too Early" too_early Temporary RetryWithBackoff "https://www.rfc-editor.org/rfc/rfc8470#section-5.2";
    426 "Upgrade Required" upgrade_required Permanent FixRequest rfc!("15.5.22");
    428 "Precondition Required" precondition_required Permanent Reconcile "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        "Re-read the resource for its current ETag, then resend with that precondition.";
    429 "Too Many Requests" rate_limited Temporary WaitAndRetry "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        "Wait as long as the server asks (Retry-After or rate-limit headers) or back off, then retry.";
    431 "Request Header Fields Too Large" headers_too_large Permanent FixRequest "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        "Send fewer or smaller headers (usually cookies).";
    444 "No Response" no_response Temporary RetryWithBackoff "https://nginx.org/en/docs/http/request_processing.html";
    451 "Unavailable For Legal Reasons" unavailable_for_legal_reasons Permanent ContactSupport "https://www.rfc-editor.org/rfc/rfc7725#section-3",
        "The resource is unavailable for legal reasons in this region.";
    494 "Request Header Too Large" headers_too_large Permanent FixRequest "https://nginx.org/en/docs/http/ngx_http_core_module.html",
        "Send fewer or smaller headers (usually cookies).";
    495 "SSL Certificate Error" ssl_certificate_error Permanent FixRequest "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    496 "SSL Certificate Required" ssl_certificate_required Permanent FixRequest "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    497 "HTTP Request Sent to HTTPS Port" http_to_https Permanent FixRequest "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    499 "Client Closed Request" client_closed_request Temporary RetryWithBackoff "https://nginx.org/en/docs/dev/development_guide.html";
    500 "Internal Server Error" server_error Temporary RetryWithBackoff rfc!("15.6.1"),
        "Retry with backoff if the request is idempotent; otherwise check whether it took effect first.";
    501 "Not Implemented" not_implemented Permanent ContactSupport rfc!("15.6.2"),
        "The server does not support this method or feature; change the request or contact the provider.";
    502 "Bad Gateway" bad_gateway Temporary RetryWithBackoff rfc!("15.6.3"),
        "A gateway got a bad answer from upstream; retry with backoff.";
    503 "Service Unavailable" unavailable Temporary RetryWithBackoff rfc!("15.6.4"),
        "The service is down or overloaded; honour Retry-After and retry with backoff.";
    504 "Gateway Timeout" gateway_timeout Temporary RetryWithBackoff rfc!("15.6.5"),
        "A gateway timed out waiting for upstream; the work may still finish. Retry idempotent requests with backoff.";
    505 "HTTP Version Not Supported" http_version_not_supported Permanent ContactSupport rfc!("15.6.6"),
        "The server does not support this HTTP version.";
    506 "Variant Also Negotiates" variant_also_negotiates Permanent ContactSupport "https://www.rfc-editor.org/rfc/rfc2295#section-8.1";
    507 "Insufficient Storage" insufficient_storage Temporary RetryWithBackoff "https://www.rfc-editor.org/rfc/rfc4918#section-11.5";
    508 "Loop Detected" loop_detected Permanent ContactSupport "https://www.rfc-editor.org/rfc/rfc5842#section-7.2";
    509 "Bandwidth Limit Exceeded" bandwidth_limit_exceeded Temporary RetryWithBackoff "https://httpd.apache.org/";
    510 "Not Extended" not_extended Permanent ContactSupport "https://www.rfc-editor.org/rfc/rfc2774#section-7";
    511 "Network Authentication Required" network_auth_required Permanent Reauthenticate "https://www.rfc-editor.org/rfc/rfc6585#section-6";
    520 "Web Server Returned an Unknown Error" origin_unknown_error Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-520/";
    521 "Web Server Is Down" origin_down Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-521/";
    522 "Connection Timed Out" origin_connect_timeout Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-522/";
    523 "Origin Is Unreachable" origin_unreachable Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-523/";
    524 "A Timeout Occurred" origin_timeout Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-524/";
    525 "SSL Handshake Failed" origin_ssl_handshake_failed Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-525/";
    526 "Invalid SSL Certificate" origin_invalid_certificate Permanent RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-526/";
    527 "Railgun Error" railgun_error Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/";
    530 "Origin DNS Error" origin_dns_error Temporary RetryWithBackoff "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-530/";
    598 "Network Read Timeout Error" network_read_timeout Temporary RetryWithBackoff "https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes";
    599 "Network Connect Timeout Error" network_connect_timeout Temporary RetryWithBackoff "https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes";
}

/// What the table says of `code`, or of its class when the table has no row for it.
/// `None` only for codes outside 100..=599, which have no class.
#[inline(always)] // a call would pass the result through a frame of its own
pub fn info(code: u16) -> Option<StatusInfo> {
    let category = Category::of(code)?;
    let digits = [
        b'0' + (code / 100) as u8,
        b'0' + (code / 10 % 10) as u8,
        b'0' + (code % 10) as u8,
    ];
    let exact = line(digits);
    let class = line([digits[0], b'x', b'x'])?;
    let row = exact.unwrap_or(class);
    let letters = row.as_bytes();
    let permanence = *PERMANENCES.get(usize::from(letters.first()? - b'0'))?;
    let action = *Action::ALL.get(usize::from(letters.get(1)? - b'a'))?;
    // The fields, `|`-separated after the two letters.
    let reason = nth(row, 0).get(2..)?;
    let kind = nth(row, 1);
    let advice = nth(row, 2);
    // `continue` is a Rust keyword, so the table spells it `continue_`.
    let kind = kind.strip_suffix("_").unwrap_or(kind);
    Some(StatusInfo {
        code,
        reason,
        kind,
        category,
        permanence,
        action,
        advice: if advice.is_empty() {
            nth(class, 2)
        } else {
            advice
        },
        known: exact.is_some(),
    })
}

/// The line of [`TABLE`] keyed `key`, after its key and without its newline. Line by
/// line, a plain byte loop to each newline and a compare of the key: no table of offsets
/// (which compresses poorly) and no substring search.
fn line(key: [u8; 3]) -> Option<&'static str> {
    let t = TABLE.as_bytes();
    let mut start = 0;
    loop {
        let mut end = start;
        while *t.get(end)? != b'\n' {
            end += 1;
        }
        if t.get(start..start + 3) == Some(&key[..]) {
            return TABLE.get(start + 3..end);
        }
        start = end + 1;
    }
}

impl StatusInfo {
    /// Where the code is defined: its section of RFC 9110 or the document that registers
    /// it; for a code the table does not know, its class's section.
    pub fn spec(&self) -> &'static str {
        let row = KNOWN_CODES.iter().position(|c| *c == self.code);
        row.and_then(|i| SPECS.get(i))
            .copied()
            .unwrap_or(match self.category {
                Category::Informational => rfc!("15.2"),
                Category::Success => rfc!("15.3"),
                Category::Redirection => rfc!("15.4"),
                Category::ClientError => rfc!("15.5"),
                Category::ServerError | Category::Transport => rfc!("15.6"),
            })
    }
}
