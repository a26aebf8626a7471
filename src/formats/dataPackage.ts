import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { recoverDir, writeDirAtomically } from "./atomicDir.ts";
import { z } from "zod";
import type { EconomyModel, Matrix } from "../engine/index.ts";
import { cscFromTriplets, csrToCsc, denseMatrix, forEachEntry, mapEntries } from "../engine/index.ts";
import { parseCsv } from "./csv.ts";
import { CodeTable, parseDecimal } from "./byteFields.ts";
import { countLines, forEachLine, forEachLineBytes } from "./lineReader.ts";
import { IssueList, ModelFileError } from "./modelIssues.ts";
import { decimalOf, notADecimal } from "./decimal.ts";

/**
 * ioplan's model format: a Frictionless Data Package (https://specs.frictionlessdata.io/data-package/).
 *
 * - `datapackage.json`: name, title, licences, sources, and an `ioplan` block (format version, base year,
 *   unit, currency, price basis, whether negative coefficients are real, notes); one resource per CSV file,
 *   each with a Table Schema.
 * - `sectors.csv`: `code,name,output` — one row per sector; `output` is base-year gross output.
 * - `coefficients.csv` (A) or `flows.csv` (Z, with A = Z·diag(output)⁻¹): sparse triplets `row,column,value`
 *   by sector code.
 * - `final_demand.csv`, `value_added.csv`, `satellites.csv`: one row per sector, `sector` then one column per
 *   category / value-added row / satellite account (the account's unit in its schema field, `unit`).
 * - optional `capacities.csv` (`sector,capacity`), `capital_coefficients.csv`, `capital_stocks.csv` (good × using industry) and `import_coefficients.csv`
 *   (triplets: imported products of sector i's kind per unit of sector j's output).
 */
export const MODEL_FORMAT_VERSION = 1;

const fieldSchema = z.object({ name: z.string().min(1), type: z.string().optional(), title: z.string().optional(), unit: z.string().optional(), description: z.string().optional() });
const resourceSchema = z.object({
  name: z.string().min(1),
  path: z.string().min(1).refine((p) => !p.includes("..") && !p.startsWith("/"), "a resource path must stay inside the package (no '..', not absolute)"),
  format: z.string().optional(),
  mediatype: z.string().optional(),
  schema: z.object({ fields: z.array(fieldSchema).min(1), primaryKey: z.union([z.string(), z.array(z.string())]).optional() }),
});
/** zod schema of `datapackage.json` as ioplan writes and reads it. */
export const dataPackageSchema = z.object({
  profile: z.literal("tabular-data-package").optional(),
  name: z.string().regex(/^[a-z0-9._-]+$/, "lower-case letters, digits, '.', '_' and '-' only"),
  title: z.string().optional(),
  description: z.string().optional(),
  licenses: z.array(z.object({ name: z.string(), title: z.string().optional(), path: z.string().optional() })).optional(),
  sources: z.array(z.object({ title: z.string(), path: z.string().optional(), licence: z.string().optional() })).optional(),
  ioplan: z.object({
    formatVersion: z.literal(MODEL_FORMAT_VERSION),
    baseYear: z.number().int().min(1800).max(2200),
    unit: z.string().min(1),
    currency: z.string().optional(),
    priceBasis: z.string().optional(),
    allowNegativeCoefficients: z.boolean().default(false),
    attribution: z.string().optional(),
    notes: z.array(z.string()).default([]),
  }),
  resources: z.array(resourceSchema).min(2),
});
export type DataPackage = z.infer<typeof dataPackageSchema>;

const RESOURCE = {
  sectors: "sectors",
  coefficients: "coefficients",
  flows: "flows",
  finalDemand: "final_demand",
  valueAdded: "value_added",
  satellites: "satellites",
  capacities: "capacities",
  capital: "capital_coefficients",
  stocks: "capital_stocks",
  imports: "import_coefficients",
} as const;

/** Reads `datapackage.json` and checks it against the schema; problems go to `issues`. */
export function readDescriptor(dir: string, issues: IssueList): DataPackage | undefined {
  const file = join(dir, "datapackage.json");
  if (!existsSync(file)) {
    issues.error({ file, message: "no datapackage.json: a model is a folder with datapackage.json and its CSV resources" });
    return undefined;
  }
  if (!statSync(file).isFile() || statSync(file).size > 16 * 1024 * 1024) {
    issues.error({ file, message: "not a regular file of at most 16 MiB (a descriptor is a small JSON file)" });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    issues.error({ file, message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
  const r = dataPackageSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues) issues.error({ file, column: i.path.join("."), message: i.message });
    return undefined;
  }
  return r.data;
}

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
    issues.error({ file, message: `${what} is ${st.isDirectory() ? "a folder" : "not a regular file (a device, socket or pipe)"}; expected a CSV file` });
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
        issues.error({ file, line: 1, message: `header is "${header.join(",")}"; the schema in datapackage.json says "${expected.join(",")}"` });
        headerOk = false;
      }
      return;
    }
    if (!headerOk || line.length === 0) return;
    const f = splitLine(line, file);
    if (f.length !== expected.length) {
      issues.error({ file, line: lineNo, sector: f[0], message: `row has ${f.length} cells; the header has ${expected.length}` });
      return;
    }
    onRow(lineNo, f[0], f.slice(1));
  });
  return headerOk ? { file, fields: expected.slice(1) } : undefined;
}

export function num(text: string, issues: IssueList, where: { file: string; line: number; column: string; sector?: string }, opts: { allowNegative?: boolean; allowBlank?: boolean } = {}): number {
  const t = text.trim();
  if (t === "" && opts.allowBlank) return 0;
  const v = decimalOf(t);
  if (!Number.isFinite(v)) {
    issues.error({ ...where, value: text, message: `${notADecimal(text)}; expected a finite decimal number` });
    return NaN;
  }
  if (v < 0 && !opts.allowNegative) {
    issues.error({ ...where, value: v, message: "negative; expected a number ≥ 0 (set ioplan.allowNegativeCoefficients in datapackage.json if negative entries are real)" });
  }
  return v;
}

/** Per-sector table into an n × k matrix, by sector code; unknown, duplicate and missing sectors named. */
function readWideMatrix(dir: string, res: DataPackage["resources"][number], index: Map<string, number>, n: number, issues: IssueList): { m: ReturnType<typeof denseMatrix>; columns: string[] } | undefined {
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
      m.data[i * k + c] = Number.isFinite(v) ? v : num(text, issues, { file, line, column: res.schema.fields[c + 1].name, sector }, { allowNegative: true });
    }
  });
  if (!t) return undefined;
  const missing: string[] = [];
  index.forEach((i, code) => {
    if (!seen[i]) missing.push(code);
  });
  if (missing.length) {
    issues.warning({ file, column: "sector", message: `${missing.length} of ${n} sectors have no row (read as 0): ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}` });
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
function duplicatesNamed(file: string, index: Map<string, number>, n: number, rows: Int32Array, cols: Int32Array, lineOf: Int32Array, k: number, issues: IssueList): boolean {
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
      issues.error({ file, line: lineOf[p], sector: `${codes[rows[p]]}→${codes[cols[p]]}`, message: `coefficient given twice (first on line ${lineOf[q]}); each row,column pair appears once` });
    }
  }
  return found > 0;
}

/** Streams a triplet file into a CSC matrix by sector code. Lines are counted first so arrays are allocated once. */
function readTriplets(file: string, index: Map<string, number>, n: number, issues: IssueList, allowNegative: boolean): Matrix | undefined {
  if (!isRegularFile(file, "the file", issues)) return undefined;
  const capacity = Math.max(0, countLines(file) - 1);
  const rows = new Int32Array(capacity);
  const cols = new Int32Array(capacity);
  const vals = new Float64Array(capacity);
  const lineOf = new Int32Array(capacity);
  let k = 0;
  let sorted = true;
  let header = true;
  const add = (i: number, j: number, v: number, line: number) => {
    if (sorted && k > 0 && (j < cols[k - 1] || (j === cols[k - 1] && i <= rows[k - 1]))) sorted = false;
    rows[k] = i;
    cols[k] = j;
    vals[k] = v;
    lineOf[k] = line;
    k++;
  };
  // A line as text: the general CSV path, and every error message.
  const textLine = (line: string, lineNo: number) => {
    if (line.length === 0) return;
    // Fast path: two commas, no quotes (what ioplan writes); anything else goes through the CSV parser.
    const c1 = line.indexOf(",");
    const c2 = c1 < 0 ? -1 : line.indexOf(",", c1 + 1);
    let f: string[];
    if (c2 > 0 && line.indexOf(",", c2 + 1) < 0 && line.indexOf('"') < 0) f = [line.slice(0, c1), line.slice(c1 + 1, c2), line.slice(c2 + 1)];
    else {
      f = parseCsv(line, file)[0]?.fields ?? [];
      if (f.length !== 3) {
        if (line.trim() !== "") issues.error({ file, line: lineNo, value: line.length > 60 ? line.slice(0, 60) + "…" : line, message: `row has ${f.length} cells; expected 3 (row,column,value)` });
        return;
      }
    }
    const i = index.get(f[0]);
    const j = index.get(f[1]);
    const v = decimalOf(f[2]);
    if (i === undefined || j === undefined || !Number.isFinite(v) || (v < 0 && !allowNegative)) {
      if (i === undefined) issues.error({ file, line: lineNo, column: "row", sector: f[0], message: "unknown sector code: not in sectors.csv" });
      if (j === undefined) issues.error({ file, line: lineNo, column: "column", sector: f[1], message: "unknown sector code: not in sectors.csv" });
      num(f[2], issues, { file, line: lineNo, column: "value", sector: `${f[0]}→${f[1]}` }, { allowNegative });
      return;
    }
    add(i, j, v, lineNo);
  };
  // Lines are read as bytes: `code,code,number` with known codes is taken straight from them (codes by their
  // bytes, numbers by parseDecimal or, past 15 digits, Number of the field alone); anything else as text.
  const codes = codeTableOf(index);
  forEachLineBytes(file, (b, start, end, lineNo) => {
    const asText = () => textLine(b.toString("utf8", start, end), lineNo);
    if (header) {
      header = false;
      const line = b.toString("utf8", start, end);
      if (line.trim() !== "row,column,value") issues.error({ file, line: lineNo, message: `header is "${line}"; expected "row,column,value"` });
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
    add(i, j, v, lineNo);
  });
  if (issues.errors.length) return undefined;

  if (sorted) {
    // Already in CSC order (as ioplan writes it): the staged row and value arrays become the matrix as they are.
    const colStarts = new Int32Array(n + 1);
    for (let p = 0; p < k; p++) colStarts[cols[p] + 1]++;
    for (let c = 0; c < n; c++) colStarts[c + 1] += colStarts[c];
    return { kind: "csc", rows: n, cols: n, colStarts, rowIndices: k === capacity ? rows : rows.slice(0, k), values: k === capacity ? vals : vals.slice(0, k) };
  }
  const m = cscFromTriplets(n, n, { rows: rows.subarray(0, k), cols: cols.subarray(0, k), values: vals.subarray(0, k) }, { allowNegative: true });
  // fewer entries than lines read: some pairs were summed; name them and refuse
  if (m.values.length < k && duplicatesNamed(file, index, n, rows, cols, lineOf, k, issues)) return undefined;
  return m;
}

/**
 * Reads a model folder. Every problem found is collected in `issues` (file, line, column, sector, value);
 * the model is returned only when there are no errors. Blocking; the triplet files are streamed.
 */
export function loadModel(dir: string, issues: IssueList): EconomyModel | undefined {
  recoverDir(dir); // a writer killed between its renames left the model beside its place
  const pkg = readDescriptor(dir, issues);
  if (!pkg) return undefined;
  const byName = new Map(pkg.resources.map((r) => [r.name, r]));
  const sectorsRes = byName.get(RESOURCE.sectors);
  if (!sectorsRes) {
    issues.error({ file: join(dir, "datapackage.json"), column: "resources", message: `no "${RESOURCE.sectors}" resource; every model needs sectors.csv` });
    return undefined;
  }
  const codes: string[] = [];
  const index = new Map<string, number>();
  const sectors: EconomyModel["sectors"] = [];
  const outputs: number[] = [];
  const firstLine: number[] = [];
  const sectorsFile = join(dir, sectorsRes.path);
  const sectorsTable = streamWide(dir, sectorsRes, issues, (line, code, cells) => {
    if (code.trim() === "") {
      issues.error({ file: sectorsFile, line, column: "code", message: "empty sector code" });
      return;
    }
    const seenAt = index.get(code);
    if (seenAt !== undefined) {
      issues.error({ file: sectorsFile, line, column: "code", sector: code, message: `duplicate sector code (first on line ${firstLine[seenAt]})` });
      return;
    }
    index.set(code, codes.length);
    firstLine.push(line);
    codes.push(code);
    sectors.push({ code, name: cells[0] ?? "" });
    outputs.push(num(cells[1] ?? "", issues, { file: sectorsFile, line, column: "output", sector: code }));
  });
  if (!sectorsTable) return undefined;
  if (sectorsTable.fields.join(",") !== "name,output") issues.error({ file: sectorsTable.file, line: 1, message: `sectors.csv must have the columns "code,name,output"${sectorsTable.fields.join(",") === "code,name,output" ? " (this package has regions: read it with ioplan mrio)" : ""}` });
  const n = codes.length;
  const x = Float64Array.from(outputs);
  const allowNeg = pkg.ioplan.allowNegativeCoefficients;
  let A: Matrix | undefined;
  const coefRes = byName.get(RESOURCE.coefficients);
  const flowRes = byName.get(RESOURCE.flows);
  if (coefRes && flowRes) issues.error({ file: join(dir, "datapackage.json"), column: "resources", message: "both coefficients and flows are given; give one" });
  else if (coefRes) A = readTriplets(join(dir, coefRes.path), index, n, issues, allowNeg);
  else if (flowRes) {
    const Z = readTriplets(join(dir, flowRes.path), index, n, issues, allowNeg);
    if (Z) {
      // A = Z·diag(x)⁻¹; inputs to a zero-output sector are an inconsistency, named.
      const file = join(dir, flowRes.path);
      forEachEntry(Z, (i, j, v) => {
        if (x[j] === 0 && v !== 0) issues.error({ file, sector: `${codes[i]}→${codes[j]}`, value: v, message: `flow into sector ${codes[j]}, whose output is 0` });
      });
      A = mapEntries(Z, (_i, j, v) => (x[j] === 0 ? 0 : v / x[j]));
    }
  } else issues.error({ file: join(dir, "datapackage.json"), column: "resources", message: "no coefficients or flows resource: a model needs one" });

  const wide = (name: string) => {
    const res = byName.get(name);
    const r = res ? readWideMatrix(dir, res, index, n, issues) : undefined;
    if (!res || !r) return { m: denseMatrix(n, 0), columns: [] as string[], units: [] as string[], titles: [] as string[] };
    const fields = res.schema.fields.slice(1);
    return { ...r, units: fields.map((f) => f.unit ?? ""), titles: fields.map((f) => f.title ?? f.name) };
  };
  const fd = wide(RESOURCE.finalDemand);
  const va = wide(RESOURCE.valueAdded);
  const sat = wide(RESOURCE.satellites);
  const cap = byName.has(RESOURCE.capacities) ? wide(RESOURCE.capacities) : undefined;
  const capitalRes = byName.get(RESOURCE.capital);
  const capital = capitalRes ? readTriplets(join(dir, capitalRes.path), index, n, issues, false) : undefined;
  const stocksRes = byName.get(RESOURCE.stocks);
  const capitalStocks = stocksRes ? readTriplets(join(dir, stocksRes.path), index, n, issues, false) : undefined;
  const importRes = byName.get(RESOURCE.imports);
  const importCoefficients = importRes ? readTriplets(join(dir, importRes.path), index, n, issues, allowNeg) : undefined;
  if (issues.errors.length || !A) return undefined;
  A = preferredLayout(A);
  // value added is stored per sector in rows; the model keeps it as rows × sectors
  const vaRows = denseMatrix(va.columns.length, n);
  for (let i = 0; i < n; i++) for (let r = 0; r < va.columns.length; r++) vaRows.data[r * n + i] = va.m.data[i * va.columns.length + r];
  return {
    name: pkg.title ?? pkg.name,
    sectors,
    A,
    x,
    finalDemand: fd.m,
    finalDemandCategories: fd.columns,
    valueAdded: vaRows,
    valueAddedRows: va.columns,
    satellites: sat.columns.map((code, c) => ({ code, name: sat.titles[c], unit: sat.units[c], values: Float64Array.from({ length: n }, (_, i) => sat.m.data[i * sat.columns.length + c]) })),
    capacities: cap ? Float64Array.from({ length: n }, (_, i) => cap.m.data[i * cap.columns.length]) : undefined,
    capitalCoefficients: capital,
    capitalStocks,
    importCoefficients: importCoefficients ? preferredLayout(importCoefficients) : undefined,
    allowNegativeCoefficients: allowNeg,
    baseYear: pkg.ioplan.baseYear,
    unit: pkg.ioplan.unit,
    currency: pkg.ioplan.currency,
    priceBasis: pkg.ioplan.priceBasis,
    sources: pkg.sources ?? [],
    licence: pkg.licenses?.[0] ? { name: pkg.licenses[0].name, title: pkg.licenses[0].title, attribution: pkg.ioplan.attribution } : undefined,
    notes: pkg.ioplan.notes,
  };
}

/**
 * Reads a model folder.
 * @throws ModelFileError listing every error (file, line, column, sector, value) when it cannot be read.
 */
export function readModel(dir: string): EconomyModel {
  const issues = new IssueList();
  const m = loadModel(dir, issues);
  if (!m) throw new ModelFileError(`model ${dir} cannot be read`, issues.items);
  return m;
}

/** A URL- and file-safe package name from a title. */
export function packageName(title: string): string {
  return title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "model";
}

/**
 * Non-zero entries in one canonical order, column by column and down each column, whatever the layout, so
 * that the same model always writes the same file.
 */
function forEachEntryByColumn(A: Matrix, fn: (i: number, j: number, v: number) => void): void {
  if (A.kind === "dense") {
    for (let j = 0; j < A.cols; j++) for (let i = 0; i < A.rows; i++) {
      const v = A.data[i * A.cols + j];
      if (v !== 0) fn(i, j, v);
    }
    return;
  }
  forEachEntry(A.kind === "csr" ? csrToCsc(A) : A, (i, j, v) => {
    if (v !== 0) fn(i, j, v);
  });
}

/** Dense economies (n ≤ 2,000, over a quarter of entries non-zero) are kept dense: the kernels are faster. */
function preferredLayout(A: Matrix): Matrix {
  if (A.kind === "dense" || A.rows > 2000 || A.values.length < 0.25 * A.rows * A.cols) return A;
  const d = denseMatrix(A.rows, A.cols);
  forEachEntry(A, (i, j, v) => (d.data[i * A.cols + j] += v));
  return d;
}

/** Buffered writer of CSV lines to a file descriptor: the text is never built whole. */
export class CsvSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  line(fields: readonly (string | number)[]): void {
    const s = fields.map(csvField).join(",") + "\n";
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

function csvField(v: string | number): string {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeCsv(path: string, fill: (sink: CsvSink) => void): void {
  const fd = openSync(path, "w");
  try {
    const sink = new CsvSink(fd);
    fill(sink);
    sink.flush();
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a model folder atomically: everything goes to a temporary folder beside `dir`, which is renamed into
 * place only when complete. A write that fails or is killed leaves no partial model and never damages an
 * existing one (an existing model is swapped out, then removed). Numbers are written in shortest round-trip
 * form, so reading gives back the same doubles.
 */
export function writeModel(m: EconomyModel, dir: string, options: { hooks?: { afterFile?: (file: string) => void } } = {}): void {
  writeDirAtomically(dir, (tmp) => {
    const codes = m.sectors.map((s) => s.code);
    const n = codes.length;
    const resources: DataPackage["resources"] = [];
    const done = (name: string, path: string, fields: { name: string; type: string; title?: string; unit?: string }[]) => {
      resources.push({ name, path, format: "csv", mediatype: "text/csv", schema: { fields } });
      options.hooks?.afterFile?.(join(tmp, path));
    };
    writeCsv(join(tmp, "sectors.csv"), (s) => {
      s.line(["code", "name", "output"]);
      m.sectors.forEach((sec, i) => s.line([sec.code, sec.name, m.x[i]]));
    });
    done(RESOURCE.sectors, "sectors.csv", [{ name: "code", type: "string" }, { name: "name", type: "string" }, { name: "output", type: "number", unit: m.unit }]);
    writeCsv(join(tmp, "coefficients.csv"), (s) => {
      s.line(["row", "column", "value"]);
      forEachEntryByColumn(m.A, (i, j, v) => s.line([codes[i], codes[j], v]));
    });
    done(RESOURCE.coefficients, "coefficients.csv", [{ name: "row", type: "string" }, { name: "column", type: "string" }, { name: "value", type: "number", unit: `${m.unit} per ${m.unit} of output` }]);
    const wide = (name: string, path: string, columns: string[], get: (i: number, c: number) => number, units?: string[], titles?: string[]) => {
      writeCsv(join(tmp, path), (s) => {
        s.line(["sector", ...columns]);
        for (let i = 0; i < n; i++) s.line([codes[i], ...columns.map((_, c) => get(i, c))]);
      });
      done(name, path, [{ name: "sector", type: "string" }, ...columns.map((c, k) => ({ name: c, type: "number", unit: units?.[k] ?? m.unit, ...(titles?.[k] && titles[k] !== c ? { title: titles[k] } : {}) }))]);
    };
    const k = m.finalDemandCategories.length;
    wide(RESOURCE.finalDemand, "final_demand.csv", m.finalDemandCategories, (i, c) => m.finalDemand.data[i * k + c]);
    if (m.valueAddedRows.length) wide(RESOURCE.valueAdded, "value_added.csv", m.valueAddedRows, (i, r) => m.valueAdded.data[r * n + i]);
    if (m.satellites.length) wide(RESOURCE.satellites, "satellites.csv", m.satellites.map((s) => s.code), (i, c) => m.satellites[c].values[i], m.satellites.map((s) => s.unit), m.satellites.map((s) => s.name));
    if (m.capacities) wide(RESOURCE.capacities, "capacities.csv", ["capacity"], (i) => m.capacities![i]);
    if (m.importCoefficients) {
      writeCsv(join(tmp, "import_coefficients.csv"), (s) => {
        s.line(["row", "column", "value"]);
        forEachEntryByColumn(m.importCoefficients!, (i, j, v) => s.line([codes[i], codes[j], v]));
      });
      done(RESOURCE.imports, "import_coefficients.csv", [{ name: "row", type: "string" }, { name: "column", type: "string" }, { name: "value", type: "number", unit: `imported ${m.unit} per ${m.unit} of output` }]);
    }
    if (m.capitalCoefficients) {
      writeCsv(join(tmp, "capital_coefficients.csv"), (s) => {
        s.line(["row", "column", "value"]);
        forEachEntryByColumn(m.capitalCoefficients!, (i, j, v) => s.line([codes[i], codes[j], v]));
      });
      done(RESOURCE.capital, "capital_coefficients.csv", [{ name: "row", type: "string" }, { name: "column", type: "string" }, { name: "value", type: "number" }]);
    }
    if (m.capitalStocks) {
      writeCsv(join(tmp, "capital_stocks.csv"), (s) => {
        s.line(["row", "column", "value"]);
        forEachEntryByColumn(m.capitalStocks!, (i, j, v) => s.line([codes[i], codes[j], v]));
      });
      done(RESOURCE.stocks, "capital_stocks.csv", [{ name: "row", type: "string", title: "capital good" }, { name: "column", type: "string", title: "using industry" }, { name: "value", type: "number", unit: m.unit }]);
    }
    const pkg: DataPackage = {
      profile: "tabular-data-package",
      name: packageName(m.name),
      title: m.name,
      licenses: m.licence ? [{ name: m.licence.name, ...(m.licence.title ? { title: m.licence.title } : {}) }] : undefined,
      sources: m.sources,
      ioplan: {
        formatVersion: MODEL_FORMAT_VERSION,
        baseYear: m.baseYear,
        unit: m.unit,
        currency: m.currency,
        priceBasis: m.priceBasis,
        allowNegativeCoefficients: m.allowNegativeCoefficients,
        attribution: m.licence?.attribution,
        notes: m.notes,
      },
      resources,
    };
    const fd = openSync(join(tmp, "datapackage.json"), "w");
    try {
      writeSync(fd, JSON.stringify(pkg, null, 2) + "\n");
    } finally {
      closeSync(fd);
    }
  });
}
