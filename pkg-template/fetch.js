// fetchWithRetry and createFetch: the I/O loop. Every decision (whether to retry, after how
// long, when to stop, the per-origin budget and breaker) is the core's: it is told what
// each attempt produced and answers what to do next (src/api/fetch.rs). The attempt
// history is written here, from those answers.
import { HttpError, NetworkError, TimeoutError, CircuitOpenError } from "./errors.js";
import { EMPTY, invoke, json, fail, isObject, fields, keys, pairs, bytesOf, errorOf } from "./boundary.js";
import { AFTER, END, GATE, PARSE_ERROR, START, TO_CURL } from "./ops.js";
import { randomSeed } from "./calls.js";
import { decoder } from "./glue.js";

/** How much of an error body is read for profile rules and HttpError.envelope. */
const BODY_PREFIX_BYTES = 65536; // 64 KiB
/** The init keys fetch itself reads; they pass through to every attempt (and the core is
 *  not sent them to check). */
const FETCH_KEYS = "body mode credentials cache redirect referrer referrerPolicy integrity keepalive window duplex priority dispatcher cf next agent".split(" ");

/** A fetch with `defaults` under each call's init (headers and retry merged key by key).
 *  Invalid defaults throw here, not on the first call. */
export function createFetch(defaults) {
  // Started (which checks them) and ended at once: [0] is the call's `call`.
  if (defaults != null) start(fields(defaults), defaults, {}, {})[0](END);
  return (input, init) => fetchWithRetry(input, merge(defaults, init));
}

function merge(defaults, init) {
  if (defaults == null) return init;
  if (init == null) return { ...defaults };
  if (typeof init !== "object") return init; // rejected by fetchWithRetry
  const merged = { ...defaults, ...init };
  const d = pairs(defaults.headers, "defaults.headers");
  const i = pairs(init.headers, "init.headers");
  if (Array.isArray(d) && Array.isArray(i) && ![...d, ...i].includes(null)) {
    const byName = new Map(); // the last value of a name wins, whatever its case
    for (const [name, value] of [...d, ...i]) byName.set(String(name).toLowerCase(), [name, value]);
    merged.headers = [...byName.values()];
  }
  if (isObject(defaults.retry) && isObject(init.retry)) merged.retry = { ...defaults.retry, ...init.retry };
  return merged;
}

/** Checks init and starts a call in the core; returns what every attempt needs:
 *  [call, bodyFor, base, fetchFn, onRetry, signal, throws]. */
function start(o, init, url, request) {
  let key = o.idempotencyKey;
  if (key === true) {
    if (typeof globalThis.crypto?.randomUUID !== "function") fail("idempotencyKey: true needs crypto.randomUUID");
    key = globalThis.crypto.randomUUID();
  }
  const fetchFn = o.fetch ?? globalThis.fetch;
  // The options only JavaScript can check.
  if (typeof fetchFn !== "function") {
    fail(o.fetch == null ? "this runtime has no global fetch; pass one as init.fetch" : "fetch must be a function");
  }
  if (o.onRetry != null && typeof o.onRetry !== "function") fail("onRetry must be a function");
  if (o.signal != null && typeof o.signal.aborted !== "boolean") fail("signal must be an AbortSignal");
  const stream = o.body != null && typeof o.body === "object" && (typeof o.body.getReader === "function" || Symbol.asyncIterator in o.body);
  const method = o.method ?? request.method ?? "GET";
  let headers = pairs(o.headers ?? request.headers, "headers");
  // The call's id, then the statuses whose classification reads the response body.
  const [id, ...bodyFor] = invoke(START, json([
    url.origin, keys(init, FETCH_KEYS), method, headers, o.retry, o.profile, o.timeoutMs, o.deadlineMs,
    o.throwHttpErrors, key, stream, Date.now(), randomSeed(),
  ], "init"));
  // The calls about this fetch: its id, then their arguments.
  const call = (number, args = []) => invoke(number, json([id, ...args]));
  // The core has checked the method (a token) and the headers; every attempt sends them,
  // with the key as the Idempotency-Key in place of any the headers hold.
  headers ??= [];
  if (typeof key === "string") headers = [...headers.filter(([name]) => name.toLowerCase() !== "idempotency-key"), ["Idempotency-Key", key]];
  const base = { method: method.toUpperCase(), headers };
  for (const k of FETCH_KEYS) if (o[k] !== undefined) base[k] = o[k];
  // Node and Workers need this for a streamed request body; browsers ignore it.
  if (stream && base.duplex === undefined) base.duplex = "half";
  // The core has checked throwHttpErrors: true, false or absent.
  return [call, bodyFor, base, fetchFn, o.onRetry, o.signal ?? undefined, o.throwHttpErrors === true];
}

/** fetch with the retry policy: same signature, resolves with the final Response. */
export async function fetchWithRetry(input, init) {
  const o = fields(init);
  const isRequest = isObject(input) && typeof input.url === "string" && typeof input.clone === "function";
  const raw = isRequest ? input.url : typeof input === "string" ? input : typeof input?.href === "string" ? input.href : undefined;
  if (raw === undefined) fail("fetchWithRetry takes a URL string, a URL or a Request");
  let url;
  try {
    url = new URL(raw, globalThis.location?.href);
  } catch {
    fail("invalid URL: " + raw.slice(0, 200));
  }
  const [call, bodyFor, base, fetchFn, onRetry, signal, throws] = start(o, init, url, isRequest ? input : {});
  const history = [];
  try {
    const body = o.body;
    for (let n = 1; ; n++) {
      if (signal?.aborted) throw signal.reason;
      // The attempt's timeout (null for none), [retryAt] when the circuit is open, or 0 when
      // the deadline has passed.
      const gate = call(GATE, [Date.now()]);
      if (Array.isArray(gate)) {
        throw new CircuitOpenError("faultline: the circuit for this origin is open after repeated failures",
          { retryAt: gate[0], origin: url.origin, attempts: [] });
      }
      if (gate === 0) {
        throw new TimeoutError("faultline: the deadline passed before the next attempt", { attempts: history });
      }
      // Without a timeout the caller's own signal serves; otherwise a per-attempt one.
      const guard = gate === null ? null : attemptSignal(signal, gate);
      let response, error, failed = false;
      try {
        response = await fetchFn.call(globalThis, isRequest ? input.clone() : input, { ...base, signal: guard ? guard[0] : signal });
      } catch (e) {
        error = e;
        failed = true;
      }
      const timedOut = guard !== null && guard[1]();
      if (signal?.aborted) {
        discard(response); // none when the attempt failed
        throw signal.reason;
      }
      // [error, timedOut] or [, , status, headers, body, cors], after the time.
      let report, headers, e;
      if (failed) {
        report = [e = errorOf(error ?? {}), timedOut];
      } else {
        headers = pairs(response.headers, "response.headers");
        const text = bodyFor.includes(response.status) ? decoder.decode(await readPrefix(response)) : undefined;
        report = [, , response.status, headers, text, response.type === "cors"];
      }
      // [classification, waitMs, waitSource] to retry, [classification, null, null, deadline,
      // why?] to stop (deadline 1 when the stop is for the deadline), or null for an error
      // that is not the network's failure but the caller's (a bad header, say).
      const step = call(AFTER, [Date.now(), ...report]);
      if (!step) throw error;
      let [c, waitMs, waitSource, deadline, why] = step;
      if (waitMs !== null && onRetry) {
        const event = {
          attempt: n, url: url.href, method: base.method, waitMs, waitSource,
          status: c.status, response: failed ? null : response, error: failed ? error : null,
          classification: c,
        };
        if ((await onRetry(event)) === false) {
          waitMs = waitSource = null;
          why = " onRetry returned false.";
        }
      }
      // The error as `Name: message`, well-formed as the core would have written it.
      history.push({
        attempt: n, status: failed ? null : c.status, error: e ? decoder.decode(bytesOf(`${e[0] || "Error"}: ${e[3] ?? ""}`)) : null,
        kind: c.kind, waitMs, waitSource, reason: c.reason + (why ?? ""),
      });
      if (waitMs !== null) {
        discard(response); // none when the attempt failed
        await sleep(waitMs, signal);
        continue;
      }
      // The last attempt.
      if (!failed) {
        if (!throws || c.category === "success") return response;
        // The envelope and the curl command are parseError's and toCurl's, on the start of the
        // body and on what the attempts sent (the request body when it can be reproduced).
        const contentType = headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] || undefined;
        const envelope = invoke(PARSE_ERROR, json([, , c.status, contentType]), await readPrefix(response));
        const readable = bytesOf(body);
        const request = [url.href, , base.method, base.headers, readable !== null || undefined];
        const curl = invoke(TO_CURL, json([request]), readable ?? EMPTY);
        const message = envelope.message == null ? "" : ": " + Array.from(envelope.message).slice(0, 300).join("");
        throw new HttpError(`faultline: HTTP ${c.status}${message}`, { status: c.status, response, classification: c, envelope, attempts: history, curl });
      }
      if (c.kind === "timeout" || deadline) {
        throw new TimeoutError("faultline: the request timed out", { attempts: history, cause: error });
      }
      // One history entry per attempt: n of them.
      throw new NetworkError(`faultline: network failure after ${n} attempt${n === 1 ? "" : "s"}: ${history[n - 1].error}`,
        { cause: error, attempts: history, classification: c });
    }
  } finally {
    call(END);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts; either way the
 *  timer and the listener are gone when it settles. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** At most BODY_PREFIX_BYTES of a clone of the body; the rest is cancelled unread. */
async function readPrefix(response) {
  let body;
  try {
    body = response.clone().body;
  } catch {
    return EMPTY; // already read or locked
  }
  if (!body) return EMPTY;
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  try {
    while (size < BODY_PREFIX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off mid-way: what arrived is what there is.
  } finally {
    reader.cancel().catch(() => {});
  }
  // The chunks joined (a Blob copies them once), cut at the limit.
  return new Uint8Array(await new Blob(chunks).arrayBuffer()).subarray(0, BODY_PREFIX_BYTES);
}

/** [signal, end]: an attempt's signal, which aborts when the caller's does or after
 *  `timeoutMs` with a TimeoutError; end() clears the timer and the listener and says
 *  whether it timed out. */
function attemptSignal(signal, timeoutMs) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer = controller.signal.aborted ? undefined : setTimeout(() => {
    controller.abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  return [controller.signal, () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    return timer !== undefined && controller.signal.aborted && !signal?.aborted; // timed out
  }];
}

/** Cancels a discarded response body so its connection is freed; never throws. */
function discard(response) {
  try {
    if (response?.body && !response.bodyUsed) response.body.cancel().catch(() => {});
  } catch {
    // A locked or already-cancelled body: nothing left to free.
  }
}
