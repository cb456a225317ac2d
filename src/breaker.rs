//! STUB until the timing branch lands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerConfig { pub failure_threshold: u32, pub cool_down_ms: u64 }
impl Default for BreakerConfig { fn default() -> Self { BreakerConfig { failure_threshold: 5, cool_down_ms: 30_000 } } }
#[derive(Debug)]
pub struct Breaker { cfg: BreakerConfig, failures: u32, open_until: Option<u64> }
impl Breaker {
    pub fn new(cfg: BreakerConfig) -> Breaker { Breaker { cfg, failures: 0, open_until: None } }
    pub fn allow(&mut self, now_ms: u64) -> Result<(), u64> { match self.open_until { Some(t) if now_ms < t => Err(t), _ => Ok(()) } }
    pub fn on_success(&mut self, _now_ms: u64) { self.failures = 0; self.open_until = None; }
    pub fn on_failure(&mut self, now_ms: u64) { self.failures += 1; if self.failures >= self.cfg.failure_threshold { self.open_until = Some(now_ms + self.cfg.cool_down_ms); } }
}
