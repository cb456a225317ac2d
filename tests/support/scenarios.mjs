// Retry scenarios against the fault-injection server, written once and run in Node,
// headless Chromium and workerd. No runtime-specific API: only fetch, AbortController,
// setTimeout and the faultline package passed in.
//
// runScenarios({ faultline, base, runtime, only }) -> [{ name, ok, ms, error? }]

const quick = { baseDelayMs: 20, maxDelayMs: 200, jitter: "none", budget: false, circuitBreaker: false };

function check(cond, message, detail) {
  if (!cond) throw new Error(message + (detail === undefined ? "" : ": " + JSON.stringify(detail)));
}

let counter = 0;
async function scenario(base, steps) {
  const id = `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const r = await fetch(`${base}/__script/${id}`, { method: "POST", body: JSON.stringify(steps) });
  check(r.status === 204, "could not script the server", r.status);
  return {
    url: `${base}/s/${id}`,
    log: async () => (await fetch(`${base}/__log/${id}`)).json(),
  };
}

const rejection = (p) => p.then((v) => { throw new Error("expected a rejection, got " + v); }, (e) => e);

export const scenarios = {
  async "retries 503 twice then returns the 200 with its body unread"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 503 }, { status: 200, body: "finally" }]);
    const res = await f.fetchWithRetry(s.url, { retry: quick });
    check(res.status === 200, "final status", res.status);
    check(!res.bodyUsed, "body left unread");
    check((await res.text()) === "finally", "final body readable");
    check((await s.log()).length === 3, "three requests reached the server");
  },

  async "never re-sends a POST after a 500 and says it may have been applied"({ f, base }) {
    const s = await scenario(base, [{ status: 500, headers: { "content-type": "application/json" }, body: '{"message":"boom"}' }, { status: 200 }]);
    const e = await rejection(f.fetchWithRetry(s.url, { method: "POST", body: "{}", retry: quick, throwHttpErrors: true }));
    check(f.isHttpError(e) && e instanceof f.HttpError && e.name === "HttpError", "an HttpError", e && e.name);
    check(e.status === 500 && e.classification.permanence === "ambiguous", "ambiguous 500", e.classification);
    check(e.classification.action === "verify_before_retry", "verify before retry");
    check(e.envelope.message === "boom", "envelope message", e.envelope);
    check(e.attempts.length === 1 && e.attempts[0].status === 500, "one attempt", e.attempts);
    check(typeof e.curl === "string" && e.curl.startsWith("curl ") && e.curl.includes(s.url) && e.curl.includes("--data"), "curl", e.curl);
    check(e.response.status === 500, "response attached");
    check((await s.log()).length === 1, "exactly one POST reached the server");
  },

  async "never re-sends a POST after a 504 either"({ f, base }) {
    const s = await scenario(base, [{ status: 504 }, { status: 200 }]);
    const res = await f.fetchWithRetry(s.url, { method: "POST", body: "x", retry: quick });
    check(res.status === 504, "resolves with the 504", res.status);
    check((await s.log()).length === 1, "one POST");
  },

  async "sends the same Idempotency-Key on every attempt and then retries a POST"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 500 }, { status: 201, body: "made" }]);
    const res = await f.fetchWithRetry(s.url, { method: "POST", body: "{}", idempotencyKey: true, retry: quick });
    check(res.status === 201, "created", res.status);
    const keys = (await s.log()).map((r) => r.headers["idempotency-key"]);
    check(keys.length === 3 && keys[0] && keys.every((k) => k === keys[0]), "same key", keys);
  },

  async "honours Retry-After in seconds"({ f, base }) {
    const s = await scenario(base, [{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const events = [];
    const t0 = Date.now();
    const res = await f.fetchWithRetry(s.url, { method: "POST", body: "x", retry: quick, onRetry: (e) => { events.push(e); } });
    const took = Date.now() - t0;
    check(res.status === 200, "POST retried on 429", res.status);
    check(events.length === 1 && events[0].waitMs === 1000 && events[0].waitSource === "retry-after", "wait from Retry-After", events.map((e) => [e.waitMs, e.waitSource]));
    check(took >= 950, "waited about a second", took);
    const log = await s.log();
    check(log[1].at - log[0].at >= 950, "server saw the gap", log[1].at - log[0].at);
  },

  async "honours Retry-After as an HTTP-date"({ f, base }) {
    const s = await scenario(base, [{ status: 503, dateIn: 2 }, { status: 200 }]);
    const events = [];
    await f.fetchWithRetry(s.url, { retry: quick, onRetry: (e) => { events.push(e); } });
    check(events.length === 1 && events[0].waitSource === "retry-after", "source", events[0] && events[0].waitSource);
    // The date has one-second resolution: the wait is between 1 and 2 s.
    check(events[0].waitMs > 900 && events[0].waitMs <= 2000, "wait from the date", events[0].waitMs);
  },

  async "honours X-RateLimit-Reset as a rate-limit wait"({ f, base }) {
    const s = await scenario(base, [{ status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" } }, { status: 200 }]);
    const res = await f.fetchWithRetry(s.url, { retry: quick, onRetry: () => {} });
    check(res.status === 200, "retried");
    const log = await s.log();
    check(log.length === 2 && log[1].at - log[0].at >= 950, "waited for the reset", log.length > 1 && log[1].at - log[0].at);
  },

  async "backs off on the schedule when the server names no wait"({ f, base }) {
    const s = await scenario(base, [{ status: 502 }, { status: 502 }, { status: 502 }, { status: 200 }]);
    const waits = [];
    await f.fetchWithRetry(s.url, { retry: { ...quick, baseDelayMs: 100, maxDelayMs: 1000 }, onRetry: (e) => { waits.push([e.waitMs, e.waitSource]); } });
    check(JSON.stringify(waits) === JSON.stringify([[100, "backoff"], [200, "backoff"], [400, "backoff"]]), "100, 200, 400 ms", waits);
    const log = await s.log();
    const gaps = log.slice(1).map((r, i) => r.at - log[i].at);
    check(gaps[0] >= 90 && gaps[1] >= 190 && gaps[2] >= 390, "server saw the gaps", gaps);
  },

  async "retries a connection reset"({ f, base }) {
    const s = await scenario(base, [{ reset: true }, { status: 200, body: "ok" }]);
    const res = await f.fetchWithRetry(s.url, { retry: quick });
    check(res.status === 200 && (await res.text()) === "ok", "recovered");
  },

  async "gives a NetworkError with the runtime's error as cause after the last reset"({ f, base }) {
    const s = await scenario(base, [{ reset: true }]);
    const e = await rejection(f.fetchWithRetry(s.url, { retry: { ...quick, maxAttempts: 2 } }));
    check(f.isNetworkError(e) && e instanceof Error && e.name === "NetworkError", "NetworkError", e && e.name + ": " + e.message);
    check(e.cause instanceof Error || (e.cause && typeof e.cause.message === "string"), "cause", String(e.cause));
    check(e.attempts.length === 2 && e.attempts[0].waitSource === "backoff", "history", e.attempts);
  },

  async "times out a stalled attempt and then gives a TimeoutError"({ f, base }) {
    const s = await scenario(base, [{ stall: "headers" }]);
    const t0 = Date.now();
    const e = await rejection(f.fetchWithRetry(s.url, { timeoutMs: 150, retry: { ...quick, maxAttempts: 2 } }));
    check(f.isTimeoutError(e) && e.name === "TimeoutError", "TimeoutError", e && e.name + ": " + e.message);
    check(e.attempts.length === 2 && e.attempts.every((a) => a.kind === "timeout"), "two timed-out attempts", e.attempts);
    check(Date.now() - t0 < 3000, "prompt", Date.now() - t0);
    check((await s.log()).length === 2, "two requests");
  },

  async "a stall mid-body is the caller's to read; the response itself arrives"({ f, base }) {
    const s = await scenario(base, [{ stall: "body", status: 200 }]);
    const ctl = new AbortController();
    const res = await f.fetchWithRetry(s.url, { retry: quick, signal: ctl.signal });
    check(res.status === 200, "headers arrived");
    ctl.abort();
  },

  async "an abort during a long wait rejects at once with the signal's reason"({ f, base }) {
    const s = await scenario(base, [{ status: 503, headers: { "retry-after": "30" } }, { status: 200 }]);
    const ctl = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => ctl.abort(reason), 200);
    const t0 = Date.now();
    const e = await rejection(f.fetchWithRetry(s.url, { signal: ctl.signal, retry: quick }));
    check(e === reason, "rejects with the signal's reason", String(e));
    check(Date.now() - t0 < 1500, "promptly", Date.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
    check((await s.log()).length === 1, "no further attempt");
  },

  async "an already-aborted signal sends nothing"({ f, base }) {
    const s = await scenario(base, [{ status: 200 }]);
    const ctl = new AbortController();
    ctl.abort();
    const e = await rejection(f.fetchWithRetry(s.url, { signal: ctl.signal }));
    check(e && e.name === "AbortError", "AbortError", e && e.name);
    check((await s.log()).length === 0, "nothing sent");
  },

  async "the deadline bounds attempts and waits together"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }]);
    const t0 = Date.now();
    const res = await f.fetchWithRetry(s.url, { deadlineMs: 1000, retry: { ...quick, baseDelayMs: 300, maxDelayMs: 300, maxAttempts: 20 } });
    const took = Date.now() - t0;
    check(res.status === 503, "ends with the last response", res.status);
    check(took < 1300, "within the deadline", took);
    const n = (await s.log()).length;
    check(n >= 2 && n <= 4, "a few attempts, not twenty", n);
  },

  async "the deadline cuts a stalled attempt short with a TimeoutError"({ f, base }) {
    const s = await scenario(base, [{ stall: "headers" }]);
    const t0 = Date.now();
    const e = await rejection(f.fetchWithRetry(s.url, { deadlineMs: 400, retry: quick }));
    check(e && e.name === "TimeoutError", "TimeoutError", e && e.name);
    check(Date.now() - t0 < 1200, "at the deadline", Date.now() - t0);
  },

  async "replays string and byte bodies on every attempt"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    await f.fetchWithRetry(s.url, { method: "PUT", body: new TextEncoder().encode("bytes!"), retry: quick });
    const log = await s.log();
    check(log.length === 2 && log.every((r) => r.body === "bytes!"), "same body twice", log.map((r) => r.body));
  },

  async "replays Blob, FormData and URLSearchParams bodies"({ f, base }) {
    const form = new FormData();
    form.append("name", "faultline");
    for (const [body, expect] of [[new Blob(["blob body"]), "blob body"], [form, "faultline"], [new URLSearchParams({ q: "a b" }), "q=a+b"]]) {
      const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
      await f.fetchWithRetry(s.url, { method: "PUT", body, retry: quick });
      const log = await s.log();
      check(log.length === 2 && log[0].body.length === log[1].body.length && log.every((r) => r.body.includes(expect)), "same body twice (a multipart boundary may differ)", log.map((r) => r.body));
    }
  },

  async "clones a Request input for each attempt"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const req = new Request(s.url, { method: "PUT", body: "from a Request", headers: { "x-test": "1" } });
    const res = await f.fetchWithRetry(req, { retry: quick });
    check(res.status === 200, "retried");
    const log = await s.log();
    check(log.length === 2 && log.every((r) => r.body === "from a Request" && r.headers["x-test"] === "1"), "same request twice", log.map((r) => r.body));
  },

  async "onRetry returning false stops"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const res = await f.fetchWithRetry(s.url, { retry: quick, onRetry: async () => false });
    check(res.status === 503, "stopped at the first answer");
    check((await s.log()).length === 1, "one request");
  },

  async "an onRetry that throws rejects the call with its error and stops"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const boom = new Error("hook failed");
    const e = await rejection(f.fetchWithRetry(s.url, { retry: quick, onRetry: () => { throw boom; } }));
    check(e === boom, "the hook's error", String(e));
    check((await s.log()).length === 1, "no second attempt");
  },

  async "reads a truncated JSON error body into an invalid_json envelope"({ f, base }) {
    const s = await scenario(base, [{ truncatedJson: true, status: 400 }]);
    const e = await rejection(f.fetchWithRetry(s.url, { retry: quick, throwHttpErrors: true }));
    check(e.status === 400 && e.envelope.format === "invalid_json", "invalid_json", e.envelope);
    check(e.envelope.message === "Invalid value for field email", "recovered message", e.envelope.message);
    check(e.classification.action === "fix_request" && e.attempts.length === 1, "not retried");
  },

  async "a 10 MB HTML error page gives a short message and is read only in part"({ f, base }) {
    const s = await scenario(base, [{ html: 10_000_000, status: 502 }]);
    const e = await rejection(f.fetchWithRetry(s.url, { retry: { ...quick, maxAttempts: 2 }, throwHttpErrors: true }));
    check(e.status === 502 && e.envelope.format === "html" && e.envelope.message === "502 Bad Gateway", "title", e.envelope);
    check(e.attempts.length === 2, "retried once", e.attempts.length);
  },

  async "falls back to backoff when CORS hides Retry-After, and says why"({ f, base }) {
    const s = await scenario(base, [{ status: 503, headers: { "retry-after": "1" }, noExpose: true }, { status: 200 }]);
    const events = [];
    const res = await f.fetchWithRetry(s.url, { retry: quick, onRetry: (e) => { events.push(e); } });
    check(res.status === 200 && events.length === 1, "retried");
    if (events[0].response.type === "cors") {
      check(events[0].waitSource === "backoff" && events[0].waitMs === 20, "backoff, not the hidden header", [events[0].waitSource, events[0].waitMs]);
      check(events[0].classification.reason.includes("Access-Control-Expose-Headers"), "reason names the header", events[0].classification.reason);
    } else {
      check(events[0].waitSource === "retry-after" && events[0].waitMs === 1000, "no CORS here: the header is seen", [events[0].waitSource, events[0].waitMs]);
    }
  },

  async "cancels the body of a discarded attempt"({ f, base }) {
    const s = await scenario(base, [{ html: 1_000_000, dripMs: 5, status: 503 }, { status: 200 }]);
    const res = await f.fetchWithRetry(s.url, { retry: quick });
    check(res.status === 200, "retried");
    await new Promise((r) => setTimeout(r, 200));
    const log = await s.log();
    check(log[0].completed === false, "the slow 1 MB error page was not read to the end", log[0].completed);
  },

  async "retry: false makes a single attempt"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const res = await f.fetchWithRetry(s.url, { retry: false });
    check(res.status === 503 && (await s.log()).length === 1, "one attempt");
  },

  async "createFetch merges defaults under each call"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const api = f.createFetch({ headers: { "x-app": "demo", "x-over": "default" }, retry: quick });
    const res = await api(s.url, { headers: { "x-over": "call" } });
    check(res.status === 200, "retried with the default policy");
    const log = await s.log();
    check(log.length === 2 && log[0].headers["x-app"] === "demo" && log[0].headers["x-over"] === "call", "headers merged", log[0].headers);
  },

  async "invalid options reject with a TypeError naming the option"({ f, base }) {
    const cases = [
      [{ retry: { maxAttempts: 0 } }, "retry.maxAttempts"],
      [{ retry: { baseDelayMs: -1 } }, "retry.baseDelayMs"],
      [{ retry: { jitter: "wild" } }, "retry.jitter"],
      [{ timeoutMs: "soon" }, "timeoutMs"],
      [{ retries: 3 }, "init.retries"],
      [{ idempotencyKey: 42 }, "idempotencyKey"],
      [{ onRetry: "no" }, "onRetry"],
    ];
    for (const [init, field] of cases) {
      const e = await rejection(f.fetchWithRetry(base + "/s/none", init));
      check(e instanceof TypeError && e.message.includes(field), `TypeError naming ${field}`, e && e.message);
    }
  },

  async "the circuit opens after five consecutive failures and half-opens after the cool-down"({ f, base, altBase }) {
    const s = await scenario(altBase, [{ status: 503 }]);
    const policy = { ...quick, maxAttempts: 1, circuitBreaker: { failureThreshold: 5, coolDownMs: 400 } };
    for (let i = 0; i < 5; i++) await f.fetchWithRetry(s.url, { retry: policy });
    const e = await rejection(f.fetchWithRetry(s.url, { retry: policy }));
    check(f.isCircuitOpenError(e) && e.name === "CircuitOpenError" && e.retryAt > Date.now(), "fails fast", e && e.name);
    check((await s.log()).length === 5, "the sixth call sent nothing");
    await new Promise((r) => setTimeout(r, 450));
    const probe = await f.fetchWithRetry(s.url, { retry: policy });
    check(probe.status === 503 && (await s.log()).length === 6, "one probe let through after the cool-down");
    f.resetCircuits();
  },

  async "the retry budget limits retries under a sustained outage"({ f, base, altBase }) {
    f.resetCircuits();
    const s = await scenario(altBase, [{ status: 503 }]);
    const policy = { ...quick, baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 6, circuitBreaker: false, budget: { maxTokens: 10, tokenRatio: 0.1 } };
    const calls = 10;
    for (let i = 0; i < calls; i++) await f.fetchWithRetry(s.url, { retry: policy });
    const sent = (await s.log()).length;
    // Without a budget: 60 requests. With it, retries stop once half the tokens are gone.
    check(sent <= calls + 6, "retries bounded", sent);
    check(sent > calls, "some retries happened first", sent);
    f.resetCircuits();
  },
};

export const streamScenarios = {
  async "a ReadableStream body is sent once and never retried"({ f, base }) {
    const s = await scenario(base, [{ status: 503 }, { status: 200 }]);
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("streamed")); c.close(); } });
    const e = await rejection(f.fetchWithRetry(s.url, { method: "PUT", body, duplex: "half", retry: quick, throwHttpErrors: true }));
    check(e.status === 503 && e.attempts.length === 1, "one attempt", e.attempts);
    check(e.attempts[0].reason.includes("stream"), "reason says why", e.attempts[0].reason);
    const log = await s.log();
    check(log.length === 1 && log[0].body === "streamed", "sent once", log);
  },
};

export async function runScenarios({ faultline, base, altBase, only, withStreams = true }) {
  const all = { ...scenarios, ...(withStreams ? streamScenarios : {}) };
  const results = [];
  for (const [name, run] of Object.entries(all)) {
    if (only && !only.includes(name)) continue;
    const t0 = Date.now();
    try {
      await run({ f: faultline, base, altBase: altBase || base });
      results.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - t0, error: String((e && e.stack) || e) });
    }
  }
  return results;
}
