import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { XlsxError, readXlsx } from "../../src/formats/xlsx.ts";
import { ZipError, readZipEntries } from "../../src/formats/zip.ts";
import { FIXTURES, ROOT, scratch } from "../models/helpers.ts";
import { workbookParts, zipOf } from "../../fuzz/hostile.ts";

/** A ZIP archive of the given entries (deflated unless `stored`); `declare` overrides an entry's declared size. */
function file(buf: Buffer, name = "t.xlsx"): string {
  const f = join(scratch(), name);
  writeFileSync(f, buf);
  return f;
}

test("a well-formed workbook still reads: numbers, shared and inline strings (the M&B fixture and a hand-made one)", () => {
  const mb = readXlsx(join(FIXTURES, "mb2.xlsx"));
  assert.ok(mb[0].rows >= 3 && mb[0].cols >= 5);
  const s = readXlsx(file(zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c><c r="C1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>', "<si><t>code</t></si>"))))[0];
  assert.deepEqual([s.cell(0, 0), s.cell(0, 1), s.cell(0, 2), s.rows, s.cols], ["code", 2.5, "x & y", 1, 3]);
});

test("hostile workbooks are refused quickly, by name: unclosed cells, cells past XFD1048576, endless row numbers", () => {
  // 5.6 KB of unclosed <c>: the old pattern rescanned the rest of the file for each (42 s, quadratic)
  const unclosed = file(zipOf(workbookParts('<row r="1">' + '<c r="A1"><v>1</v>'.repeat(320))));
  assert.throws(() => readXlsx(unclosed), (e: unknown) => e instanceof XlsxError && /<c> at offset \d+ is not closed before the next one/.test(e.message));
  // a single cell at XFD1048576 made readers walk 1.7e10 cells
  const far = file(zipOf(workbookParts('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')));
  assert.throws(() => readXlsx(far), /cell XFD1048576 makes the sheet 1,048,576 rows × 16,384 columns, more than the 50,000,000 cells ioplan walks \(raise with IOPLAN_XLSX_MAX_AREA\)/);
  // a 400-digit row number
  const endless = file(zipOf(workbookParts(`<row><c r="A${"9".repeat(400)}"><v>1</v></c></row>`)));
  assert.throws(() => readXlsx(endless), /cell reference "A9{19}" is not a cell within A1:XFD1048576/);
  // a shared string that does not exist used to drop the cell silently
  const missing = file(zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "<si><t>only</t></si>")));
  assert.throws(() => readXlsx(missing), /cell A1: shared string 7 does not exist \(the workbook has 1\)/);
  // limits a user can raise
  const many = file(zipOf(workbookParts('<row r="1">' + Array.from({ length: 50 }, (_, k) => `<c r="A${k + 1}"><v>${k}</v></c>`).join("") + "</row>")));
  assert.throws(() => readXlsx(many, { cells: 10, area: 1e6, strings: 10, sheets: 5, bytes: 1e6 }), /more than 10 cells \(raise with IOPLAN_XLSX_MAX_CELLS\)/);
  assert.equal(readXlsx(many)[0].rows, 50);
});

test("zip bombs and damaged archives are refused before they are unpacked; ZIP64 is named", () => {
  // declared far past the limit: refused from the directory alone
  assert.throws(() => readZipEntries(zipOf({ "x.xml": "<a/>" }, { declare: { "x.xml": 1_000_000_000 } }), "bomb.xlsx"), (e: unknown) => e instanceof ZipError && /unpacks to 1,000,000,000 bytes; the limit is 268,435,456/.test(e.message));
  // declared small, inflating large (10 MB of zeros in 10 KB): stopped at the declared size, not unpacked
  const lie = readZipEntries(zipOf({ "x.xml": Buffer.alloc(10_000_000) }, { declare: { "x.xml": 1000 } }), "lie.xlsx");
  assert.throws(() => lie.get("x.xml")!(), /entry x\.xml inflates past its declared 1,000 bytes \(a zip bomb, or a damaged archive\)/);
  // damaged data and a cut-off file
  const good = zipOf(workbookParts('<row r="1"><c r="A1"><v>1</v></c></row>'));
  const damaged = Buffer.from(good);
  for (let k = 40; k < 60; k++) damaged[k] ^= 0xff;
  assert.throws(() => readXlsx(file(damaged)), (e: unknown) => e instanceof ZipError || e instanceof XlsxError);
  assert.throws(() => readZipEntries(good.subarray(0, good.length - 30), "cut.xlsx"), /not a ZIP archive|damaged ZIP/);
  const z64 = Buffer.from(good);
  z64.writeUInt16LE(0xffff, z64.length - 12);
  assert.throws(() => readZipEntries(z64, "big.xlsx"), /a ZIP64 archive/);
});

test("the CLI says what is wrong with a hostile workbook (exit 2), never a stack trace", () => {
  const bad = file(zipOf(workbookParts('<row r="1">' + '<c r="A1"><v>1</v>'.repeat(320))), "hostile.xlsx");
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "model", "import", "xlsx", bad, "--out", join(scratch(), "m"), "--base-year", "2020"], { encoding: "utf8" });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^ioplan: .*hostile\.xlsx, sheet "S": <c> at offset \d+ is not closed before the next one\n$/);
  const junk = file(Buffer.from("PK\u0003\u0004 not really a zip at all"), "junk.xlsx");
  const j = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "model", "import", "xlsx", junk, "--out", join(scratch(), "m2"), "--base-year", "2020"], { encoding: "utf8" });
  assert.equal(j.status, 2);
  assert.doesNotMatch(j.stderr, /\n\s+at /);
});
