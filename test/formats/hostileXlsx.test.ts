import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { XlsxError, readXlsx } from "../../src/formats/xlsx.ts";
import { FIXTURES, ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";
import { workbookParts, zipOf } from "../../fuzz/hostile.ts";

function file(buf: Buffer, name = "t.xlsx"): string {
  const f = join(scratch(), name);
  writeFileSync(f, buf);
  return f;
}
const sheetOf = async (sheet: string, strings = "") => (await readXlsx(file(zipOf(workbookParts(sheet, strings)))))[0];
const isXlsxError = (pattern: RegExp) => (e: unknown) => e instanceof XlsxError && pattern.test(e.message);

test("a well-formed workbook still reads: numbers, shared and inline strings (the M&B fixture and a hand-made one)", async () => {
  const mb = (await readXlsx(join(FIXTURES, "mb2.xlsx")))[0];
  assert.deepEqual(
    [mb.name, mb.rows, mb.cols, mb.cell(1, 1), mb.cell(1, 2), mb.cell(3, 1)],
    ["Table 2.3", 4, 6, "Sector one", 150, "Value added & more"],
  );
  const s = await sheetOf(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c><c r="C1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>',
    "<si><t>code</t></si>",
  );
  assert.deepEqual([s.cell(0, 0), s.cell(0, 1), s.cell(0, 2), s.rows, s.cols], ["code", 2.5, "x & y", 1, 3]);
});

test("what writers other than Excel do is read: ZIP64 records, cells without references, rich text and phonetic runs, CDATA", async () => {
  // the same workbook with ZIP64 sizes, offsets and end record (scripts/fixtures/table_formats.py, Python's zipfile)
  const z64 = (await readXlsx(join(FIXTURES, "mb2-zip64.xlsx")))[0];
  const mb = (await readXlsx(join(FIXTURES, "mb2.xlsx")))[0];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 6; c++) assert.equal(z64.cell(r, c), mb.cell(r, c));
  // cells without r follow the one before them in their row; rows without r follow the row before
  const s = await sheetOf('<row><c><v>1</v></c><c r="C1"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>');
  assert.deepEqual([s.cell(0, 0), s.cell(0, 2), s.cell(0, 3), s.cell(1, 0), s.rows, s.cols], [1, 3, 4, 5, 2, 4]);
  // a rich-text string is its runs joined; a phonetic guide (Japanese furigana) is not part of the text
  const rich = await sheetOf(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
    '<si><r><t>Agri</t></r><r><t xml:space="preserve">culture </t></r></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>',
  );
  assert.deepEqual([rich.cell(0, 0), rich.cell(0, 1)], ["Agriculture ", "東京"]);
  const cdata = await sheetOf(
    '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c><c r="B1"><f>SUM(1,2)</f><v>3</v></c></row>',
  );
  assert.deepEqual([cdata.cell(0, 0), cdata.cell(0, 1)], ["a<b", 3]);
});

test("hostile workbooks are refused quickly, by name: unclosed cells, cells past XFD1048576, endless row numbers", async () => {
  // 5.6 KB of unclosed <c>: the first hand-written reader rescanned the rest of the file for each (42 s, quadratic)
  await assert.rejects(
    sheetOf('<row r="1">' + '<c r="A1"><v>1</v>'.repeat(320)),
    isXlsxError(/t\.xlsx, sheet "S": cell A1 is not closed before the next <c> opens/),
  );
  // a single cell at XFD1048576 made readers walk 1.7e10 cells
  await assert.rejects(
    sheetOf('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    /cell XFD1048576 makes the sheet 1,048,576 rows × 16,384 columns, more than the 50,000,000 cells ioplan walks \(raise with IOPLAN_XLSX_MAX_AREA\)/,
  );
  // a 400-digit row number, in a cell and on a row
  await assert.rejects(
    sheetOf(`<row><c r="A${"9".repeat(400)}"><v>1</v></c></row>`),
    /cell reference "A9{19}" is not a cell within A1:XFD1048576/,
  );
  await assert.rejects(
    sheetOf(`<row r="${"9".repeat(400)}"><c><v>1</v></c></row>`),
    /row number "9{20}" is not a row within 1–1,048,576/,
  );
  // a shared string that does not exist used to drop the cell silently
  await assert.rejects(
    sheetOf('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "<si><t>only</t></si>"),
    /cell A1: shared string 7 does not exist \(the workbook has 1\)/,
  );
  // a cell longer than Excel allows, and a number that is not one
  await assert.rejects(
    sheetOf(`<row r="1"><c r="A1" t="inlineStr"><is><t>${"x".repeat(40_000)}</t></is></c></row>`),
    /cell A1: more than 32,767 characters, Excel's own limit for a cell/,
  );
  await assert.rejects(
    sheetOf('<row r="1"><c r="A1"><v>1e999</v></c></row>'),
    /cell A1: "1e999" is not a finite number/,
  );
});

test("limits a user can raise: cells, strings, sheets, bytes", async () => {
  const many = file(
    zipOf(
      workbookParts(
        '<row r="1">' + Array.from({ length: 50 }, (_, k) => `<c r="A${k + 1}"><v>${k}</v></c>`).join("") + "</row>",
        "<si><t>a</t></si><si><t>b</t></si>",
      ),
    ),
  );
  const small = { cells: 10, area: 1e6, strings: 10, sheets: 5, bytes: 1e6 };
  await assert.rejects(readXlsx(many, small), /more than 10 cells \(raise with IOPLAN_XLSX_MAX_CELLS\)/);
  await assert.rejects(
    readXlsx(many, { ...small, cells: 100, strings: 1 }),
    /more than 1 shared strings \(raise with IOPLAN_XLSX_MAX_STRINGS\)/,
  );
  await assert.rejects(
    readXlsx(many, { ...small, cells: 100, bytes: 100 }),
    /entry xl\/worksheets\/sheet1\.xml unpacks to [\d,]+ bytes; the limit is 100 \(raise it with IOPLAN_XLSX_MAX_BYTES\)/,
  );
  assert.equal((await readXlsx(many))[0].rows, 50);
  const two = workbookParts('<row r="1"><c r="A1"><v>1</v></c></row>');
  two["xl/workbook.xml"] = two["xl/workbook.xml"].replace(
    "</sheets>",
    '<sheet name="T" sheetId="2" r:id="rId1"/></sheets>',
  );
  assert.deepEqual(
    (await readXlsx(file(zipOf(two)))).map((s) => s.name),
    ["S", "T"],
  );
  await assert.rejects(
    readXlsx(file(zipOf(two)), { ...small, sheets: 1 }),
    /more than 1 sheets \(raise with IOPLAN_XLSX_MAX_SHEETS\)/,
  );
});

test("the limits from the environment are checked: a value that is not a positive whole number is named", async () => {
  const { xlsxLimits } = await import("../../src/formats/xlsx.ts");
  assert.equal(xlsxLimits({ IOPLAN_XLSX_MAX_CELLS: "7" }).cells, 7);
  assert.throws(
    () => xlsxLimits({ IOPLAN_XLSX_MAX_SHEETS: "-1" }),
    /IOPLAN_XLSX_MAX_SHEETS=-1 is not a positive whole number/,
  );
});

test("zip bombs and damaged archives are refused before or while they are unpacked, never by exhausting memory", async () => {
  // declared far past the limit: refused from the central directory alone
  await assert.rejects(
    readXlsx(file(zipOf({ "x.xml": "<a/>" }, { declare: { "x.xml": 1_000_000_000 } }), "bomb.xlsx")),
    isXlsxError(/bomb\.xlsx: entry x\.xml unpacks to 1,000,000,000 bytes; the limit is 268,435,456/),
  );
  // declared small, inflating large (40 MB of zeros in 40 KB): stopped by yauzl's size check as it streams
  const lie = file(
    zipOf(
      { ...workbookParts(""), "xl/worksheets/sheet1.xml": Buffer.alloc(40_000_000, 32) },
      { declare: { "xl/worksheets/sheet1.xml": 1000 } },
    ),
    "lie.xlsx",
  );
  await assert.rejects(
    readXlsx(lie),
    isXlsxError(
      /lie\.xlsx \(xl\/worksheets\/sheet1\.xml\): too many bytes in the stream.*\(a zip bomb, or a damaged archive\)/,
    ),
  );
  // damaged data, a cut-off file, a broken ZIP64 end record, XML that is not well formed, a DTD that could declare entities
  const good = zipOf(workbookParts('<row r="1"><c r="A1"><v>1</v></c></row>'));
  const damaged = Buffer.from(good);
  for (let k = 40; k < 60; k++) damaged[k] ^= 0xff;
  await assert.rejects(readXlsx(file(damaged)), XlsxError);
  await assert.rejects(
    readXlsx(file(good.subarray(0, good.length - 30), "cut.xlsx")),
    isXlsxError(/cut\.xlsx: not a readable ZIP archive/),
  );
  const z64 = Buffer.from(good);
  z64.writeUInt16LE(0xffff, z64.length - 12);
  await assert.rejects(readXlsx(file(z64)), XlsxError);
  await assert.rejects(
    sheetOf('<row r="1"><c r="A1"><v>1</v></c></rw>'),
    isXlsxError(/sheet1\.xml\): not well-formed XML/),
  );
  const laughs = zipOf({
    ...workbookParts(""),
    "xl/worksheets/sheet1.xml":
      '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
  });
  await assert.rejects(
    readXlsx(file(laughs)),
    isXlsxError(/line 1, column \d+: a document type declaration; workbook parts have none/),
  );
});

test("the CLI says what is wrong with a hostile workbook (exit 2), never a stack trace", () => {
  const bad = file(zipOf(workbookParts('<row r="1">' + '<c r="A1"><v>1</v>'.repeat(320))), "hostile.xlsx");
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, "bin", "ioplan.js"),
      "model",
      "import",
      "xlsx",
      bad,
      "--out",
      join(scratch(), "m"),
      "--base-year",
      "2020",
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^ioplan: .*hostile\.xlsx, sheet "S": cell A1 is not closed before the next <c> opens\n$/);
  const junk = file(Buffer.from("PK\u0003\u0004 not really a zip at all"), "junk.xlsx");
  const j = spawnSync(
    process.execPath,
    [
      join(ROOT, "bin", "ioplan.js"),
      "model",
      "import",
      "xlsx",
      junk,
      "--out",
      join(scratch(), "m2"),
      "--base-year",
      "2020",
    ],
    { encoding: "utf8" },
  );
  assert.equal(j.status, 2);
  assert.match(j.stderr, /^ioplan: .*junk\.xlsx: not a readable ZIP archive/);
  assert.doesNotMatch(j.stderr, /\n\s+at /);
});
