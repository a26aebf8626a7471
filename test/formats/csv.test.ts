import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CsvError, parseCsv } from "../../src/formats/csv.ts";
import { readBeaTables } from "../../src/formats/bea.ts";
import { DATA } from "../paths.ts";

const BEA = join(DATA, "us_bea");

test("CSV: quoted commas, doubled quotes, line breaks in quotes, CRLF and a BOM", () => {
  const r = parseCsv(
    '\ufeffcode,name\r\n111CA,"Farms, ranches"\r\n81,"Other ""services""\nexcept government"\n\nV001,\n',
    "t.csv",
  );
  assert.deepEqual(
    r.map((x) => x.fields),
    [
      ["code", "name"],
      ["111CA", "Farms, ranches"],
      ["81", 'Other "services"\nexcept government'],
      ["V001", ""],
    ],
  );
  assert.deepEqual(
    r.map((x) => x.line),
    [1, 2, 3, 6],
  );
});

test("CSV: an unclosed quote names the file and the line it opened on", () => {
  assert.throws(
    () => parseCsv('a,b\n1,"open\n2,3\n', "bad.csv"),
    (e: unknown) =>
      e instanceof CsvError && e.message === "bad.csv:2: a quoted field is not closed before the end of the file",
  );
});

test("BEA reader: a non-numeric cell is reported with file, line and column, and a ragged row by its line", () => {
  const dir = mkdtempSync(join(tmpdir(), "ioplan-bea-"));
  for (const kind of ["make", "import_matrix"])
    copyFileSync(
      join(BEA, `summary_2017_${kind}_before_redef.csv`),
      join(dir, `summary_2017_${kind}_before_redef.csv`),
    );
  const use = parseCsv(readFileSync(join(BEA, "summary_2017_use_pro_before_redef.csv"), "utf8"));
  const header = use[0].fields;
  const col = header.indexOf("211");
  const bad = use.map((r, i) => (i === 5 ? r.fields.map((f, j) => (j === col ? "12x" : f)) : r.fields));
  writeFileSync(
    join(dir, "summary_2017_use_pro_before_redef.csv"),
    bad.map((r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join("\n"),
  );
  assert.throws(
    () => readBeaTables(dir, 2017, "summary"),
    (e: unknown) =>
      e instanceof CsvError &&
      /summary_2017_use_pro_before_redef\.csv:6: column 211: "12x" is not a number/.test(e.message),
  );
  const ragged = use.map((r, i) => (i === 3 ? r.fields.slice(0, 10) : r.fields));
  writeFileSync(
    join(dir, "summary_2017_use_pro_before_redef.csv"),
    ragged.map((r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join("\n"),
  );
  assert.throws(() => readBeaTables(dir, 2017, "summary"), /:4: row has 10 cells; the header has 96/);
});
