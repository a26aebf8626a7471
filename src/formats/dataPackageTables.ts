import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Matrix } from "../engine/index.ts";
import { cscFromTriplets, denseMatrix, forEachEntry } from "../engine/index.ts";
import { parseCsv } from "./csv.ts";
import { CodeTable, parseDecimal } from "./byteFields.ts";
import { countLines, forEachLine, forEachLineBytes } from "./lineReader.ts";
import type { IssueList } from "./modelIssues.ts";
import { decimalOf, notADecimal } from "./decimal.ts";
import type { DataPackage } from "./dataPackageSchema.ts";

/**
 * The data package's CSV tables read from their bytes: wide tables (one row per sector) and sparse triplets,
 * checked line by line.
 */
/** Splits one CSV line: a fast path for lines without quotes, the full parser otherwise. */
export function splitLine(line: string, file: string): string[] {
  return line.indexOf('"') < 0 ? line.split(",") : (parseCsv(line, file)[0]?.fields ?? []);
}

/**
 * Streams a per-sector table (`sector,<columns…>`) line by line, checking the header against the schema and
 * every row's width; `onRow` gets the line number, the sector code and the other cells. Returns the column
 * names (after `sector`), or undefined when the file is missing or its header is wrong. Nothing is held but
 * what `onRow` keeps, so a table of 10⁶ sectors costs no more than its parsed values.
 */
/**
 * A resource must be a regular file (after links): a folder, a device such as /dev/zero or a FIFO would hang or
 * crash the reader, and is named instead.
 */
export function isRegularFile(file: string, what: string, issues: IssueList): boolean {
  if (!existsSync(file)) {
    issues.error({ file, message: `${what} is listed in datapackage.json but its file is missing` });
    return false;
  }
  const st = statSync(file);
  if (!st.isFile()) {
    issues.error({
      file,
      message:
        `${what} is ${st.isDirectory() ? "a folder" : "not a regular file (a device, socket or pipe)"}; ` +
        "expected a CSV file",
    });
    return false;
  }
  return true;
}

export function streamWide(
  dir: string,
  res: DataPackage["resources"][number],
  issues: IssueList,
  onRow: (line: number, sector: string, cells: string[]) => void,
): { file: string; fields: string[] } | undefined {
  const file = join(dir, res.path);
  if (!isRegularFile(file, `resource ${res.name}`, issues)) return undefined;
  const expected = res.schema.fields.map((f) => f.name);
  let headerOk = true;
  let first = true;
  forEachLine(file, (line, lineNo) => {
    if (first) {
      first = false;
      const header = splitLine(line, file);
      if (header.join(",") !== expected.join(",")) {
        issues.error({
          file,
          line: 1,
          message: `header is "${header.join(",")}"; the schema in datapackage.json says "${expected.join(",")}"`,
        });
        headerOk = false;
      }
      return;
    }
    if (!headerOk || line.length === 0) return;
    const f = splitLine(line, file);
    if (f.length !== expected.length) {
      issues.error({
        file,
        line: lineNo,
        sector: f[0],
        message: `row has ${f.length} cells; the header has ${expected.length}`,
      });
      return;
    }
    onRow(lineNo, f[0], f.slice(1));
  });
  return headerOk ? { file, fields: expected.slice(1) } : undefined;
}

export function num(
  text: string,
  issues: IssueList,
  where: { file: string; line: number; column: string; sector?: string },
  opts: { allowNegative?: boolean; allowBlank?: boolean } = {},
): number {
  const t = text.trim();
  if (t === "" && opts.allowBlank) return 0;
  const v = decimalOf(t);
  if (!Number.isFinite(v)) {
    issues.error({ ...where, value: text, message: `${notADecimal(text)}; expected a finite decimal number` });
    return NaN;
  }
  if (v < 0 && !opts.allowNegative) {
    issues.error({
      ...where,
      value: v,
      message:
        "negative; expected a number ≥ 0 " +
        "(set ioplan.allowNegativeCoefficients in datapackage.json if negative entries are real)",
    });
  }
  return v;
}

/** Per-sector table into an n × k matrix, by sector code; unknown, duplicate and missing sectors named. */
export function readWideMatrix(
  dir: string,
  res: DataPackage["resources"][number],
  index: Map<string, number>,
  n: number,
  issues: IssueList,
): { m: ReturnType<typeof denseMatrix>; columns: string[] } | undefined {
  const k = res.schema.fields.length - 1;
  const m = denseMatrix(n, Math.max(k, 0));
  const seen = new Uint8Array(n);
  const file = join(dir, res.path);
  const t = streamWide(dir, res, issues, (line, sector, cells) => {
    const i = index.get(sector);
    if (i === undefined) {
      issues.error({ file, line, column: "sector", sector, message: "unknown sector code: not in sectors.csv" });
      return;
    }
    if (seen[i]) issues.error({ file, line, column: "sector", sector, message: "sector appears twice" });
    seen[i] = 1;
    for (let c = 0; c < k; c++) {
      const text = cells[c];
      if (text === "") continue; // blank is 0
      const v = decimalOf(text);
      m.data[i * k + c] = Number.isFinite(v)
        ? v
        : num(text, issues, { file, line, column: res.schema.fields[c + 1].name, sector }, { allowNegative: true });
    }
  });
  if (!t) return undefined;
  const missing: string[] = [];
  index.forEach((i, code) => {
    if (!seen[i]) missing.push(code);
  });
  if (missing.length) {
    issues.warning({
      file,
      column: "sector",
      message:
        `${missing.length} of ${n} sectors have no row (read as 0): ` +
        `${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}`,
    });
  }
  return { m, columns: t.fields };
}

const codeTables = new WeakMap<Map<string, number>, CodeTable>();

/** The byte-level table of a model's sector codes (built once for its triplet files). */
function codeTableOf(index: Map<string, number>): CodeTable {
  let t = codeTables.get(index);
  if (!t) {
    const codes: string[] = [];
    for (const [code, i] of index) codes[i] = code;
    codeTables.set(index, (t = new CodeTable(codes)));
  }
  return t;
}

/**
 * A coefficient given twice is an error, not a sum (a file written twice over, a join gone wrong): names the first
 * few pairs with both lines. Sorted files (as ioplan writes them) cannot hold one without breaking their order; the
 * map is built only when compressing merged entries. O(nnz).
 */
function duplicatesNamed(
  file: string,
  index: Map<string, number>,
  n: number,
  rows: Int32Array,
  cols: Int32Array,
  lineOf: Int32Array,
  k: number,
  issues: IssueList,
): boolean {
  const seen = new Map<number, number>();
  const codes: string[] = [];
  for (const [code, i] of index) codes[i] = code;
  let found = 0;
  for (let p = 0; p < k && found < 5; p++) {
    const key = cols[p] * n + rows[p];
    const q = seen.get(key);
    if (q === undefined) seen.set(key, p);
    else {
      found++;
      issues.error({
        file,
        line: lineOf[p],
        sector: `${codes[rows[p]]}→${codes[cols[p]]}`,
        message: `coefficient given twice (first on line ${lineOf[q]}); each row,column pair appears once`,
      });
    }
  }
  return found > 0;
}

/** Streams a triplet file into a CSC matrix by sector code. Lines are counted first so arrays are allocated once. */
export function readTriplets(
  file: string,
  index: Map<string, number>,
  n: number,
  issues: IssueList,
  allowNegative: boolean,
): Matrix | undefined {
  if (!isRegularFile(file, "the file", issues)) return undefined;
  const stage = new TripletStage(Math.max(0, countLines(file) - 1));
  stageTriplets({ file, index, issues, allowNegative }, stage);
  if (issues.errors.length) return undefined;
  return stagedMatrix(stage, n, file, index, issues);
}

/** A triplet file being read: its path, the sector codes, where problems go, and whether values may be negative. */
interface TripletFile {
  file: string;
  index: Map<string, number>;
  issues: IssueList;
  allowNegative: boolean;
}

/** Triplets staged in typed arrays as they are read, each with its line, and whether they came in CSC order. */
class TripletStage {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
  readonly lineOf: Int32Array;
  k = 0;
  sorted = true;
  constructor(readonly capacity: number) {
    this.rows = new Int32Array(capacity);
    this.cols = new Int32Array(capacity);
    this.vals = new Float64Array(capacity);
    this.lineOf = new Int32Array(capacity);
  }
  add(i: number, j: number, v: number, line: number): void {
    const { k, rows, cols } = this;
    if (this.sorted && k > 0 && (j < cols[k - 1] || (j === cols[k - 1] && i <= rows[k - 1]))) this.sorted = false;
    rows[k] = i;
    cols[k] = j;
    this.vals[k] = v;
    this.lineOf[k] = line;
    this.k = k + 1;
  }
}

/**
 * Reads every line of a triplet file into the stage. Lines are read as bytes: `code,code,number` with known codes
 * is taken straight from them (codes by their bytes, numbers by parseDecimal or, past 15 digits, Number of the
 * field alone); anything else as text.
 */
function stageTriplets(t: TripletFile, stage: TripletStage): void {
  const { file, issues, allowNegative } = t;
  let header = true;
  const codes = codeTableOf(t.index);
  forEachLineBytes(file, (b, start, end, lineNo) => {
    const asText = () => stageTextLine(t, stage, b.toString("utf8", start, end), lineNo);
    if (header) {
      header = false;
      const line = b.toString("utf8", start, end);
      if (line.trim() !== "row,column,value")
        issues.error({ file, line: lineNo, message: `header is "${line}"; expected "row,column,value"` });
      return;
    }
    let c1 = -1;
    let c2 = -1;
    for (let p = start; p < end; p++) {
      const ch = b[p];
      if (ch === 44) {
        if (c1 < 0) c1 = p;
        else if (c2 < 0) c2 = p;
        else return asText();
      } else if (ch === 34) return asText();
    }
    const i = c2 > 0 ? codes.find(b, start, c1) : -1;
    const j = i >= 0 ? codes.find(b, c1 + 1, c2) : -1;
    if (j < 0 || c2 + 1 === end) return asText();
    let v = parseDecimal(b, c2 + 1, end);
    if (Number.isNaN(v)) v = decimalOf(b.toString("latin1", c2 + 1, end));
    if (!Number.isFinite(v) || (v < 0 && !allowNegative)) return asText();
    stage.add(i, j, v, lineNo);
  });
}

/** A line as text: the general CSV path, and every error message. */
function stageTextLine(t: TripletFile, stage: TripletStage, line: string, lineNo: number): void {
  const { file, index, issues, allowNegative } = t;
  if (line.length === 0) return;
  // Fast path: two commas, no quotes (what ioplan writes); anything else goes through the CSV parser.
  const c1 = line.indexOf(",");
  const c2 = c1 < 0 ? -1 : line.indexOf(",", c1 + 1);
  let f: string[];
  if (c2 > 0 && line.indexOf(",", c2 + 1) < 0 && line.indexOf('"') < 0)
    f = [line.slice(0, c1), line.slice(c1 + 1, c2), line.slice(c2 + 1)];
  else {
    f = parseCsv(line, file)[0]?.fields ?? [];
    if (f.length !== 3) {
      if (line.trim() !== "")
        issues.error({
          file,
          line: lineNo,
          value: line.length > 60 ? line.slice(0, 60) + "…" : line,
          message: `row has ${f.length} cells; expected 3 (row,column,value)`,
        });
      return;
    }
  }
  const i = index.get(f[0]);
  const j = index.get(f[1]);
  const v = decimalOf(f[2]);
  if (i === undefined || j === undefined || !Number.isFinite(v) || (v < 0 && !allowNegative)) {
    if (i === undefined)
      issues.error({
        file,
        line: lineNo,
        column: "row",
        sector: f[0],
        message: "unknown sector code: not in sectors.csv",
      });
    if (j === undefined)
      issues.error({
        file,
        line: lineNo,
        column: "column",
        sector: f[1],
        message: "unknown sector code: not in sectors.csv",
      });
    num(f[2], issues, { file, line: lineNo, column: "value", sector: `${f[0]}→${f[1]}` }, { allowNegative });
    return;
  }
  stage.add(i, j, v, lineNo);
}

/** The staged triplets as an n × n CSC matrix; a row,column pair given twice is named and refused. */
function stagedMatrix(
  stage: TripletStage,
  n: number,
  file: string,
  index: Map<string, number>,
  issues: IssueList,
): Matrix | undefined {
  const { rows, cols, vals, lineOf, k, capacity } = stage;
  if (stage.sorted) {
    // Already in CSC order (as ioplan writes it): the staged row and value arrays become the matrix as they are.
    const colStarts = new Int32Array(n + 1);
    for (let p = 0; p < k; p++) colStarts[cols[p] + 1]++;
    for (let c = 0; c < n; c++) colStarts[c + 1] += colStarts[c];
    return {
      kind: "csc",
      rows: n,
      cols: n,
      colStarts,
      rowIndices: k === capacity ? rows : rows.slice(0, k),
      values: k === capacity ? vals : vals.slice(0, k),
    };
  }
  const m = cscFromTriplets(
    n,
    n,
    { rows: rows.subarray(0, k), cols: cols.subarray(0, k), values: vals.subarray(0, k) },
    { allowNegative: true },
  );
  // fewer entries than lines read: some pairs were summed; name them and refuse
  if (m.values.length < k && duplicatesNamed(file, index, n, rows, cols, lineOf, k, issues)) return undefined;
  return m;
}

/** Dense economies (n ≤ 2,000, over a quarter of entries non-zero) are kept dense: the kernels are faster. */
export function preferredLayout(A: Matrix): Matrix {
  if (A.kind === "dense" || A.rows > 2000 || A.values.length < 0.25 * A.rows * A.cols) return A;
  const d = denseMatrix(A.rows, A.cols);
  forEachEntry(A, (i, j, v) => (d.data[i * A.cols + j] += v));
  return d;
}
