/**
 * A square linear operator y = M·x, given only by its action. Iterative solvers take this, so the same
 * code solves with dense, CSC and CSR matrices and with modified systems (extractions, closures)
 * without copying the matrix.
 */
export interface LinearOperator {
  readonly n: number;
  /** Writes M·x into y (both length n; y is not x). */
  apply(x: Float64Array, y: Float64Array): void;
}

/** How an iterative solve ended. */
export type SolveStatus = "converged" | "max-iterations" | "breakdown" | "stagnated";

/** What every iterative kernel returns: the iterate, the estimated relative residual and how it ended. */
export interface IterativeResult {
  x: Float64Array;
  iterations: number;
  /** Relative residual ‖b − M·x‖ / ‖b‖ as tracked by the method (the caller recomputes the true one). */
  residual: number;
  status: SolveStatus;
}

/** Options shared by iterative kernels. */
export interface IterativeOptions {
  /** Target relative residual (default 1e-10). */
  tolerance?: number;
  /** Iteration cap (default: depends on the method). */
  maxIterations?: number;
  /** Starting vector (warm start); copied, not modified. */
  initialGuess?: Float64Array;
  /** Called every iteration with (iteration, relative residual); for progress reporting. */
  onIteration?: (iteration: number, residual: number) => void;
}

/** Euclidean norm, scaled to avoid overflow on huge vectors. */
export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Dot product (unrolled by four: independent partial sums for speed, a little more accurate too). */
export function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + s2 + s3;
}
