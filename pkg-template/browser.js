// Browsers and bundlers (Vite): fetch and compile the wasm beside this file before the
// importing module runs, with top-level await. The literal `new URL(..., import.meta.url)`
// lets bundlers find the file and copy it into the build.
import start from "./api.js";

await start(new URL("./faultline_bg.wasm", import.meta.url));

export * from "./api.js";
