import { IoplanError } from "../engine/index.ts";
import { readFileSync } from "node:fs";
import type { EconomyModel } from "../engine/index.ts";
import { denseMatrix, technicalCoefficients } from "../engine/index.ts";
import { parseCsv } from "./csv.ts";
import { columnLetters, readXlsx } from "./xlsx.ts";
import { decimalOf, notADecimal } from "./decimal.ts";

/**
 * A generic labelled input–output table, the layout of most spreadsheets and statistical offices' tables:
 *
 *     code,  name,        AGR, MAN, SRV, HH, EXP, output
 *     AGR,   Agriculture,  10,  40,   5, 30,  15,    100
 *     MAN,   Manufact.,    20,  60,  30, 70,  20,    200
 *     SRV,   Services,      5,  30,  20, 85,  10,    150
 *     VA,    Value added, 65,  70,  95,
 *
 * - the first column holds the row codes; an optional second column headed `name` holds sector names;
 * - columns whose label is also a row code form the square intermediate block (flows Z, or coefficients A
 *   with `kind: "coefficients"`);
 * - a column headed `output` (or `x`, `GO`, `total output`) holds gross output (required for coefficients;
 *   for flows, output is the row sum when it is absent);
 * - every other column is a final-demand category; every row that is not a sector is a value-added row
 *   (rows headed `total` or `output` are skipped: they are sums).
 */
export interface LabelledTableOptions {
  kind?: "flows" | "coefficients";
  /** XLSX: the worksheet name (default: the first). */
  sheet?: string;
  name?: string;
  baseYear: number;
  unit: string;
}

/** A table that does not fit the layout: names the file, cell and value. */
export class LabelledTableError extends IoplanError {
  constructor(message: string) {
    super("bad-labelled-table", message);
  }
}

type Grid = { file: string; cells: (string | number | undefined)[][]; cellName: (r: number, c: number) => string };

function gridFromCsv(file: string): Grid {
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const lines = recs.map((r) => r.line);
  return { file, cells: recs.map((r) => r.fields), cellName: (r, c) => `line ${lines[r]}, column ${c + 1}` };
}

async function gridFromXlsx(file: string, sheet?: string): Promise<Grid> {
  const sheets = await readXlsx(file);
  const s = sheet ? sheets.find((x) => x.name === sheet) : sheets[0];
  if (!s)
    throw new LabelledTableError(`${file}: no sheet "${sheet}" (sheets: ${sheets.map((x) => x.name).join(", ")})`);
  const cells: Grid["cells"] = [];
  for (let r = 0; r < s.rows; r++) {
    const row: (string | number | undefined)[] = [];
    for (let c = 0; c < s.cols; c++) row.push(s.cell(r, c));
    cells.push(row);
  }
  return { file: `${file} [${s.name}]`, cells, cellName: (r, c) => `cell ${columnLetters(c)}${r + 1}` };
}

/**
 * Eurostat's (and FIGARO's) ESA layout: product codes with CPA_ prefixes, totals as CPA_TOTAL and TFU, and
 * transaction rows P1, P2, B1G, EMP. Its columns are not the labelled layout; read as one it would turn totals
 * into final demand. Refused by name until it is read properly.
 */
function refuseForeignLayout(file: string, header: readonly string[], rows: readonly string[]): void {
  const marks = [...header, ...rows].filter(
    (l) => /^(CPA_TOTAL|TFU|TOTAL|P1|P2|P3_S13|P3_S14|P51G|B1G|B2A3G|D1|D21X31|EMP)$/.test(l) || /^CPA_[A-Z]/.test(l),
  );
  if (new Set(marks).size >= 3)
    throw new LabelledTableError(
      `${file}: this looks like a Eurostat/FIGARO (ESA) table (codes ${[...new Set(marks)].slice(0, 6).join(", ")}): ` +
        "its totals and transaction rows are not the labelled layout, and ioplan does not read that layout yet; " +
        'give a table with the same sector codes on rows and columns, final-demand columns and an "output" column',
    );
}

const OUTPUT = /^(output|x|go|total output|gross output)$/i;
const TOTAL = /^(total|totals|output|x|go|total output|gross output|total input|total inputs)$/i;

/**
 * Reads a labelled table from CSV or XLSX (by extension) into an economy model.
 * @throws LabelledTableError naming the file, cell and value for anything that does not fit.
 */
export async function readLabelledTable(file: string, o: LabelledTableOptions): Promise<EconomyModel> {
  return labelledModel(file, /\.xlsx$/i.test(file) ? await gridFromXlsx(file, o.sheet) : gridFromCsv(file), o);
}

/** The model a labelled grid describes (see {@link readLabelledTable}). */
function labelledModel(file: string, g: Grid, o: LabelledTableOptions): EconomyModel {
  const t = layoutOf(g);
  const { codes, hasNames, rowOf } = t;
  const kind = o.kind ?? "flows";
  const num = cellReader(g, t.header);
  const { M, F, x } = readBlocks(g, t, num, kind);
  const { vaRows, VA } = valueAddedOf(g, t, num);
  const A = kind === "coefficients" ? M : technicalCoefficients(M, x, { labels: codes, allowNegative: true }).A;
  const names = codes.map((c) => (hasNames ? String(g.cells[rowOf.get(c)!][1] ?? c) : c));
  let negative = false;
  for (const v of M.data) if (v < 0) negative = true;
  return {
    name: o.name ?? g.file.replace(/^.*\//, "").replace(/\.(csv|xlsx)( \[.*\])?$/i, ""),
    sectors: codes.map((code, i) => ({ code, name: names[i] })),
    A,
    x,
    finalDemand: F,
    finalDemandCategories: t.fdCols.map((f) => f.l),
    valueAdded: VA,
    valueAddedRows: vaRows,
    satellites: [],
    allowNegativeCoefficients: negative,
    baseYear: o.baseYear,
    unit: o.unit,
    sources: [{ title: `labelled ${kind} table`, path: file }],
    notes: [`Imported from a labelled ${kind} table (${g.file}).`],
  };
}

/** Where things are in a labelled grid: the header, row codes, sector columns, final-demand and output columns. */
interface Layout {
  header: string[];
  hasNames: boolean;
  /** The first column after the codes (and names). */
  first: number;
  rowCodes: string[];
  sectorCols: { l: string; c: number }[];
  codes: string[];
  /** The output column, counted from `first`; -1 when there is none. */
  outCol: number;
  fdCols: { l: string; c: number }[];
  /** Each row code's grid row. */
  rowOf: Map<string, number>;
}

/** The grid's layout, refused by name when its sector block is missing, repeated, broken or not this layout. */
function layoutOf(g: Grid): Layout {
  const header = (g.cells[0] ?? []).map((c) => String(c ?? "").trim());
  const hasNames = header[1]?.toLowerCase() === "name";
  const first = hasNames ? 2 : 1;
  const rowCodes = g.cells.slice(1).map((r) => String(r[0] ?? "").trim());
  const rowSet = new Set(rowCodes);
  const colLabels = header.slice(first);
  const sectorCols = colLabels.map((l, k) => ({ l, c: first + k })).filter(({ l }) => rowSet.has(l));
  if (sectorCols.length === 0)
    throw new LabelledTableError(
      `${g.file}: no column label matches a row code; ` +
        "the intermediate block needs the same codes on rows and columns",
    );
  const codes = sectorCols.map((s) => s.l);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new LabelledTableError(`${g.file}: column ${dup} appears twice in the header`);
  refuseForeignLayout(g.file, header, rowCodes);
  refuseGaps(g.file, header, colLabels, sectorCols, rowCodes);
  const outCol = colLabels.findIndex((l) => OUTPUT.test(l));
  const fdCols = colLabels
    .map((l, k) => ({ l, c: first + k }))
    .filter(({ l }, k) => !rowSet.has(l) && k !== outCol && l !== "");
  const rowOf = new Map<string, number>();
  rowCodes.forEach((c, i) => {
    if (rowOf.has(c) && codes.includes(c))
      throw new LabelledTableError(`${g.file}: row ${c} appears twice (${g.cellName(i + 1, 0)})`);
    rowOf.set(c, i + 1);
  });
  return { header, hasNames, first, rowCodes, sectorCols, codes, outCol, fdCols, rowOf };
}

/** The intermediate block is one run of columns: a gap is a column whose row is missing or mistyped. */
function refuseGaps(
  file: string,
  header: string[],
  colLabels: string[],
  sectorCols: { l: string; c: number }[],
  rowCodes: string[],
): void {
  for (let k = 1; k < sectorCols.length; k++) {
    if (sectorCols[k].c !== sectorCols[k - 1].c + 1) {
      const gap = header.slice(sectorCols[k - 1].c + 1, sectorCols[k].c);
      const others =
        rowCodes
          .filter((c) => c && !colLabels.includes(c))
          .slice(0, 8)
          .join(", ") || "none";
      throw new LabelledTableError(
        `${file}: column${gap.length > 1 ? "s" : ""} ${gap.join(", ")} between sector columns ` +
          `${sectorCols[k - 1].l} and ${sectorCols[k].l} ha${gap.length > 1 ? "ve" : "s"} no row with that code; ` +
          `rows that are not sectors: ${others} (a mistyped code?)`,
      );
    }
  }
}

/** A number from the grid (an empty cell is 0); anything else is refused with its cell, column and row. */
function cellReader(g: Grid, header: string[]): (r: number, c: number) => number {
  return (r, c) => {
    const v = g.cells[r]?.[c];
    if (v === undefined || v === "") return 0;
    const x = typeof v === "number" ? v : decimalOf(String(v), { thousands: true });
    if (!Number.isFinite(x))
      throw new LabelledTableError(
        `${g.file}: ${g.cellName(r, c)} ("${header[c] ?? ""}" of row ${g.cells[r]?.[0]}): ${notADecimal(String(v))}`,
      );
    return x;
  };
}

/** The sector rows: the intermediate block M, final demand F and gross output x (the row sums when not given). */
function readBlocks(g: Grid, t: Layout, num: (r: number, c: number) => number, kind: string) {
  const { header, codes, sectorCols, fdCols, outCol, first, rowOf } = t;
  const n = codes.length;
  const M = denseMatrix(n, n);
  const F = denseMatrix(n, fdCols.length);
  const x = new Float64Array(n);
  codes.forEach((code, i) => {
    const r = rowOf.get(code)!;
    if ((g.cells[r]?.length ?? 0) > header.length)
      throw new LabelledTableError(
        `${g.file}: ${g.cellName(r, header.length)}: row ${code} has more cells than the header`,
      );
    sectorCols.forEach(({ c }, j) => (M.data[i * n + j] = num(r, c)));
    fdCols.forEach(({ c }, k) => (F.data[i * fdCols.length + k] = num(r, c)));
    if (outCol >= 0) x[i] = num(r, first + outCol);
  });
  if (outCol < 0) {
    if (kind === "coefficients")
      throw new LabelledTableError(`${g.file}: coefficients need gross output: add a column headed "output"`);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += M.data[i * n + j];
      for (let k = 0; k < fdCols.length; k++) s += F.data[i * fdCols.length + k];
      x[i] = s;
    }
  }
  return { M, F, x };
}

/** The rows that are neither sectors nor totals, as value added; one with final demand or output is refused. */
function valueAddedOf(g: Grid, t: Layout, num: (r: number, c: number) => number) {
  const { header, codes, rowCodes, sectorCols, fdCols, outCol, first, rowOf } = t;
  const n = codes.length;
  const vaRows = rowCodes.filter((c) => !codes.includes(c) && c !== "" && !TOTAL.test(c));
  // a row below the sectors with final demand or output is a sector whose code does not match its column
  for (const c of vaRows) {
    const r = rowOf.get(c)!;
    const cells = [...fdCols.map((f) => f.c), ...(outCol >= 0 ? [first + outCol] : [])].filter(
      (col) => num(r, col) !== 0,
    );
    if (cells.length)
      throw new LabelledTableError(
        `${g.file}: row ${c} (${g.cellName(r, 0)}) has final demand or output ` +
          `(${header[cells[0]]} = ${g.cells[r][cells[0]]}) but no column of its own: ` +
          "value-added rows have none, so is its code mistyped? " +
          `Sector columns: ${codes.slice(0, 12).join(", ")}${codes.length > 12 ? ", …" : ""}`,
      );
  }
  const VA = denseMatrix(vaRows.length, n);
  vaRows.forEach((c, k) => {
    const r = rowOf.get(c)!;
    sectorCols.forEach(({ c: col }, j) => (VA.data[k * n + j] = num(r, col)));
  });
  return { vaRows, VA };
}
