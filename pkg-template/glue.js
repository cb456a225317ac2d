// The glue to the wasm's one export, `call` (src/wasm/mod.rs), in place of the generic glue
// wasm-bindgen writes (a third of its size). It speaks the ABI of the pinned wasm-bindgen
// (Cargo.toml); scripts/build-pkg.mjs checks that the generated glue still calls it so.
// The wasm imports nothing. Bundled into api.js, whose default export is `start`: the
// entry points import it (`export *` leaves a default out, so it is not public).
let wasm;
export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
export const EMPTY = new Uint8Array();

/** Starts the module: from its bytes or a compiled WebAssembly.Module at once; from a URL
 *  by fetching it, returning a promise. */
export default function start(source) {
  if (source instanceof URL) {
    return fetch(source).then(async (response) => {
      if (!response.ok) throw new Error(`faultline: failed to fetch ${source}: ${response.status}`);
      wasm = (await WebAssembly.instantiate(await response.arrayBuffer())).instance.exports;
    });
  }
  wasm = new WebAssembly.Instance(source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source)).exports;
}

/** Copies `bytes` into the wasm's memory, [where, length]; the callee owns and frees them. */
function pass(bytes) {
  const at = wasm.__wbindgen_export(bytes.length, 1);
  new Uint8Array(wasm.memory.buffer).set(bytes, at);
  return [at, bytes.length];
}

/** Runs core call number `op` on the JSON `text` (and `bytes`, where it takes a body): its
 *  answer as text, or a thrown TypeError when the answer is a message ("faultline: …"). */
export function invokeText(op, text, bytes = EMPTY) {
  const args = [...pass(bytes), ...pass(encoder.encode(text))];
  const ret = wasm.__wbindgen_add_to_stack_pointer(-16);
  let answer;
  try {
    wasm.call(ret, op, ...args);
    const [at, len] = new Int32Array(wasm.memory.buffer, ret, 2);
    answer = decoder.decode(new Uint8Array(wasm.memory.buffer, at, len));
    wasm.__wbindgen_export3(at, len, 1);
  } finally {
    wasm.__wbindgen_add_to_stack_pointer(16);
  }
  if (answer.startsWith("faultline")) throw new TypeError(answer); // a message; JSON never starts so
  return answer;
}
