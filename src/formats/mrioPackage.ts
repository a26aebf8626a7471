import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Matrix, MrioModel } from "../engine/index.ts";
import { mapEntries } from "../engine/index.ts";
import { num, readDescriptor, streamWide } from "./dataPackage.ts";
import { IssueList, ModelFileError } from "./modelIssues.ts";
import { recoverDir } from "./atomicDir.ts";
import type { Layout, Resource } from "./mrioPackageTables.ts";
import {
  MRIO_RESOURCE,
  MRIO_SECTOR_FIELDS,
  readFinalDemand,
  readRegionTriplets,
  readStressors,
} from "./mrioPackageTables.ts";
export { MRIO_RESOURCE, MRIO_SECTOR_FIELDS, MRIO_TRIPLET_FIELDS } from "./mrioPackageTables.ts";

/** Whether the package in `dir` has regions (its sectors resource starts with a `region` field). */
export function isMrioPackage(dir: string): boolean {
  recoverDir(dir);
  const file = join(dir, "datapackage.json");
  if (!existsSync(file)) return false;
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as {
      resources?: { name?: string; schema?: { fields?: { name?: string }[] } }[];
    };
    return pkg.resources?.find((r) => r.name === MRIO_RESOURCE.sectors)?.schema?.fields?.[0]?.name === "region";
  } catch {
    return false;
  }
}

/** sectors.csv: regions in order, the same sectors in the same order in each; every mismatch named with its line. */
function readLayout(dir: string, res: Resource, issues: IssueList): Layout | undefined {
  const file = join(dir, res.path);
  const fields = res.schema.fields.map((f) => f.name);
  if (fields.join(",") !== MRIO_SECTOR_FIELDS.join(",")) {
    issues.error({
      file: join(dir, "datapackage.json"),
      column: "resources.sectors.schema",
      value: fields.join(","),
      message: `a package with regions has sectors with the fields "${MRIO_SECTOR_FIELDS.join(",")}"`,
    });
    return undefined;
  }
  const rows = readSectorRows(dir, res, issues);
  if (!rows) return undefined;
  const regions: string[] = [];
  const regionIndex = new Map<string, number>();
  for (const r of rows) if (!regionIndex.has(r.region)) regionIndex.set(r.region, regions.push(r.region) - 1);
  const first = rows.filter((r) => r.region === regions[0]);
  const sectorCodes = first.map((r) => r.code);
  const sectorIndex = new Map(sectorCodes.map((c, i) => [c, i]));
  if (sectorIndex.size !== sectorCodes.length) {
    const dup = first.find((r, i) => sectorIndex.get(r.code) !== i)!;
    issues.error({
      file,
      line: dup.line,
      column: "code",
      sector: dup.code,
      message: `sector listed twice for region ${regions[0]}`,
    });
    return undefined;
  }
  const layout = { regions, regionIndex, sectorCodes, sectorIndex, names: first.map((r) => r.name) };
  return { ...layout, x: outputsOf(file, rows, layout, issues) };
}

type SectorRow = { line: number; region: string; code: string; name: string; output: number };

/** The rows of sectors.csv as they are, empty codes and a ':' in a region code named; undefined when unreadable. */
function readSectorRows(dir: string, res: Resource, issues: IssueList): SectorRow[] | undefined {
  const file = join(dir, res.path);
  const rows: SectorRow[] = [];
  const ok = streamWide(dir, res, issues, (line, region, cells) => {
    if (region.trim() === "" || cells[0].trim() === "") {
      issues.error({
        file,
        line,
        column: region.trim() === "" ? "region" : "code",
        message: "empty region or sector code",
      });
      return;
    }
    if (region.includes(":"))
      issues.error({
        file,
        line,
        column: "region",
        value: region,
        message: "a region code may not contain ':' (final_demand.csv's columns are <destination>:<category>)",
      });
    rows.push({
      line,
      region,
      code: cells[0],
      name: cells[1],
      output: num(cells[2], issues, { file, line, column: "output", sector: `${region}/${cells[0]}` }),
    });
  });
  return ok ? rows : undefined;
}

/**
 * Gross output by (region, sector), in the first region's sector order; a sector the first region lacks, one listed
 * twice, and one a region lacks are named.
 */
function outputsOf(file: string, rows: SectorRow[], layout: Omit<Layout, "x">, issues: IssueList): Float64Array {
  const { regions, regionIndex, sectorCodes, sectorIndex } = layout;
  const S = sectorCodes.length;
  const x = new Float64Array(regions.length * S);
  const seen = new Int32Array(regions.length * S);
  for (const r of rows) {
    const i = sectorIndex.get(r.code);
    if (i === undefined) {
      issues.error({
        file,
        line: r.line,
        column: "code",
        sector: r.code,
        value: r.code,
        message:
          `sector not listed for region ${regions[0]}; every region has the same sectors ` +
          `(${sectorCodes.slice(0, 8).join(", ")}${S > 8 ? ", …" : ""})`,
      });
      continue;
    }
    const k = regionIndex.get(r.region)! * S + i;
    if (seen[k])
      issues.error({
        file,
        line: r.line,
        column: "code",
        sector: `${r.region}/${r.code}`,
        message: `listed twice (first on line ${seen[k]})`,
      });
    seen[k] = r.line;
    x[k] = r.output;
  }
  regions.forEach((reg, ri) => {
    const missing = sectorCodes.filter((_, i) => !seen[ri * S + i]);
    if (missing.length)
      issues.error({
        file,
        column: "code",
        sector: reg,
        message:
          `region ${reg} has no row for ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""}; ` +
          "every region has the same sectors",
      });
  });
  return x;
}

/**
 * Reads a data package with regions. Every problem is collected in `issues` (file, line, column, value and what is
 * valid); the model is returned only when there are none. Blocking; triplets are streamed.
 */
export function loadMrio(dir: string, issues: IssueList): MrioModel | undefined {
  recoverDir(dir);
  const pkg = readDescriptor(dir, issues);
  if (!pkg) return undefined;
  const byName = new Map(pkg.resources.map((r) => [r.name, r]));
  const descriptor = join(dir, "datapackage.json");
  const sectorsRes = byName.get(MRIO_RESOURCE.sectors);
  if (!sectorsRes) {
    issues.error({
      file: descriptor,
      column: "resources",
      message: `no "${MRIO_RESOURCE.sectors}" resource; every model needs sectors.csv`,
    });
    return undefined;
  }
  const L = readLayout(dir, sectorsRes, issues);
  if (!L) return undefined;
  const regionNames = readRegionNames(dir, byName.get(MRIO_RESOURCE.regions), L, issues);
  const allowNeg = pkg.ioplan.allowNegativeCoefficients;
  const coef = byName.get(MRIO_RESOURCE.coefficients);
  const flows = byName.get(MRIO_RESOURCE.flows);
  let A: Matrix | undefined;
  if (coef && flows)
    issues.error({ file: descriptor, column: "resources", message: "both coefficients and flows are given; give one" });
  else if (!coef && !flows)
    issues.error({
      file: descriptor,
      column: "resources",
      message: "no coefficients or flows resource: a model needs one",
    });
  else if (coef) A = readRegionTriplets(join(dir, coef.path), L, issues, allowNeg);
  else {
    const Z = readRegionTriplets(join(dir, flows!.path), L, issues, allowNeg);
    A = Z && mapEntries(Z, (_i, j, v) => (L.x[j] === 0 ? 0 : v / L.x[j]));
  }
  const fdRes = byName.get(MRIO_RESOURCE.finalDemand);
  if (!fdRes)
    issues.error({
      file: descriptor,
      column: "resources",
      message:
        `no "${MRIO_RESOURCE.finalDemand}" resource; ` +
        "a model with regions needs final demand by destination region",
    });
  const fd = fdRes ? readFinalDemand(dir, fdRes, L, issues) : undefined;
  const stressors = fd ? readStressors(dir, byName, L, fd.categories, issues) : [];
  if (issues.errors.length || !A || !fd) return undefined;
  return {
    name: pkg.title ?? pkg.name,
    regions: L.regions,
    regionNames,
    sectors: L.sectorCodes.map((code, i) => ({ code, name: L.names[i] })),
    A,
    x: L.x,
    Y: fd.Y,
    finalDemandCategories: fd.categories,
    stressors,
    baseYear: pkg.ioplan.baseYear,
    unit: pkg.ioplan.unit,
    sources: pkg.sources ?? [],
    notes: pkg.ioplan.notes,
  };
}

function readRegionNames(dir: string, res: Resource | undefined, L: Layout, issues: IssueList): string[] {
  const names = [...L.regions];
  if (!res) return names;
  const file = join(dir, res.path);
  streamWide(dir, res, issues, (line, code, cells) => {
    const r = L.regionIndex.get(code);
    if (r === undefined)
      issues.error({
        file,
        line,
        column: "code",
        value: code,
        message: `not a region of sectors.csv (${L.regions.join(", ")})`,
      });
    else names[r] = cells[0] || code;
  });
  return names;
}

/**
 * Reads a data package with regions.
 * @throws ModelFileError listing every error (file, line, column, value) when it cannot be read.
 */
export function readMrio(dir: string): MrioModel {
  const issues = new IssueList();
  const m = loadMrio(dir, issues);
  if (!m) throw new ModelFileError(`model ${dir} cannot be read`, issues.items);
  return m;
}
