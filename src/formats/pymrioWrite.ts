/** pymrio's save_all() text layout written: a national model as one region (tsv writes one table as pandas does). */
import type { FilePara } from "./pymrio.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EconomyModel } from "../engine/index.ts";
import { writeDirAtomically } from "./atomicDir.ts";
import { denseMatrix, forEachEntry } from "../engine/index.ts";

export function tsv(
  rowsIndexNames: string[],
  colLevels: string[][],
  colLevelNames: string[],
  rowKeys: string[][],
  get: (r: number, c: number) => number,
): string {
  const out: string[] = [];
  const nIdx = rowsIndexNames.length;
  if (colLevels.length === 1 && colLevelNames.length === 1 && colLevelNames[0] === "") {
    out.push([...rowsIndexNames, ...colLevels[0]].join("\t"));
  } else {
    colLevels.forEach((level, l) => out.push([...Array(nIdx - 1).fill(""), colLevelNames[l], ...level].join("\t")));
    out.push([...rowsIndexNames, ...Array(colLevels[0].length).fill("")].join("\t"));
  }
  rowKeys.forEach((k, r) => out.push([...k, ...colLevels[0].map((_, c) => String(get(r, c)))].join("\t")));
  return out.join("\n") + "\n";
}

/**
 * Writes a model as a pymrio folder (one region named `region`), readable by `pymrio.load_all()`: Z, A, Y, x,
 * an extension `factor_inputs` (value-added rows) and one `satellites` extension with units. Atomic: written
 * beside the target and renamed into place.
 */
export function writePymrio(m: EconomyModel, dir: string, region = "REG"): void {
  const n = m.sectors.length;
  const codes = m.sectors.map((s) => s.code);
  writeDirAtomically(dir, (tmp) => {
    const files: FilePara["files"] = {};
    writeSystemTables(tmp, m, region, files);
    writeSystemFiles(tmp, m, files);
    const extension = (name: string, rows: string[], get: (r: number, j: number) => number, units: string[]) =>
      writeExtension(join(tmp, name), name, { codes, region, rows, get, units });
    if (m.valueAddedRows.length)
      extension(
        "factor_inputs",
        m.valueAddedRows,
        (r, j) => m.valueAdded.data[r * n + j],
        m.valueAddedRows.map(() => m.unit),
      );
    if (m.satellites.length)
      extension(
        "satellites",
        m.satellites.map((s) => s.code),
        (r, j) => m.satellites[r].values[j],
        m.satellites.map((s) => s.unit),
      );
  });
}

/** The system's tables Z, A, Y and x, each indexed by (region, sector), recorded in `files`. */
function writeSystemTables(tmp: string, m: EconomyModel, region: string, files: FilePara["files"]): void {
  const n = m.sectors.length;
  const codes = m.sectors.map((s) => s.code);
  const keys = codes.map((c) => [region, c]);
  const regionsRow = codes.map(() => region);
  const Z = denseMatrix(n, n);
  const Adense = denseMatrix(n, n);
  forEachEntry(m.A, (i, j, a) => {
    Adense.data[i * n + j] = a;
    Z.data[i * n + j] = a * m.x[j];
  });
  const k = m.finalDemandCategories.length;
  putTable(
    tmp,
    "Z",
    tsv(["region", "sector"], [regionsRow, codes], ["region", "sector"], keys, (r, c) => Z.data[r * n + c]),
    2,
    2,
    files,
  );
  putTable(
    tmp,
    "A",
    tsv(["region", "sector"], [regionsRow, codes], ["region", "sector"], keys, (r, c) => Adense.data[r * n + c]),
    2,
    2,
    files,
  );
  putTable(
    tmp,
    "Y",
    tsv(
      ["region", "sector"],
      [m.finalDemandCategories.map(() => region), m.finalDemandCategories],
      ["region", "category"],
      keys,
      (r, c) => m.finalDemand.data[r * k + c],
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
}

/** One extension folder: its F table (stressor × region/sector), unit.txt and file_parameters.json. */
function writeExtension(
  folder: string,
  name: string,
  e: { codes: string[]; region: string; rows: string[]; get: (r: number, j: number) => number; units: string[] },
): void {
  const { codes, rows, units } = e;
  mkdirSync(folder);
  const ef: FilePara["files"] = {};
  putTable(
    folder,
    "F",
    tsv(
      ["stressor"],
      [codes.map(() => e.region), codes],
      ["region", "sector"],
      rows.map((r) => [r]),
      e.get,
    ),
    1,
    2,
    ef,
  );
  writeFileSync(
    join(folder, "unit.txt"),
    ["stressor\tunit", ...rows.map((r, i) => `${r}\t${units[i]}`)].join("\n") + "\n",
  );
  ef.unit = { name: "unit.txt", nr_index_col: "1", nr_header: "1" };
  writeFileSync(
    join(folder, "file_parameters.json"),
    JSON.stringify({ name, systemtype: "Extension", files: ef }, null, 4),
  );
}

/** Writes one table of a saved system (`<name>.txt`) and records it in `record` as file_parameters.json lists it. */
export function putTable(
  folder: string,
  name: string,
  text: string,
  nrIndex: number,
  nrHeader: number,
  record: FilePara["files"],
): void {
  writeFileSync(join(folder, `${name}.txt`), text);
  record[name] = { name: `${name}.txt`, nr_index_col: String(nrIndex), nr_header: String(nrHeader) };
}

/**
 * Writes file_parameters.json (the tables written) and metadata.json of a saved IOSystem, as pymrio's save_all
 * does.
 */
export function writeSystemFiles(
  dir: string,
  m: { name: string; baseYear: number; unit: string },
  files: FilePara["files"],
): void {
  writeFileSync(
    join(dir, "file_parameters.json"),
    JSON.stringify({ name: m.name, systemtype: "IOSystem", files }, null, 4),
  );
  writeFileSync(
    join(dir, "metadata.json"),
    JSON.stringify(
      {
        name: m.name,
        description: `Exported by ioplan from "${m.name}" (base year ${m.baseYear}, ${m.unit})`,
        system: "ixi",
        version: String(m.baseYear),
        history: [],
      },
      null,
      4,
    ),
  );
}
