//! STUB until the timing branch lands.
use alloc::vec::Vec;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter { None, Full, Equal, Decorrelated }
impl Jitter {
    pub const fn as_str(self) -> &'static str { match self { Jitter::None => "none", Jitter::Full => "full", Jitter::Equal => "equal", Jitter::Decorrelated => "decorrelated" } }
    pub fn parse(s: &str) -> Option<Jitter> { [Jitter::None, Jitter::Full, Jitter::Equal, Jitter::Decorrelated].into_iter().find(|j| j.as_str() == s) }
}
pub const DEFAULT_JITTER: Jitter = Jitter::Full;
pub struct Rng(oorandom::Rand64);
impl Rng { pub fn new(seed: u64) -> Rng { Rng(oorandom::Rand64::new(u128::from(seed))) } pub fn below(&mut self, n: u64) -> u64 { if n == 0 { 0 } else { self.0.rand_range(0..n) } } }
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff { pub base_delay_ms: u64, pub factor: f64, pub max_delay_ms: u64, pub jitter: Jitter }
impl Backoff {
    pub fn ceiling_ms(&self, retry: u32) -> u64 { let mut d = self.base_delay_ms as f64; for _ in 1..retry { d *= self.factor; if d >= self.max_delay_ms as f64 { break; } } if d >= self.max_delay_ms as f64 { self.max_delay_ms } else { d as u64 } }
    pub fn delay_ms(&self, retry: u32, _prev_ms: u64, rng: &mut Rng) -> u64 { let c = self.ceiling_ms(retry); match self.jitter { Jitter::None => c, _ => rng.below(c + 1) } }
    pub fn schedule(&self, retries: u32, seed: u64) -> Vec<u64> { let mut rng = Rng::new(seed); (1..=retries).map(|r| self.delay_ms(r, 0, &mut rng)).collect() }
}
