import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import type { MrioModel } from "../../src/engine/index.ts";
import { denseMatrix, forEachEntry } from "../../src/engine/index.ts";
import { isMrioPackage, readMrio } from "../../src/formats/mrioPackage.ts";
import { writeMrio } from "../../src/formats/mrioPackageWrite.ts";
import { readPymrioMrio, writePymrioMrio } from "../../src/formats/pymrioMrio.ts";
import { readPymrio } from "../../src/formats/pymrio.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { ModelFileError } from "../../src/formats/modelIssues.ts";
import { assertClose } from "../support/assertClose.ts";
import { EXAMPLES, FIXTURES } from "../paths.ts";
import { copyModel, editLine, scratch } from "../support/scratch.ts";

// Expected values: test/fixtures/pymrio_mrio_reference.json, written with numpy by scripts/fixtures/pymrio_mrio.py.
const ref = JSON.parse(readFileSync(join(FIXTURES, "pymrio_mrio_reference.json"), "utf8")) as {
  x: number[];
  A: number[][];
};
const FOLDER = join(FIXTURES, "pymrio_mrio");

function denseA(m: MrioModel): number[][] {
  const n = m.x.length;
  const d = denseMatrix(n, n);
  forEachEntry(m.A, (i, j, v) => (d.data[i * n + j] += v));
  return Array.from({ length: n }, (_, i) => Array.from(d.data.subarray(i * n, (i + 1) * n)));
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) =>
    readdirSync(d)
      .sort()
      .forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : out.push(relative(dir, join(d, f)))));
  walk(dir);
  return out;
}

test("a multi-regional pymrio folder is read with its regions, F and F_Y", () => {
  const m = readPymrioMrio(FOLDER);
  assert.deepEqual(m.regions, ["reg1", "reg2"]);
  assert.deepEqual(
    m.sectors.map((s) => s.code),
    ["food", "steel"],
  );
  assert.deepEqual(m.finalDemandCategories, ["households", "investment"]);
  assertClose(Array.from(m.x), ref.x, { rel: 1e-12 });
  assertClose(denseA(m), ref.A, { rel: 1e-12 });
  // Y: origin reg2/food bought by reg1's households (the script's Y[2][0])
  assert.equal(m.Y.data[2 * 4 + 0], 50);
  const co2 = m.stressors.find((s) => s.code === "emissions:co2/air")!;
  assert.deepEqual([co2.unit, Array.from(co2.F), Array.from(co2.FY)], ["kt", [300, 900, 250, 1100], [80, 0, 120, 0]]);
  const va = m.stressors.find((s) => s.code === "factor_inputs:Value Added")!;
  assert.deepEqual([va.unit, Array.from(va.FY)], ["M.EUR", [0, 0, 0, 0]]);
  assert.deepEqual(
    m.stressors.map((s) => s.code),
    ["emissions:co2/air", "emissions:nox/air", "factor_inputs:Value Added"],
  );
});

test("an MRIO written as a pymrio folder reads back the same, in pymrio's layout", () => {
  const a = readPymrioMrio(FOLDER);
  const dir = join(scratch(), "out");
  writePymrioMrio(a, dir);
  assert.deepEqual(files(dir), [
    "A.txt",
    "Y.txt",
    "Z.txt",
    "emissions/F.txt",
    "emissions/F_Y.txt",
    "emissions/file_parameters.json",
    "emissions/unit.txt",
    "factor_inputs/F.txt",
    "factor_inputs/F_Y.txt",
    "factor_inputs/file_parameters.json",
    "factor_inputs/unit.txt",
    "file_parameters.json",
    "metadata.json",
    "x.txt",
  ]);
  // the header lines pandas writes for a (stressor, compartment) index and (region, category) columns
  assert.deepEqual(
    readFileSync(join(dir, "emissions", "F_Y.txt"), "utf8")
      .split("\n")
      .slice(0, 4),
    [
      "\tregion\treg1\treg1\treg2\treg2",
      "\tcategory\thouseholds\tinvestment\thouseholds\tinvestment",
      "stressor\tcompartment\t\t\t\t",
      "co2\tair\t80\t0\t120\t0",
    ],
  );
  assert.equal(
    readFileSync(join(dir, "emissions", "unit.txt"), "utf8"),
    readFileSync(join(FOLDER, "emissions", "unit.txt"), "utf8"),
  );
  assert.equal(readFileSync(join(dir, "Y.txt"), "utf8"), readFileSync(join(FOLDER, "Y.txt"), "utf8"));
  const b = readPymrioMrio(dir);
  assert.deepEqual([b.regions, b.sectors, b.finalDemandCategories], [a.regions, a.sectors, a.finalDemandCategories]);
  assertClose(denseA(b), denseA(a), { rel: 1e-15 });
  assert.deepEqual(Array.from(b.x), Array.from(a.x));
  assert.deepEqual(Array.from(b.Y.data), Array.from(a.Y.data));
  assert.deepEqual(
    b.stressors.map((s) => [s.code, s.unit, Array.from(s.F), Array.from(s.FY)]),
    a.stressors.map((s) => [s.code, s.unit, Array.from(s.F), Array.from(s.FY)]),
  );
});

test("a data package with regions round-trips: the same files and the same doubles", () => {
  const a = readPymrioMrio(FOLDER);
  const dir = join(scratch(), "pkg");
  writeMrio(a, dir);
  assert.ok(isMrioPackage(dir));
  assert.ok(!isMrioPackage(join(EXAMPLES, "bea-summary-2017")), "a single-region package is not read as MRIO");
  assert.equal(readFileSync(join(dir, "sectors.csv"), "utf8").split("\n")[0], "region,code,name,output");
  assert.equal(
    readFileSync(join(dir, "final_demand.csv"), "utf8").split("\n")[0],
    "region,sector,reg1:households,reg1:investment,reg2:households,reg2:investment",
  );
  const b = readMrio(dir);
  assert.deepEqual(denseA(b), denseA(a));
  assert.deepEqual([Array.from(b.x), Array.from(b.Y.data)], [Array.from(a.x), Array.from(a.Y.data)]);
  assert.deepEqual(
    b.stressors.map((s) => [s.code, s.unit, Array.from(s.F), Array.from(s.FY)]),
    a.stressors.map((s) => [s.code, s.unit, Array.from(s.F), Array.from(s.FY)]),
  );
  const again = join(scratch(), "pkg2");
  writeMrio(b, again);
  for (const f of files(dir))
    assert.equal(
      readFileSync(join(again, f), "utf8"),
      readFileSync(join(dir, f), "utf8"),
      `${f} differs after a second round trip`,
    );
});

test("a bad package with regions names the file, line, column, value and what is valid", () => {
  const dir = join(scratch(), "pkg");
  writeMrio(readPymrioMrio(FOLDER), dir);
  const bad = (edit: (d: string) => void, expected: RegExp) => {
    const d = copyModel(dir);
    edit(d);
    assert.throws(
      () => readMrio(d),
      (e: unknown) => e instanceof ModelFileError && expected.test(e.message),
      String(expected),
    );
  };
  bad(
    (d) => editLine(join(d, "coefficients.csv"), 2, (l) => l.replace(/^reg1/, "reg9")),
    /coefficients\.csv:2, column row_region.*unknown region.*regions: reg1, reg2.*"reg9"/,
  );
  bad(
    (d) => editLine(join(d, "coefficients.csv"), 3, (l) => l.replace(/,[^,]+$/, ",abc")),
    /coefficients\.csv:3, column value.*"abc"/,
  );
  bad(
    (d) => editLine(join(d, "sectors.csv"), 5, (l) => l.replace("steel", "iron")),
    /sectors\.csv:5, column code.*not listed for region reg1.*food, steel/,
  );
  bad(
    (d) => editLine(join(d, "final_demand.csv"), 1, (l) => l.replace("reg2:investment", "reg3:investment")),
    /final_demand\.csv:1: header .*the schema in datapackage\.json says/,
  );
  const renamed = (d: string) => {
    for (const f of ["final_demand.csv", "datapackage.json"])
      writeFileSync(join(d, f), readFileSync(join(d, f), "utf8").replace("reg2:investment", "reg3:investment"));
  };
  bad(renamed, /final_demand\.csv:1, column reg3:investment.*expected "reg1:households/);
  bad(
    (d) =>
      writeFileSync(
        join(d, "coefficients.csv"),
        readFileSync(join(d, "coefficients.csv"), "utf8") + "reg1,food,reg1,food,0.1\n",
      ),
    /given twice \(first on line 2\)/,
  );
});

test("the single-region readers say what they leave out of a multi-regional pymrio folder", () => {
  const m = readPymrio(FOLDER);
  assert.equal(m.sectors.length, 4);
  assert.ok(
    m.notes.some((n) => /F_Y: emissions\/F_Y\.txt\) .*dropped; `ioplan mrio import` keeps them/.test(n)),
    m.notes.join("\n"),
  );
  assert.ok(m.notes.some((n) => /2 regions flattened/.test(n)));
  // a national folder without F_Y says nothing of it
  assert.ok(!readPymrio(join(FIXTURES, "pymrio_mb2")).notes.some((n) => /F_Y/.test(n)));
  // a single-region package is read as before
  assert.equal(readModel(join(EXAMPLES, "bea-summary-2017")).sectors.length > 0, true);
});
