// Prints the README's policy table from the built package, so the table cannot drift from
// the code: `node scripts/policy-table.mjs`. tests/js/readme.test.mjs checks the README holds
// exactly this output.
import { classify } from "../pkg/node.js";

const rows = [200, 304, 400, 401, 403, 404, 405, 409, 422, 429, 500, 501, 502, 503, 504, 505, "network", "timeout"];
const columns = [
  ["GET, HEAD, PUT, DELETE", { method: "GET" }],
  ["POST, PATCH", { method: "POST" }],
  ["POST + Idempotency-Key", { method: "POST", idempotencyKey: true }],
];
const subject = (row) => (row === "network" ? new TypeError("Failed to fetch") : row === "timeout" ? new DOMException("t", "TimeoutError") : row);
const cell = (c) => `${c.retryable ? "retry" : "no retry"}: \`${c.action}\`${c.permanence === "ambiguous" ? " (ambiguous)" : ""}`;

export function policyTable() {
  const lines = [
    `| outcome | kind | ${columns.map(([name]) => name).join(" | ")} |`,
    `|---|---|${columns.map(() => "---").join("|")}|`,
  ];
  for (const row of rows) {
    const cs = columns.map(([, ctx]) => classify(subject(row), ctx));
    lines.push(`| ${typeof row === "number" ? row : row + " failure"} | \`${cs[0].kind}\` | ${cs.map(cell).join(" | ")} |`);
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(policyTable());
