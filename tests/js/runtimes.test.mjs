// The packed package, installed like a user installs it, in each place it must run:
// Node (bare `import "faultline"`), a plain browser page and a Vite build in headless
// Chromium, and a Worker in workerd through miniflare. The retry scenarios run in each
// against the same fault-injection server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";
import { build, createServer } from "vite";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { startFaultServer } from "../support/fault-server.mjs";
import { installConsumer } from "../support/consumer.mjs";
import { startStaticServer } from "../../scripts/static-server.mjs";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

let consumer, faults, browser;
before(async () => {
  consumer = installConsumer();
  faults = await startFaultServer();
});
after(async () => {
  await browser?.close();
  await faults?.close();
});

const alt = () => faults.base.replace("127.0.0.1", "localhost");

function assertScenarios(results, where) {
  assert.ok(results.length >= 20, `${where}: scenarios ran (${results.length})`);
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], `${where}: every scenario passes`);
}

test("the tarball holds what package.json lists, and no init call is needed in Node", () => {
  for (const file of ["node.js", "browser.js", "workerd.js", "api.js", "faultline_bg.wasm", "index.d.ts", "README.md", "package.json"]) {
    assert.ok(consumer.files.includes(file), file);
  }
  const script = `import { classify, fetchWithRetry, HttpError, isHttpError } from "faultline";
    const c = classify(503, { method: "POST" });
    console.log(JSON.stringify({ kind: c.kind, retryable: c.retryable, fetch: typeof fetchWithRetry, error: new HttpError("x", { status: 1 }) instanceof Error, guard: isHttpError(new HttpError("x", { status: 1 })) }));`;
  const out = execFileSync("node", ["--input-type=module", "-e", script], { cwd: consumer.dir, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { kind: "unavailable", retryable: false, fetch: "function", error: true, guard: true });
});

async function openPage(url) {
  browser ??= await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-done='1']", { timeout: 120_000 });
  const shown = await page.textContent("#classify");
  const results = await page.evaluate(() => window.__results);
  await page.close();
  return { shown, results, errors };
}

/** Opens the test page served at `site` and checks what it shows and every scenario it ran. */
async function checkPage(site, where) {
  const { shown, results, errors } = await openPage(`${site}/?base=${encodeURIComponent(faults.base)}&alt=${encodeURIComponent(alt())}`);
  assert.deepEqual(errors, []);
  assert.equal(shown, "503 unavailable verify_before_retry");
  assertScenarios(results, where);
}

test("a plain browser page: <script type=module> with an import map, no bundler", async () => {
  const site = await startStaticServer({ "/faultline/": join(consumer.dir, "node_modules/faultline"), "/": join(consumer.dir, "browser") });
  try {
    await checkPage(site.base, "plain page");
  } finally {
    await site.close();
  }
});

test("a Vite build: the app imports faultline and the wasm lands in the bundle", async () => {
  const root = join(consumer.dir, "vite");
  await build({ root, logLevel: "warn", build: { outDir: join(root, "dist"), emptyOutDir: true } });
  const assets = execFileSync("ls", [join(root, "dist/assets")], { encoding: "utf8" });
  assert.match(assets, /\.wasm/, "the wasm is emitted as an asset");
  const site = await startStaticServer({ "/": join(root, "dist") });
  try {
    await checkPage(site.base, "vite");
  } finally {
    await site.close();
  }
});

test("the Vite dev server (dependency pre-bundling included) serves the same app", async () => {
  const server = await createServer({ root: join(consumer.dir, "vite"), logLevel: "warn", server: { host: "127.0.0.1", port: 0 } });
  await server.listen();
  try {
    await checkPage(`http://127.0.0.1:${server.httpServer.address().port}`, "vite dev");
  } finally {
    await server.close();
  }
});

test("a Cloudflare Worker in workerd: bundled like wrangler does, wasm kept as a module", async () => {
  const outdir = mkdtempSync(join(tmpdir(), "faultline-worker-"));
  await esbuild.build({
    entryPoints: [join(consumer.dir, "worker/worker.mjs")],
    bundle: true,
    format: "esm",
    outdir,
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    logLevel: "warning",
  });
  const wasm = readFileSync(join(consumer.dir, "node_modules/faultline/faultline_bg.wasm"));
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: join(outdir, "worker.js"), contents: readFileSync(join(outdir, "worker.js"), "utf8") },
      { type: "CompiledWasm", path: join(outdir, "faultline_bg.wasm"), contents: wasm },
    ],
    modulesRoot: outdir,
    compatibilityDate: "2025-01-01",
  });
  try {
    const c = await (await mf.dispatchFetch("http://worker/classify?status=504&method=POST")).json();
    assert.equal(c.kind, "gateway_timeout");
    assert.equal(c.permanence, "ambiguous");
    const bad = await mf.dispatchFetch("http://worker/classify?status=1000");
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).name, "TypeError");
    const res = await mf.dispatchFetch(`http://worker/scenarios?base=${encodeURIComponent(faults.base)}&alt=${encodeURIComponent(alt())}`);
    assertScenarios(await res.json(), "workerd");
  } finally {
    await mf.dispose();
  }
});

test("the playground (what `make dev` serves) classifies statuses in Chromium", async () => {
  const site = await startStaticServer({ "/pkg/": "pkg", "/": "www" });
  browser ??= await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(site.base + "/");
    await page.waitForFunction(() => document.querySelector("#c-out").textContent.includes("verify_before_retry"));
    await page.fill("#c-status", "429");
    await page.waitForFunction(() => document.querySelector("#c-out").textContent.includes("wait_and_retry"));
    assert.match(await page.textContent("#c-out"), /"retryAfterMs": 30000/);
    await page.fill("#c-status", "1000");
    await page.waitForFunction(() => document.querySelector("#c-out").textContent.includes("TypeError"));
    assert.match(await page.textContent("#p-out"), /"email"/);
    assert.match(await page.textContent("#d-out"), /misspelled_auth_header[\s\S]*curl /);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await site.close();
  }
});
