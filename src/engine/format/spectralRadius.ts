/** How the spectral radius of a model is written for people (the CLI, the report). */
import type { SpectralRadius } from "../linalg/spectralRadius.ts";
import { formatNumber } from "./numbers.ts";

/** "0.427792" when closed, else "≈ 0.4278 (between 0.41 and 0.44; the bounds did not meet in N iterations)"; |A| said. */
export function formatSpectralRadius(s: SpectralRadius): string {
  const of = s.negativeCoefficients ? ` (of |A|: A has ${s.negativeCoefficients} negative coefficients; an upper bound on ρ(A))` : "";
  if (s.closed) return `${s.value.toFixed(6)}${of}`;
  return `≈ ${formatNumber(s.value)}, between ${formatNumber(s.lower)} and ${formatNumber(s.upper)} (the bounds did not meet in ${formatNumber(s.iterations)} iterations)${of}`;
}
