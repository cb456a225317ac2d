//! STUB until the timing branch lands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerConfig { pub failure_threshold: u32, pub cool_down_ms: u64 }
impl Default for BreakerConfig { fn default() -> Self { BreakerConfig { failure_threshold: 5, cool_down_ms: 30_000 } } }
