// The error classes fetchWithRetry throws, and guards that recognise them across realms.
import { isObject } from "./boundary.js";

class FaultlineError extends Error {
  constructor(message, fields) {
    super(message, fields && "cause" in fields ? fields : undefined);
    for (const [key, value] of Object.entries(fields || {})) {
      if (key !== "cause") Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/** An error class named `name`, and a guard that recognises its errors. Guards check `name`
 *  and a field too, so errors made in another realm (an iframe, a worker, a second copy of
 *  the package) are recognised. */
function kind(name, field) {
  const cls = class extends FaultlineError {
    get name() { return name; }
  };
  return [cls, (e) => e instanceof cls || (isObject(e) && e.name === name && field in e)];
}

/** HttpError: a final HTTP error status, with `throwHttpErrors: true`. */
export const [HttpError, isHttpError] = kind("HttpError", "status");
/** NetworkError: no response after the last attempt; `cause` is the runtime's error. */
export const [NetworkError, isNetworkError] = kind("NetworkError", "attempts");
/** TimeoutError: the per-attempt timeout or the deadline ran out (the guard is false for a
 *  DOMException TimeoutError, which has no `attempts`). */
export const [TimeoutError, isTimeoutError] = kind("TimeoutError", "attempts");
/** CircuitOpenError: the origin's circuit is open; `retryAt` says when a probe will be let
 *  through. */
export const [CircuitOpenError, isCircuitOpenError] = kind("CircuitOpenError", "retryAt");
