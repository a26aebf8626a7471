import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { DenseMatrix, Matrix, MrioModel, MrioStressor } from "../engine/index.ts";
import { denseMatrix, forEachEntry } from "../engine/index.ts";
import { writeDirAtomically } from "./atomicDir.ts";
import type { FilePara, Table } from "./pymrio.ts";
import { PymrioError, readPara, table } from "./pymrio.ts";
import { putTable, tsv, writeSystemFiles } from "./pymrioWrite.ts";

/**
 * pymrio's saved folders (`IOSystem.save_all()`, text format; the layout is described at the top of pymrio.ts) read
 * into an MRIO with their regions, and written back so that `pymrio.load_all()` reads them. Rows and columns are
 * matched by their (region, sector) and (region, category) keys, not by position; every region must have the same
 * sectors and the same final-demand categories (pymrio's own assumption).
 *
 * Each extension (a subfolder) becomes stressors coded `<folder>:<row key>` (the row's index levels joined by "/", e.g.
 * `emissions:emission_type1/air`) with F (per region and sector), F_Y when the folder has one (per region and
 * category; zero otherwise) and the unit from unit.txt. Writing groups stressors back into extensions by that prefix
 * (stressors without one go to `satellites`); index level names are written as pymrio's conventional `stressor`,
 * `compartment`.
 */

interface Grid {
  regions: string[];
  regionIndex: Map<string, number>;
  items: string[];
  itemIndex: Map<string, number>;
}

/** The (region, item) grid of a table's two-level keys: regions and items in order of first appearance, complete. */
function gridOf(keys: string[][], where: string, what: string): Grid {
  const regions: string[] = [];
  const regionIndex = new Map<string, number>();
  const items: string[] = [];
  const itemIndex = new Map<string, number>();
  for (const k of keys) {
    if (k.length !== 2)
      throw new PymrioError(
        `${where}: ${what} keys have ${k.length} levels (${k.join("/")}); ` +
          `a multi-regional system has two: region and ${what}`,
      );
    if (!regionIndex.has(k[0])) regionIndex.set(k[0], regions.push(k[0]) - 1);
    if (!itemIndex.has(k[1])) itemIndex.set(k[1], items.push(k[1]) - 1);
  }
  if (keys.length !== regions.length * items.length) {
    throw new PymrioError(
      `${where}: ${keys.length} ${what} keys for ${regions.length} regions × ${items.length} ${what}s; ` +
        `every region has the same ${what}s, once each`,
    );
  }
  return { regions, regionIndex, items, itemIndex };
}

/** Positions of a table's keys in a grid (rows or columns), naming a key the grid lacks. */
function positions(keys: string[][], g: Grid, where: string): Int32Array {
  return Int32Array.from(keys, (k) => {
    const r = g.regionIndex.get(k[0]);
    const i = g.itemIndex.get(k[k.length - 1]);
    if (k.length !== 2 || r === undefined || i === undefined)
      throw new PymrioError(
        `${where}: key ${k.join("/")} is not a (region, sector) of Z (regions ${g.regions.join(", ")})`,
      );
    return r * g.items.length + i;
  });
}

/** A table's values reordered into the grid's order on both axes. */
function reorder(t: Table, rowPos: Int32Array, colPos: Int32Array, rows: number, cols: number): DenseMatrix {
  const m = denseMatrix(rows, cols);
  const w = t.colKeys.length;
  for (let r = 0; r < t.rowKeys.length; r++)
    for (let c = 0; c < w; c++) m.data[rowPos[r] * cols + colPos[c]] = t.values[r * w + c];
  return m;
}

function readUnits(folder: string, para: FilePara): Map<string, string> {
  const units = new Map<string, string>();
  const e = para.files.unit;
  if (!e || !existsSync(join(folder, e.name)) || !statSync(join(folder, e.name)).isFile()) return units;
  for (const l of readFileSync(join(folder, e.name), "utf8").split("\n").slice(1).filter(Boolean)) {
    const f = l.replace(/\r$/, "").split("\t");
    units.set(f.slice(0, -1).join("/"), f[f.length - 1]);
  }
  return units;
}

/** Extensions (subfolders whose file_parameters.json says "Extension") as stressors with F and F_Y. */
function readExtensions(dir: string, sectorGrid: Grid, catGrid: Grid): MrioStressor[] {
  const out: MrioStressor[] = [];
  const N = sectorGrid.regions.length * sectorGrid.items.length;
  const RK = catGrid.regions.length * catGrid.items.length;
  for (const sub of readdirSync(dir).sort()) {
    const folder = join(dir, sub);
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, "file_parameters.json"))) continue;
    const para = readPara(folder);
    if (para.systemtype !== "Extension") continue;
    const F = table(folder, para, "F");
    if (!F) continue;
    const FY = table(folder, para, "F_Y") ?? table(folder, para, "FY");
    const units = readUnits(folder, para);
    const Fm = reorder(
      F,
      Int32Array.from(F.rowKeys, (_, r) => r),
      positions(F.colKeys, sectorGrid, join(folder, para.files.F.name)),
      F.rowKeys.length,
      N,
    );
    let FYm: DenseMatrix | undefined;
    if (FY) {
      const fyFile = join(folder, (para.files.F_Y ?? para.files.FY).name);
      const rowOf = new Map(FY.rowKeys.map((k, r) => [k.join("/"), r]));
      const rowPos = Int32Array.from(F.rowKeys, (k) => {
        const r = rowOf.get(k.join("/"));
        if (r === undefined)
          throw new PymrioError(`${fyFile}: no row for stressor ${k.join("/")} of F; F_Y has the rows of F`);
        return r;
      });
      const byF = reorder(
        FY,
        Int32Array.from(FY.rowKeys, (_, r) => r),
        positions(FY.colKeys, catGrid, fyFile),
        FY.rowKeys.length,
        RK,
      );
      FYm = denseMatrix(F.rowKeys.length, RK);
      rowPos.forEach((r, s) => FYm!.data.set(byF.data.subarray(r * RK, (r + 1) * RK), s * RK));
    }
    F.rowKeys.forEach((k, s) => {
      const key = k.join("/");
      out.push({
        code: `${sub}:${key}`,
        name: `${para.name ?? sub}: ${k.join(" / ")}`,
        unit: units.get(key) ?? "",
        F: Fm.data.slice(s * N, (s + 1) * N),
        FY: FYm ? FYm.data.slice(s * RK, (s + 1) * RK) : new Float64Array(RK),
      });
    });
  }
  return out;
}

/**
 * Reads a multi-regional pymrio folder (written by `IOSystem.save_all()`, text format) into an MRIO: Z (or A) and Y
 * with their regions, x (or Z's row sums plus Y's), and every extension's F, F_Y and units as stressors.
 * @throws PymrioError naming the file, line and key of anything unreadable or inconsistent.
 */
export function readPymrioMrio(dir: string, options: { baseYear?: number; unit?: string } = {}): MrioModel {
  const para = readPara(dir);
  if (para.systemtype !== "IOSystem")
    throw new PymrioError(`${dir}/file_parameters.json: systemtype is "${para.systemtype}"; expected "IOSystem"`);
  const Z = table(dir, para, "Z");
  const At = table(dir, para, "A");
  const Yt = table(dir, para, "Y");
  const xt = table(dir, para, "x");
  const base = Z ?? At;
  if (!base) throw new PymrioError(`${dir}: neither Z nor A is saved; ioplan needs one of them`);
  if (!Yt) throw new PymrioError(`${dir}: Y (final demand) is not saved`);
  const baseFile = join(dir, para.files[Z ? "Z" : "A"].name);
  const g = gridOf(base.rowKeys, baseFile, "sector");
  const N = g.regions.length * g.items.length;
  const rowPos = positions(base.rowKeys, g, baseFile);
  const M = reorder(base, rowPos, positions(base.colKeys, g, `${baseFile} (columns)`), N, N);
  const yFile = join(dir, para.files.Y.name);
  const cg = gridOf(Yt.colKeys, `${yFile} (columns)`, "category");
  const missing = cg.regions.find((r) => !g.regionIndex.has(r));
  if (missing !== undefined || cg.regions.length !== g.regions.length)
    throw new PymrioError(
      `${yFile}: final-demand regions (${cg.regions.join(", ")}) are not those of Z (${g.regions.join(", ")})`,
    );
  // categories indexed in Z's region order
  const catGrid: Grid = { ...cg, regions: g.regions, regionIndex: g.regionIndex };
  const Y = reorder(
    Yt,
    positions(Yt.rowKeys, g, yFile),
    positions(Yt.colKeys, catGrid, yFile),
    N,
    cg.regions.length * cg.items.length,
  );
  const x = new Float64Array(N);
  if (xt) {
    const pos = positions(xt.rowKeys, g, join(dir, para.files.x.name));
    pos.forEach((k, r) => (x[k] = xt.values[r * xt.colKeys.length]));
  } else if (Z) {
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += M.data[i * N + j];
      for (let c = 0; c < Y.cols; c++) s += Y.data[i * Y.cols + c];
      x[i] = s;
    }
  } else throw new PymrioError(`${dir}: only A is saved, without x; gross output is needed`);
  if (Z)
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) M.data[i * N + j] = x[j] === 0 ? 0 : M.data[i * N + j] / x[j];
  const meta = readMeta(dir);
  return {
    name: para.name ?? meta.name ?? basename(dir),
    regions: g.regions,
    regionNames: [...g.regions],
    sectors: g.items.map((code) => ({ code, name: code })),
    A: M,
    x,
    Y,
    finalDemandCategories: cg.items,
    stressors: readExtensions(dir, g, catGrid),
    baseYear: options.baseYear ?? 2000,
    unit: options.unit ?? "monetary unit of the pymrio system",
    sources: [{ title: `pymrio folder ${dir}${meta.description ? ` (${meta.description})` : ""}`, path: dir }],
    notes: [
      "Read from a pymrio save_all() folder with its regions.",
      ...(options.baseYear ? [] : ["pymrio does not record a base year; 2000 is a placeholder: pass --base-year."]),
    ],
  };
}

function readMeta(dir: string): { name?: string; description?: string } {
  const f = join(dir, "metadata.json");
  if (!existsSync(f)) return {};
  try {
    const m: unknown = JSON.parse(readFileSync(f, "utf8").replace(/^\uFEFF/, ""));
    return m && typeof m === "object" ? (m as { name?: string; description?: string }) : {};
  } catch (e) {
    throw new PymrioError(`${f}: not valid JSON (${(e as Error).message})`);
  }
}

/** Stressors grouped into extensions by the prefix of their code (`folder:key`), in order of first appearance. */
function extensionsOf(stressors: MrioStressor[]): Map<string, { keys: string[][]; members: MrioStressor[] }> {
  const groups = new Map<string, { keys: string[][]; members: MrioStressor[] }>();
  for (const s of stressors) {
    const colon = s.code.indexOf(":");
    const folder = colon > 0 ? s.code.slice(0, colon) : "satellites";
    const key = (colon > 0 ? s.code.slice(colon + 1) : s.code).split("/");
    if (!/^[A-Za-z0-9_.-]+$/.test(folder))
      throw new PymrioError(
        `stressor ${s.code}: "${folder}" cannot name an extension folder (letters, digits, '_', '.', '-')`,
      );
    const g = groups.get(folder) ?? { keys: [], members: [] };
    if (g.keys.length && g.keys[0].length !== key.length)
      throw new PymrioError(
        `stressor ${s.code}: ${key.length} key levels, ` +
          `but ${g.members[0].code} in the same extension has ${g.keys[0].length}`,
      );
    g.keys.push(key);
    g.members.push(s);
    groups.set(folder, g);
  }
  return groups;
}

/**
 * Writes an MRIO as a pymrio folder that `pymrio.load_all()` reads: Z, A, Y and x with (region, sector) and (region,
 * category) keys, and each extension (grouped by stressor code prefix) with F, F_Y and unit. Atomic: written beside
 * the target and renamed into place. Numbers in shortest round-trip form (pandas reads them as the same doubles).
 */
export function writePymrioMrio(m: MrioModel, dir: string): void {
  const R = m.regions.length;
  const S = m.sectors.length;
  const K = m.finalDemandCategories.length;
  const N = R * S;
  const keys = Array.from({ length: N }, (_, k) => [m.regions[Math.floor(k / S)], m.sectors[k % S].code]);
  const catKeys = Array.from({ length: R * K }, (_, c) => [
    m.regions[Math.floor(c / K)],
    m.finalDemandCategories[c % K],
  ]);
  const level = (ks: string[][], l: number) => ks.map((k) => k[l]);
  const A = denseOf(m.A);
  const groups = extensionsOf(m.stressors);
  writeDirAtomically(dir, (tmp) => {
    const files: FilePara["files"] = {};
    const sectorHeader = [level(keys, 0), level(keys, 1)];
    putTable(
      tmp,
      "Z",
      tsv(["region", "sector"], sectorHeader, ["region", "sector"], keys, (r, c) => A[r * N + c] * m.x[c]),
      2,
      2,
      files,
    );
    putTable(
      tmp,
      "A",
      tsv(["region", "sector"], sectorHeader, ["region", "sector"], keys, (r, c) => A[r * N + c]),
      2,
      2,
      files,
    );
    putTable(
      tmp,
      "Y",
      tsv(
        ["region", "sector"],
        [level(catKeys, 0), level(catKeys, 1)],
        ["region", "category"],
        keys,
        (r, c) => m.Y.data[r * R * K + c],
      ),
      2,
      2,
      files,
    );
    putTable(
      tmp,
      "x",
      tsv(["region", "sector"], [["indout"]], [""], keys, (r) => m.x[r]),
      2,
      1,
      files,
    );
    writeSystemFiles(tmp, m, files);
    const categoryHeader = [level(catKeys, 0), level(catKeys, 1)];
    for (const [name, g] of groups) writeExtension(join(tmp, name), name, g, sectorHeader, categoryHeader);
  });
}

/** One extension folder: F (stressors × region/sector), F_Y (× region/category), unit.txt, file_parameters.json. */
function writeExtension(
  folder: string,
  name: string,
  g: { keys: string[][]; members: MrioStressor[] },
  sectorHeader: string[][],
  categoryHeader: string[][],
): void {
  mkdirSync(folder);
  const idx =
    g.keys[0].length === 1
      ? ["stressor"]
      : ["stressor", "compartment", ...g.keys[0].slice(2).map((_, i) => `level${i + 3}`)];
  const ef: FilePara["files"] = {};
  putTable(
    folder,
    "F",
    tsv(idx, sectorHeader, ["region", "sector"], g.keys, (r, c) => g.members[r].F[c]),
    idx.length,
    2,
    ef,
  );
  putTable(
    folder,
    "F_Y",
    tsv(idx, categoryHeader, ["region", "category"], g.keys, (r, c) => g.members[r].FY[c]),
    idx.length,
    2,
    ef,
  );
  writeFileSync(
    join(folder, "unit.txt"),
    [[...idx, "unit"].join("\t"), ...g.keys.map((k, i) => [...k, g.members[i].unit].join("\t"))].join("\n") + "\n",
  );
  ef.unit = { name: "unit.txt", nr_index_col: String(idx.length), nr_header: "1" };
  writeFileSync(
    join(folder, "file_parameters.json"),
    JSON.stringify({ name, systemtype: "Extension", files: ef }, null, 4),
  );
}

function denseOf(A: Matrix): Float64Array {
  if (A.kind === "dense") return A.data;
  const d = new Float64Array(A.rows * A.cols);
  forEachEntry(A, (i, j, v) => (d[i * A.cols + j] += v));
  return d;
}
