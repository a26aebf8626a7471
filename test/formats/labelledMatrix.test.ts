import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { saveImportedModel } from "../../src/app/modelImport.ts";
import { LabelledTableError, readLabelledTable } from "../../src/formats/labelledMatrix.ts";
import { scratch } from "../support/scratch.ts";

const read = (text: string) => {
  const f = join(scratch(), "t.csv");
  writeFileSync(f, text);
  return readLabelledTable(f, { name: "t", baseYear: 2020, unit: "USD" });
};
// Miller & Blair's two sectors, and a third to mistype
const GOOD =
  "code,name,S1,S2,S3,final,output\nS1,one,150,500,10,340,1000\nS2,two,200,100,20,1680,2000\nS3,three,5,5,1,89,100\nVA,value added,645,1395,69,,\n";

test("a labelled table reads as before when its layout is clear", async () => {
  const m = await read(GOOD);
  assert.deepEqual(
    m.sectors.map((s) => s.code),
    ["S1", "S2", "S3"],
  );
  assert.deepEqual(m.finalDemandCategories, ["final"]);
  assert.deepEqual(m.valueAddedRows, ["VA"]);
});

test("a mistyped row code is an error naming the column and the row, not a sector turned into final demand", async () => {
  // the middle sector's row mistyped: its column is a gap in the sector block
  await assert.rejects(
    read(GOOD.replace("\nS2,two", "\nS_2,two")),
    (e: unknown) =>
      e instanceof LabelledTableError &&
      /column S2 between sector columns S1 and S3 has no row with that code; rows that are not sectors: S_2, VA \(a mistyped code\?\)/.test(
        e.message,
      ),
  );
  // the last sector's row mistyped: its row holds final demand and output, which value-added rows do not
  await assert.rejects(
    read(GOOD.replace("\nS3,three", "\nS3x,three")),
    /row S3x \(line 4, column 1\) has final demand or output \(S3 = 1\) but no column of its own: value-added rows have none, so is its code mistyped\?/,
  );
  // an ambiguous layout where one code matches: one sector and the rest as final demand, no longer
  await assert.rejects(
    read("code,C1,C2,C3,output\nC1,1,2,3,10\nD2,1,2,3,10\nD3,1,2,3,10\n"),
    /row D2 .* has final demand or output/,
  );
});

test("a Eurostat/FIGARO table is recognised and refused by name, not imported wrong", async () => {
  const eurostat =
    "code,CPA_A01,CPA_A02,CPA_TOTAL,P3_S14,TFU\nCPA_A01,10,2,12,30,42\nCPA_A02,3,5,8,10,18\nP1,40,20,60,,\nB1G,25,13,38,,\nEMP,5,3,8,,\n";
  await assert.rejects(
    read(eurostat),
    /looks like a Eurostat\/FIGARO \(ESA\) table \(codes CPA_A01, CPA_A02, CPA_TOTAL, P3_S14, TFU, P1\): .*ioplan does not read that layout yet/,
  );
});

test("a blank or malformed sector code is refused before anything is written (it used to be written, then refused on reading)", async () => {
  const f = join(scratch(), "blank.csv");
  writeFileSync(
    f,
    "code,name,S1,,final,output\nS1,one,150,500,350,1000\n,two,200,100,1700,2000\nVA,value added,650,1400,,\n",
  );
  const out = join(scratch(), "m");
  await assert.rejects(
    async () => saveImportedModel(await readLabelledTable(f, { name: "blank", baseYear: 2020, unit: "USD" }), out),
    /not written to .*m/,
  );
  assert.equal(existsSync(out), false);
});
