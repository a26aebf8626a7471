import type { IterativeOptions, IterativeResult } from "./operator.ts";
import { norm2 } from "./operator.ts";

/**
 * Rows of A, as a CSR view (for a dense row-major matrix the caller builds one, or uses the dense variant).
 * The Gauss–Seidel sweep reads A row by row.
 */
export interface RowView {
  readonly n: number;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * Gauss–Seidel for the Leontief system (I − A)·x = d, given A by rows:
 * x_i ← (d_i + Σ_{j≠i} a_ij x_j) / (1 − a_ii), sweeping i = 0..n−1 with the newest values.
 * Converges for every productive non-negative A (I − A is then a non-singular M-matrix; Varga,
 * *Matrix Iterative Analysis*, Thm 3.15). One sweep costs one pass over A.
 *
 * The residual it tracks is the size of the last sweep's corrections, ‖(1 − a_ii)·Δx_i‖ / ‖d‖; when that
 * reaches the tolerance, the true residual is computed and the sweeps go on if it has not.
 * @example
 * ```ts
 * const A = toCsr(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const rows = { n: 2, starts: A.rowStarts, indices: A.colIndices, values: A.values };
 * const r = gaussSeidelLeontief(rows, new Float64Array([600, 1500]));
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // converged [ '1247.52', '1841.58' ]
 * ```
 */
export function gaussSeidelLeontief(A: RowView, d: Float64Array, options: IterativeOptions = {}): IterativeResult {
  const { n, starts, indices, values } = A;
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 10_000;
  const x = options.initialGuess ? Float64Array.from(options.initialGuess) : Float64Array.from(d);
  const dnorm = norm2(d);
  if (dnorm === 0) return { x: new Float64Array(n), iterations: 0, residual: 0, status: "converged" };
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let p = starts[i]; p < starts[i + 1]; p++) if (indices[p] === i) diag[i] += values[p];
  let rel = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    let rr = 0;
    for (let i = 0; i < n; i++) {
      let s = d[i];
      const end = starts[i + 1];
      for (let p = starts[i]; p < end; p++) s += values[p] * x[indices[p]];
      // s = d_i + Σ_j a_ij x_j (diagonal included) ⇒ residual_i = s − x_i
      const r = s - x[i];
      rr += r * r;
      x[i] += r / (1 - diag[i]);
    }
    rel = Math.sqrt(rr) / dnorm;
    options.onIteration?.(it, rel);
    if (!Number.isFinite(rel)) return { x, iterations: it, residual: rel, status: "breakdown" };
    if (rel <= tol) {
      const trueRel = trueResidual(A, d, x) / dnorm;
      if (trueRel <= tol) return { x, iterations: it, residual: trueRel, status: "converged" };
    }
  }
  return { x, iterations: maxIter, residual: rel, status: "max-iterations" };
}

function trueResidual(A: RowView, d: Float64Array, x: Float64Array): number {
  let rr = 0;
  for (let i = 0; i < A.n; i++) {
    let s = d[i] - x[i];
    for (let p = A.starts[i]; p < A.starts[i + 1]; p++) s += A.values[p] * x[A.indices[p]];
    rr += s * s;
  }
  return Math.sqrt(rr);
}

/**
 * The Neumann (power) series x = d + A·d + A²·d + …, i.e. the iteration x ← d + A·x, for any A given by its
 * action. Converges at the rate of the spectral radius of A: simple and robust for productive economies with
 * a small spectral radius, slow near 1. `applyA(x, y)` writes A·x into y.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const r = neumannSeries(2, (x, y) => matVec(A, x, y), new Float64Array([600, 1500]));
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // converged [ '1247.52', '1841.58' ]
 * ```
 */
export function neumannSeries(
  n: number,
  applyA: (x: Float64Array, y: Float64Array) => void,
  d: Float64Array,
  options: IterativeOptions = {},
): IterativeResult {
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 10_000;
  const x = options.initialGuess ? Float64Array.from(options.initialGuess) : Float64Array.from(d);
  const y = new Float64Array(n);
  const dnorm = norm2(d);
  if (dnorm === 0) return { x: new Float64Array(n), iterations: 0, residual: 0, status: "converged" };
  let rel = Infinity;
  let prev = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    applyA(x, y);
    // residual of the current x: d + A·x − x
    let rr = 0;
    for (let i = 0; i < n; i++) {
      const next = d[i] + y[i];
      const r = next - x[i];
      rr += r * r;
      x[i] = next;
    }
    rel = Math.sqrt(rr) / dnorm;
    options.onIteration?.(it, rel);
    if (rel <= tol) return { x, iterations: it, residual: rel, status: "converged" };
    if (!Number.isFinite(rel) || (it > 50 && rel > prev * 1.5))
      return { x, iterations: it, residual: rel, status: "breakdown" };
    prev = rel;
  }
  return { x, iterations: maxIter, residual: rel, status: "max-iterations" };
}
