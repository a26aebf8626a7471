// Runs every test/**/*.test.ts file with node's test runner through tsx (Node 20's --test takes no globs).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const files = readdirSync("test", { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".test.ts") && (process.argv.length <= 2 || process.argv.slice(2).some((a) => f.includes(a))))
  .map((f) => join("test", f))
  .sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit", env: { ...process.env, TZ: "UTC", LANG: "C" } });
process.exit(r.status ?? 1);
