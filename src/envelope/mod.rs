//! STUB until the envelope branch lands.
use alloc::string::String;
use alloc::vec::Vec;
pub struct Envelope { pub messages: Vec<String>, pub retry_after_ms: Option<u64> }
pub fn parse_error(_body: &[u8], _status: Option<u16>, _ct: Option<&str>) -> Envelope { Envelope { messages: Vec::new(), retry_after_ms: None } }
