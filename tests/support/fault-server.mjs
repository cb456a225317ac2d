// A real HTTP server on 127.0.0.1 that misbehaves on purpose, scripted per path.
//
// A test registers a script for a scenario id with `POST /__script/<id>` (a JSON array of
// steps, one per request; the last step repeats). Requests to `/s/<id>` then get the next
// step. `GET /__log/<id>` returns what the server received for that id.
//
// Steps:
//   { status, headers?, body?, delayMs? }  an ordinary response (`body` text; `dateIn`
//                                          adds a Retry-After HTTP-date that many seconds ahead)
//   { reset: true }                        destroy the socket before any header
//   { stall: "headers" }                   accept the request and never answer
//   { stall: "body", status, headers? }    send headers and half a body, then stop
//   { html: bytes, status, dripMs? }       an HTML error page of that many bytes (a pause of
//                                          dripMs every 50 KB makes a slow one)
//   { truncatedJson: true, status }        a JSON body cut in the middle
//   noExpose: true (on any step)           leave out Access-Control-Expose-Headers
//
// Each log entry records `completed`: whether the whole response was written before the
// client closed the connection (a cancelled body leaves it false).
//
// Every response carries CORS headers (Retry-After and the rate-limit headers exposed), so
// browser pages on other origins can read them. Preflights are answered and not counted.
import { createServer } from "node:http";

const EXPOSED = "Retry-After, X-RateLimit-Reset, X-RateLimit-Remaining, X-RateLimit-Reset-After, RateLimit, RateLimit-Policy, Content-Type, Idempotency-Key";

export async function startFaultServer({ port = 0, extra } = {}) {
  const scripts = new Map();
  const logs = new Map();
  const sockets = new Set();

  const server = createServer(async (req, res) => {
    const cors = {
      "access-control-allow-origin": req.headers.origin || "*",
      "access-control-expose-headers": EXPOSED,
      "access-control-allow-headers": req.headers["access-control-request-headers"] || "*",
      "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-max-age": "600",
    };
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
      res.writeHead(204, cors).end();
      return;
    }
    const body = await readBody(req);
    if (url.pathname.startsWith("/__script/")) {
      const id = url.pathname.slice("/__script/".length);
      scripts.set(id, JSON.parse(body.toString("utf8")));
      logs.set(id, []);
      res.writeHead(204, cors).end();
      return;
    }
    if (url.pathname.startsWith("/__log/")) {
      const id = url.pathname.slice("/__log/".length);
      res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(logs.get(id) || []));
      return;
    }
    if (extra && (await extra(req, res, url, body))) return;
    if (!url.pathname.startsWith("/s/")) {
      res.writeHead(404, cors).end("no such scenario");
      return;
    }
    const id = url.pathname.slice(3);
    const log = logs.get(id) || [];
    logs.set(id, log);
    const entry = { method: req.method, headers: req.headers, body: body.toString("utf8"), at: Date.now(), completed: null };
    log.push(entry);
    res.on("close", () => { entry.completed = res.writableFinished; });
    const script = scripts.get(id) || [{ status: 200, body: "unscripted" }];
    const step = script[Math.min(log.length - 1, script.length - 1)];
    await play(step, req, res, cors);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    url: (id) => `${base}/s/${id}`,
    script(id, steps) {
      scripts.set(id, steps);
      logs.set(id, []);
    },
    log: (id) => logs.get(id) || [],
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

async function play(step, req, res, cors) {
  if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
  if (step.reset) {
    req.socket.destroy();
    return;
  }
  if (step.stall === "headers") return; // never answer; the client must give up
  const headers = { ...cors, ...(step.headers || {}) };
  if (step.noExpose) delete headers["access-control-expose-headers"];
  if (step.dateIn !== undefined) headers["retry-after"] = new Date(Date.now() + step.dateIn * 1000).toUTCString();
  if (step.stall === "body") {
    res.writeHead(step.status || 200, { ...headers, "content-type": "application/json", "content-length": "100" });
    res.write('{"partial": "');
    return; // the rest never comes
  }
  if (step.html) {
    const head = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>";
    const filler = "<p>" + "x".repeat(1000) + "</p>";
    res.writeHead(step.status || 502, { ...headers, "content-type": "text/html" });
    res.write(head);
    for (let n = head.length; n < step.html; n += filler.length) {
      if (!res.write(filler)) await new Promise((r) => res.once("drain", r));
      if (step.dripMs && n % 50_000 < filler.length) await new Promise((r) => setTimeout(r, step.dripMs));
      if (res.destroyed) return;
    }
    res.end("</body></html>");
    return;
  }
  if (step.truncatedJson) {
    res.writeHead(step.status || 400, { ...headers, "content-type": "application/json" });
    res.end('{"error": {"message": "Invalid value for field email", "code": "invalid_em');
    return;
  }
  res.writeHead(step.status || 200, headers);
  res.end(step.body ?? "");
}

// Run directly: `node tests/support/fault-server.mjs [port]` serves until killed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startFaultServer({ port: Number(process.argv[2] || 0) });
  console.log(s.base);
}
