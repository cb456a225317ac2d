//! What classification reads from a response body: its messages and any wait it carries.
//! Both come from one run of the envelope parser, so a rule written against a message
//! matches whether the API sent it as JSON, problem details, XML or plain text.

use alloc::string::String;
use alloc::vec::Vec;

use crate::headers::{ServerWait, WaitSource};

/// A response body as classification sees it.
pub struct BodyFacts {
    /// Every human-readable message, plus the raw text as a last resort.
    pub messages: Vec<String>,
    /// A wait carried in the body itself, such as Google's `RetryInfo.retryDelay`.
    pub wait: Option<ServerWait>,
}

/// Parses `body` once for everything classification asks of it.
pub fn read(body: &str) -> BodyFacts {
    let envelope = crate::envelope::parse_error(body.as_bytes(), None, None);
    let mut messages = envelope.messages;
    messages.push(String::from(body));
    let wait = envelope.retry_after_ms.map(|ms| ServerWait {
        ms,
        source: WaitSource::RetryAfter,
    });
    BodyFacts { messages, wait }
}
