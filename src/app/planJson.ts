/**
 * Plan results as JSON for people and scripts: every per-sector figure keyed by sector code and year (the engine's
 * results hold arrays by sector index, which mean nothing outside a run), every sector with its name.
 */
import type { EconomyModel, PlanCheckResult } from "../engine/index.ts";
import type { LoadedPlan, PlanOptimiseReport } from "./planning.ts";

/** Year → sector code → value. */
export type BySector = Record<string, Record<string, number>>;

/** `rows[t][i]` as { year: { code: value } }. */
export function bySectorAndYear(
  rows: readonly (readonly number[])[],
  years: readonly number[],
  model: EconomyModel,
): BySector {
  const out: BySector = {};
  rows.forEach((row, t) => {
    out[String(years[t])] = Object.fromEntries(model.sectors.map((s, i) => [s.code, row[i]]));
  });
  return out;
}

/** Sector code → name, once per result, so that keyed figures can be read. */
function sectorNames(model: EconomyModel): Record<string, string> {
  return Object.fromEntries(model.sectors.map((s) => [s.code, s.name]));
}

/** What both results carry: the unit, the sectors' names, and output keyed by year and code. */
function common(p: LoadedPlan, output: readonly (readonly number[])[]) {
  return { unit: p.model.unit, sectors: sectorNames(p.model), output: bySectorAndYear(output, p.spec.years, p.model) };
}

/** `plan check --json`: output, final deliveries and investment keyed by year and code; binding capacity by code. */
export function checkJson(p: LoadedPlan, r: PlanCheckResult) {
  const years = p.spec.years;
  return {
    ...r,
    ...common(p, r.output),
    finalDeliveries: bySectorAndYear(r.finalDeliveries, years, p.model),
    investment: bySectorAndYear(r.investment, years, p.model),
    bindingCapacity: r.bindingCapacity.map(({ sector, ...b }) => ({ sector: p.model.sectors[sector].code, ...b })),
  };
}

/** `plan optimise --json`: output keyed by year and code, made-at-home output by year. */
export function optimiseJson(p: LoadedPlan, r: PlanOptimiseReport) {
  return {
    ...r,
    ...common(p, r.output),
    madeAtHome: Object.fromEntries(r.madeAtHome.map((v, t) => [String(p.spec.years[t]), v])),
    bottlenecks: r.bottlenecks.map(({ row: _row, ...b }) => b),
    effects: r.effects.map(({ bottleneck: { row: _row, ...b }, ...e }) => ({ ...e, bottleneck: b })),
  };
}
