//! Request methods and their idempotency (RFC 9110 §9.2.2).

use crate::text::before_any;

/// True for the methods RFC 9110 §9.2.2 defines as idempotent. Case-insensitive, since
/// fetch normalises only some method names.
pub fn is_idempotent(method: &str) -> bool {
    crate::text::is_one_of(method, "GET|HEAD|OPTIONS|PUT|DELETE|TRACE")
}

/// The methods retried on 5xx by default: the idempotent ones.
pub const DEFAULT_RETRY_METHODS: [&str; 6] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"];

/// The punctuation a token may hold besides ASCII letters and digits.
pub(crate) const TOKEN_PUNCTUATION: &str = "!#$%&'*+-.^_`|~";

/// True when `name` is a valid HTTP token (RFC 9110 §5.6.2), as a method or header name must be.
pub fn is_token(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // `b` is punctuation when the list stops short at it.
        let punctuation = before_any(TOKEN_PUNCTUATION, &[b]).len() < TOKEN_PUNCTUATION.len();
        if !b.is_ascii_alphanumeric() && !punctuation {
            return false;
        }
        i += 1;
    }
    i > 0
}
