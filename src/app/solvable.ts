/**
 * Before a model is solved for output or multipliers: is its economy productive? A model that is not (ρ(A) ≥ 1)
 * has no non-negative Leontief inverse, and a solve would print negative outputs as if they were answers. Refused,
 * with the sectors named; a radius that cannot be bounded below 1, or lies within 1e-6 of it, is a warning.
 */
import type { EconomyModel } from "../engine/index.ts";
import { NotProductiveError, forEachEntry, productivityCheck, spectralRadiusBounds } from "../engine/index.ts";
import type { ProductivityReport } from "../engine/index.ts";

/** How close to 1 a spectral radius may come before the system is flagged as near-singular. */
export const NEAR_SINGULAR = 1e-6;

/**
 * Checks the model's productivity before solving.
 * @returns warnings (undecided productivity, near-singular system), to print beside the result, and the check's report
 * @throws NotProductiveError when ρ(A) ≥ 1 is proven, naming the columns summing to ≥ 1 and the sectors driving it
 */
export function requireSolvable(m: EconomyModel): { warnings: string[]; report: ProductivityReport } {
  const codes = m.sectors.map((s) => s.code);
  const r = productivityCheck(m.A, codes);
  const rho = r.spectralRadius;
  const named = [...new Set([...r.columnsSummingToOneOrMore.map((c) => c.code), ...r.drivingSectors])];
  // the bounds are on ρ(|A|): they prove A unproductive only when A has no negative coefficient
  let negative = false;
  forEachEntry(m.A, (_i, _j, v) => {
    if (v < 0) negative = true;
  });
  if (!r.productive && rho.lower >= 1 && !negative) {
    const cols = r.columnsSummingToOneOrMore.slice(0, 8).map((c) => `${c.code} (column sum ${c.sum.toPrecision(4)})`);
    const more = r.columnsSummingToOneOrMore.length > 8 ? ", …" : "";
    throw new NotProductiveError(
      rho.lower,
      named,
      `${m.name} cannot be solved: no non-negative output meets its final demand. ` +
        `${cols.length ? `Columns summing to ≥ 1: ${cols.join(", ")}${more}. ` : ""}` +
        `Sectors driving it: ${r.drivingSectors.join(", ") || "(none singled out)"}.`,
    );
  }
  const warnings: string[] = [];
  if (!r.productive)
    warnings.push(
      `productivity of ${m.name} is not proven: the spectral radius of A lies in ` +
        `[${rho.lower.toPrecision(6)}, ${rho.upper.toPrecision(6)}]; results may be meaningless`,
    );
  else if (rho.upper >= 1 - NEAR_SINGULAR) {
    // the first bounds only had to decide ρ < 1: decide ρ < 1 − 1e-6 the same way
    const close = spectralRadiusBounds(m.A, { threshold: 1 - NEAR_SINGULAR, maxIterations: 20_000 });
    if (!(close.upper < 1 - NEAR_SINGULAR))
      warnings.push(
        `${m.name} is nearly singular: the spectral radius of A is within ${NEAR_SINGULAR} of 1 (at least ` +
          `${close.lower.toPrecision(10)}); outputs and multipliers are ill-conditioned`,
      );
  }
  return { warnings, report: r };
}
