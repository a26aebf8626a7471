/**
 * The dashboard's quick check as a use case: a model prepared once (its Leontief system factored, final demand and
 * import shares), then any number of scenarios checked against it in milliseconds (base year only).
 */
import type { EconomyModel, LeontiefSystem, QuickCheckResult, QuickControls } from "../engine/index.ts";
import {
  DENSE_LU_LIMIT,
  createLeontiefSystem,
  importShares,
  quickCheck,
  quickScenario,
  totalFinalDemand,
} from "../engine/index.ts";

/** A model ready for quick checks (keep it while the model's files do not change). */
export interface PreparedQuickCheck {
  codes: string[];
  sys: LeontiefSystem;
  finalDemand: Float64Array;
  importsPerUnit: Float64Array | null;
}

/**
 * Factors the model's Leontief system (LU up to DENSE_LU_LIMIT sectors) and takes its final demand and import shares.
 */
export function prepareQuickCheck(m: EconomyModel): PreparedQuickCheck {
  const codes = m.sectors.map((s) => s.code);
  return {
    codes,
    sys: createLeontiefSystem(m.A, { labels: codes, method: m.sectors.length <= DENSE_LU_LIMIT ? "lu" : "auto" }),
    finalDemand: totalFinalDemand(m),
    importsPerUnit: m.importCoefficients ? importShares(m.importCoefficients) : null,
  };
}

/** The sector codes of `controls` (demand factors, capacity losses) that are not the model's, as "demand.X" paths. */
export function unknownQuickSectors(
  pre: PreparedQuickCheck,
  controls: Pick<QuickControls, "demand" | "capacityLoss">,
): string[] {
  const known = new Set(pre.codes);
  return [
    ...Object.keys(controls.demand).map((k) => `demand.${k}`),
    ...Object.keys(controls.capacityLoss).map((k) => `capacityLoss.${k}`),
  ].filter((k) => !known.has(k.slice(k.indexOf(".") + 1)));
}

/** One quick scenario on a prepared model: output, constraints used, and what binds. */
export function runQuickCheck(m: EconomyModel, pre: PreparedQuickCheck, controls: QuickControls): QuickCheckResult {
  return quickCheck(
    pre.sys,
    quickScenario(
      {
        codes: pre.codes,
        x: m.x,
        finalDemand: pre.finalDemand,
        capacities: m.capacities ?? null,
        importsPerUnit: pre.importsPerUnit,
      },
      controls,
    ),
    pre.codes,
  );
}
