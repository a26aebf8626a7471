import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { DENSE_LU_LIMIT } from "../linalg/leontiefSystem.ts";
import { assertLength } from "../linalg/matrix.ts";
import { compensatedSum } from "../linalg/sum.ts";
import { forEachLeontiefColumn } from "./leontiefColumns.ts";

/** Hypothetical extraction as fio reports it: signed differences from the table's total production. */
export interface FioExtractionResult {
  /** New total output − total production when sector k's column of A is zeroed, diagonal included (Leontief). */
  backward: Float64Array;
  /** New total output − total production when sector k's row of B is zeroed, diagonal included (Ghosh). */
  forward: Float64Array;
  /** backward + forward: fio's "total" (not the extraction of the whole sector; see {@link hypotheticalExtraction}). */
  total: Float64Array;
  /**
   * Σ x, the table's total production, which every difference is measured against (fio's "relative" divides by it).
   */
  totalProduction: number;
  /** The largest residual among the solves used. */
  residual: number;
  converged: boolean;
}

/**
 * Hypothetical extraction the way fio computes it (`compute_hypothetical_extraction`, Rust `extraction.rs`):
 *
 * - backward: Ā = A with column k set to 0, **a_kk included**; x̄ = (I − Ā)⁻¹·f; backward_k = Σx̄ − Σx
 * - forward:  B̄ = B with row k set to 0, **b_kk included**; x̄ᵀ = vᵀ·(I − B̄)⁻¹;
 *   forward_k = Σx̄ − Σx
 * - total_k = backward_k + forward_k
 *
 * measured against the table's total production x (so a table whose output is not exactly L·f, or whose v does not
 * complete its columns, carries that gap into every figure), signed as fio signs them (a loss is negative). ioplan's
 * own {@link hypotheticalExtraction} keeps the diagonal (the sector still uses its own output: Dietzenbacher & van
 * der Linden 1997), measures against the model's own solution L·f, reports losses as positive numbers and its
 * "total" removes the sector altogether.
 *
 * Each extraction is a rank-one change, so by Sherman–Morrison, with x_L = L·f, x_G = vᵀ·G and
 * G = diag(x)⁻¹·L·diag(x): backward_k = Σx_L − x_Lk·(Σ_i L_ik − 1)/L_kk − Σx and
 * forward_k = Σx_G − x_Gk·((L·x)_k/x_k − 1)/L_kk − Σx, from n + 3 solves (the tests check them against fio's
 * brute-force re-solves). A sector of zero output is taken to have a zero row and column in A, as a table gives:
 * extracting its row of B changes nothing.
 *
 * @param x the table's total production (gross output).
 * @param finalDemand total final demand per sector (fio: the row sums of its final-demand matrix).
 * @param primaryInputs v per sector (fio: the column sums of its value-added matrix, imports included).
 * @example
 * ```ts
 * // Miller & Blair's two sectors (x = L·f and v = x − Z'1 exactly): removing sector 1's purchases, its own
 * // included, loses 413.16
 * const system = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const e = fioHypotheticalExtraction(system, [1000, 2000], [350, 1700], [650, 1400]);
 * console.log(Array.from(e.backward, (v) => v.toFixed(2)), e.totalProduction); // [ '-413.16', '-805.88' ] 3000
 * ```
 */
export function fioHypotheticalExtraction(
  system: LeontiefSystem,
  x: ArrayLike<number>,
  finalDemand: ArrayLike<number>,
  primaryInputs: ArrayLike<number>,
  options: LeontiefSolveOptions = {},
): FioExtractionResult {
  const n = system.n;
  assertLength(x, n, "total production x");
  assertLength(finalDemand, n, "final demand");
  assertLength(primaryInputs, n, "primary inputs v");
  const opts: LeontiefSolveOptions = { ...options, method: options.method ?? (n <= DENSE_LU_LIMIT ? "lu" : "auto") };
  const xL = system.solve(finalDemand, opts);
  const Lx = system.solve(x, opts);
  const w = Float64Array.from({ length: n }, (_, i) => (x[i] === 0 ? 0 : primaryInputs[i] / x[i]));
  const LTw = system.solveTransposed(w, opts);
  const xG = Float64Array.from({ length: n }, (_, j) => (x[j] === 0 ? primaryInputs[j] : x[j] * LTw.x[j]));
  const sumX = compensatedSum(x);
  const sumXL = compensatedSum(xL.x);
  const sumXG = compensatedSum(xG);
  const backward = new Float64Array(n);
  const forward = new Float64Array(n);
  const columns = forEachLeontiefColumn(system, opts, (k, col) => {
    const lkk = col[k];
    backward[k] = sumXL - (xL.x[k] * (compensatedSum(col) - 1)) / lkk - sumX;
    forward[k] = x[k] === 0 ? sumXG - sumX : sumXG - (xG[k] * (Lx.x[k] / x[k] - 1)) / lkk - sumX;
  });
  const residual = Math.max(xL.residual, Lx.residual, LTw.residual, columns.residual);
  const converged = xL.converged && Lx.converged && LTw.converged && columns.converged;
  const total = backward.map((b, k) => b + forward[k]);
  return { backward, forward, total, totalProduction: sumX, residual, converged };
}
