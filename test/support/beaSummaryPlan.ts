import { join } from "node:path";
import { totalFinalDemand } from "../../src/engine/index.ts";
import type { PlanSpec } from "../../src/engine/index.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { EXAMPLES } from "../paths.ts";
import { allSectors, finalDeliveryTargets } from "./planTargets.ts";

/** What sets a BEA-summary test plan apart: its years, how fast targets grow, the capacity and investment it has. */
export interface BeaSummaryPlanOptions {
  name: string;
  years: number[];
  /** Final-delivery targets grow by this factor a year (1.04: 4 %). */
  growth: number;
  /** Initial capacity over base output (1.02: 2 % over). */
  headroom: number;
  depreciation: number;
  /** Capital per unit of capacity; investment goods from every `mixEvery`-th sector in equal parts (1: all). */
  capital: { ratio: number; mixEvery: number };
  /** A labour limit: base-year labour times this factor in year k (0-based; absent: no limit). */
  labour?: (k: number) => number;
  /** Ranks: 1 for every target, or 1 + (i mod 2). */
  twoRanks?: boolean;
}

/**
 * The BEA summary table (71 sectors) and a multi-year plan on it for the plan tests: every sector's final deliveries a
 * target (weights 1–3) growing against capacity over base output that wears out, with investment in a capital mix
 * that adds capacity a year later (the years are tied only through it), and optionally a labour limit, so that
 * capacities (and labour) bind and the bottlenecks are real.
 */
export function beaSummaryPlan(o: BeaSummaryPlanOptions) {
  const m = readModel(join(EXAMPLES, "bea-summary-2017"));
  const f = totalFinalDemand(m);
  const n = m.x.length;
  const labour = Float64Array.from({ length: n }, (_, i) => 0.2 + ((i * 37) % 11) / 10);
  const labourBase = labour.reduce((a, l, i) => a + l * m.x[i], 0);
  const mix = Float64Array.from({ length: n }, (_, i) => (i % o.capital.mixEvery === 0 ? 1 : 0));
  const mixSum = mix.reduce((s, u) => s + u, 0);
  const plan: PlanSpec = {
    name: o.name,
    years: o.years,
    targets: finalDeliveryTargets(
      allSectors(n).filter((i) => f[i] > 0),
      o.years,
      (i, k) => f[i] * o.growth ** (k + 1),
      (i) => 1 + (i % 3),
      (i) => (o.twoRanks ? 1 + (i % 2) : 1),
    ),
    limits:
      o.labour === undefined
        ? []
        : [
            {
              id: "labour",
              label: "labour",
              unit: "u",
              coefficients: labour,
              values: Float64Array.from(o.years, (_, k) => labourBase * o.labour!(k)),
              weight: 1,
            },
          ],
    capacity: {
      initial: Float64Array.from(m.x, (v) => v * o.headroom),
      leadTime: 1,
      depreciation: o.depreciation,
      capitalMix: { ratio: o.capital.ratio, mix: mix.map((v) => v / mixSum) },
    },
  };
  return { m, f, n, plan, codes: m.sectors.map((s) => s.code) };
}

/**
 * The BEA summary table × 4 years (2021–2024) with investment in a capital mix, targets growing 5 % a year in two ranks
 * against capacity 2 % over base output that wears out 4 % a year: the years are tied only through investment.
 */
export function beaSummaryFourYears() {
  return beaSummaryPlan({
    name: "BEA summary, four years with investment",
    years: [2021, 2022, 2023, 2024],
    growth: 1.05,
    headroom: 1.02,
    depreciation: 0.04,
    capital: { ratio: 2.5, mixEvery: 1 },
    twoRanks: true,
  });
}

/** One floor on every sector's final deliveries in every year: `share` of the base year's (t·n + i). */
export function baseYearFloor(f: Float64Array, years: number, share: number) {
  const n = f.length;
  return {
    id: "base",
    label: "base-year deliveries",
    category: "all",
    values: Float64Array.from({ length: years * n }, (_, k) => share * f[k % n]),
    unit: "u",
    weight: 100,
  };
}
