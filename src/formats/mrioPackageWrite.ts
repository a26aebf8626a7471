import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { DataPackage } from "./dataPackage.ts";
import type { MrioModel } from "../engine/index.ts";
import { csrToCsc, forEachEntry } from "../engine/index.ts";
import { MODEL_FORMAT_VERSION, packageName, writeCsv } from "./dataPackage.ts";
import { writeDirAtomically } from "./atomicDir.ts";
import { MRIO_RESOURCE, MRIO_SECTOR_FIELDS, MRIO_TRIPLET_FIELDS } from "./mrioPackage.ts";
import { IoplanError } from "../engine/index.ts";

/** A model that cannot be written as a package with regions: names the code and why. */
export class MrioWriteError extends IoplanError {
  constructor(message: string) {
    super("bad-mrio-model", message);
  }
}

type Field = DataPackage["resources"][number]["schema"]["fields"][number];

/**
 * Writes an MRIO as a data package with regions (layout: src/formats/mrioPackage.ts, docs/data-package.md),
 * atomically (a temporary folder renamed into place). Numbers in shortest round-trip form: reading gives back the
 * same doubles. Coefficients are written column by column, so the same model always writes the same files.
 * @throws MrioWriteError when a region code holds ':' or the shapes do not agree.
 */
export function writeMrio(m: MrioModel, dir: string): void {
  const R = m.regions.length;
  const S = m.sectors.length;
  const K = m.finalDemandCategories.length;
  const N = R * S;
  refuseUnwritable(m);
  const pair = (k: number): [string, string] => [m.regions[Math.floor(k / S)], m.sectors[k % S].code];
  writeDirAtomically(dir, (tmp) => {
    const resources: DataPackage["resources"] = [];
    const done = (name: string, path: string, fields: Field[]) =>
      resources.push({ name, path, format: "csv", mediatype: "text/csv", schema: { fields } });
    writeCsv(join(tmp, "sectors.csv"), (s) => {
      s.line(MRIO_SECTOR_FIELDS);
      for (let k = 0; k < N; k++) s.line([...pair(k), m.sectors[k % S].name, m.x[k]]);
    });
    done(MRIO_RESOURCE.sectors, "sectors.csv", [
      { name: "region", type: "string" },
      { name: "code", type: "string" },
      { name: "name", type: "string" },
      { name: "output", type: "number", unit: m.unit },
    ]);
    writeCsv(join(tmp, "regions.csv"), (s) => {
      s.line(["code", "name"]);
      m.regions.forEach((r, i) => s.line([r, m.regionNames[i] ?? r]));
    });
    done(MRIO_RESOURCE.regions, "regions.csv", [
      { name: "code", type: "string" },
      { name: "name", type: "string" },
    ]);
    writeCsv(join(tmp, "coefficients.csv"), (s) => {
      s.line(MRIO_TRIPLET_FIELDS);
      const emit = (i: number, j: number, v: number) => v !== 0 && s.line([...pair(i), ...pair(j), v]);
      if (m.A.kind === "dense") {
        for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) emit(i, j, m.A.data[i * N + j]);
      } else forEachEntry(m.A.kind === "csr" ? csrToCsc(m.A) : m.A, emit);
    });
    done(MRIO_RESOURCE.coefficients, "coefficients.csv", [
      ...MRIO_TRIPLET_FIELDS.slice(0, 4).map((name) => ({ name, type: "string" })),
      { name: "value", type: "number", unit: `${m.unit} per ${m.unit} of output` },
    ]);
    const fdColumns = m.regions.flatMap((r) => m.finalDemandCategories.map((c) => `${r}:${c}`));
    writeCsv(join(tmp, "final_demand.csv"), (s) => {
      s.line(["region", "sector", ...fdColumns]);
      for (let k = 0; k < N; k++) s.line([...pair(k), ...m.Y.data.subarray(k * R * K, (k + 1) * R * K)]);
    });
    done(MRIO_RESOURCE.finalDemand, "final_demand.csv", [
      { name: "region", type: "string" },
      { name: "sector", type: "string" },
      ...fdColumns.map((name) => ({ name, type: "number", unit: m.unit })),
    ]);
    if (m.stressors.length) writeStressors(m, tmp, done);
    writeDescriptor(join(tmp, "datapackage.json"), m, resources);
  });
}

/** A blank region code or one with ':', and shapes that disagree, cannot be written: refused by name. */
function refuseUnwritable(m: MrioModel): void {
  const R = m.regions.length;
  const S = m.sectors.length;
  const K = m.finalDemandCategories.length;
  const N = R * S;
  const badRegion = m.regions.find((r) => r.includes(":") || r.trim() === "");
  if (badRegion !== undefined)
    throw new MrioWriteError(
      `region code "${badRegion}" cannot be written: a region code is not blank and holds no ':'`,
    );
  if (m.x.length !== N || m.A.rows !== N || m.A.cols !== N || m.Y.rows !== N || m.Y.cols !== R * K) {
    throw new MrioWriteError(
      `${m.name}: shapes disagree: ${R} regions × ${S} sectors = ${N}, x ${m.x.length}, ` +
        `A ${m.A.rows}×${m.A.cols}, Y ${m.Y.rows}×${m.Y.cols} (expected ${N}×${R * K})`,
    );
  }
}

/** datapackage.json: the package's name, sources, `ioplan` block and resources. */
function writeDescriptor(file: string, m: MrioModel, resources: DataPackage["resources"]): void {
  const pkg: DataPackage = {
    profile: "tabular-data-package",
    name: packageName(m.name),
    title: m.name,
    sources: m.sources,
    ioplan: {
      formatVersion: MODEL_FORMAT_VERSION,
      baseYear: m.baseYear,
      unit: m.unit,
      allowNegativeCoefficients: true,
      notes: m.notes,
    },
    resources,
  };
  const fd = openSync(file, "w");
  try {
    writeSync(fd, JSON.stringify(pkg, null, 2) + "\n");
  } finally {
    closeSync(fd);
  }
}

function writeStressors(m: MrioModel, tmp: string, done: (name: string, path: string, fields: Field[]) => void): void {
  const S = m.sectors.length;
  const K = m.finalDemandCategories.length;
  const fields = m.stressors.map((st) => ({
    name: st.code,
    type: "number",
    unit: st.unit,
    ...(st.name !== st.code ? { title: st.name } : {}),
  }));
  writeCsv(join(tmp, "stressors.csv"), (s) => {
    s.line(["region", "sector", ...m.stressors.map((st) => st.code)]);
    for (let k = 0; k < m.x.length; k++)
      s.line([m.regions[Math.floor(k / S)], m.sectors[k % S].code, ...m.stressors.map((st) => st.F[k])]);
  });
  done(MRIO_RESOURCE.stressors, "stressors.csv", [
    { name: "region", type: "string" },
    { name: "sector", type: "string" },
    ...fields,
  ]);
  writeCsv(join(tmp, "stressors_final_demand.csv"), (s) => {
    s.line(["region", "category", ...m.stressors.map((st) => st.code)]);
    m.regions.forEach((r, ri) =>
      m.finalDemandCategories.forEach((c, k) => s.line([r, c, ...m.stressors.map((st) => st.FY[ri * K + k])])),
    );
  });
  done(MRIO_RESOURCE.stressorsFinalDemand, "stressors_final_demand.csv", [
    { name: "region", type: "string" },
    { name: "category", type: "string" },
    ...fields,
  ]);
}
