//! faultline: decide what to do when an HTTP request fails.
//!
//! The core is `no_std` + `alloc` (turn off the default `std` feature): it reads no clock,
//! no random source and does no I/O. Time and randomness are arguments, so every decision
//! is deterministic and testable natively. The `wasm` feature adds the JavaScript bindings
//! in `src/wasm/`, the only place that knows about JavaScript.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

extern crate alloc;

pub mod api;
pub mod backoff;
pub mod body;
pub mod breaker;
pub mod budget;
pub mod classify;
pub mod curl;
pub mod diagnose;
pub mod envelope;
pub mod guard;
pub mod headers;
pub mod json;
pub mod method;
pub mod policy;
pub mod profiles;
pub mod session;
pub mod status;
pub mod text;

#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
#[doc(hidden)]
pub mod wasm;

pub use classify::{classify, Classification, Context, Outcome, Transport};
pub use status::{Category, Permanence, StatusInfo};

// dlmalloc (std's default on wasm) is about 2.4 KB of the gzipped wasm; this free-list
// allocator is a fraction of that and coalesces freed neighbours.
#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without atomics runs one thread.
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
