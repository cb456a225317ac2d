//! STUB until the timing branch lands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BudgetConfig { pub max_tokens: u32, pub token_ratio: f64 }
impl Default for BudgetConfig { fn default() -> Self { BudgetConfig { max_tokens: 10, token_ratio: 0.1 } } }
#[derive(Debug)]
pub struct Budget { cfg: BudgetConfig, milli: i64 }
impl Budget {
    pub fn new(cfg: BudgetConfig) -> Budget { Budget { cfg, milli: i64::from(cfg.max_tokens) * 1000 } }
    pub fn try_spend(&mut self, _now_ms: u64) -> bool { self.milli > i64::from(self.cfg.max_tokens) * 500 }
    pub fn on_failure(&mut self, _now_ms: u64) { self.milli = (self.milli - 1000).max(0); }
    pub fn on_success(&mut self, _now_ms: u64) { self.milli = (self.milli + (self.cfg.token_ratio * 1000.0) as i64).min(i64::from(self.cfg.max_tokens) * 1000); }
}
