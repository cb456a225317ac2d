//! Backoff delays, the four jitter kinds, and a small seedable generator.
//!
//! Jitter follows Marc Brooker's "Exponential Backoff and Jitter" (AWS Architecture Blog,
//! 2015, <https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/>).
//! Everything is integer milliseconds; the only float is `factor`, and it is only ever
//! multiplied, so a schedule is the same on every platform for the same seed.

use crate::headers::MAX_WAIT_MS;
use crate::text::nth;
use alloc::vec::Vec;

/// How a delay is spread below its ceiling, so that clients that failed together do not
/// retry together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// The ceiling itself: `min(max, base · factor^(n−1))`. Synchronised clients stay
    /// synchronised; for tests and for servers that ask for exact spacing.
    None,
    /// Uniform in `[0, ceiling]`.
    Full,
    /// `ceiling/2 + uniform[0, ceiling/2]`: never less than half the ceiling.
    Equal,
    /// `min(max, uniform[base, previous · 3])`: grows from the previous delay, not from
    /// the retry number.
    Decorrelated,
}

/// The contract's names of the jitter kinds, in declaration order.
const JITTERS: &str = "none|full|equal|decorrelated";

/// Full jitter. In the AWS study it did the least total work of the kinds compared, with
/// completion time as good as decorrelated and far better than none or equal; it is also
/// what the AWS SDKs' standard retry mode uses, and the simplest to reason about.
pub const DEFAULT_JITTER: Jitter = Jitter::Full;

impl Jitter {
    /// The contract's name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth(JITTERS, self as usize)
    }

    /// The jitter named `s` (ASCII case-insensitive, surrounding whitespace ignored).
    pub fn parse(s: &str) -> Option<Jitter> {
        let i = crate::text::index_in(s.trim_ascii(), JITTERS)?;
        [
            Jitter::None,
            Jitter::Full,
            Jitter::Equal,
            Jitter::Decorrelated,
        ]
        .get(i)
        .copied()
    }
}

/// A small seedable generator (PCG32 via `oorandom::Rand32`): the same seed gives the same
/// numbers natively and in wasm, so a seeded schedule can be tested and reproduced.
#[derive(Clone, Debug)]
pub struct Rng(oorandom::Rand32);

impl Rng {
    /// A generator for `seed`.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn new(seed: u64) -> Rng {
        Rng(oorandom::Rand32::new(seed))
    }

    /// Uniform in `0..n` (unbiased, by rejection); 0 when `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        if let Ok(small) = u32::try_from(n) {
            return u64::from(self.0.rand_range(0..small));
        }
        // Wider than 32 bits: two draws make a u64; reject the top partial zone.
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = (u64::from(self.0.rand_u32()) << 32) | u64::from(self.0.rand_u32());
            if x < zone {
                return x % n;
            }
        }
    }

    /// Uniform in `lo..=hi`; `lo` when `hi <= lo`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo.saturating_add(self.below((hi - lo).saturating_add(1)))
    }
}

/// The longest schedule [`Backoff::schedule`] builds, so that a hostile retry count cannot
/// exhaust memory (a policy's `maxAttempts` is far below it).
pub const MAX_SCHEDULE_LEN: u32 = 10_000;

/// The shape of the delays between attempts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// The first delay's ceiling, ms.
    pub base_delay_ms: u64,
    /// Growth per retry. Validated ≥ 1 elsewhere; here a NaN or a value below 1 is read as 1.
    pub factor: f64,
    /// The cap on every delay, ms (itself capped at [`MAX_WAIT_MS`]).
    pub max_delay_ms: u64,
    /// How each delay is spread below its ceiling.
    pub jitter: Jitter,
}

impl Backoff {
    /// The un-jittered delay before retry `retry` (1-based; 0 is read as 1):
    /// `min(max, base · factor^(retry−1))`, saturating, never above [`MAX_WAIT_MS`].
    pub fn ceiling_ms(&self, retry: u32) -> u64 {
        let max = self.cap();
        let base = self.base_delay_ms.min(max);
        if base == 0 {
            return 0;
        }
        // factor^(retry-1) by squaring: at most 64 multiplications for any retry number,
        // and exact IEEE products, so the same on every platform.
        let factor = if self.factor >= 1.0 { self.factor } else { 1.0 };
        let mut exp = retry.saturating_sub(1);
        let mut pow = 1.0f64;
        let mut sq = factor;
        while exp > 0 {
            if exp & 1 == 1 {
                pow *= sq;
            }
            sq *= sq;
            exp >>= 1;
        }
        let delay = base as f64 * pow;
        if delay >= max as f64 {
            max
        } else {
            // Finite and in 0..max here (base > 0 and pow ≥ 1, so never NaN); `as`
            // truncates toward zero.
            (delay as u64).min(max)
        }
    }

    /// The delay before retry `retry` (1-based), given the previous delay `prev_ms` (used by
    /// decorrelated jitter; 0 for the first retry) and drawing from `rng`.
    /// Always in `0..=min(max_delay_ms, MAX_WAIT_MS)`.
    pub fn delay_ms(&self, retry: u32, prev_ms: u64, rng: &mut Rng) -> u64 {
        let max = self.cap();
        // Each kind draws from a range (none from a single value: no draw).
        let ceiling = self.ceiling_ms(retry);
        let (lo, hi) = match self.jitter {
            Jitter::None => (ceiling, ceiling),
            Jitter::Full => (0, ceiling),
            Jitter::Equal => (ceiling / 2, ceiling),
            Jitter::Decorrelated => {
                let base = self.base_delay_ms.min(max);
                let prev = if prev_ms == 0 { base } else { prev_ms };
                // `prev · 3`, saturating: u64::MAX is a multiple of 3, so capping first
                // gives the same result without `saturating_mul`'s 128-bit helper.
                (base, prev.min(u64::MAX / 3) * 3)
            }
        };
        rng.between(lo, hi).min(max)
    }

    /// The delays before retries `1..=retries` (at most [`MAX_SCHEDULE_LEN`]), drawn from a
    /// generator seeded with `seed`: the same seed gives the same schedule everywhere.
    #[inline(always)] // a call would pass the result through a frame of its own
    pub fn schedule(&self, retries: u32, seed: u64) -> Vec<u64> {
        let n = retries.min(MAX_SCHEDULE_LEN);
        let mut rng = Rng::new(seed);
        let mut out = Vec::new();
        let mut prev = 0;
        while (out.len() as u32) < n {
            prev = self.delay_ms(out.len() as u32 + 1, prev, &mut rng);
            out.push(prev);
        }
        out
    }

    fn cap(&self) -> u64 {
        self.max_delay_ms.min(MAX_WAIT_MS)
    }
}
