import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readPymrio } from "../../src/formats/pymrio.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { EXAMPLES, FIXTURES, ROOT } from "../paths.ts";
import { copyModel, scratch } from "../support/scratch.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8", timeout: 60_000 });

function pymrioCopy(): string {
  const dir = join(scratch(), "py");
  cpSync(join(FIXTURES, "pymrio_mb2"), dir, { recursive: true });
  return dir;
}

test("pymrio: a byte-order mark is read; a wrong or absurd nr_header and a name that leaves the folder are named errors", () => {
  const dir = pymrioCopy();
  const para = join(dir, "file_parameters.json");
  const text = readFileSync(para, "utf8");
  writeFileSync(para, `\uFEFF${text}`);
  assert.equal(readPymrio(dir).sectors.length, 2);
  writeFileSync(para, text.replace('"nr_header": "2"', '"nr_header": "9"'));
  assert.throws(() => readPymrio(dir), /Z\.txt: 5 lines, but file_parameters\.json says the header alone has 9/);
  writeFileSync(para, text.replace('"nr_header": "2"', '"nr_header": "x"'));
  assert.throws(() => readPymrio(dir), /files\.Z\.nr_header is "x"; expected a whole number from 1 to 10/);
  writeFileSync(para, text.replace('"Z.txt"', '"../../etc/passwd.txt"'));
  assert.throws(
    () => readPymrio(dir),
    /files\.Z needs "name", a file name in the folder \(got \{"name":"\.\.\/\.\.\/etc\/passwd\.txt"/,
  );
  // an entry without a name (found by the fuzz harness: it used to reach path.join with undefined)
  writeFileSync(para, text.replace('"name": "Z.txt",', ""));
  assert.throws(() => readPymrio(dir), /files\.Z needs "name", a file name in the folder/);
  writeFileSync(para, "{ not json");
  const r = run("model", "import", "pymrio", dir, "--out", join(scratch(), "m"), "--base-year", "2020");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^ioplan: .*file_parameters\.json: not valid JSON/);
});

test("data packages: a resource that is a folder or a device is named, never read", () => {
  const dir = copyModel(join(EXAMPLES, "dprk", "model"));
  rmSync(join(dir, "final_demand.csv"));
  mkdirSync(join(dir, "final_demand.csv"));
  assert.throws(() => readModel(dir), /final_demand\.csv: resource final_demand is a folder; expected a CSV file/);
  rmSync(join(dir, "final_demand.csv"), { recursive: true });
  symlinkSync("/dev/zero", join(dir, "final_demand.csv"));
  assert.throws(
    () => readModel(dir),
    /final_demand\.csv: resource final_demand is not a regular file \(a device, socket or pipe\)/,
  );
  const r = run("model", "info", dir);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  // the descriptor itself
  const d2 = copyModel(join(EXAMPLES, "dprk", "model"));
  rmSync(join(d2, "datapackage.json"));
  mkdirSync(join(d2, "datapackage.json"));
  assert.throws(() => readModel(d2), /datapackage\.json: not a regular file of at most 16 MiB/);
});
