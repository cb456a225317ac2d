// Assembles pkg/ from the wasm-bindgen output and pkg-template/, shrinks the wasm with
// wasm-opt -Oz --converge (passes repeated until they stop shrinking it), minifies the JS
// with esbuild, stamps the version from Cargo.toml and prints the gzipped size.
// Usage: node scripts/build-pkg.mjs <wasm-bindgen out dir> <pkg dir>
import { readFileSync, writeFileSync, mkdirSync, rmSync, cpSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { transformSync } from "esbuild";

const [bindgen = "target/bindgen", pkg = "pkg"] = process.argv.slice(2);
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync("Cargo.toml", "utf8"))?.[1];
if (!version) throw new Error("no version in Cargo.toml");

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });

// wasm-opt from the pinned npm binaryen; a build without it fails rather than ship a fat wasm.
const wasmOpt = "node_modules/.bin/wasm-opt";
if (!existsSync(wasmOpt)) throw new Error("wasm-opt missing: run npm ci first");
execFileSync(wasmOpt, [
  "-Oz", "--converge", "--strip-debug", "--strip-producers",
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
  join(bindgen, "faultline_bg.wasm"), "-o", join(pkg, "faultline_bg.wasm"),
], { stdio: "inherit" });

cpSync(join(bindgen, "faultline.js"), join(pkg, "faultline.js"));
for (const name of readdirSync("pkg-template")) {
  writeFileSync(join(pkg, name), readFileSync(join("pkg-template", name), "utf8").replaceAll("__VERSION__", version));
}

// Minify the shipped JS (about 2.5 KB less gzipped). Names are kept except in the
// wasm-bindgen glue, which never reads a function's or class's name: the error classes
// and guards are in the other files.
for (const file of walk(pkg)) {
  if (!file.endsWith(".js")) continue;
  const keepNames = relative(pkg, file) !== "faultline.js";
  const { code } = transformSync(readFileSync(file, "utf8"), { minify: true, keepNames, format: "esm", target: "es2022", legalComments: "none" });
  writeFileSync(file, code);
}

// The figure that matters: what a page or Worker downloads, gzipped.
const shipped = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).files;
let wasmGz = 0, jsGz = 0, raw = 0;
for (const file of walk(pkg)) {
  const rel = relative(pkg, file);
  if (!shipped.some((f) => rel === f || rel.startsWith(f))) continue;
  if (rel.endsWith(".d.ts") || rel.endsWith(".md") || rel === "package.json") continue;
  const bytes = readFileSync(file);
  raw += bytes.length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (rel.endsWith(".wasm")) wasmGz += gz; else jsGz += gz;
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`faultline ${version}: wasm ${kb(wasmGz)} + JS ${kb(jsGz)} = ${kb(wasmGz + jsGz)} gzipped (${kb(raw)} raw) after wasm-opt -Oz`);
// Which toolchain built the wasm (scripts/build-wasm.sh): the README's figure is the nightly one.
const toolchain = existsSync("target/faultline.toolchain") ? readFileSync("target/faultline.toolchain", "utf8").trim() : "unknown";
writeFileSync(join(pkg, ".size.json"), JSON.stringify({ version, toolchain, wasmGzip: wasmGz, jsGzip: jsGz, totalGzip: wasmGz + jsGz, raw }) + "\n");

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p); else yield p;
  }
}
