import { join } from "node:path";
import { recoverDir } from "./atomicDir.ts";
import type { EconomyModel, Matrix } from "../engine/index.ts";
import { denseMatrix, forEachEntry, mapEntries } from "../engine/index.ts";
import { IssueList, ModelFileError } from "./modelIssues.ts";
import { RESOURCE, readDescriptor } from "./dataPackageSchema.ts";
import type { DataPackage } from "./dataPackageSchema.ts";
import { num, preferredLayout, readTriplets, readWideMatrix, streamWide } from "./dataPackageTables.ts";

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
 * - optional `capacities.csv` (`sector,capacity`), `capital_coefficients.csv`, `capital_stocks.csv` (good × using
 *   industry) and `import_coefficients.csv` (triplets: imported products of sector i's kind per unit of sector j's
 *   output).
 */

export { MODEL_FORMAT_VERSION, dataPackageSchema, readDescriptor } from "./dataPackageSchema.ts";
export type { DataPackage } from "./dataPackageSchema.ts";
export { isRegularFile, num, splitLine, streamWide } from "./dataPackageTables.ts";
export { CsvSink, packageName, writeCsv, writeModel } from "./dataPackageWrite.ts";

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
    issues.error({
      file: join(dir, "datapackage.json"),
      column: "resources",
      message: `no "${RESOURCE.sectors}" resource; every model needs sectors.csv`,
    });
    return undefined;
  }
  const read = readSectors(dir, sectorsRes, issues);
  if (!read) return undefined;
  const { sectors, index, x } = read;
  const n = sectors.length;
  const allowNeg = pkg.ioplan.allowNegativeCoefficients;
  let A = readCoefficients(dir, byName, read, issues, allowNeg);
  const wide = (name: string) => {
    const res = byName.get(name);
    const r = res ? readWideMatrix(dir, res, index, n, issues) : undefined;
    if (!res || !r)
      return { m: denseMatrix(n, 0), columns: [] as string[], units: [] as string[], titles: [] as string[] };
    const fields = res.schema.fields.slice(1);
    return { ...r, units: fields.map((f) => f.unit ?? ""), titles: fields.map((f) => f.title ?? f.name) };
  };
  const triplets = (name: string, allowNegative: boolean) => {
    const res = byName.get(name);
    return res ? readTriplets(join(dir, res.path), index, n, issues, allowNegative) : undefined;
  };
  const fd = wide(RESOURCE.finalDemand);
  const va = wide(RESOURCE.valueAdded);
  const sat = wide(RESOURCE.satellites);
  const cap = byName.has(RESOURCE.capacities) ? wide(RESOURCE.capacities) : undefined;
  const capital = triplets(RESOURCE.capital, false);
  const capitalStocks = triplets(RESOURCE.stocks, false);
  const importCoefficients = triplets(RESOURCE.imports, allowNeg);
  if (issues.errors.length || !A) return undefined;
  A = preferredLayout(A);
  // value added is stored per sector in rows; the model keeps it as rows × sectors
  const vaRows = denseMatrix(va.columns.length, n);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < va.columns.length; r++) vaRows.data[r * n + i] = va.m.data[i * va.columns.length + r];
  return {
    name: pkg.title ?? pkg.name,
    sectors,
    A,
    x,
    finalDemand: fd.m,
    finalDemandCategories: fd.columns,
    valueAdded: vaRows,
    valueAddedRows: va.columns,
    satellites: sat.columns.map((code, c) => ({
      code,
      name: sat.titles[c],
      unit: sat.units[c],
      values: Float64Array.from({ length: n }, (_, i) => sat.m.data[i * sat.columns.length + c]),
    })),
    capacities: cap ? Float64Array.from({ length: n }, (_, i) => cap.m.data[i * cap.columns.length]) : undefined,
    capitalCoefficients: capital,
    capitalStocks,
    importCoefficients: importCoefficients ? preferredLayout(importCoefficients) : undefined,
    allowNegativeCoefficients: allowNeg,
    ...describedBy(pkg),
  };
}

/** The model's facts from its descriptor: base year, unit, currency, price basis, sources, licence, notes. */
function describedBy(pkg: DataPackage) {
  return {
    baseYear: pkg.ioplan.baseYear,
    unit: pkg.ioplan.unit,
    currency: pkg.ioplan.currency,
    priceBasis: pkg.ioplan.priceBasis,
    sources: pkg.sources ?? [],
    licence: pkg.licenses?.[0]
      ? { name: pkg.licenses[0].name, title: pkg.licenses[0].title, attribution: pkg.ioplan.attribution }
      : undefined,
    notes: pkg.ioplan.notes,
  };
}

/** The sectors read from sectors.csv: codes, names and base-year output, each code once. */
interface SectorsRead {
  codes: string[];
  index: Map<string, number>;
  sectors: EconomyModel["sectors"];
  x: Float64Array;
}

/** Reads sectors.csv (`code,name,output`), naming empty and duplicate codes; undefined when it cannot be read. */
function readSectors(dir: string, res: DataPackage["resources"][number], issues: IssueList): SectorsRead | undefined {
  const codes: string[] = [];
  const index = new Map<string, number>();
  const sectors: EconomyModel["sectors"] = [];
  const outputs: number[] = [];
  const firstLine: number[] = [];
  const sectorsFile = join(dir, res.path);
  const sectorsTable = streamWide(dir, res, issues, (line, code, cells) => {
    if (code.trim() === "") {
      issues.error({ file: sectorsFile, line, column: "code", message: "empty sector code" });
      return;
    }
    const seenAt = index.get(code);
    if (seenAt !== undefined) {
      issues.error({
        file: sectorsFile,
        line,
        column: "code",
        sector: code,
        message: `duplicate sector code (first on line ${firstLine[seenAt]})`,
      });
      return;
    }
    index.set(code, codes.length);
    firstLine.push(line);
    codes.push(code);
    sectors.push({ code, name: cells[0] ?? "" });
    outputs.push(num(cells[1] ?? "", issues, { file: sectorsFile, line, column: "output", sector: code }));
  });
  if (!sectorsTable) return undefined;
  if (sectorsTable.fields.join(",") !== "name,output") {
    const regions = sectorsTable.fields.join(",") === "code,name,output";
    issues.error({
      file: sectorsTable.file,
      line: 1,
      message:
        'sectors.csv must have the columns "code,name,output"' +
        (regions ? " (this package has regions: read it with ioplan mrio)" : ""),
    });
  }
  return { codes, index, sectors, x: Float64Array.from(outputs) };
}

/** The technical coefficients A: read as they are, or from flows Z as A = Z·diag(x)⁻¹; exactly one is given. */
function readCoefficients(
  dir: string,
  byName: Map<string, DataPackage["resources"][number]>,
  { codes, index, x }: SectorsRead,
  issues: IssueList,
  allowNeg: boolean,
): Matrix | undefined {
  const n = codes.length;
  const coefRes = byName.get(RESOURCE.coefficients);
  const flowRes = byName.get(RESOURCE.flows);
  if (coefRes && flowRes)
    issues.error({
      file: join(dir, "datapackage.json"),
      column: "resources",
      message: "both coefficients and flows are given; give one",
    });
  else if (coefRes) return readTriplets(join(dir, coefRes.path), index, n, issues, allowNeg);
  else if (flowRes) {
    const Z = readTriplets(join(dir, flowRes.path), index, n, issues, allowNeg);
    if (!Z) return undefined;
    // A = Z·diag(x)⁻¹; inputs to a zero-output sector are an inconsistency, named.
    const file = join(dir, flowRes.path);
    forEachEntry(Z, (i, j, v) => {
      if (x[j] === 0 && v !== 0)
        issues.error({
          file,
          sector: `${codes[i]}→${codes[j]}`,
          value: v,
          message: `flow into sector ${codes[j]}, whose output is 0`,
        });
    });
    return mapEntries(Z, (_i, j, v) => (x[j] === 0 ? 0 : v / x[j]));
  } else
    issues.error({
      file: join(dir, "datapackage.json"),
      column: "resources",
      message: "no coefficients or flows resource: a model needs one",
    });
  return undefined;
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
