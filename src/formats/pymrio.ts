import { IoplanError } from "../engine/index.ts";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { EconomyModel, Matrix } from "../engine/index.ts";
import { denseMatrix, technicalCoefficients } from "../engine/index.ts";
import { decimalOf, notADecimal } from "./decimal.ts";
export { tsv, writePymrio } from "./pymrioWrite.ts";

/**
 * pymrio's saved folder format (`IOSystem.save_all()` with the default text format; pymrio/core/fileio.py and
 * mriosystem.py `save`): a folder with `file_parameters.json` ({ systemtype: "IOSystem", name, files: { Z: {
 * name, nr_index_col, nr_header }, … } }), `metadata.json`, and tab-separated tables written by pandas
 * `DataFrame.to_csv(sep="\t")`: Z, A (region, sector × region, sector), Y (region, sector × region,
 * category), x (region, sector × "indout"); each extension (satellite account) in a subfolder with its own
 * `file_parameters.json` (systemtype "Extension") holding F (stressor × region, sector) and unit (stressor
 * × "unit"). With a MultiIndex on both axes, pandas writes one line per column level (the level name in the
 * last index column) and then a line with the index names.
 *
 * A national model is one region. Reading a multi-region system flattens `(region, sector)` into
 * `region/sector` codes.
 */
export class PymrioError extends IoplanError {
  constructor(message: string) {
    super("bad-pymrio-folder", message);
  }
}

export interface Table {
  rowKeys: string[][];
  colKeys: string[][];
  values: Float64Array; // row-major
}

function readTable(file: string, nrIndex: number, nrHeader: number): Table {
  if (!existsSync(file)) throw new PymrioError(`${file} is missing (listed in file_parameters.json)`);
  const lines = readFileSync(file, "utf8")
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter((l) => l.length > 0);
  if (lines.length <= nrHeader)
    throw new PymrioError(
      `${file}: ${lines.length} lines, but file_parameters.json says the header alone has ${nrHeader}`,
    );
  const header = lines.slice(0, nrHeader).map((l) => l.split("\t"));
  if (header[0].length <= nrIndex)
    throw new PymrioError(
      `${file}:1: ${header[0].length} cells, but file_parameters.json says ${nrIndex} of them are index columns`,
    );
  let start = nrHeader;
  // pandas writes a line of index names after a multi-level header: index cells named, data cells empty.
  if (
    nrHeader > 1 &&
    lines[start] &&
    lines[start]
      .split("\t")
      .slice(nrIndex)
      .every((c) => c === "")
  )
    start++;
  const width = header[0].length - nrIndex;
  const colKeys: string[][] = [];
  for (let c = 0; c < width; c++) colKeys.push(header.map((h) => h[nrIndex + c] ?? ""));
  const rowKeys: string[][] = [];
  const rows = lines.slice(start);
  const values = new Float64Array(rows.length * width);
  rows.forEach((l, r) => {
    const f = l.split("\t");
    if (f.length !== nrIndex + width)
      throw new PymrioError(`${file}:${start + r + 1}: row has ${f.length} cells; the header has ${nrIndex + width}`);
    rowKeys.push(f.slice(0, nrIndex));
    for (let c = 0; c < width; c++) {
      const t = f[nrIndex + c];
      const v = t === "" ? 0 : decimalOf(t);
      if (!Number.isFinite(v))
        throw new PymrioError(`${file}:${start + r + 1}: column ${colKeys[c].join("/")}: ${notADecimal(t)}`);
      values[r * width + c] = v;
    }
  });
  return { rowKeys, colKeys, values };
}

export interface FilePara {
  systemtype: string;
  name?: string;
  files: Record<string, { name: string; nr_index_col: string | number; nr_header: string | number }>;
}

export function readPara(dir: string): FilePara {
  const f = join(dir, "file_parameters.json");
  if (!existsSync(f))
    throw new PymrioError(`${dir}: no file_parameters.json; a pymrio folder is written by IOSystem.save_all()`);
  let p: FilePara;
  try {
    // pandas writes no byte-order mark, but an editor may add one
    p = JSON.parse(readFileSync(f, "utf8").replace(/^\uFEFF/, "")) as FilePara;
  } catch (e) {
    throw new PymrioError(`${f}: not valid JSON (${(e as Error).message})`);
  }
  if (!p || typeof p !== "object" || !p.files || typeof p.files !== "object")
    throw new PymrioError(`${f}: no "files" entry`);
  // every entry names a file in the folder (what pandas wrote), with counts as numbers or numeric strings
  for (const [key, e] of Object.entries(p.files)) {
    if (!e || typeof e !== "object" || typeof e.name !== "string" || e.name === "" || /[/\\]/.test(e.name))
      throw new PymrioError(
        `${f}: files.${key} needs "name", a file name in the folder (got ${JSON.stringify(e)?.slice(0, 80)})`,
      );
  }
  return p;
}

export function table(dir: string, para: FilePara, key: string): Table | undefined {
  const e = para.files[key];
  if (!e) return undefined;
  const f = join(dir, "file_parameters.json");
  if (typeof e.name !== "string" || /[/\\]/.test(e.name))
    throw new PymrioError(`${f}: files.${key}.name ${JSON.stringify(e.name)} is not a file name in the folder`);
  if (!/\.(txt|tsv|csv)$/.test(e.name))
    throw new PymrioError(
      `${join(dir, e.name)}: only pymrio's text format (.txt) is read; save with table_format="txt"`,
    );
  // index columns and header lines: small whole numbers (pandas writes 1–3 for a national or multi-regional system)
  const count = (field: "nr_index_col" | "nr_header") => {
    const v = Number(e[field]);
    if (!Number.isInteger(v) || v < 1 || v > 10)
      throw new PymrioError(
        `${f}: files.${key}.${field} is ${JSON.stringify(e[field])}; expected a whole number from 1 to 10`,
      );
    return v;
  };
  const file = join(dir, e.name);
  if (existsSync(file) && !statSync(file).isFile()) throw new PymrioError(`${file}: not a file`);
  return readTable(file, count("nr_index_col"), count("nr_header"));
}

const keyOf = (k: string[], multiRegion: boolean) => (multiRegion ? k.join("/") : k[k.length - 1]);

/**
 * Reads a pymrio folder into an economy model: sectors from Z (or A), A from Z and x (or A directly),
 * final demand from Y, value added from an extension named like "factor_inputs", other extensions as
 * satellites with their units.
 *
 * @throws PymrioError naming the file, line and column of anything unreadable or inconsistent.
 */
export function readPymrio(dir: string, options: { baseYear?: number; unit?: string } = {}): EconomyModel {
  const para = readPara(dir);
  if (para.systemtype !== "IOSystem")
    throw new PymrioError(`${dir}/file_parameters.json: systemtype is "${para.systemtype}"; expected "IOSystem"`);
  const Z = table(dir, para, "Z");
  const At = table(dir, para, "A");
  const Y = table(dir, para, "Y");
  const xT = table(dir, para, "x");
  const base = Z ?? At;
  if (!base) throw new PymrioError(`${dir}: neither Z nor A is saved; ioplan needs one of them`);
  if (!Y) throw new PymrioError(`${dir}: Y (final demand) is not saved`);
  const regions = new Set(base.rowKeys.map((k) => k[0]));
  const multi = regions.size > 1;
  const codes = base.rowKeys.map((k) => keyOf(k, multi));
  const n = codes.length;
  if (base.colKeys.length !== n || base.colKeys.some((k, j) => keyOf(k, multi) !== codes[j])) {
    throw new PymrioError(
      `${dir}: ${Z ? "Z" : "A"} columns do not match its rows ` +
        "(sectors must be the same on both axes, in the same order)",
    );
  }
  const { F, cats } = finalDemandOf(dir, Y, codes, multi);
  const x = grossOutputOf(dir, { xT, Z, F }, codes, multi);
  const A: Matrix = Z
    ? technicalCoefficients(denseMatrix(n, n, Z.values), x, { labels: codes, allowNegative: true }).A
    : denseMatrix(n, n, At!.values);
  const ext = readExtensions(dir, codes, multi);
  const meta = readMetadata(dir);
  return {
    name: para.name ?? meta.name ?? basename(dir),
    sectors: codes.map((code) => ({ code, name: code })),
    A,
    x,
    finalDemand: F,
    finalDemandCategories: cats,
    valueAdded: ext.valueAdded,
    valueAddedRows: ext.valueAddedRows,
    satellites: ext.satellites,
    allowNegativeCoefficients: true,
    baseYear: options.baseYear ?? 2000,
    unit: options.unit ?? "monetary unit of the pymrio system",
    sources: [{ title: `pymrio folder ${dir}${meta.description ? ` (${meta.description})` : ""}`, path: dir }],
    notes: [
      "Read from a pymrio save_all() folder.",
      ...(options.baseYear ? [] : ["pymrio does not record a base year; 2000 is a placeholder: pass --base-year."]),
      ...(ext.droppedFY.length
        ? [
            `Warning: stressors emitted by final demand (pymrio's F_Y: ${ext.droppedFY.join(", ")}) ` +
              "are not read into a single-region model and are dropped; `ioplan mrio import` keeps them.",
          ]
        : []),
      ...(multi
        ? [
            `${regions.size} regions flattened into region/sector codes; ` +
              "`ioplan mrio import` reads the folder with its regions.",
          ]
        : []),
    ],
  };
}

/** Final demand Y in the sectors' order: one row per sector, one column per category. */
function finalDemandOf(
  dir: string,
  Y: Table,
  codes: string[],
  multi: boolean,
): { F: Matrix & { kind: "dense" }; cats: string[] } {
  const yIndex = new Map(Y.rowKeys.map((k, i) => [keyOf(k, multi), i]));
  const cats = Y.colKeys.map((k) => keyOf(k, multi));
  const F = denseMatrix(codes.length, cats.length);
  codes.forEach((c, i) => {
    const r = yIndex.get(c);
    if (r === undefined) throw new PymrioError(`${dir}: Y has no row for sector ${c}`);
    F.data.set(Y.values.subarray(r * cats.length, (r + 1) * cats.length), i * cats.length);
  });
  return { F, cats };
}

/** Gross output: x as saved, or the row sums of Z and final demand; a folder with A alone and no x is refused. */
function grossOutputOf(
  dir: string,
  t: { xT: Table | undefined; Z: Table | undefined; F: Matrix & { kind: "dense" } },
  codes: string[],
  multi: boolean,
): Float64Array {
  const { xT, Z, F } = t;
  const n = codes.length;
  const x = new Float64Array(n);
  if (xT) {
    const xi = new Map(xT.rowKeys.map((k, i) => [keyOf(k, multi), i]));
    codes.forEach((c, i) => {
      const r = xi.get(c);
      if (r === undefined) throw new PymrioError(`${dir}: x has no row for sector ${c}`);
      x[i] = xT.values[r * xT.colKeys.length];
    });
  } else if (Z) {
    const k = F.cols;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Z.values[i * n + j];
      for (let c = 0; c < k; c++) s += F.data[i * k + c];
      x[i] = s;
    }
  } else throw new PymrioError(`${dir}: only A is saved, without x; gross output is needed`);
  return x;
}

/** The folder's extensions: value added (an extension named like "factor_inputs") and the others as satellites. */
function readExtensions(dir: string, codes: string[], multi: boolean) {
  const n = codes.length;
  const satellites: EconomyModel["satellites"] = [];
  let valueAdded = denseMatrix(0, n);
  let valueAddedRows: string[] = [];
  const droppedFY: string[] = [];
  for (const sub of readdirSync(dir).sort()) {
    const p = join(dir, sub);
    if (!statSync(p).isDirectory() || !existsSync(join(p, "file_parameters.json"))) continue;
    const ep = readPara(p);
    if (ep.systemtype !== "Extension") continue;
    const Ft = table(p, ep, "F");
    if (!Ft) continue;
    // pymrio ≥ 0.4 saves stressors of final demand as F_Y (older folders as FY); a national model has no place for
    // them
    const fyKey = ep.files.F_Y ? "F_Y" : ep.files.FY ? "FY" : undefined;
    if (fyKey) droppedFY.push(`${sub}/${ep.files[fyKey].name}`);
    const unitOf = unitsOf(p, ep);
    const colIndex = new Map(Ft.colKeys.map((k, j) => [keyOf(k, multi), j]));
    const rows = Ft.rowKeys.map((k) => k.join("/"));
    const M = denseMatrix(rows.length, n);
    codes.forEach((c, j) => {
      const col = colIndex.get(c);
      if (col === undefined) throw new PymrioError(`${p}: F has no column for sector ${c}`);
      for (let r = 0; r < rows.length; r++) M.data[r * n + j] = Ft.values[r * Ft.colKeys.length + col];
    });
    if (/factor|value.?added/i.test(ep.name ?? sub)) {
      valueAdded = M;
      valueAddedRows = rows;
    } else {
      rows.forEach((r, k) =>
        satellites.push({
          code: r,
          name: `${ep.name ?? sub}: ${r}`,
          unit: unitOf.get(r) ?? "",
          values: M.data.slice(k * n, (k + 1) * n),
        }),
      );
    }
  }
  return { satellites, valueAdded, valueAddedRows, droppedFY };
}

/** An extension's units (stressor → unit) from its unit.txt, read as text; empty when there is none. */
function unitsOf(p: string, ep: FilePara): Map<string, string> {
  const unitOf = new Map<string, string>();
  if (ep.files.unit && existsSync(join(p, ep.files.unit.name)) && statSync(join(p, ep.files.unit.name)).isFile()) {
    for (const l of readFileSync(join(p, ep.files.unit.name), "utf8").split("\n").slice(1).filter(Boolean)) {
      const f = l.replace(/\r$/, "").split("\t");
      unitOf.set(f.slice(0, -1).join("/"), f[f.length - 1]);
    }
  }
  return unitOf;
}

/** The folder's metadata.json (its name and description), or nothing when there is none. */
function readMetadata(dir: string): { name?: string; description?: string } {
  let meta: { name?: string; description?: string } = {};
  if (existsSync(join(dir, "metadata.json"))) {
    try {
      const m: unknown = JSON.parse(readFileSync(join(dir, "metadata.json"), "utf8").replace(/^\uFEFF/, ""));
      if (m && typeof m === "object") meta = m as typeof meta;
    } catch (e) {
      throw new PymrioError(`${join(dir, "metadata.json")}: not valid JSON (${(e as Error).message})`);
    }
  }
  return meta;
}
