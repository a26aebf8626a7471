/**
 * The tables of a data package with regions: flows and final demand by origin and destination region, stressors with F
 * and F_Y, read line by line and checked.
 */
import { join } from "node:path";
import type { DataPackage } from "./dataPackage.ts";
import type { Matrix, MrioStressor } from "../engine/index.ts";
import { cscFromTriplets, denseMatrix } from "../engine/index.ts";
import { num, splitLine, streamWide, isRegularFile } from "./dataPackage.ts";
import { forEachLine } from "./lineReader.ts";
import type { IssueList } from "./modelIssues.ts";

/**
 * ioplan's data package with regions (a multi-regional model, MRIO): the single-region package
 * (docs/data-package.md) with a region column, laid out as pymrio lays out an IOSystem (regions outer, sectors inner):
 *
 * - `sectors.csv`: `region,code,name,output`, one row per (region, sector); every region lists the same sector codes in
 *   the same order, regions in order of first appearance.
 * - `regions.csv` (optional): `code,name`.
 * - `coefficients.csv` (A) or `flows.csv` (Z): `row_region,row,column_region,column,value` — origin (region,
 *   sector) to using (region, sector); sparse, absent pairs are 0.
 * - `final_demand.csv`: `region,sector,<destination>:<category>…` — one column per destination region and
 *   final-demand category, the same categories for every region.
 * - `stressors.csv` (optional): `region,sector,<stressor…>` (F; each column's unit and name in its schema field), and
 *   `stressors_final_demand.csv`: `region,category,<stressor…>` (F_Y: emitted by final demand itself).
 *
 * A package is read as MRIO when its sectors resource starts with a `region` field; a single-region package is read
 * by {@link ../formats/dataPackage.ts} as before.
 */
export const MRIO_RESOURCE = {
  sectors: "sectors",
  regions: "regions",
  coefficients: "coefficients",
  flows: "flows",
  finalDemand: "final_demand",
  stressors: "stressors",
  stressorsFinalDemand: "stressors_final_demand",
} as const;

export const MRIO_SECTOR_FIELDS = ["region", "code", "name", "output"];

export const MRIO_TRIPLET_FIELDS = ["row_region", "row", "column_region", "column", "value"];

export type Resource = DataPackage["resources"][number];

export interface Layout {
  regions: string[];
  regionIndex: Map<string, number>;
  sectorCodes: string[];
  sectorIndex: Map<string, number>;
  names: string[];
  x: Float64Array;
}

/** (region, sector) of a row, or an error naming the cell. */
export function pairIndex(
  L: Layout,
  region: string,
  sector: string,
  where: { file: string; line: number; column: string },
  issues: IssueList,
): number {
  const r = L.regionIndex.get(region);
  const i = L.sectorIndex.get(sector);
  if (r === undefined)
    issues.error({
      ...where,
      value: region,
      message: `unknown region: not in sectors.csv (regions: ${L.regions.join(", ")})`,
    });
  else if (i === undefined)
    issues.error({ ...where, value: sector, message: "unknown sector code: not in sectors.csv" });
  return r === undefined || i === undefined ? -1 : r * L.sectorCodes.length + i;
}

/**
 * Triplets with regions into A or Z ((R·S) × (R·S)): dense up to 2,000 rows, CSC beyond; a pair given twice is an
 * error.
 */
export function readRegionTriplets(
  file: string,
  L: Layout,
  issues: IssueList,
  allowNegative: boolean,
): Matrix | undefined {
  if (!isRegularFile(file, "the file", issues)) return undefined;
  const N = L.x.length;
  const dense = N <= 2000 ? denseMatrix(N, N) : undefined;
  const firstLine = dense ? new Int32Array(N * N) : undefined;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  forEachLine(file, (line, lineNo) => {
    if (lineNo === 1) {
      if (line.trim() !== MRIO_TRIPLET_FIELDS.join(","))
        issues.error({ file, line: 1, value: line, message: `header; expected "${MRIO_TRIPLET_FIELDS.join(",")}"` });
      return;
    }
    if (line.trim() === "") return;
    const f = splitLine(line, file);
    if (f.length !== 5) {
      issues.error({
        file,
        line: lineNo,
        value: line.slice(0, 60),
        message: `row has ${f.length} cells; expected 5 (${MRIO_TRIPLET_FIELDS.join(",")})`,
      });
      return;
    }
    const i = pairIndex(
      L,
      f[0],
      f[1],
      { file, line: lineNo, column: f[0] === "" || !L.regionIndex.has(f[0]) ? "row_region" : "row" },
      issues,
    );
    const j = pairIndex(
      L,
      f[2],
      f[3],
      { file, line: lineNo, column: !L.regionIndex.has(f[2]) ? "column_region" : "column" },
      issues,
    );
    const v = num(
      f[4],
      issues,
      { file, line: lineNo, column: "value", sector: `${f[0]}/${f[1]}→${f[2]}/${f[3]}` },
      { allowNegative },
    );
    if (i < 0 || j < 0 || !Number.isFinite(v)) return;
    if (dense) {
      const k = i * N + j;
      if (firstLine![k])
        issues.error({
          file,
          line: lineNo,
          sector: `${f[0]}/${f[1]}→${f[2]}/${f[3]}`,
          message: `given twice (first on line ${firstLine![k]}); each pair appears once`,
        });
      firstLine![k] = lineNo;
      dense.data[k] = v;
    } else {
      rows.push(i);
      cols.push(j);
      vals.push(v);
    }
  });
  if (dense) return dense;
  const m = cscFromTriplets(N, N, { rows, cols, values: vals }, { allowNegative: true });
  if (m.values.length < vals.length)
    issues.error({
      file,
      message:
        `${vals.length - m.values.length} (region, sector) pairs are given more than once; ` + "each pair appears once",
    });
  return m;
}

/** final_demand.csv: columns `<destination>:<category>`, a complete grid of regions × categories, in region order. */
export function readFinalDemand(
  dir: string,
  res: Resource,
  L: Layout,
  issues: IssueList,
): { Y: ReturnType<typeof denseMatrix>; categories: string[] } | undefined {
  const file = join(dir, res.path);
  const fields = res.schema.fields.map((f) => f.name);
  if (fields[0] !== "region" || fields[1] !== "sector") {
    issues.error({
      file: join(dir, "datapackage.json"),
      column: "resources.final_demand.schema",
      value: fields.slice(0, 2).join(","),
      message: 'final demand with regions starts with the fields "region,sector"',
    });
    return undefined;
  }
  const R = L.regions.length;
  const cols = fields.slice(2).map((f) => ({ dest: f.slice(0, f.indexOf(":")), cat: f.slice(f.indexOf(":") + 1), f }));
  const categories = [...new Set(cols.map((c) => c.cat))];
  const K = categories.length;
  const bad = cols.find((c) => !c.f.includes(":") || !L.regionIndex.has(c.dest));
  const expected = L.regions.flatMap((r) => categories.map((c) => `${r}:${c}`));
  if (bad || expected.join(",") !== cols.map((c) => c.f).join(",")) {
    issues.error({
      file,
      line: 1,
      column: bad?.f,
      value: bad?.f ?? cols.map((c) => c.f).join(","),
      message:
        "final-demand columns are <destination>:<category> for every region of sectors.csv " +
        `(${L.regions.join(", ")}) in order, the same categories each: ` +
        `expected "${expected.slice(0, 6).join(",")}${expected.length > 6 ? ",…" : ""}"`,
    });
    return undefined;
  }
  const N = L.x.length;
  const Y = denseMatrix(N, R * K);
  const seen = new Uint8Array(N);
  const ok = streamWide(dir, res, issues, (line, region, cells) => {
    const i = pairIndex(
      L,
      region,
      cells[0],
      { file, line, column: L.regionIndex.has(region) ? "sector" : "region" },
      issues,
    );
    if (i < 0) return;
    if (seen[i]) issues.error({ file, line, sector: `${region}/${cells[0]}`, message: "row given twice" });
    seen[i] = 1;
    for (let c = 0; c < R * K; c++)
      Y.data[i * R * K + c] = num(
        cells[c + 1],
        issues,
        { file, line, column: cols[c].f, sector: `${region}/${cells[0]}` },
        { allowNegative: true, allowBlank: true },
      );
  });
  return ok ? { Y, categories } : undefined;
}

/** stressors.csv (F, per region and sector) and stressors_final_demand.csv (F_Y, per region and category). */
export function readStressors(
  dir: string,
  byName: Map<string, Resource>,
  L: Layout,
  categories: string[],
  issues: IssueList,
): MrioStressor[] {
  const res = byName.get(MRIO_RESOURCE.stressors);
  if (!res) return [];
  const file = join(dir, res.path);
  const fields = res.schema.fields;
  const out: MrioStressor[] = fields.slice(2).map((f) => ({
    code: f.name,
    name: f.title ?? f.name,
    unit: f.unit ?? "",
    F: new Float64Array(L.x.length),
    FY: new Float64Array(L.regions.length * categories.length),
  }));
  streamWide(dir, res, issues, (line, region, cells) => {
    const i = pairIndex(
      L,
      region,
      cells[0],
      { file, line, column: L.regionIndex.has(region) ? "sector" : "region" },
      issues,
    );
    if (i >= 0)
      out.forEach(
        (s, c) =>
          (s.F[i] = num(
            cells[c + 1],
            issues,
            { file, line, column: s.code, sector: `${region}/${cells[0]}` },
            { allowNegative: true, allowBlank: true },
          )),
      );
  });
  const fy = byName.get(MRIO_RESOURCE.stressorsFinalDemand);
  if (!fy) return out;
  const fyFile = join(dir, fy.path);
  const fyCodes = fy.schema.fields.slice(2).map((f) => f.name);
  if (fyCodes.join(",") !== out.map((s) => s.code).join(",")) {
    issues.error({
      file: fyFile,
      line: 1,
      value: fyCodes.join(","),
      message: `the stressor columns are those of stressors.csv, in order: "${out.map((s) => s.code).join(",")}"`,
    });
    return out;
  }
  const K = categories.length;
  streamWide(dir, fy, issues, (line, region, cells) => {
    const r = L.regionIndex.get(region);
    const k = categories.indexOf(cells[0]);
    if (r === undefined || k < 0) {
      issues.error({
        file: fyFile,
        line,
        column: r === undefined ? "region" : "category",
        value: r === undefined ? region : cells[0],
        message:
          r === undefined
            ? `unknown region (regions: ${L.regions.join(", ")})`
            : `unknown final-demand category (categories: ${categories.join(", ")})`,
      });
      return;
    }
    out.forEach(
      (s, c) =>
        (s.FY[r * K + k] = num(
          cells[c + 1],
          issues,
          { file: fyFile, line, column: s.code, sector: `${region}/${cells[0]}` },
          { allowNegative: true, allowBlank: true },
        )),
    );
  });
  return out;
}
