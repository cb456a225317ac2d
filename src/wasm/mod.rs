//! The JavaScript bindings: the only module that knows about wasm-bindgen and js-sys.
//! Each export checks its input, calls the core and hands back plain objects.

mod convert;
mod diagnostics;
mod exports;
mod fetch;
mod js;
