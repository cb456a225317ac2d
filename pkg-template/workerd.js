// Cloudflare Workers: the bundler hands us the wasm as a compiled WebAssembly.Module.
import wasm from "./faultline_bg.wasm";
import start from "./api.js";

start(wasm);

export * from "./api.js";
