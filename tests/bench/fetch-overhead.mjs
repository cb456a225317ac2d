// What faultline costs on the happy path, measured against plain fetch and ky in one run
// on the same local server, so the machine's noise hits all three alike. Ratios matter,
// not absolute times. Run: `make bench` (or `node tests/bench/fetch-overhead.mjs [n]`).
import { createServer } from "node:http";
import ky from "ky";
import { fetchWithRetry, classify, parseError, retryAfterMs } from "../../pkg/node.js";

const n = Number(process.argv[2] || 2000);
const server = createServer((req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;

async function time(name, fn) {
  for (let i = 0; i < 200; i++) await fn(); // warm up connections and JIT
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return { name, usPerCall: ((performance.now() - t0) * 1000) / n };
}

const rounds = [];
for (let round = 0; round < 3; round++) {
  rounds.push([
    await time("fetch", async () => (await fetch(url)).json()),
    await time("faultline fetchWithRetry", async () => (await fetchWithRetry(url)).json()),
    await time("ky", async () => ky.get(url, { retry: 2 }).json()),
  ]);
}
server.close();

// The median of three rounds for each contender.
const median = (xs) => xs.sort((a, b) => a - b)[1];
const rows = rounds[0].map((r, i) => ({ name: r.name, us: median(rounds.map((round) => round[i].usPerCall)) }));
const base = rows[0].us;
console.log(`HTTP GET on 127.0.0.1, ${n} sequential requests x 3 rounds (median), Node ${process.version}`);
for (const r of rows) console.log(`  ${r.name.padEnd(26)} ${r.us.toFixed(0).padStart(6)} µs/request   ${(r.us / base).toFixed(2)}x fetch`);

function ops(name, fn, count = 20000) {
  for (let i = 0; i < 1000; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) fn();
  const us = ((performance.now() - t0) * 1000) / count;
  console.log(`  ${name.padEnd(44)} ${us.toFixed(2).padStart(7)} µs/call`);
}
console.log("Pure calls across the wasm boundary:");
ops("classify(503, { method: 'POST' })", () => classify(503, { method: "POST" }));
ops("retryAfterMs({ 'retry-after': date })", () => retryAfterMs({ "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }));
ops("parseError(problem+json body)", () => parseError('{"type":"about:blank","title":"Bad","status":400,"detail":"Email taken","errors":{"email":["taken"]}}'));
