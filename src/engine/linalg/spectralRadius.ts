import type { Matrix } from "./matrix.ts";
import { assertSquare, forEachEntry, matTVecUnchecked, storedEntries } from "./matrix.ts";

/** Bounds on the spectral radius of |A| (which bounds that of A from above). */
export interface SpectralRadiusEstimate {
  /** Best estimate (the midpoint of the bounds when they have closed, else the last power-iteration ratio). */
  estimate: number;
  /** Proven lower bound on ρ(|A|). */
  lower: number;
  /** Proven upper bound on ρ(|A|), hence on ρ(A). */
  upper: number;
  iterations: number;
  /** Perron vector estimate of |A|ᵀ (non-negative, max 1): its large entries name the sectors that drive ρ. */
  vector: Float64Array;
}

/**
 * Spectral radius of |A| by shifted power iteration on |A|ᵀ with Collatz–Wielandt bounds: for any positive
 * x, min_i (Mx)_i/x_i ≤ ρ(M) ≤ max_i (Mx)_i/x_i for non-negative M (Horn & Johnson, *Matrix Analysis*,
 * 2nd ed., Thm 8.1.26). The first step's upper bound is the largest column sum. With a `threshold` it stops as
 * soon as the bounds decide `ρ < threshold` or `ρ ≥ threshold`; in any case when they close to `tolerance`, or
 * after `maxIterations`. O(iterations · nnz), blocking.
 * @example
 * ```ts
 * // A's column sums are 0.35 and 0.3, so ρ(A) ≤ 0.35; its eigenvalues are 0.1 ± √0.0525 (ρ ≈ 0.3291)
 * const r = spectralRadiusBounds(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), { tolerance: 1e-9 });
 * console.log(r.lower.toFixed(4), r.upper.toFixed(4)); // 0.3291 0.3291
 * ```
 */
export function spectralRadiusBounds(
  A: Matrix,
  options: { threshold?: number; tolerance?: number; maxIterations?: number } = {},
): SpectralRadiusEstimate {
  const n = assertSquare(A, "coefficient matrix A");
  const threshold = options.threshold;
  const tol = options.tolerance ?? 1e-6;
  const maxIter = options.maxIterations ?? 500;
  if (n === 0) return { estimate: 0, lower: 0, upper: 0, iterations: 0, vector: new Float64Array(0) };
  const absA = absolute(A);
  let x = new Float64Array(n).fill(1);
  let y = new Float64Array(n);
  let z: Float64Array | undefined;
  let lower = 0;
  let upper = Infinity;
  let estimate = 0;
  let it: number;
  for (it = 1; it <= maxIter; it++) {
    matTVecUnchecked(absA, x, y);
    let lo = Infinity;
    let hi = 0;
    let ymax = 0;
    for (let i = 0; i < n; i++) {
      const r = y[i] / x[i];
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
    lower = Math.max(lower, lo);
    upper = Math.min(upper, hi);
    // a sector that buys nothing (a zero row of |A|ᵀ) pins min_i at 0 for ever: every 10th step, bound from below on
    // the vector's support instead (x' = x with its vanishing entries set to 0: |A|ᵀx' ≥ μx' gives ρ ≥ μ)
    if (it % 10 === 0 && lower < upper * (1 - tol))
      lower = Math.max(lower, supportLowerBound(absA, x, (z ??= new Float64Array(n))));
    // shifted step x ← (|A|ᵀ + I)·x keeps x positive and breaks periodicity
    for (let i = 0; i < n; i++) {
      y[i] += x[i];
      if (y[i] > ymax) ymax = y[i];
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      num += (y[i] - x[i]) * x[i];
      den += x[i] * x[i];
    }
    estimate = den === 0 ? 0 : num / den;
    for (let i = 0; i < n; i++) y[i] /= ymax;
    [x, y] = [y, x];
    if (
      (threshold !== undefined && (upper < threshold || lower >= threshold)) ||
      upper - lower <= tol * Math.max(1, upper)
    )
      break;
  }
  if (upper - lower <= tol * Math.max(1, upper)) estimate = (upper + lower) / 2;
  estimate = Math.min(Math.max(estimate, lower), upper);
  return { estimate, lower, upper, iterations: Math.min(it, maxIter), vector: x };
}

/**
 * Collatz–Wielandt from below on a non-negative vector: for x' ≥ 0, x' ≠ 0, min over x'_i > 0 of (Mx')_i /
 * x'_i ≤ ρ(M) (Horn & Johnson, Thm 8.1.26 and its corollary for non-negative vectors). x' keeps the entries of `x`
 * above 1e-9 of its largest; `scratch` is overwritten.
 */
function supportLowerBound(absA: Matrix, x: Float64Array, scratch: Float64Array): number {
  let xmax = 0;
  for (const v of x) if (v > xmax) xmax = v;
  const xs = x.map((v) => (v > 1e-9 * xmax ? v : 0));
  matTVecUnchecked(absA, xs, scratch);
  let lo = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > 0) lo = Math.min(lo, scratch[i] / xs[i]);
  return Number.isFinite(lo) ? lo : 0;
}

function absolute(A: Matrix): Matrix {
  const has = A.kind === "dense" ? A.data.some((v) => v < 0) : A.values.some((v) => v < 0);
  if (!has) return A;
  if (A.kind === "dense") return { ...A, data: A.data.map(Math.abs) };
  return { ...A, values: A.values.map(Math.abs) } as Matrix;
}

/** The spectral radius of A as reported to people: to 1e-6, or its bounds when they do not meet. */
export interface SpectralRadius {
  /** The value: the midpoint of the bounds when they closed, else the power iteration's estimate. */
  value: number;
  /** Proven bounds (Collatz–Wielandt). */
  lower: number;
  upper: number;
  /** The bounds met to 1e-6 relative: `value` is ρ to that accuracy. */
  closed: boolean;
  iterations: number;
  /** Negative coefficients in A: the figure is ρ(|A|), an upper bound on ρ(A). */
  negativeCoefficients: number;
  /** Whose radius value, lower and upper are: "A", or "|A|" when A has negative coefficients. */
  of: "A" | "|A|";
}

/** Relative width at which the bounds count as closed. */
const CLOSED = 1e-6;

/**
 * ρ(A) by power iteration with Collatz–Wielandt bounds, run until the bounds meet to 1e-7 relative or about 2·10⁸
 * multiply-adds have been spent (so a 10⁶-sector model still answers in seconds, with its bounds). Checked against
 * numpy's eigenvalues in test/engine/linalg/spectralRadius.test.ts.
 * @example
 * ```ts
 * const r = spectralRadius(denseMatrix([[0.15, 0.25], [0.2, 0.05]])); // eigenvalues 0.1 ± √0.0525
 * console.log(r.value.toFixed(6), r.closed); // 0.329129 true
 * ```
 */
export function spectralRadius(A: Matrix): SpectralRadius {
  const work = Math.max(1, storedEntries(A));
  const maxIterations = Math.max(200, Math.min(100_000, Math.floor(2e8 / work)));
  const r = spectralRadiusBounds(A, { tolerance: CLOSED / 10, maxIterations });
  let negative = 0;
  forEachEntry(A, (_i, _j, v) => {
    if (v < 0) negative++;
  });
  const closed = r.upper - r.lower <= CLOSED * Math.max(r.upper, 1e-300);
  return {
    value: closed ? (r.lower + r.upper) / 2 : r.estimate,
    lower: r.lower,
    upper: r.upper,
    closed,
    iterations: r.iterations,
    negativeCoefficients: negative,
    of: negative ? "|A|" : "A",
  };
}
