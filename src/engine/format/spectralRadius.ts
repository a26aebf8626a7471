/** How the spectral radius of a model is written for people (the CLI, the report). */
import type { SpectralRadius } from "../linalg/spectralRadius.ts";
import { formatNumber } from "./numbers.ts";

/**
 * "0.427792" when the bounds closed, else "≈ 0.42, between 0.4 and 0.44 (the bounds did not meet in N iterations)";
 * ρ(|A|) said when A has negative entries.
 * @example
 * ```ts
 * console.log(formatSpectralRadius(spectralRadius(denseMatrix([[0.15, 0.25], [0.2, 0.05]])))); // 0.329129
 * ```
 */
export function formatSpectralRadius(s: SpectralRadius): string {
  const of = s.negativeCoefficients
    ? ` (of |A|: A has ${s.negativeCoefficients} negative coefficients; an upper bound on ρ(A))`
    : "";
  if (s.closed) return `${s.value.toFixed(6)}${of}`;
  const between = `between ${formatNumber(s.lower)} and ${formatNumber(s.upper)}`;
  const open = `the bounds did not meet in ${formatNumber(s.iterations)} iterations`;
  return `≈ ${formatNumber(s.value)}, ${between} (${open})${of}`;
}
