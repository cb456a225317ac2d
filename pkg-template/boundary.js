// Crossing into the wasm core: arguments become plain JSON (header pairs, texts, numbers),
// answers come back as JSON text, or the message of the TypeError to throw ("faultline: …").
// Every check of a value lives in the core; this file only flattens what JSON cannot carry.
import { encoder, invokeText } from "./glue.js";

export { EMPTY, invokeText } from "./glue.js";
const tag = (v) => Object.prototype.toString.call(v);

/** Throws the TypeError "faultline: " + `message`. */
export const fail = (message) => {
  throw new TypeError("faultline: " + message);
};

/** JSON text for the core. Non-finite numbers and BigInts go as their text and functions as
 *  "[function]", so the core can say what is wrong with them instead of seeing null. */
export function json(value, what) {
  try {
    return JSON.stringify(value, (_, v) =>
      typeof v === "function" ? "[function]"
        : typeof v === "bigint" || (typeof v === "number" && !Number.isFinite(v)) ? String(v)
          : v);
  } catch {
    fail(`${what} must be JSON-serialisable (no cycles)`);
  }
}

/** Runs a core call: its answer parsed. */
export const invoke = (number, text, bytes) => JSON.parse(invokeText(number, text, bytes));

/** True for an object (not null). */
export const isObject = (v) => v !== null && typeof v === "object";

/** An options argument's fields: `{}` for anything that is not an object. */
export const fields = (o) => (isObject(o) ? o : {});

/** An options argument's own keys but those in `known` (checked here), so the core can name
 *  an unknown one: undefined when absent, 0 when it is not an object at all. */
export const keys = (o, known = []) => (o == null ? undefined : isObject(o) && !Array.isArray(o) ? Object.keys(o).filter((k) => !known.includes(k)) : 0);

/** A clock option: a Date becomes its time; absent means now. */
export const clock = (now) => (tag(now) === "[object Date]" ? now.getTime() : now ?? Date.now());

/** Headers, an array of pairs, a Map or a plain object as [[name, value], …]; numbers are
 *  written as JS writes them. Anything else goes as it is, for the core to reject. */
export function pairs(headers, what) {
  if (!isObject(headers)) return headers ?? undefined;
  let entries;
  try {
    entries = Symbol.iterator in headers ? Array.from(headers) : Object.entries(headers);
  } catch {
    fail(`${what} could not be iterated`);
  }
  return entries.map((e) => (Array.isArray(e) ? [e[0], typeof e[1] === "number" ? String(e[1]) : e[1]] : null));
}

/** A body's bytes when it is text, bytes or URLSearchParams; null for anything else. */
export function bytesOf(body) {
  if (typeof body === "string") return encoder.encode(body);
  if (tag(body) === "[object ArrayBuffer]") return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (tag(body) === "[object URLSearchParams]") return encoder.encode(String(body));
  return null;
}

/** What the core reads of an error thrown by fetch, `[name, text, code, message]`: its name,
 *  its message with undici's cause's after it (text), the cause's code, and the message. */
export function errorOf(e) {
  const text = (v) => (typeof v === "string" ? v : undefined);
  const message = text(e.message), cause = text(e.cause?.message), name = text(e.name);
  return [name, cause ? `${message ?? ""} (${cause})` : message, text(e.cause?.code), message];
}
