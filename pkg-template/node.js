// Node >= 20: read the wasm next to this file and start it synchronously.
import { readFileSync } from "node:fs";
import start from "./api.js";

start(readFileSync(new URL("./faultline_bg.wasm", import.meta.url)));

export * from "./api.js";
