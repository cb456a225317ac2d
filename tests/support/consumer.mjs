// Installs the packed package (`npm pack pkg/`) into a fresh consumer project under
// target/consumer, the way a user installs it, and copies the test apps beside it.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync, readFileSync, cpSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export function installConsumer() {
  const dir = resolve("target/consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = execFileSync("npm", ["pack", resolve("pkg"), "--pack-destination", dir, "--json"], { encoding: "utf8" });
  const tarball = JSON.parse(out)[0].filename.replace(/^.*\//, "");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { faultline: `file:./${tarball}` } }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  for (const app of ["browser", "worker"]) {
    cpSync(join("tests", app), join(dir, app), { recursive: true });
    cpSync("tests/support/scenarios.mjs", join(dir, app, "scenarios.mjs"));
  }
  // The Vite app is the same page, with the bundler resolving "faultline" instead of an import map.
  cpSync(join(dir, "browser"), join(dir, "vite"), { recursive: true });
  const page = readFileSync(join(dir, "browser/index.html"), "utf8");
  writeFileSync(join(dir, "vite/index.html"), page.replace(/\s*<script type="importmap">.*<\/script>/, ""));
  return { dir, tarball, files: readdirSync(join(dir, "node_modules/faultline")) };
}
