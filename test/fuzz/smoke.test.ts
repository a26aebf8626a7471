import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { nthInput } from "../../fuzz/mutate.ts";
import { ROOT } from "../paths.ts";

test("fuzz smoke: 150 seeded mutations through every reader and the API: no stack traces, hangs or NaN/Infinity", () => {
  // the long run is `npm run fuzz` (10⁵ inputs a reader); this is its seeded smoke, the same harness
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "fuzz", "run.ts"), "--inputs", "150", "--seed", "7", "--hang-ms", "20000"],
    { encoding: "utf8", cwd: ROOT, timeout: 600_000 },
  );
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  for (const name of [
    "labelled CSV",
    "labelled XLSX",
    "observations CSV",
    "data package",
    "pymrio",
    "plan YAML/JSON",
    "HTTP bodies",
    "demand CSV",
  ])
    assert.match(
      r.stdout,
      new RegExp(
        `^${name.replace("/", "\\/")} +150 inputs: \\d+ accepted, \\d+ refused, \\d+ over \\d+ bytes; 0 stack traces, 0 hangs, 0 NaN\\/Infinity`,
        "m",
      ),
      name,
    );
  assert.match(r.stdout, /seed 7, 150 inputs per target, hang limit 20000 ms: 0 findings/);
});

test("fuzz inputs are a function of the seed: the same seed and index give the same bytes (a finding replays)", () => {
  const seeds = [Buffer.from("code,name,S1\nS1,one,1\n")];
  assert.deepEqual(nthInput(seeds, 5, 17), nthInput(seeds, 5, 17));
  assert.notDeepEqual(nthInput(seeds, 5, 17), nthInput(seeds, 6, 17));
});
