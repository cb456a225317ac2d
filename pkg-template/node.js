// Node >= 20: read the wasm next to this file and start it synchronously.
import { readFileSync } from "node:fs";
import { initSync } from "./faultline.js";

initSync(readFileSync(new URL("./faultline_bg.wasm", import.meta.url)));

export * from "./api.js";
