// The pure functions of the contract: classify, retryAfterMs, backoffSchedule, parseError,
// diagnose, toCurl, and the per-origin circuit state.
import { EMPTY, invoke, invokeText, json, fail, isObject, fields, keys, clock, pairs, bytesOf, errorOf } from "./boundary.js";
import { BACKOFF_SCHEDULE, CLASSIFY, DIAGNOSE, EXPORT_CIRCUITS, IMPORT_CIRCUITS, PARSE_ERROR, RESET_CIRCUITS, RETRY_AFTER_MS, TO_CURL } from "./ops.js";

/** The most of an error body parseError reads; one byte more tells the core it was cut. */
const BODY_LIMIT = 65537; // 64 KiB + 1

/** A seed for jitter when the policy gives none (the core reads no random source). */
export const randomSeed = () => Math.floor(Math.random() * 2 ** 53);

/** What a status, a Response or an error thrown by fetch means, and what to do about it. */
export function classify(subject, context) {
  const c = fields(context);
  const body = c.body == null || typeof c.body === "string" ? c.body : json(c.body, "context.body");
  return invoke(CLASSIFY, json([
    // The subject: [, status], [, status, headers, 1] for a Response, [error], or null.
    typeof subject === "number" ? [, subject]
      : !isObject(subject) ? null
        : typeof subject.status === "number" && subject.headers != null
          ? [, subject.status, pairs(subject.headers, "response.headers"), 1] : [errorOf(subject)],
    keys(context), c.method, body, pairs(c.headers, "context.headers"),
    c.profile, c.retry, c.idempotencyKey, clock(c.now),
  ], "context"));
}

/** The wait a server asked for, in ms, or null. */
export function retryAfterMs(headers, options) {
  // A Response (or anything carrying headers) is read through its headers.
  const source = isObject(headers) && !Array.isArray(headers) && headers.headers != null
    ? headers.headers : headers;
  return invoke(RETRY_AFTER_MS, json([pairs(source, "headers"), keys(options), clock(fields(options).now)], "options"));
}

/** The backoff delays in ms before retry 1, 2, …. */
export function backoffSchedule(policy) {
  return invoke(BACKOFF_SCHEDULE, json([policy, randomSeed()], "policy"));
}

/** The error envelope of a response body: text, bytes, parsed JSON or null. Never throws
 *  on a bad body. */
export function parseError(body, options) {
  const o = fields(options);
  let bytes = body == null ? EMPTY : bytesOf(typeof body === "string" ? body.slice(0, BODY_LIMIT) : body);
  const parsed = bytes === null;
  if (parsed) {
    try {
      bytes = bytesOf(JSON.stringify(body) ?? "");
    } catch {
      bytes = EMPTY; // a cycle or a BigInt: nothing readable
    }
  }
  return invoke(PARSE_ERROR, json([parsed, keys(options), o.status, o.contentType], "options"), bytes.subarray(0, BODY_LIMIT));
}

/** A request as the core reads it, `[url, keys, method, headers, body]`, and its body's bytes. */
function requestOf(r) {
  let out = null, bytes;
  if (typeof r === "string") out = [r];
  else if (isObject(r)) {
    out = [typeof r.url === "string" ? r.url : r.url?.href, , r.method, pairs(r.headers, "request.headers")];
    // A Request's body is a stream that cannot be read synchronously: it is left out.
    if (typeof r.clone !== "function") {
      out[1] = Object.keys(r);
      if (r.body != null) out[4] = (bytes = bytesOf(r.body)) !== null || "unreadable";
    }
  }
  return [out, bytes ?? EMPTY];
}

/** Findings about a request that is likely to be refused. */
export function diagnose(request, options) {
  const [req, bytes] = requestOf(request);
  const o = fields(options);
  return invoke(DIAGNOSE, json([req, keys(options), o.profile, o.needsAuth], "options"), bytes);
}

/** A curl command that reproduces a request; secrets are `***` unless `redact: false`. */
export function toCurl(request, options) {
  const [req, bytes] = requestOf(request);
  return invoke(TO_CURL, json([req, keys(options), fields(options).redact], "options"), bytes);
}

/** The breaker and budget of an origin such as "https://api.example.com", or null before
 *  any call to it: `{ state, failures, budgetTokens }`. */
export function circuitState(origin) {
  if (typeof origin !== "string") fail('circuitState takes an origin such as "https://api.example.com"');
  // Read from exportCircuits(): an open breaker whose cool-down is over lets a probe
  // through (half-open); an origin without a breaker counts as closed.
  const all = JSON.parse(exportCircuits()), g = Object.hasOwn(all, origin) && all[origin], b = g.breaker;
  return g ? {
    state: b ? (b.state === "open" && Date.now() >= b.until_ms ? "half_open" : b.state) : "closed",
    failures: b?.failures ?? 0, budgetTokens: g.budget ? g.budget.milli_tokens / 1000 : null,
  } : null;
}

/** Every origin's budget and breaker as JSON text, to share between Workers isolates. */
export const exportCircuits = () => invokeText(EXPORT_CIRCUITS, "");

/** Restores state from exportCircuits(); returns how many origins were restored. */
export function importCircuits(state) {
  // The core answers null for text that is not what exportCircuits returned.
  const restored = typeof state === "string" ? invoke(IMPORT_CIRCUITS, state) : null;
  if (restored === null) fail("importCircuits takes the JSON text exportCircuits returned");
  return restored;
}

/** Forgets every origin's budget and breaker (for tests, or after a deploy). */
export function resetCircuits() {
  invoke(RESET_CIRCUITS, "");
}
