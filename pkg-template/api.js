// The public surface shared by every entry point: the wasm exports, the error classes and
// their guards. Each entry (node.js, workerd.js, browser.js) starts the module its own way
// and re-exports this file, so `import { classify } from "faultline"` needs no init call.
export { classify, retryAfterMs, backoffSchedule, parseError, diagnose, toCurl, fetchWithRetry, createFetch, circuitState, resetCircuits, exportCircuits, importCircuits } from "./faultline.js";
import { HttpError, NetworkError, TimeoutError, CircuitOpenError } from "__HELPERS__";
export { HttpError, NetworkError, TimeoutError, CircuitOpenError };

// Guards check `name` too, so errors made in another realm (an iframe, a worker, a second
// copy of the package) are recognised.
const guard = (cls, name, field) => (e) =>
  e instanceof cls || (e != null && typeof e === "object" && e.name === name && field in e);

/** True for an HttpError from any copy of faultline. */
export const isHttpError = guard(HttpError, "HttpError", "status");
/** True for a NetworkError from any copy of faultline. */
export const isNetworkError = guard(NetworkError, "NetworkError", "attempts");
/** True for a TimeoutError from faultline (not a DOMException TimeoutError). */
export const isTimeoutError = guard(TimeoutError, "TimeoutError", "attempts");
/** True for a CircuitOpenError from any copy of faultline. */
export const isCircuitOpenError = guard(CircuitOpenError, "CircuitOpenError", "retryAt");
