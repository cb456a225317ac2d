// Assembles pkg/ from the wasm-bindgen output and pkg-template/, shrinks the wasm with
// wasm-opt -Oz --converge (passes repeated until they stop shrinking it), bundles and minifies the JS
// with esbuild, stamps the version from Cargo.toml and prints the gzipped size.
// Usage: node scripts/build-pkg.mjs <wasm-bindgen out dir> <pkg dir>
import { readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { buildSync, transformSync } from "esbuild";
import { finishWasm } from "./finish-wasm.mjs";

const [bindgen = "target/bindgen", pkg = "pkg"] = process.argv.slice(2);
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync("Cargo.toml", "utf8"))?.[1];
if (!version) throw new Error("no version in Cargo.toml");

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });

// wasm-opt from the pinned npm binaryen; a build without it fails rather than ship a fat wasm.
const wasmOpt = "node_modules/.bin/wasm-opt";
if (!existsSync(wasmOpt)) throw new Error("wasm-opt missing: run npm ci first");
// Before -Oz: --low-memory-unused (the lowest 1 KB is never addressed: Rust's stack grows
// down from 1 MB and would need to be 1 MB deep to reach it, which the bounded recursion
// never approaches; so address arithmetic can fold into load offsets) and --flatten
// --rereloop (rebuilds the control flow, which -Oz then shrinks further): 0.6 KB less gzipped.
const features = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];
const optimised = join(bindgen, "optimised.wasm"), ordered = join(bindgen, "ordered.wasm");
execFileSync(wasmOpt, [
  "--low-memory-unused", "--flatten", "--rereloop", "-Oz", "-Oz", "--converge", "--strip-debug", "--strip-producers",
  ...features, join(bindgen, "faultline_bg.wasm"), "-o", optimised,
], { stdio: "inherit" });
// Then only the exports our glue uses, the functions in the order that gzips best
// (scripts/finish-wasm.mjs), and -Oz once more.
const used = [...new Set(readFileSync("pkg-template/glue.js", "utf8").match(/(?<=\bwasm\.)\w+/g))];
finishWasm(optimised, ordered, used);
execFileSync(wasmOpt, ["-Oz", "--strip-debug", "--strip-producers", ...features, ordered, "-o", join(pkg, "faultline_bg.wasm")], { stdio: "inherit" });

// The glue is our own (pkg-template/glue.js), for the ABI of the pinned wasm-bindgen:
// fail if the generated glue no longer calls the export that way or the wasm needs imports.
const glue = readFileSync(join(bindgen, "faultline.js"), "utf8");
const abi = ["wasm.__wbindgen_add_to_stack_pointer(-16)", "passArray8ToWasm0(bytes, wasm.__wbindgen_export)",
  "passStringToWasm0(text, wasm.__wbindgen_export, wasm.__wbindgen_export2)", "wasm.call(retptr, op, ptr0, len0, ptr1, len1)",
  "getInt32(retptr + 4 * 0, true)", "getInt32(retptr + 4 * 1, true)", "wasm.__wbindgen_export3(deferred3_0, deferred3_1, 1)"];
const missing = abi.filter((s) => !glue.includes(s));
if (missing.length) throw new Error(`wasm-bindgen's glue changed; update pkg-template/glue.js: ${missing.join(", ")}`);
if (WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(pkg, "faultline_bg.wasm")))).length) {
  throw new Error("the wasm has imports; pkg-template/glue.js passes none");
}
// The entry points (each starts the module its own way).
for (const name of ["node.js", "browser.js", "workerd.js", "package.json", "index.d.ts", "README.md"]) {
  writeFileSync(join(pkg, name), readFileSync(join("pkg-template", name), "utf8").replaceAll("__VERSION__", version));
}
// The JavaScript half of the bindings (api.js and the modules it imports, the glue among
// them) as one file: one request instead of six, and gzipped once.
buildSync({
  entryPoints: ["pkg-template/api.js"], outfile: join(pkg, "api.js"), bundle: true,
  format: "esm", target: "es2022", minify: true, legalComments: "none",
});
// Minify the rest; nothing in the package reads a function's or class's name (the error
// classes define `name` themselves).
for (const name of ["node.js", "browser.js", "workerd.js"]) {
  const file = join(pkg, name);
  const { code } = transformSync(readFileSync(file, "utf8"), { minify: true, format: "esm", target: "es2022", legalComments: "none" });
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
