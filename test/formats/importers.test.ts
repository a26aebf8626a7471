import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { wiodModel } from "../../src/app/wiodModel.ts";
import { forEachEntry } from "../../src/engine/index.ts";
import type { EconomyModel } from "../../src/engine/index.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { LabelledTableError, readLabelledTable } from "../../src/formats/labelledMatrix.ts";
import { readPymrio, writePymrio } from "../../src/formats/pymrio.ts";
import { WiodError, readWiodNiot } from "../../src/formats/wiod.ts";
import { parseCsv } from "../../src/formats/csv.ts";
import { assertClose } from "../support/assertClose.ts";
import { DATA, EXAMPLES, FIXTURES } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

// Miller & Blair (2009), §2.3: Z = [[150, 500], [200, 100]], x = (1000, 2000), f = (350, 1700) → A = [[.15, .25], [.2, .05]].
function denseA(m: EconomyModel): number[] {
  const n = m.sectors.length;
  const out = new Array(n * n).fill(0);
  forEachEntry(m.A, (i, j, v) => (out[i * n + j] = v));
  return out;
}

for (const file of ["mb2.csv", "mb2.xlsx"]) {
  test(`a labelled table (${file}, written by scripts/fixtures/table_formats.py) gives Miller & Blair's A`, async () => {
    const m = await readLabelledTable(join(FIXTURES, file), { baseYear: 2009, unit: "$" });
    assert.deepEqual(m.sectors, [
      { code: "S1", name: "Sector one" },
      { code: "S2", name: "Sector two" },
    ]);
    assertClose(denseA(m), [0.15, 0.25, 0.2, 0.05], { rel: 1e-15 });
    assert.deepEqual(Array.from(m.x), [1000, 2000]);
    assert.deepEqual(m.finalDemandCategories, ["final"]);
    assert.deepEqual(m.valueAddedRows, ["VA"]); // the 'total' row of the CSV is a sum, skipped
    assert.deepEqual(Array.from(m.valueAdded.data), [650, 1400]);
  });
}

test("a labelled table's bad cell is named: line and column in CSV, cell reference in XLSX", async () => {
  const csv = join(scratch(), "bad.csv");
  writeFileSync(csv, readFileSync(join(FIXTURES, "mb2.csv"), "utf8").replace("200,100", "200,1o0"));
  await assert.rejects(
    readLabelledTable(csv, { baseYear: 2009, unit: "$" }),
    (e: unknown) =>
      e instanceof LabelledTableError &&
      /bad\.csv: line 3, column 4 \("S2" of row S2\): "1o0" is not a number/.test(e.message),
  );
  await assert.rejects(
    readLabelledTable(join(FIXTURES, "mb2.xlsx"), { baseYear: 2009, unit: "$", sheet: "Nope" }),
    /no sheet "Nope" \(sheets: Table 2\.3\)/,
  );
  const noOut = join(scratch(), "coef.csv");
  writeFileSync(noOut, "code,S1,S2\nS1,0.1,0.2\nS2,0.3,0.1\n");
  await assert.rejects(
    readLabelledTable(noOut, { baseYear: 2009, unit: "$", kind: "coefficients" }),
    /coefficients need gross output: add a column headed "output"/,
  );
});

test("a pymrio folder in save_all()'s layout (pandas MultiIndex TSV) reads as Miller & Blair's system", () => {
  const m = readPymrio(join(FIXTURES, "pymrio_mb2"), { baseYear: 2009, unit: "M.EUR" });
  assert.deepEqual(
    m.sectors.map((s) => s.code),
    ["S1", "S2"],
  );
  assertClose(denseA(m), [0.15, 0.25, 0.2, 0.05], { rel: 1e-15 });
  assert.deepEqual(Array.from(m.x), [1000, 2000]);
  assert.deepEqual(m.finalDemandCategories, ["Final consumption"]);
  assert.deepEqual([m.valueAddedRows, Array.from(m.valueAdded.data)], [["Value Added"], [650, 1400]]);
});

test("pymrio export then import gives the model back (A to rounding, output, final demand and satellites exactly)", () => {
  const a = readModel(join(EXAMPLES, "wiod-usa-2014"));
  const dir = join(scratch(), "pymrio");
  writePymrio(a, dir, "USA");
  const para = JSON.parse(readFileSync(join(dir, "file_parameters.json"), "utf8"));
  assert.deepEqual(para.files.Z, { name: "Z.txt", nr_index_col: "2", nr_header: "2" });
  const z = readFileSync(join(dir, "Z.txt"), "utf8").split("\n");
  assert.equal(z[0].split("\t").slice(0, 3).join("|"), "|region|USA");
  assert.equal(z[2].split("\t").slice(0, 3).join("|"), "region|sector|");
  const b = readPymrio(dir, { baseYear: 2014, unit: a.unit });
  assert.deepEqual(
    b.sectors.map((s) => s.code),
    a.sectors.map((s) => s.code),
  );
  assert.deepEqual(Array.from(b.x), Array.from(a.x));
  assertClose(denseA(b), denseA(a), { rel: 1e-13, abs: 1e-300 });
  assert.deepEqual(Array.from(b.finalDemand.data), Array.from(a.finalDemand.data));
  assert.deepEqual(
    b.satellites.map((s) => [s.code, s.unit, Array.from(s.values)]),
    a.satellites.map((s) => [s.code, s.unit, Array.from(s.values)]),
  );
  assert.deepEqual(b.valueAddedRows, a.valueAddedRows);
});

test("WIOD: domestic and imported blocks add up to the table's intermediate totals; employment equals the SEA file", async () => {
  const t = await readWiodNiot(join(DATA, "wiod2016", "USA_NIOT_nov16.xlsx"), 2014);
  assert.equal(t.industries.length, 56);
  assert.deepEqual(t.finalDemandCategories, ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP"]);
  // column j: domestic + imported inputs + primary inputs = GO (WIOD balances to ~1e-8 relative)
  for (let j = 0; j < 56; j++) {
    if (t.output[j] === 0) continue;
    let s = 0;
    for (let i = 0; i < 56; i++) s += t.domestic.data[i * 56 + j] + t.imported.data[i * 56 + j];
    for (let r = 0; r < t.primaryRows.length; r++) s += t.primary.data[r * 56 + j];
    assertClose(s, t.output[j], { rel: 1e-7 });
  }
  const m = await wiodModel({
    xlsx: join(DATA, "wiod2016", "USA_NIOT_nov16.xlsx"),
    year: 2014,
    sea: join(DATA, "wiod2016", "sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv"),
  });
  const sea = parseCsv(readFileSync(join(DATA, "wiod2016", "sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv"), "utf8"));
  const h = sea[0].fields;
  const c10 = sea.find((r) => r.fields[0] === "USA" && r.fields[1] === "C10-C12" && r.fields[2] === "2014")!;
  const emp = m.satellites.find((s) => s.code === "EMP")!;
  assert.equal(emp.values[m.sectors.findIndex((s) => s.code === "C10-C12")], Number(c10.fields[h.indexOf("EMP")]));
  assert.equal(emp.unit, "thousand persons");
});

test("WIOD: a year not in the file and a country not in the SEA file are named", async () => {
  await assert.rejects(
    readWiodNiot(join(DATA, "wiod2016", "KOR_NIOT_nov16.xlsx"), 1999),
    (e: unknown) => e instanceof WiodError && /no year 1999; the file has 2000, 2001.*2014/.test(e.message),
  );
  await assert.rejects(
    wiodModel({
      xlsx: join(DATA, "wiod2016", "KOR_NIOT_nov16.xlsx"),
      year: 2014,
      sea: join(DATA, "wiod2016", "sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv"),
    }),
    /no rows for country KOR; the file covers CAN, DEU, FRA, GBR, USA/,
  );
});
