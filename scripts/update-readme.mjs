// Rewrites the generated parts of README.md: the policy table (from the code), the size
// figure (from pkg/.size.json, written by `make pkg`) and, with --bench, the benchmark
// output. Run after `make pkg`: `node scripts/update-readme.mjs [--bench]`.
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

export function section(text, name) {
  const start = `<!-- ${name}:start -->\n`, end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start), b = text.indexOf(end);
  return a < 0 || b < 0 ? null : text.slice(a + start.length, b).trim();
}

function replace(text, name, content) {
  const start = `<!-- ${name}:start -->\n`, end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`README has no ${name} markers`);
  return text.slice(0, a + start.length) + content.trim() + "\n" + text.slice(b);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { policyTable } = await import("./policy-table.mjs");
  let readme = readFileSync("README.md", "utf8");
  readme = replace(readme, "policy-table", policyTable());
  const s = JSON.parse(readFileSync("pkg/.size.json", "utf8"));
  const kb = (n) => (n / 1024).toFixed(1) + " KB"; // 1 KB = 1024 bytes
  readme = replace(readme, "size", [
    "| what | gzipped |",
    "|---|---|",
    `| \`faultline_bg.wasm\` | ${kb(s.wasmGzip)} |`,
    `| JavaScript (glue, entry points, error classes) | ${kb(s.jsGzip)} |`,
    `| **everything the package ships** | **${kb(s.totalGzip)}** (${s.totalGzip.toLocaleString("en")} bytes; ${kb(s.raw)} before gzip) |`,
  ].join("\n"));
  if (process.argv.includes("--bench")) {
    const out = execFileSync("node", ["tests/bench/fetch-overhead.mjs", "2000"], { encoding: "utf8" });
    readme = replace(readme, "bench", "```\n" + out.trim() + "\n```");
  }
  writeFileSync("README.md", readme);
}
