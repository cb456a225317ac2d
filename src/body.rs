//! What classification reads from a response body: its messages and any wait it carries.
//! Both come from the envelope parser, so a rule written against a message matches whether
//! the API sent it as JSON, problem details, XML or plain text.

use alloc::string::String;
use alloc::vec::Vec;

use crate::headers::{ServerWait, WaitSource};

/// Every human-readable message in `body`, plus the raw text as a last resort.
pub fn messages(body: &str) -> Vec<String> {
    let envelope = crate::envelope::parse_error(body.as_bytes(), None, None);
    let mut all = envelope.messages;
    all.push(String::from(body));
    all
}

/// A wait carried in the body itself, such as Google's `RetryInfo.retryDelay`.
pub fn retry_wait(body: &str) -> Option<ServerWait> {
    let ms = crate::envelope::parse_error(body.as_bytes(), None, None).retry_after_ms?;
    Some(ServerWait { ms, source: WaitSource::RetryAfter })
}
