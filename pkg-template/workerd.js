// Cloudflare Workers: the bundler hands us the wasm as a compiled WebAssembly.Module.
import wasm from "./faultline_bg.wasm";
import { initSync } from "./faultline.js";

initSync(wasm);

export * from "./api.js";
