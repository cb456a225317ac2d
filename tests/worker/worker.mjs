// A Cloudflare Worker that imports the package the way a user's Worker would.
//   GET /classify?status=503&method=POST  -> the classification as JSON
//   GET /scenarios?base=...&alt=...       -> the retry scenarios run inside workerd
import * as faultline from "faultline";
import { runScenarios } from "./scenarios.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/classify") {
        const c = faultline.classify(Number(url.searchParams.get("status")), { method: url.searchParams.get("method") || "GET" });
        return Response.json(c);
      }
      if (url.pathname === "/scenarios") {
        const results = await runScenarios({ faultline, base: url.searchParams.get("base"), altBase: url.searchParams.get("alt") });
        return Response.json(results);
      }
      return new Response("not found", { status: 404 });
    } catch (e) {
      return Response.json({ error: String(e), name: e && e.name }, { status: 400 });
    }
  },
};
