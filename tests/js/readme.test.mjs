// The README's examples run as tests: every ```js block under "## API" is run against the
// built package, with https://api.example.com pointed at a local server, and every line
// ending in `// => value` is checked. The policy table and the size figure must match
// what the code and the build say.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { startFaultServer } from "../support/fault-server.mjs";
import { policyTable } from "../../scripts/policy-table.mjs";
import { section } from "../../scripts/update-readme.mjs";

const readme = readFileSync("README.md", "utf8");
const api = readme.slice(readme.indexOf("\n## API"), readme.indexOf("\n## The policy"));
const blocks = [...api.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

// The example API: the paths the README's fetch examples call.
async function exampleApi(req, res, url) {
  const json = (status, body, type = "application/json") => res.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
  if (url.pathname === "/items") return json(200, [{ id: 1 }]), true;
  if (url.pathname === "/missing") return json(404, { type: "about:blank", title: "Not Found", status: 404, detail: "No item with id 42" }, "application/problem+json"), true;
  if (url.pathname === "/orders" && req.method === "POST") return json(201, { id: 7 }), true;
  return false;
}

let server;
before(async () => {
  server = await startFaultServer({ extra: exampleApi });
});
after(() => server.close());

function toModule(code) {
  const pkg = pathToFileURL(resolve("pkg/node.js")).href;
  const lines = code.replaceAll('"faultline"', JSON.stringify(pkg)).replaceAll("https://api.example.com", server.base).split("\n");
  const body = lines.map((line) => {
    const m = /^(\s*)(.+?);\s*\/\/ => (.+)$/.exec(line);
    return m ? `${m[1]}__assert.deepStrictEqual(${m[2]}, ${m[3]}, ${JSON.stringify(m[2])});` : line;
  });
  return `import __assert from "node:assert/strict";\n${body.join("\n")}\n`;
}

test("the README has runnable examples", () => {
  assert.ok(blocks.length >= 7, `${blocks.length} blocks`);
  assert.ok(blocks.join("").split("// =>").length > 30, "and many checked lines");
});

const dir = mkdtempSync(join(tmpdir(), "faultline-readme-"));
blocks.forEach((code, i) => {
  const title = code.split("\n").find((l) => l.includes("import {"))?.match(/\{([^}]*)\}/)?.[1].trim() ?? "";
  test(`README example ${i + 1} (${title})`, async () => {
    const file = join(dir, `example-${i + 1}.mjs`);
    writeFileSync(file, toModule(code));
    await import(pathToFileURL(file).href);
  });
});

test("the README's policy table is the one the code produces", () => {
  assert.equal(section(readme, "policy-table"), policyTable());
});

test("the README's size figure is the one the build measured", () => {
  const size = JSON.parse(readFileSync("pkg/.size.json", "utf8"));
  const measured = `${(size.totalGzip / 1024).toFixed(1)} KB`;
  if (size.toolchain === "stable") {
    // No nightly here: the stable fallback is documented as about 9 KB bigger.
    const figure = Number(/\*\*([\d.]+) KB\*\*/.exec(section(readme, "size"))[1]) * 1024;
    assert.ok(size.totalGzip >= figure && size.totalGzip <= figure + 12 * 1024, `stable build measured ${measured}`);
  } else {
    assert.ok(section(readme, "size").includes(measured), `measured ${measured}: run \`node scripts/update-readme.mjs\` after \`make pkg\``);
  }
});
