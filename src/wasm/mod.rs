//! The JavaScript bindings: the only module that knows about wasm-bindgen and js-sys.
//! Each export checks its input, calls the core and hands back plain objects.

mod convert;
pub mod diagnostics;
pub mod exports;
pub mod fetch;
mod js;
