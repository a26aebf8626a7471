import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { writeDirAtomically } from "./atomicDir.ts";
import type { EconomyModel, Matrix } from "../engine/index.ts";
import { csrToCsc, forEachEntry } from "../engine/index.ts";
import type { DataPackage } from "./dataPackageSchema.ts";
import { MODEL_FORMAT_VERSION, RESOURCE } from "./dataPackageSchema.ts";

/** Writes a model as a data package, atomically (a temporary folder renamed into place). */
/** A URL- and file-safe package name from a title. */
export function packageName(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "model"
  );
}

/**
 * Non-zero entries in one canonical order, column by column and down each column, whatever the layout, so
 * that the same model always writes the same file.
 */
function forEachEntryByColumn(A: Matrix, fn: (i: number, j: number, v: number) => void): void {
  if (A.kind === "dense") {
    for (let j = 0; j < A.cols; j++)
      for (let i = 0; i < A.rows; i++) {
        const v = A.data[i * A.cols + j];
        if (v !== 0) fn(i, j, v);
      }
    return;
  }
  forEachEntry(A.kind === "csr" ? csrToCsc(A) : A, (i, j, v) => {
    if (v !== 0) fn(i, j, v);
  });
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
export function writeModel(
  m: EconomyModel,
  dir: string,
  options: { hooks?: { afterFile?: (file: string) => void } } = {},
): void {
  writeDirAtomically(dir, (tmp) => {
    const codes = m.sectors.map((s) => s.code);
    const n = codes.length;
    const resources: DataPackage["resources"] = [];
    const w: PackageFiles = {
      tmp,
      codes,
      done(name, path, fields) {
        resources.push({ name, path, format: "csv", mediatype: "text/csv", schema: { fields } });
        options.hooks?.afterFile?.(join(tmp, path));
      },
    };
    writeCsv(join(tmp, "sectors.csv"), (s) => {
      s.line(["code", "name", "output"]);
      m.sectors.forEach((sec, i) => s.line([sec.code, sec.name, m.x[i]]));
    });
    w.done(RESOURCE.sectors, "sectors.csv", [
      { name: "code", type: "string" },
      { name: "name", type: "string" },
      { name: "output", type: "number", unit: m.unit },
    ]);
    writeTriplets(w, RESOURCE.coefficients, "coefficients.csv", m.A, {
      value: { unit: `${m.unit} per ${m.unit} of output` },
    });
    const wide = (name: string, path: string, columns: string[], get: (i: number, c: number) => number) =>
      writeWide(w, name, path, { columns, get, unit: m.unit });
    const k = m.finalDemandCategories.length;
    wide(RESOURCE.finalDemand, "final_demand.csv", m.finalDemandCategories, (i, c) => m.finalDemand.data[i * k + c]);
    if (m.valueAddedRows.length)
      wide(RESOURCE.valueAdded, "value_added.csv", m.valueAddedRows, (i, r) => m.valueAdded.data[r * n + i]);
    if (m.satellites.length)
      writeWide(w, RESOURCE.satellites, "satellites.csv", {
        columns: m.satellites.map((s) => s.code),
        get: (i, c) => m.satellites[c].values[i],
        unit: m.unit,
        units: m.satellites.map((s) => s.unit),
        titles: m.satellites.map((s) => s.name),
      });
    if (m.capacities) wide(RESOURCE.capacities, "capacities.csv", ["capacity"], (i) => m.capacities![i]);
    if (m.importCoefficients)
      writeTriplets(w, RESOURCE.imports, "import_coefficients.csv", m.importCoefficients, {
        value: { unit: `imported ${m.unit} per ${m.unit} of output` },
      });
    if (m.capitalCoefficients)
      writeTriplets(w, RESOURCE.capital, "capital_coefficients.csv", m.capitalCoefficients, {});
    if (m.capitalStocks)
      writeTriplets(w, RESOURCE.stocks, "capital_stocks.csv", m.capitalStocks, {
        row: { title: "capital good" },
        column: { title: "using industry" },
        value: { unit: m.unit },
      });
    const fd = openSync(join(tmp, "datapackage.json"), "w");
    try {
      writeSync(fd, JSON.stringify(descriptorOf(m, resources), null, 2) + "\n");
    } finally {
      closeSync(fd);
    }
  });
}

type Field = { name: string; type: string; title?: string; unit?: string };

/** Where a package's CSV files go, its sector codes, and how a written file is entered in the descriptor. */
interface PackageFiles {
  tmp: string;
  codes: string[];
  done(name: string, path: string, fields: Field[]): void;
}

/** A sparse matrix as `row,column,value` triplets by sector code, in canonical order; extra schema per field. */
function writeTriplets(
  w: PackageFiles,
  name: string,
  path: string,
  A: Matrix,
  extra: { row?: { title: string }; column?: { title: string }; value?: { unit: string } },
): void {
  const { codes } = w;
  writeCsv(join(w.tmp, path), (s) => {
    s.line(["row", "column", "value"]);
    forEachEntryByColumn(A, (i, j, v) => s.line([codes[i], codes[j], v]));
  });
  w.done(name, path, [
    { name: "row", type: "string", ...extra.row },
    { name: "column", type: "string", ...extra.column },
    { name: "value", type: "number", ...extra.value },
  ]);
}

/** A table with one row per sector and one number column per category (its unit and title in the schema). */
function writeWide(
  w: PackageFiles,
  name: string,
  path: string,
  t: { columns: string[]; get: (i: number, c: number) => number; unit: string; units?: string[]; titles?: string[] },
): void {
  const { codes } = w;
  const { columns, get, units, titles } = t;
  writeCsv(join(w.tmp, path), (s) => {
    s.line(["sector", ...columns]);
    for (let i = 0; i < codes.length; i++) s.line([codes[i], ...columns.map((_, c) => get(i, c))]);
  });
  w.done(name, path, [
    { name: "sector", type: "string" },
    ...columns.map((c, k) => ({
      name: c,
      type: "number",
      unit: units?.[k] ?? t.unit,
      ...(titles?.[k] && titles[k] !== c ? { title: titles[k] } : {}),
    })),
  ]);
}

/** The package's descriptor (datapackage.json): name, licence, sources, the `ioplan` block and the resources. */
function descriptorOf(m: EconomyModel, resources: DataPackage["resources"]): DataPackage {
  return {
    profile: "tabular-data-package",
    name: packageName(m.name),
    title: m.name,
    licenses: m.licence
      ? [{ name: m.licence.name, ...(m.licence.title ? { title: m.licence.title } : {}) }]
      : undefined,
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
}
