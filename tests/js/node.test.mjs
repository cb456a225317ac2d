// The package in Node: every export against pkg/, and the retry scenarios against the
// fault-injection server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as f from "../../pkg/node.js";
import { startFaultServer } from "../support/fault-server.mjs";
import { scenarios, streamScenarios } from "../support/scenarios.mjs";

const METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "POST", "PATCH"];

test("classify: every status 100-599 gives the contract's shape", () => {
  const categories = ["informational", "success", "redirection", "client_error", "server_error"];
  for (let status = 100; status <= 599; status++) {
    const c = f.classify(status);
    assert.equal(c.status, status);
    assert.equal(c.category, categories[Math.floor(status / 100) - 1]);
    assert.match(c.kind, /^[a-z_]+$/);
    assert.ok(["none", "permanent", "temporary", "ambiguous"].includes(c.permanence));
    assert.equal(typeof c.retryable, "boolean");
    assert.ok(c.reason.length > 20 && c.advice.length > 10, `${status} explains itself`);
    assert.equal(c.retryAfterMs, null);
  }
});

test("classify: the default policy, status x method", () => {
  for (const method of METHODS) {
    const idempotent = !["POST", "PATCH"].includes(method);
    for (let status = 400; status <= 499; status++) {
      assert.equal(f.classify(status, { method }).retryable, status === 429, `${method} ${status}`);
    }
    for (const status of [500, 502, 503, 504]) {
      const c = f.classify(status, { method });
      assert.equal(c.retryable, idempotent, `${method} ${status}`);
      const keyed = f.classify(status, { method, idempotencyKey: true });
      assert.equal(keyed.retryable, true, `${method} ${status} with a key`);
    }
    assert.equal(f.classify(500, { method }).permanence, idempotent ? "temporary" : "ambiguous");
    assert.equal(f.classify(504, { method }).action, idempotent ? "retry_with_backoff" : "verify_before_retry");
    for (const status of [501, 505]) assert.equal(f.classify(status, { method }).permanence, "permanent");
  }
  const actions = { 200: "carry_on", 304: "use_cache", 400: "fix_request", 401: "reauthenticate", 403: "check_permissions", 404: "verify_id", 409: "reconcile", 422: "fix_fields", 429: "wait_and_retry" };
  for (const [status, action] of Object.entries(actions)) assert.equal(f.classify(Number(status)).action, action, status);
});

test("classify: a Response, with Retry-After", () => {
  const res = new Response("", { status: 429, headers: { "Retry-After": "7" } });
  const c = f.classify(res, { method: "POST" });
  assert.equal(c.kind, "rate_limited");
  assert.equal(c.retryable, true);
  assert.equal(c.retryAfterMs, 7000);
  assert.equal(c.action, "wait_and_retry");
});

test("classify: transport failures as each runtime words them", () => {
  const cause = (code) => Object.assign(new Error("connect " + code), { code });
  const cases = [
    [new TypeError("Failed to fetch"), "network_error"],
    [new TypeError("NetworkError when attempting to fetch resource."), "network_error"],
    [new TypeError("Load failed"), "network_error"],
    [new TypeError("fetch failed", { cause: cause("ECONNREFUSED") }), "network_error", "never left"],
    [new TypeError("fetch failed", { cause: cause("ENOTFOUND") }), "network_error", "never left"],
    [new TypeError("fetch failed", { cause: cause("ECONNRESET") }), "network_error"],
    [new Error("Network connection lost."), null],
    [new DOMException("timed out", "TimeoutError"), "timeout"],
    [new DOMException("aborted", "AbortError"), "aborted"],
  ];
  for (const [error, kind, says] of cases) {
    if (kind === null) continue;
    const c = f.classify(error, { method: "POST" });
    assert.equal(c.status, 0);
    assert.equal(c.category, "transport");
    assert.equal(c.kind, kind, error.message);
    assert.equal(c.retryable, kind !== "aborted", error.message);
    if (says) assert.match(c.reason, new RegExp(says));
  }
  assert.throws(() => f.classify(new RangeError("not from fetch")), TypeError);
});

test("classify: bad input gives a TypeError that says what is wrong", () => {
  for (const bad of [0, 99, 600, 1000, -1, NaN, Infinity, 3.5, "404", null, undefined, {}, [], true, Symbol("x")]) {
    assert.throws(() => f.classify(bad), (e) => e instanceof TypeError && /faultline/.test(e.message), String(bad?.toString?.() ?? bad));
  }
  assert.throws(() => f.classify(500, { methd: "GET" }), /context\.methd/);
  assert.throws(() => f.classify(500, { method: "GE T" }), /method/);
  assert.throws(() => f.classify(500, { profile: "nope" }), /profile/);
  assert.throws(() => f.classify(500, { headers: 42 }), /headers/);
  assert.throws(() => f.classify(500, { now: -5 }), /now/);
});

test("classify: the jira profile", () => {
  const body = { errorMessages: [], errors: { project: "The value 'SECRET' does not exist for the field 'project'." } };
  const c = f.classify(400, { profile: "jira", body });
  assert.equal(c.action, "reauthenticate");
  assert.equal(c.retryable, false);
  assert.equal(f.classify(400, { profile: "jira", body: { errors: { summary: "required" } } }).action, "fix_request");
  assert.match(f.classify(401, { profile: "jira" }).advice, /API token[\s\S]*personal access token/);
  assert.match(f.classify(503, { profile: "jira" }).advice, /nodes/);
  assert.match(f.classify(504, { profile: "jira" }).advice, /may still complete/);
  assert.match(f.classify(500, { profile: "jira", method: "POST" }).advice, /partly applied/);
});

test("classify: the jumpcloud profile", () => {
  const c = f.classify(403, { profile: "jumpcloud", body: { message: "Your IP has been blocked" } });
  assert.equal(c.kind, "ip_blocked");
  assert.equal(c.action, "contact_support");
  assert.equal(c.retryable, false);
  assert.equal(f.classify(403, { profile: "jumpcloud", body: { message: "no role" } }).kind, "forbidden");
  assert.match(f.classify(401, { profile: "jumpcloud" }).advice, /rotat/);
  assert.equal(f.classify(402, { profile: "jumpcloud" }).permanence, "permanent");
  assert.match(f.classify(429, { profile: "jumpcloud" }).advice, /a minute or more/);
});

test("classify: a custom profile object, validated", () => {
  const profile = { name: "acme", statuses: { 404: { retryable: true, action: "retry_with_backoff", advice: "Replication lag: retry." } } };
  const c = f.classify(404, { profile });
  assert.equal(c.retryable, true);
  assert.equal(c.advice, "Replication lag: retry.");
  assert.throws(() => f.classify(404, { profile: { statuses: { 404: { action: "dance" } } } }), /action/);
  assert.throws(() => f.classify(404, { profile: { colour: "red" } }), /profile\.colour/);
  assert.throws(() => f.classify(404, { profile: { extends: "acme" } }), /profile\.extends/);
});

test("classify: a 403 that reveals a secondary rate limit", () => {
  const c = f.classify(403, { body: { message: "You have exceeded a secondary rate limit." } });
  assert.equal(c.kind, "rate_limited");
  assert.equal(c.retryable, true);
});

test("retryAfterMs reads every header form and refuses nonsense", () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  const rows = [
    [{ "Retry-After": "120" }, 120000],
    [{ "Retry-After": "Thu, 01 Jan 2026 00:00:30 GMT" }, 30000],
    [{ "Retry-After": "Thursday, 01-Jan-26 00:00:30 GMT" }, 30000],
    [{ "Retry-After": "Thu Jan  1 00:00:30 2026" }, 30000],
    [{ "Retry-After": "2, 3" }, 3000],
    [{ RateLimit: '"default";r=0;t=10' }, 10000],
    [{ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(now / 1000 + 60) }, 60000],
    [{ "X-RateLimit-Reset-After": "1.5" }, 1500],
    [{ "Retry-After": "-1" }, null],
    [{ "Retry-After": "1e3" }, null],
    [{ "Retry-After": "0x10" }, null],
    [{ "Retry-After": "soon" }, null],
    [{}, null],
    [{ "Retry-After": "99999999999999999999" }, null],
    [{ "Retry-After": "9999999999" }, 2147483647],
  ];
  for (const [headers, want] of rows) assert.equal(f.retryAfterMs(headers, { now }), want, JSON.stringify(headers));
  assert.equal(f.retryAfterMs(new Headers({ "retry-after": "3" })), 3000);
  assert.equal(f.retryAfterMs([["Retry-After", "4"]]), 4000);
  assert.equal(f.retryAfterMs(new Response(null, { headers: { "retry-after": "5" } })), 5000);
  assert.throws(() => f.retryAfterMs(42), TypeError);
  assert.throws(() => f.retryAfterMs({}, { now: "yesterday" }), /now/);
});

test("backoffSchedule: the default and jittered schedules", () => {
  assert.deepEqual(f.backoffSchedule({ jitter: "none" }), [500, 1000, 2000, 4000, 8000]);
  assert.deepEqual(f.backoffSchedule({ jitter: "none", maxAttempts: 9 }), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.deepEqual(f.backoffSchedule({ jitter: "full", seed: 42 }), f.backoffSchedule({ jitter: "full", seed: 42 }));
  // The same seed gives the same schedule natively (tests/backoff.rs pins these numbers).
  assert.deepEqual(f.backoffSchedule({ jitter: "full", seed: 42 }), [57, 447, 1659, 636, 2205]);
  for (const jitter of ["full", "equal", "decorrelated"]) {
    for (const d of f.backoffSchedule({ jitter })) assert.ok(d >= 0 && d <= 30000, `${jitter} ${d}`);
  }
  assert.deepEqual(f.backoffSchedule({ maxAttempts: 1 }), []);
  for (const [policy, field] of [[{ maxAttempts: 0 }, "maxAttempts"], [{ baseDelayMs: NaN }, "baseDelayMs"], [{ factor: 0.5 }, "factor"], [{ jitter: "x" }, "jitter"], [{ maxDelayMs: -1 }, "maxDelayMs"], [{ speed: 1 }, "retry.speed"]]) {
    assert.throws(() => f.backoffSchedule(policy), (e) => e instanceof TypeError && e.message.includes(field), field);
  }
});

test("parseError never throws and recognises shapes", () => {
  for (const body of [null, undefined, "", "   ", "{", "[1,2", new Uint8Array([0xff, 0xfe, 0]), new ArrayBuffer(4), 42, true, [], {}, { __proto__: null }, "<html><title>Oops</title></html>"]) {
    const e = f.parseError(body);
    assert.equal(typeof e.format, "string");
    assert.ok(Array.isArray(e.messages));
    assert.equal(typeof e.fieldErrors, "object");
  }
  const problem = f.parseError({ type: "about:blank", title: "Bad", status: 400, detail: "Email is taken", errors: { email: ["taken"] } });
  assert.equal(problem.format, "problem+json");
  assert.equal(problem.message, "Email is taken");
  assert.deepEqual(problem.fieldErrors.email, ["taken"]);
  const proto = f.parseError('{"error":"bad","errors":{"__proto__":["polluted"]}}');
  assert.deepEqual(Object.getOwnPropertyDescriptor(proto.fieldErrors, "__proto__").value, ["polluted"]);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.getPrototypeOf(proto.fieldErrors), Object.prototype);
});

test("diagnose and toCurl", () => {
  const findings = f.diagnose({ url: "https://user:pw@api.example.com/x", method: "POST", headers: { Autorization: "Bearer abc" }, body: "{\"a\":1" });
  const codes = findings.map((x) => x.code);
  for (const code of ["misspelled_auth_header", "credentials_in_url", "missing_content_type"]) assert.ok(codes.includes(code), code);
  for (const x of findings) assert.ok(x.message.length > 10 && ["error", "warning", "info"].includes(x.severity));
  assert.deepEqual(f.diagnose({ url: "https://api.example.com/x", method: "GET", headers: { Authorization: "Bearer abc.def" } }), []);
  const curl = f.toCurl({ url: "https://api.example.com/x?access_token=s3cret", method: "PUT", headers: { Authorization: "Bearer s3cret" }, body: "it's" });
  assert.ok(!curl.includes("s3cret"), curl);
  assert.ok(f.toCurl({ url: "https://api.example.com/x", headers: { Authorization: "Bearer s3cret" } }, { redact: false }).includes("s3cret"));
  assert.throws(() => f.toCurl({ url: "https://x", body: {} }), /body/);
  assert.throws(() => f.toCurl(5), TypeError);
});

test("errors are real Error subclasses with guards that work across realms", () => {
  for (const [Cls, guard] of [[f.HttpError, f.isHttpError], [f.NetworkError, f.isNetworkError], [f.TimeoutError, f.isTimeoutError], [f.CircuitOpenError, f.isCircuitOpenError]]) {
    assert.ok(Cls.prototype instanceof Error);
    assert.equal(guard(new Error("x")), false);
    assert.equal(guard(null), false);
  }
  const foreign = { name: "HttpError", status: 500, message: "from another realm" };
  assert.equal(f.isHttpError(foreign), true);
});

let server;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server.close();
});

for (const [name, run] of Object.entries({ ...scenarios, ...streamScenarios })) {
  test(`fetchWithRetry (node): ${name}`, async () => {
    const alt = server.base.replace("127.0.0.1", "localhost");
    await run({ f, base: server.base, altBase: alt });
  });
}

test("no unhandled rejection, and nothing keeps Node alive after the last call", async () => {
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const pkg = fileURLToPath(new URL("../../pkg/node.js", import.meta.url));
  server.script("exit", [{ status: 503 }, { stall: "headers" }, { reset: true }, { status: 200 }]);
  const script = `
    import { fetchWithRetry } from ${JSON.stringify(pkg)};
    const url = ${JSON.stringify(server.url("exit"))};
    const ctl = new AbortController();
    const res = await fetchWithRetry(url, { timeoutMs: 300, signal: ctl.signal, retry: { baseDelayMs: 10, jitter: "none", budget: false, circuitBreaker: false } });
    await res.text();
    await fetchWithRetry(url, { signal: AbortSignal.abort() }).catch(() => {});
    console.log("done " + res.status + " " + Date.now());`;
  const child = spawn(process.execPath, ["--unhandled-rejections=strict", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  const exitedAt = Date.now();
  assert.equal(code, 0, err);
  const [, status, doneAt] = out.trim().split(" ");
  assert.equal(status, "200");
  assert.ok(exitedAt - Number(doneAt) < 2000, `exited ${exitedAt - Number(doneAt)} ms after the last call`);
});

test("circuit state can be exported and restored (to share between Workers isolates)", async () => {
  f.resetCircuits();
  server.script("circuit", [{ status: 503 }]);
  const origin = server.base;
  const retry = { maxAttempts: 1, budget: false, circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } };
  for (let i = 0; i < 2; i++) await f.fetchWithRetry(server.url("circuit"), { retry });
  assert.equal(f.circuitState(origin).state, "open");
  const saved = f.exportCircuits();
  f.resetCircuits();
  assert.equal(f.circuitState(origin), null);
  assert.equal(f.importCircuits(saved), 1);
  assert.equal(f.circuitState(origin).state, "open");
  await assert.rejects(f.fetchWithRetry(server.url("circuit"), { retry }), (e) => f.isCircuitOpenError(e) && e.retryAt > Date.now());
  assert.throws(() => f.importCircuits("not json"), TypeError);
  f.resetCircuits();
});
