//! STUB until the timing branch lands.
pub const MAX_WAIT_MS: u64 = 2_147_483_647;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitSource { RetryAfter, RateLimit }
impl WaitSource { pub const fn as_str(self) -> &'static str { match self { WaitSource::RetryAfter => "retry-after", WaitSource::RateLimit => "rate-limit" } } }
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerWait { pub ms: u64, pub source: WaitSource }
pub fn server_wait(headers: &[(&str, &str)], _now_ms: u64) -> Option<ServerWait> {
    let v = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("retry-after"))?.1;
    let s: u64 = v.trim().parse().ok()?;
    Some(ServerWait { ms: s.saturating_mul(1000).min(MAX_WAIT_MS), source: WaitSource::RetryAfter })
}
pub fn retry_after_ms(headers: &[(&str, &str)], now_ms: u64) -> Option<u64> { server_wait(headers, now_ms).map(|w| w.ms) }
