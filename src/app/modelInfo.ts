import type { EconomyModel } from "../engine/index.ts";
import { columnSums, compensatedSum, storedEntries } from "../engine/index.ts";
import { spectralRadius } from "../engine/index.ts";
import type { SpectralRadius } from "../engine/index.ts";
import { readModel } from "../formats/dataPackage.ts";

/** A summary of a model for `ioplan model info`. */
export interface ModelInfo {
  name: string;
  baseYear: number;
  unit: string;
  sectors: number;
  coefficientEntries: number;
  density: number;
  layout: string;
  totalOutput: number;
  finalDemandCategories: string[];
  valueAddedRows: string[];
  satellites: { code: string; unit: string; total: number }[];
  spectralRadius: SpectralRadius;
  largestColumnSum: { code: string; sum: number };
  largestSectors: { code: string; name: string; output: number; share: number }[];
  sources: string[];
  licence?: string;
}

/** Size, density, spectral-radius bounds, largest sectors and metadata of a model. O(nnz + n log n). */
export function modelInfo(m: EconomyModel, top = 10): ModelInfo {
  const n = m.sectors.length;
  const nz = storedEntries(m.A);
  const total = compensatedSum(m.x);
  const sums = columnSums(m.A);
  let jMax = 0;
  for (let j = 1; j < n; j++) if (sums[j] > sums[jMax]) jMax = j;
  const order = Array.from(m.x.keys())
    .sort((a, b) => m.x[b] - m.x[a])
    .slice(0, top);
  return {
    name: m.name,
    baseYear: m.baseYear,
    unit: m.unit,
    sectors: n,
    coefficientEntries: nz,
    density: n === 0 ? 0 : nz / (n * n),
    layout: m.A.kind,
    totalOutput: total,
    finalDemandCategories: m.finalDemandCategories,
    valueAddedRows: m.valueAddedRows,
    satellites: m.satellites.map((s) => ({ code: s.code, unit: s.unit, total: compensatedSum(s.values) })),
    spectralRadius: spectralRadius(m.A),
    largestColumnSum: { code: m.sectors[jMax]?.code ?? "", sum: sums[jMax] ?? 0 },
    largestSectors: order.map((i) => ({
      code: m.sectors[i].code,
      name: m.sectors[i].name,
      output: m.x[i],
      share: m.x[i] / total,
    })),
    sources: m.sources.map((s) => s.title),
    licence: m.licence ? `${m.licence.name}${m.licence.attribution ? ` — ${m.licence.attribution}` : ""}` : undefined,
  };
}

/**
 * Reads a model folder (a data package) for a front: the model, or a ModelFileError listing every problem with its
 * file, line, column and value.
 */
export function openModel(dir: string): EconomyModel {
  return readModel(dir);
}
