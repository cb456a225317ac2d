// `make dev`: serves the playground (www/) with the freshly built package at /pkg/.
import { startStaticServer } from "./static-server.mjs";

const port = Number(process.argv[2] || 8080);
const s = await startStaticServer({ "/pkg/": "pkg", "/": "www" }, { port });
console.log(`faultline playground: ${s.base}/  (Ctrl-C to stop)`);
