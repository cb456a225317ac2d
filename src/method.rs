//! Request methods and their idempotency (RFC 9110 §9.2.2).

/// True for the methods RFC 9110 §9.2.2 defines as idempotent. Case-insensitive, since
/// fetch normalises only some method names.
pub fn is_idempotent(method: &str) -> bool {
    crate::text::is_one_of(method, "GET|HEAD|OPTIONS|PUT|DELETE|TRACE")
}

/// The methods retried on 5xx by default: the idempotent ones.
pub const DEFAULT_RETRY_METHODS: [&str; 6] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"];

/// True when `name` is a valid HTTP token (RFC 9110 §5.6.2), as a method or header name must be.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
