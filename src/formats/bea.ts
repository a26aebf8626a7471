import { IoplanError } from "../engine/index.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DenseMatrix } from "../engine/index.ts";
import { denseMatrix } from "../engine/index.ts";
import { CsvError, parseCsv, parseNumberCell } from "./csv.ts";

/** The level of a BEA table: 71-industry summary or ~402-industry detail. */
export type BeaLevel = "summary" | "detail";

/** BEA Make, Use and Import tables keyed by code, aligned on the Make table's industry and commodity order. */
export interface BeaTables {
  year: number;
  level: BeaLevel;
  industries: string[];
  industryNames: string[];
  commodities: string[];
  finalDemandCategories: string[];
  valueAddedRows: string[];
  /** industries × commodities */
  make: DenseMatrix;
  /** commodities × industries */
  use: DenseMatrix;
  /** commodities × final-demand categories (F050 imports negative) */
  finalUse: DenseMatrix;
  /** value-added rows × industries (V001 compensation, V002 taxes less subsidies, V003 surplus) */
  valueAdded: DenseMatrix;
  /** imported part of `use` (commodities × industries); undefined when the import matrix file is absent */
  importUse?: DenseMatrix;
  /** imported part of `finalUse` */
  importFinalUse?: DenseMatrix;
  /** the files read */
  files: string[];
}

/** A folder that does not hold the BEA tables asked for. */
export class BeaDataError extends IoplanError {
  constructor(message: string) {
    super("bad-bea-table", message);
  }
}

/** Years for which `dir` holds both a Make and a Use table of the given level. */
export function availableYears(dir: string, level: BeaLevel): number[] {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const years = names
    .map((n) => new RegExp(`^${level}_(\\d{4})_make_before_redef\\.csv$`).exec(n)?.[1])
    .filter((y): y is string => !!y);
  return years
    .filter((y) => names.includes(`${level}_${y}_use_pro_before_redef.csv`))
    .map(Number)
    .sort((a, b) => a - b);
}

const isTotal = (code: string): boolean => /^total\b/i.test(code) || /^T0\d\d$/.test(code);
const isFinalDemand = (code: string): boolean => /^F\d/.test(code);
const isValueAdded = (code: string): boolean => /^V\d/.test(code);

interface LabelledTable {
  file: string;
  rowCodes: string[];
  rowLines: number[];
  names: string[];
  colCodes: string[];
  cells: string[][];
}

function readLabelled(file: string): LabelledTable {
  const records = parseCsv(readFileSync(file, "utf8"), file);
  if (records.length < 2) throw new CsvError(file, 1, "the table has no data rows");
  const header = records[0].fields;
  if (header[0] !== "code") throw new CsvError(file, 1, `first header cell is "${header[0]}"; expected "code"`);
  const hasName = header[1] === "name";
  const first = hasName ? 2 : 1;
  const colCodes = header.slice(first);
  const rowCodes: string[] = [];
  const rowLines: number[] = [];
  const names: string[] = [];
  const cells: string[][] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.length) {
      throw new CsvError(file, r.line, `row has ${r.fields.length} cells; the header has ${header.length}`);
    }
    rowCodes.push(r.fields[0]);
    rowLines.push(r.line);
    names.push(hasName ? r.fields[1] : "");
    cells.push(r.fields.slice(first));
  }
  return { file, rowCodes, rowLines, names, colCodes, cells };
}

/** Extracts the sub-matrix for the given row and column codes (missing codes are an error naming them). */
function pick(t: LabelledTable, rows: readonly string[], cols: readonly string[], what: string): DenseMatrix {
  const rIndex = new Map(t.rowCodes.map((c, i) => [c, i]));
  const cIndex = new Map(t.colCodes.map((c, i) => [c, i]));
  const m = denseMatrix(rows.length, cols.length);
  const cPos = cols.map((c) => {
    const j = cIndex.get(c);
    if (j === undefined) throw new CsvError(t.file, 1, `${what}: column ${c} is missing from the header`);
    return j;
  });
  rows.forEach((code, i) => {
    const r = rIndex.get(code);
    if (r === undefined) throw new CsvError(t.file, 1, `${what}: row ${code} is missing`);
    const line = t.rowLines[r];
    for (let j = 0; j < cols.length; j++) {
      m.data[i * cols.length + j] = parseNumberCell(t.cells[r][cPos[j]], t.file, line, cols[j], true);
    }
  });
  return m;
}

/**
 * Reads BEA's Make, Use (producers' prices, before redefinitions) and Import tables for one year and level
 * from a folder laid out like `shared/data/us_bea/`. Headers are read, not positions: summary files label
 * totals in words and carry a `name` column, detail files use T00x codes. Blank cells are 0 (BEA's
 * suppressed cells, as converted). Industries and commodities follow the Make table.
 *
 * @throws CsvError naming the file, line and column of any unreadable cell, a ragged row or a missing code.
 */
export function readBeaTables(dir: string, year: number, level: BeaLevel): BeaTables {
  const prefix = `${level}_${year}`;
  const makeFile = join(dir, `${prefix}_make_before_redef.csv`);
  const useFile = join(dir, `${prefix}_use_pro_before_redef.csv`);
  const importFile = join(dir, `${prefix}_import_matrix_before_redef.csv`);
  for (const f of [makeFile, useFile]) {
    if (!existsSync(f)) {
      const years = availableYears(dir, level);
      const available = years.length
        ? `years available: ${years.join(", ")}`
        : "the folder has no BEA tables of that level";
      throw new BeaDataError(`${f} does not exist: no BEA ${level} tables for ${year} in ${dir}; ${available}`);
    }
  }
  const make = readLabelled(makeFile);
  const use = readLabelled(useFile);
  const industries = make.rowCodes.filter((c) => !isTotal(c));
  const titles = industryTitles(dir, level);
  const industryNames = make.rowCodes
    .map((c, i) => [c, make.names[i]] as const)
    .filter(([c]) => !isTotal(c))
    .map(([c, n]) => (!n || n === c ? (titles.get(c) ?? n) : n));
  const commodities = make.colCodes.filter((c) => !isTotal(c));
  const finalDemandCategories = use.colCodes.filter(isFinalDemand);
  const valueAddedRows = use.rowCodes.filter(isValueAdded);
  const useIndustries = use.colCodes.filter((c) => !isTotal(c) && !isFinalDemand(c));
  const missing = industries.filter((c) => !useIndustries.includes(c));
  if (missing.length || useIndustries.length !== industries.length) {
    throw new CsvError(
      useFile,
      1,
      `use-table industry columns do not match the make table's industries (missing: ${missing.join(", ") || "none"})`,
    );
  }
  const files = [makeFile, useFile];
  const imported = readImports(importFile, commodities, industries, finalDemandCategories);
  if (imported) files.push(importFile);
  const { importUse, importFinalUse } = imported ?? {};
  return {
    year,
    level,
    industries,
    industryNames,
    commodities,
    finalDemandCategories,
    valueAddedRows,
    make: pick(make, industries, commodities, "make table"),
    use: pick(use, commodities, industries, "use table"),
    finalUse: pick(use, commodities, finalDemandCategories, "use table final uses"),
    valueAdded: pick(use, valueAddedRows, industries, "use table value added"),
    importUse,
    importFinalUse,
    files,
  };
}

/** Industry titles from BEA's code list, when there is one. */
function industryTitles(dir: string, level: BeaLevel): Map<string, string> {
  // detail tables carry codes where the summary ones carry titles: take titles from BEA's code list when present
  const titles = new Map<string, string>();
  const codeList = join(dir, `${level}_codes_industry.csv`);
  if (existsSync(codeList))
    for (const r of parseCsv(readFileSync(codeList, "utf8"), codeList).slice(1))
      if (r.fields[0] && r.fields[1]) titles.set(r.fields[0].trim(), r.fields[1].trim());
  return titles;
}

/**
 * The import matrix, when the folder has one: imported commodities used by each industry and each final use, in
 * the make table's commodity order; undefined when there is no file.
 */
function readImports(
  importFile: string,
  commodities: string[],
  industries: string[],
  finalDemandCategories: string[],
): { importUse: DenseMatrix; importFinalUse: DenseMatrix } | undefined {
  let imports: LabelledTable | undefined;
  try {
    imports = readLabelled(importFile);
  } catch (e) {
    if (!(e instanceof Error && "code" in e && (e as NodeJS.ErrnoException).code === "ENOENT")) throw e;
  }
  if (!imports) return undefined;
  // Commodities without an import row (none in BEA's releases) count as not imported.
  const impRows = commodities.filter((c) => imports.rowCodes.includes(c));
  const iu = pick(imports, impRows, industries, "import matrix");
  const ifu = pick(imports, impRows, finalDemandCategories, "import matrix final uses");
  const importUse = denseMatrix(commodities.length, industries.length);
  const importFinalUse = denseMatrix(commodities.length, finalDemandCategories.length);
  impRows.forEach((c, k) => {
    const i = commodities.indexOf(c);
    importUse.data.set(iu.data.subarray(k * industries.length, (k + 1) * industries.length), i * industries.length);
    importFinalUse.data.set(
      ifu.data.subarray(k * finalDemandCategories.length, (k + 1) * finalDemandCategories.length),
      i * finalDemandCategories.length,
    );
  });
  return { importUse, importFinalUse };
}
