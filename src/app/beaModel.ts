import type { DenseMatrix, EconomyModel } from "../engine/index.ts";
import { denseMatrix, denseMultiply, industryTechnology, technicalCoefficients } from "../engine/index.ts";
import type { BeaLevel } from "../formats/bea.ts";
import { readBeaTables } from "../formats/bea.ts";
import { IMPORT_WARNING } from "./modelImport.ts";

/** Options for building a model from BEA tables. */
export interface BeaModelOptions {
  dir: string;
  year: number;
  level: BeaLevel;
  /** Subtract the import matrix from the Use table and final uses first (domestic-requirements model). */
  domestic?: boolean;
}

/** The Use table and final uses, less the import matrix in the domestic variant. */
function domesticUses(t: ReturnType<typeof readBeaTables>, o: BeaModelOptions) {
  let use = t.use;
  let finalUse = t.finalUse;
  if (o.domestic) {
    if (!t.importUse || !t.importFinalUse)
      throw new Error(`${o.dir}: no import matrix for ${o.level} ${o.year}; the domestic variant needs it`);
    use = denseMatrix(
      use.rows,
      use.cols,
      use.data.map((v, k) => v - t.importUse!.data[k]),
    );
    finalUse = denseMatrix(
      finalUse.rows,
      finalUse.cols,
      finalUse.data.map((v, k) => v - t.importFinalUse!.data[k]),
    );
  }
  return { use, finalUse };
}

/**
 * The notes on the transformation: the assumption, BEA's rounding, the domestic variant, negative make entries,
 * and commodities no industry makes (their intermediate use a primary-input row, so every column still balances).
 */
function transformationNotes(it: ReturnType<typeof industryTechnology>, domestic: boolean): string[] {
  const notes = [
    "Industry-by-industry table by BEA's industry-technology assumption: D = V·diag(q)⁻¹, Z = D·U, F = D·E, " +
      "A = Z·diag(g)⁻¹.",
    "BEA's blank and suppressed cells are read as 0; BEA rounds to whole $M, so balances hold to about 10 $M.",
  ];
  if (domestic)
    notes.push(
      "Domestic variant: the import matrix was subtracted from intermediate and final uses before the transformation.",
    );
  for (const e of it.negativeMakeEntries)
    notes.push(
      `${IMPORT_WARNING}the make table's cell industry ${e.industry} × commodity ${e.commodity} is ` +
        `${e.value} (negative, as BEA publishes it): kept, with a negative market share; productivity and ` +
        `balance are checked on the result.`,
    );
  // Commodities no industry makes (scrap, used goods, non-comparable imports) cannot enter Z; their use by
  // industries is a primary input, kept as a value-added-like row so that every column still balances.
  for (const u of it.unallocatedCommodities) {
    notes.push(
      `Commodity ${u.code} has no domestic industry: its intermediate use (${u.intermediateUse}) is a ` +
        `primary-input row "${u.code}"; its final use (${u.finalUse}) is outside the industry model.`,
    );
  }
  return notes;
}

/**
 * An industry-by-industry economy model from BEA's Make and Use tables by the industry-technology
 * assumption (see the engine's `industryTechnology`). The domestic variant subtracts the import matrix
 * from intermediate and final uses, so A holds domestic requirements and imports leave the system.
 */
export function beaModel(o: BeaModelOptions): EconomyModel {
  const t = readBeaTables(o.dir, o.year, o.level);
  const { use, finalUse } = domesticUses(t, o);
  const it = industryTechnology({
    make: t.make,
    use,
    finalUse,
    industries: t.industries,
    commodities: t.commodities,
    finalDemandCategories: t.finalDemandCategories,
  });
  const { A } = technicalCoefficients(it.Z, it.x, { labels: t.industries, allowNegative: true });
  const notes = transformationNotes(it, o.domestic === true);
  const extraRows = it.unallocatedCommodities.filter((u) => u.intermediateUse !== 0);
  const nInd = t.industries.length;
  const valueAdded = denseMatrix(t.valueAdded.rows + extraRows.length, nInd);
  valueAdded.data.set(t.valueAdded.data);
  extraRows.forEach((u, k) => {
    const c = t.commodities.indexOf(u.code);
    valueAdded.data.set(use.data.subarray(c * nInd, (c + 1) * nInd), (t.valueAdded.rows + k) * nInd);
  });
  // In the domestic variant imported inputs leave A: keep them as a satellite so every column still balances.
  const imports = o.domestic && t.importUse ? importsByIndustry(t.importUse) : undefined;
  // Imported inputs by the industry that makes the product at home: D·M (market shares × import matrix) ÷ output.
  const importCoefficients =
    o.domestic && t.importUse
      ? technicalCoefficients(denseMultiply(it.marketShares, t.importUse), it.x, {
          labels: t.industries,
          allowNegative: true,
        }).A
      : undefined;
  return {
    name: `US BEA ${o.level} ${o.year}${o.domestic ? " (domestic)" : ""}`,
    sectors: t.industries.map((code, i) => ({ code, name: t.industryNames[i] || code })),
    A,
    x: it.x,
    finalDemand: it.F,
    finalDemandCategories: t.finalDemandCategories,
    valueAdded,
    valueAddedRows: [...t.valueAddedRows, ...extraRows.map((u) => u.code)],
    importCoefficients,
    satellites: imports
      ? [{ code: "IMP", name: "Imported intermediate inputs", unit: "USD million", values: imports }]
      : [],
    allowNegativeCoefficients: true,
    baseYear: o.year,
    unit: "USD million, current, producers' prices",
    sources: [
      {
        title:
          "U.S. Bureau of Economic Analysis, Input-Output Accounts (Make, Use and Import tables, before redefinitions)",
        path: o.dir,
        licence: "public domain (US federal government work)",
      },
    ],
    notes,
  };
}

/** Imported intermediate inputs per industry: column sums of the import matrix's industry block. */
function importsByIndustry(importUse: DenseMatrix): Float64Array {
  const out = new Float64Array(importUse.cols);
  for (let c = 0; c < importUse.rows; c++)
    for (let j = 0; j < importUse.cols; j++) out[j] += importUse.data[c * importUse.cols + j];
  return out;
}
