// The JavaScript half of the bindings: error classes and small I/O helpers.
// Everything that decides lives in Rust; this file only does what JS does more plainly.

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

const classes = { HttpError, NetworkError, TimeoutError, CircuitOpenError };

export function makeError(kind, message, fields) {
  return new classes[kind](message, fields);
}

export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(() => { if (signal) signal.removeEventListener("abort", onAbort); resolve(); }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function readPrefix(response, limit) {
  const body = response.clone().body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function attemptSignal(signal, timeoutMs) {
  const controller = new AbortController();
  let timer;
  const onAbort = () => controller.abort(signal.reason);
  if (signal) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", onAbort, { once: true });
  }
  if (timeoutMs >= 0 && !controller.signal.aborted) {
    timer = setTimeout(() => {
      controller.abort(new DOMException("The attempt timed out after " + timeoutMs + " ms", "TimeoutError"));
    }, timeoutMs);
  }
  return {
    signal: controller.signal,
    timedOut: () => timer !== undefined && controller.signal.aborted && !(signal && signal.aborted),
    dispose: () => { clearTimeout(timer); if (signal) signal.removeEventListener("abort", onAbort); },
  };
}

export function discard(response) {
  try {
    if (response && response.body && !response.bodyUsed) response.body.cancel().catch(() => {});
  } catch {
    // A locked or already-cancelled body: nothing left to free.
  }
}

export async function callAsync(f, arg) {
  return await f(arg);
}
