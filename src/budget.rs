//! STUB until the timing branch lands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BudgetConfig { pub max_tokens: u32, pub token_ratio: f64 }
impl Default for BudgetConfig { fn default() -> Self { BudgetConfig { max_tokens: 10, token_ratio: 0.1 } } }
