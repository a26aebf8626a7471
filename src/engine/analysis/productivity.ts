import { NotProductiveError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { assertSquare, columnSums } from "../linalg/matrix.ts";
import { spectralRadiusBounds } from "../linalg/spectralRadius.ts";

/** What the productivity check found. */
export interface ProductivityReport {
  /** True when ρ(|A|) < 1 is proven (then (I − A)⁻¹ ≥ 0 exists for non-negative A). */
  productive: boolean;
  spectralRadius: { estimate: number; lower: number; upper: number; iterations: number };
  /** Columns whose coefficients sum to ≥ 1: the sector uses at least a unit of inputs per unit of output. */
  columnsSummingToOneOrMore: { index: number; code: string; sum: number }[];
  /** Sectors that dominate the Perron vector when the economy is not productive (the unproductive block). */
  drivingSectors: string[];
}

/**
 * Checks that an economy can sustain positive output: the spectral radius of A below 1, equivalent for
 * non-negative A to the Hawkins–Simon condition (all leading principal minors of I − A positive; Hawkins &
 * Simon 1949, Econometrica 17: 245–248). Columns summing to ≥ 1 are listed whether or not the whole economy
 * is productive (a single such column, like BEA's state and local passenger transit, can be real).
 * O(iterations · nnz).
 * @example
 * ```ts
 * const ok = productivityCheck(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * console.log(ok.productive, ok.spectralRadius.upper < 1); // true true
 * const bad = productivityCheck(denseMatrix([[0.6, 0.5], [0.6, 0.5]]), ["farms", "mills"]);
 * console.log(bad.productive, bad.columnsSummingToOneOrMore.map((c) => c.code)); // false [ 'farms', 'mills' ]
 * ```
 */
export function productivityCheck(A: Matrix, labels?: readonly string[]): ProductivityReport {
  const n = assertSquare(A, "coefficient matrix A");
  const sums = columnSums(A);
  const over: ProductivityReport["columnsSummingToOneOrMore"] = [];
  for (let j = 0; j < n; j++) if (sums[j] >= 1) over.push({ index: j, code: labels?.[j] ?? String(j), sum: sums[j] });
  const rho = spectralRadiusBounds(A, { threshold: 1, maxIterations: 2000 });
  const productive = rho.upper < 1;
  const driving: string[] = [];
  if (!productive) {
    const order = Array.from(rho.vector.keys()).sort((a, b) => rho.vector[b] - rho.vector[a]);
    for (const i of order.slice(0, Math.min(5, n))) if (rho.vector[i] > 0.5) driving.push(labels?.[i] ?? String(i));
  }
  return {
    productive,
    spectralRadius: { estimate: rho.estimate, lower: rho.lower, upper: rho.upper, iterations: rho.iterations },
    columnsSummingToOneOrMore: over,
    drivingSectors: driving,
  };
}

/**
 * Throws unless the economy is productive (see {@link productivityCheck}).
 * @throws NotProductiveError naming the columns summing to ≥ 1 and the sectors driving the spectral radius.
 * @example
 * ```ts
 * console.log(assertProductive(denseMatrix([[0.15, 0.25], [0.2, 0.05]])).productive); // true
 * try {
 *   assertProductive(denseMatrix([[0.6, 0.5], [0.6, 0.5]]), ["farms", "mills"]);
 * } catch (e) {
 *   console.log((e as Error).name); // NotProductiveError
 * }
 * ```
 */
export function assertProductive(A: Matrix, labels?: readonly string[]): ProductivityReport {
  const r = productivityCheck(A, labels);
  if (!r.productive && r.spectralRadius.lower >= 1) {
    const cols = r.columnsSummingToOneOrMore.map((c) => `${c.code} (column sum ${c.sum.toPrecision(4)})`);
    throw new NotProductiveError(
      r.spectralRadius.lower,
      [...new Set([...r.columnsSummingToOneOrMore.map((c) => c.code), ...r.drivingSectors])],
      `${cols.length ? `Columns summing to ≥ 1: ${cols.join(", ")}. ` : ""}` +
        `Sectors driving it: ${r.drivingSectors.join(", ") || "(none singled out)"}.`,
    );
  }
  if (!r.productive) {
    throw new NotProductiveError(
      r.spectralRadius.upper,
      r.columnsSummingToOneOrMore.map((c) => c.code),
      "Productivity could not be proven: spectral radius lies in " +
        `[${r.spectralRadius.lower.toPrecision(6)}, ${r.spectralRadius.upper.toPrecision(6)}].`,
    );
  }
  return r;
}
