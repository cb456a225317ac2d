// The last touches on the optimised wasm, both for size; wasm-opt -Oz runs once more
// afterwards (reading the module back undoes some of the writer's choices).
// 1. Only the exports our glue (pkg-template/glue.js) uses are kept: wasm-bindgen also
//    exports its realloc and two abort globals, which kept their code alive (108 B gzipped).
// 2. The functions are reordered; their order means nothing to the program. Two effects:
//    a call names its callee by index, and indices below 128 take one byte, so the 127
//    most-called functions go first; and deflate finds more repeats when functions of like
//    size (and so like shape) sit together, so each group is ordered smallest first; -Oz
//    keeps that order. 0.5% smaller gzipped (40823 -> 40595 B).
// Usage: node scripts/finish-wasm.mjs <in.wasm> <out.wasm> <export>...
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

/** The features scripts/build-pkg.mjs enables for wasm-opt. */
const FEATURES = binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt | binaryen.Features.NontrappingFPToInt |
  binaryen.Features.SignExt | binaryen.Features.MutableGlobals |
  binaryen.Features.ReferenceTypes | binaryen.Features.Multivalue;
/** Function indices below this are one LEB128 byte. */
const ONE_BYTE_INDICES = 127;

export function finishWasm(input, output, keep) {
  const module = binaryen.readBinary(readFileSync(input));
  module.setFeatures(FEATURES);
  const exports = [];
  for (let i = 0; i < module.getNumExports(); i++) exports.push(binaryen.getExportInfo(module.getExportByIndex(i)).name);
  const missing = keep.filter((name) => !exports.includes(name));
  if (missing.length) throw new Error(`finish-wasm: the wasm does not export ${missing.join(", ")}`);
  for (const name of exports) if (!keep.includes(name)) module.removeExport(name);
  const functions = [];
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    functions.push({ ...info, text: binaryen.emitText(info.body), calls: 0 });
  }
  const byName = new Map(functions.map((f) => [f.name, f]));
  for (const f of functions) {
    for (const [, callee] of f.text.matchAll(/\(call \$([^\s)]+)/g)) {
      const c = byName.get(callee);
      if (c) c.calls++;
    }
  }
  const smallestFirst = (a, b) => a.text.length - b.text.length;
  // A stable sort: ties keep wasm-opt's order, so the output is deterministic.
  const hot = [...functions].sort((a, b) => b.calls - a.calls);
  const order = [
    ...hot.slice(0, ONE_BYTE_INDICES).sort(smallestFirst),
    ...hot.slice(ONE_BYTE_INDICES).sort(smallestFirst),
  ];
  for (const f of functions) module.removeFunction(f.name);
  for (const f of order) module.addFunction(f.name, f.params, f.results, f.vars, f.body);
  if (!module.validate()) throw new Error("finish-wasm: the finished module does not validate");
  writeFileSync(output, module.emitBinary());
  module.dispose();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [input, output, ...keep] = process.argv.slice(2);
  if (!input || !output) throw new Error("usage: node scripts/finish-wasm.mjs <in.wasm> <out.wasm> <export>...");
  finishWasm(input, output, keep);
}
