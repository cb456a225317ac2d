// The error classes fetchWithRetry throws, and guards that recognise them across realms.

class FaultlineError extends Error {
  constructor(message, fields) {
    super(message, fields && "cause" in fields ? { cause: fields.cause } : undefined);
    for (const [key, value] of Object.entries(fields || {})) {
      if (key !== "cause") Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/** A final HTTP error status, with `throwHttpErrors: true`. */
export class HttpError extends FaultlineError {
  get name() { return "HttpError"; }
}
/** No response after the last attempt; `cause` is the runtime's error. */
export class NetworkError extends FaultlineError {
  get name() { return "NetworkError"; }
}
/** The per-attempt timeout or the deadline ran out. */
export class TimeoutError extends FaultlineError {
  get name() { return "TimeoutError"; }
}
/** The origin's circuit is open; `retryAt` says when a probe will be let through. */
export class CircuitOpenError extends FaultlineError {
  get name() { return "CircuitOpenError"; }
}

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
