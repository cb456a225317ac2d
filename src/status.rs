//! One table of HTTP status codes: reason phrase, `kind`, default permanence and the
//! section of the document that defines it. Codes outside the table fall back to their
//! class, as RFC 9110 §15 asks of a client that meets an unknown code.

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
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Informational => "informational",
            Category::Success => "success",
            Category::Redirection => "redirection",
            Category::ClientError => "client_error",
            Category::ServerError => "server_error",
            Category::Transport => "transport",
        }
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
    pub const fn as_str(self) -> &'static str {
        match self {
            Permanence::None => "none",
            Permanence::Permanent => "permanent",
            Permanence::Temporary => "temporary",
            Permanence::Ambiguous => "ambiguous",
        }
    }
}

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
    /// False for codes that fell back to their class.
    pub known: bool,
}

/// The full link to a section of RFC 9110, built at compile time.
macro_rules! rfc {
    ($sec:literal) => {
        concat!("https://www.rfc-editor.org/rfc/rfc9110#section-", $sec)
    };
}

/// One row of the table. Reason and kind share one string, `"Too Many Requests|rate_limited"`:
/// one pointer a row instead of two (pointers are data that compresses poorly).
struct Row {
    code: u16,
    permanence: Permanence,
    reason_kind: &'static str,
}

// A static array searched at run time: a `match` returning the row's fields compiled to
// several KB of wasm code, the array is a fraction of that in data.
macro_rules! status_table {
    ($( $code:literal $reason:literal $kind:ident $perm:ident $spec:expr; )*) => {
        /// Every code the table knows, in order.
        pub const KNOWN_CODES: &[u16] = &[$($code),*];

        static ROWS: &[Row] = &[
            $( Row { code: $code, permanence: Permanence::$perm, reason_kind: concat!($reason, "|", stringify!($kind)) }, )*
        ];

        // Apart from ROWS: only `StatusInfo::spec` reads the links, so a build that never
        // asks for them (the wasm) links none of their ~5 KB.
        static SPECS: &[&str] = &[$($spec),*];
    };
}

// code  reason  kind  permanence  spec (RFC 9110 section, or another document)
status_table! {
    100 "Continue" continue_ None rfc!("15.2.1");
    101 "Switching Protocols" switching_protocols None rfc!("15.2.2");
    102 "Processing" processing None "https://www.rfc-editor.org/rfc/rfc2518#section-10.1";
    103 "Early Hints" early_hints None "https://www.rfc-editor.org/rfc/rfc8297#section-2";
    200 "OK" ok None rfc!("15.3.1");
    201 "Created" created None rfc!("15.3.2");
    202 "Accepted" accepted None rfc!("15.3.3");
    203 "Non-Authoritative Information" non_authoritative None rfc!("15.3.4");
    204 "No Content" no_content None rfc!("15.3.5");
    205 "Reset Content" reset_content None rfc!("15.3.6");
    206 "Partial Content" partial_content None rfc!("15.3.7");
    207 "Multi-Status" multi_status None "https://www.rfc-editor.org/rfc/rfc4918#section-11.1";
    208 "Already Reported" already_reported None "https://www.rfc-editor.org/rfc/rfc5842#section-7.1";
    226 "IM Used" im_used None "https://www.rfc-editor.org/rfc/rfc3229#section-10.4.1";
    300 "Multiple Choices" multiple_choices None rfc!("15.4.1");
    301 "Moved Permanently" moved_permanently None rfc!("15.4.2");
    302 "Found" found None rfc!("15.4.3");
    303 "See Other" see_other None rfc!("15.4.4");
    304 "Not Modified" not_modified None rfc!("15.4.5");
    305 "Use Proxy" use_proxy None rfc!("15.4.6");
    307 "Temporary Redirect" temporary_redirect None rfc!("15.4.8");
    308 "Permanent Redirect" permanent_redirect None rfc!("15.4.9");
    400 "Bad Request" bad_request Permanent rfc!("15.5.1");
    401 "Unauthorized" unauthorized Permanent rfc!("15.5.2");
    402 "Payment Required" payment_required Permanent rfc!("15.5.3");
    403 "Forbidden" forbidden Permanent rfc!("15.5.4");
    404 "Not Found" not_found Permanent rfc!("15.5.5");
    405 "Method Not Allowed" method_not_allowed Permanent rfc!("15.5.6");
    406 "Not Acceptable" not_acceptable Permanent rfc!("15.5.7");
    407 "Proxy Authentication Required" proxy_auth_required Permanent rfc!("15.5.8");
    408 "Request Timeout" request_timeout Temporary rfc!("15.5.9");
    409 "Conflict" conflict Permanent rfc!("15.5.10");
    410 "Gone" gone Permanent rfc!("15.5.11");
    411 "Length Required" length_required Permanent rfc!("15.5.12");
    412 "Precondition Failed" precondition_failed Permanent rfc!("15.5.13");
    413 "Content Too Large" payload_too_large Permanent rfc!("15.5.14");
    414 "URI Too Long" uri_too_long Permanent rfc!("15.5.15");
    415 "Unsupported Media Type" unsupported_media_type Permanent rfc!("15.5.16");
    416 "Range Not Satisfiable" range_not_satisfiable Permanent rfc!("15.5.17");
    417 "Expectation Failed" expectation_failed Permanent rfc!("15.5.18");
    418 "I'm a teapot" teapot Permanent rfc!("15.5.19");
    421 "Misdirected Request" misdirected_request Temporary rfc!("15.5.20");
    422 "Unprocessable Content" validation Permanent rfc!("15.5.21");
    423 "Locked" locked Temporary "https://www.rfc-editor.org/rfc/rfc4918#section-11.3";
    424 "Failed Dependency" failed_dependency Permanent "https://www.rfc-editor.org/rfc/rfc4918#section-11.4";
    425 "Too Early" too_early Temporary "https://www.rfc-editor.org/rfc/rfc8470#section-5.2";
    426 "Upgrade Required" upgrade_required Permanent rfc!("15.5.22");
    428 "Precondition Required" precondition_required Permanent "https://www.rfc-editor.org/rfc/rfc6585#section-3";
    429 "Too Many Requests" rate_limited Temporary "https://www.rfc-editor.org/rfc/rfc6585#section-4";
    431 "Request Header Fields Too Large" headers_too_large Permanent "https://www.rfc-editor.org/rfc/rfc6585#section-5";
    444 "No Response" no_response Temporary "https://nginx.org/en/docs/http/request_processing.html";
    451 "Unavailable For Legal Reasons" unavailable_for_legal_reasons Permanent "https://www.rfc-editor.org/rfc/rfc7725#section-3";
    494 "Request Header Too Large" headers_too_large Permanent "https://nginx.org/en/docs/http/ngx_http_core_module.html";
    495 "SSL Certificate Error" ssl_certificate_error Permanent "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    496 "SSL Certificate Required" ssl_certificate_required Permanent "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    497 "HTTP Request Sent to HTTPS Port" http_to_https Permanent "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors";
    499 "Client Closed Request" client_closed_request Temporary "https://nginx.org/en/docs/dev/development_guide.html";
    500 "Internal Server Error" server_error Temporary rfc!("15.6.1");
    501 "Not Implemented" not_implemented Permanent rfc!("15.6.2");
    502 "Bad Gateway" bad_gateway Temporary rfc!("15.6.3");
    503 "Service Unavailable" unavailable Temporary rfc!("15.6.4");
    504 "Gateway Timeout" gateway_timeout Temporary rfc!("15.6.5");
    505 "HTTP Version Not Supported" http_version_not_supported Permanent rfc!("15.6.6");
    506 "Variant Also Negotiates" variant_also_negotiates Permanent "https://www.rfc-editor.org/rfc/rfc2295#section-8.1";
    507 "Insufficient Storage" insufficient_storage Temporary "https://www.rfc-editor.org/rfc/rfc4918#section-11.5";
    508 "Loop Detected" loop_detected Permanent "https://www.rfc-editor.org/rfc/rfc5842#section-7.2";
    509 "Bandwidth Limit Exceeded" bandwidth_limit_exceeded Temporary "https://httpd.apache.org/";
    510 "Not Extended" not_extended Permanent "https://www.rfc-editor.org/rfc/rfc2774#section-7";
    511 "Network Authentication Required" network_auth_required Permanent "https://www.rfc-editor.org/rfc/rfc6585#section-6";
    520 "Web Server Returned an Unknown Error" origin_unknown_error Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-520/";
    521 "Web Server Is Down" origin_down Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-521/";
    522 "Connection Timed Out" origin_connect_timeout Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-522/";
    523 "Origin Is Unreachable" origin_unreachable Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-523/";
    524 "A Timeout Occurred" origin_timeout Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-524/";
    525 "SSL Handshake Failed" origin_ssl_handshake_failed Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-525/";
    526 "Invalid SSL Certificate" origin_invalid_certificate Permanent "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-526/";
    527 "Railgun Error" railgun_error Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/";
    530 "Origin DNS Error" origin_dns_error Temporary "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-530/";
    598 "Network Read Timeout Error" network_read_timeout Temporary "https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes";
    599 "Network Connect Timeout Error" network_connect_timeout Temporary "https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes";
}

/// What the table says of `code`, or of its class when the table has no row for it.
/// `None` only for codes outside 100..=599, which have no class.
pub fn info(code: u16) -> Option<StatusInfo> {
    let category = Category::of(code)?;
    let (reason, kind, permanence, known) = match ROWS.iter().find(|r| r.code == code) {
        Some(r) => {
            let (reason, kind) = r.reason_kind.split_once('|').unwrap_or((r.reason_kind, ""));
            (reason, kind, r.permanence, true)
        }
        None => {
            let (reason, kind, permanence) = class_fallback(category);
            (reason, kind, permanence, false)
        }
    };
    // `continue` is a Rust keyword, so the table spells it `continue_`.
    let kind = kind.strip_suffix('_').unwrap_or(kind);
    Some(StatusInfo {
        code,
        reason,
        kind,
        category,
        permanence,
        known,
    })
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

/// Reason, kind and permanence of a class, for codes not in the table.
fn class_fallback(category: Category) -> (&'static str, &'static str, Permanence) {
    match category {
        Category::Informational => ("Informational", "informational", Permanence::None),
        Category::Success => ("Success", "success", Permanence::None),
        Category::Redirection => ("Redirection", "redirection", Permanence::None),
        Category::ClientError => ("Client Error", "client_error", Permanence::Permanent),
        Category::ServerError | Category::Transport => {
            ("Server Error", "server_error", Permanence::Temporary)
        }
    }
}
