// The public surface shared by every entry point. Each entry (node.js, workerd.js,
// browser.js) starts the wasm module its own way and re-exports this file, so
// `import { classify } from "faultline"` needs no init call.
export { classify, retryAfterMs, backoffSchedule, parseError, diagnose, toCurl, circuitState, resetCircuits, exportCircuits, importCircuits } from "./calls.js";
export { fetchWithRetry, createFetch } from "./fetch.js";
export { HttpError, NetworkError, TimeoutError, CircuitOpenError, isHttpError, isNetworkError, isTimeoutError, isCircuitOpenError } from "./errors.js";
// Not public: `export *` in the entries leaves it out; each entry starts the wasm with it.
export { default } from "./glue.js";
