import { IoplanError } from "../engine/index.ts";
import { basename } from "node:path";
import { readFileSync } from "node:fs";
import type { DenseMatrix } from "../engine/index.ts";
import { denseMatrix } from "../engine/index.ts";
import { parseCsv, parseNumberCell } from "./csv.ts";
import { readXlsx } from "./xlsx.ts";

/** One year of a WIOD 2016 national input–output table (NIOT), in millions of US dollars, basic prices. */
export interface WiodNiot {
  country: string;
  year: number;
  industries: string[];
  industryNames: string[];
  /** domestic intermediate flows, industries × industries */
  domestic: DenseMatrix;
  /** imported intermediate flows, industries (product origin) × industries */
  imported: DenseMatrix;
  finalDemandCategories: string[];
  /** domestic final uses, industries × categories (CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP) */
  finalDomestic: DenseMatrix;
  /** imported final uses */
  finalImported: DenseMatrix;
  /** primary-input rows (TXSP, EXP_adj, PURR, PURNR, VA, IntTTM) × industries */
  primaryRows: string[];
  primary: DenseMatrix;
  /** gross output by industry (the GO row) */
  output: Float64Array;
  file: string;
}

const PRIMARY = ["TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM"];

/** A WIOD file that does not hold what was asked for: names the file, sheet, row or column. */
export class WiodError extends IoplanError {
  constructor(message: string) {
    super("bad-wiod-table", message);
  }
}

/**
 * Reads one year from an original WIOD 2016 NIOT workbook (`<CCC>_NIOT_nov16.xlsx`, sheet "National
 * IO-tables"): rows are (year, code, description, origin ∈ {Domestic, Imports, TOT}), columns are the 56
 * industries, the final-use categories and GO. Headers are read, not positions.
 *
 * @throws WiodError naming the file and the missing year, sheet, row or column.
 */
export async function readWiodNiot(file: string, year: number): Promise<WiodNiot> {
  const sheets = await readXlsx(file);
  const s = sheets.find((x) => /national io-tables/i.test(x.name));
  if (!s)
    throw new WiodError(
      `${file}: no sheet "National IO-tables" (sheets: ${sheets.map((x) => x.name).join(", ")}); ` +
        "is this a WIOD NIOT file?",
    );
  const header: string[] = [];
  for (let c = 0; c < s.cols; c++) header.push(String(s.cell(0, c) ?? ""));
  if (header.slice(0, 4).join(",") !== "Year,Code,Description,Origin") {
    throw new WiodError(
      `${file}: header starts "${header.slice(0, 4).join(",")}"; expected "Year,Code,Description,Origin"`,
    );
  }
  const goCol = header.indexOf("GO");
  const fdStart = header.indexOf("CONS_h");
  if (goCol < 0 || fdStart < 0) throw new WiodError(`${file}: header has no GO or CONS_h column`);
  const industries = header.slice(4, fdStart);
  const categories = header.slice(fdStart, goCol);
  const names = industries.map((_, k) => String(s.cell(1, 4 + k) ?? industries[k]));
  const n = industries.length;
  const k = categories.length;
  const years = new Set<number>();
  const rowsOf = new Map<string, number>();
  for (let r = 2; r < s.rows; r++) {
    const y = s.cell(r, 0);
    if (typeof y !== "number") continue;
    years.add(y);
    if (y === year) rowsOf.set(`${s.cell(r, 3)}|${s.cell(r, 1)}`, r);
  }
  if (!years.has(year)) throw new WiodError(`${file}: no year ${year}; the file has ${[...years].sort().join(", ")}`);
  const value = (r: number, c: number): number => {
    const v = s.cell(r, c);
    if (v === undefined || v === "") return 0;
    if (typeof v !== "number")
      throw new WiodError(`${file}: row ${r + 1}, column ${header[c]}: "${v}" is not a number`);
    return v;
  };
  const block = (origin: string, codes: readonly string[], from: number, width: number): DenseMatrix => {
    const m = denseMatrix(codes.length, width);
    codes.forEach((code, i) => {
      const r = rowsOf.get(`${origin}|${code}`);
      if (r === undefined) throw new WiodError(`${file}: year ${year} has no ${origin} row for ${code}`);
      for (let c = 0; c < width; c++) m.data[i * width + c] = value(r, from + c);
    });
    return m;
  };
  const output = new Float64Array(n);
  const goRow = rowsOf.get("TOT|GO");
  if (goRow === undefined) throw new WiodError(`${file}: year ${year} has no GO row`);
  for (let j = 0; j < n; j++) output[j] = value(goRow, 4 + j);
  return {
    country: basename(file).slice(0, 3).toUpperCase(),
    year,
    industries,
    industryNames: names,
    domestic: block("Domestic", industries, 4, n),
    imported: block("Imports", industries, 4, n),
    finalDemandCategories: categories,
    finalDomestic: block("Domestic", industries, fdStart, k),
    finalImported: block("Imports", industries, fdStart, k),
    primaryRows: PRIMARY,
    primary: block("TOT", PRIMARY, 4, n),
    output,
    file,
  };
}

/** Employment from the WIOD Socio-Economic Accounts: persons engaged (thousands) and employees' hours (millions). */
export interface WiodEmployment {
  persons: Float64Array;
  hours: Float64Array;
}

/**
 * Reads EMP and H_EMPE for one country and year from the SEA CSV (`country,code,year,…`), aligned on the
 * given industry codes. Missing industries are an error naming them.
 */
export function readWiodSea(
  file: string,
  country: string,
  year: number,
  industries: readonly string[],
): WiodEmployment {
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const h = recs[0].fields;
  const col = (name: string) => {
    const c = h.indexOf(name);
    if (c < 0) throw new WiodError(`${file}: no ${name} column (columns: ${h.join(", ")})`);
    return c;
  };
  const [cc, cCode, cYear, cEmp, cHours] = ["country", "code", "year", "EMP", "H_EMPE"].map(col);
  const persons = new Float64Array(industries.length).fill(NaN);
  const hours = new Float64Array(industries.length).fill(NaN);
  const index = new Map(industries.map((c, i) => [c, i]));
  const countries = new Set<string>();
  for (const r of recs.slice(1)) {
    countries.add(r.fields[cc]);
    if (r.fields[cc] !== country || Number(r.fields[cYear]) !== year) continue;
    const i = index.get(r.fields[cCode]);
    if (i === undefined) continue;
    persons[i] = parseNumberCell(r.fields[cEmp], file, r.line, "EMP", true);
    hours[i] = parseNumberCell(r.fields[cHours], file, r.line, "H_EMPE", true);
  }
  if (!countries.has(country))
    throw new WiodError(`${file}: no rows for country ${country}; the file covers ${[...countries].join(", ")}`);
  const missing = industries.filter((_, i) => Number.isNaN(persons[i]));
  if (missing.length) throw new WiodError(`${file}: ${country} ${year} has no row for ${missing.join(", ")}`);
  return { persons, hours };
}
