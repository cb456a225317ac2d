// The page both browser tests load (plain <script type="module"> and a Vite build): it
// imports the package like an app would, shows a classification, then runs the retry
// scenarios against the fault server named in the query string.
import * as faultline from "faultline";
import { runScenarios } from "./scenarios.mjs";

const params = new URLSearchParams(location.search);
const shown = faultline.classify(503, { method: "POST" });
document.querySelector("#classify").textContent = `${shown.status} ${shown.kind} ${shown.action}`;
const results = params.get("base")
  ? await runScenarios({ faultline, base: params.get("base"), altBase: params.get("alt"), withStreams: false })
  : [];
window.__results = results;
document.querySelector("#results").textContent = results.map((r) => `${r.ok ? "ok" : "FAIL"} ${r.name}`).join("\n");
document.body.dataset.done = "1";
