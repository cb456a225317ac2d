// A small static file server for 127.0.0.1: `make dev` serves the playground with it and
// the browser tests serve their pages. `mounts` maps URL prefixes to folders.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, extname, resolve } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
};

export async function startStaticServer(mounts, { port = 0, host = "127.0.0.1" } = {}) {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const [prefix, dir] = entries.find(([p]) => path.startsWith(p)) || [];
    if (!dir) return void res.writeHead(404).end("not found");
    const root = resolve(dir);
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) return void res.writeHead(403).end("forbidden");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((r) => server.listen(port, host, r));
  return { base: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
