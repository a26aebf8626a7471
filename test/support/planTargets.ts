import type { PlanSpec } from "../../src/engine/index.ts";

/**
 * A minimum target on each given sector's final deliveries, one value a year (`value(i, k)`, called sector by sector
 * and year by year, in that order), with the test plans' ids (`t<i>`), unit and factor.
 */
export function finalDeliveryTargets(
  sectors: readonly number[],
  years: readonly number[],
  value: (i: number, k: number) => number,
  weight: (i: number) => number = () => 1,
  rank: (i: number) => number = () => 1,
): PlanSpec["targets"] {
  return sectors.map((i) => ({
    id: `t${i}`,
    label: `t${i}`,
    sector: i,
    on: "final" as const,
    kind: "min" as const,
    values: Float64Array.from(years, (_, k) => value(i, k)),
    unit: "u",
    factor: 1,
    weight: weight(i),
    rank: rank(i),
  }));
}

/** 0, 1, …, n − 1. */
export const allSectors = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
