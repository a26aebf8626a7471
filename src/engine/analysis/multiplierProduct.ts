import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { compensatedSum } from "../linalg/sum.ts";
import type { AnalysisConvention } from "./convention.ts";

/**
 * The multiplier product matrix, kept as the rank-one product it is: n² entries from 2n numbers. Read an entry
 * with {@link multiplierProductEntry}, the largest with {@link largestMultiplierProducts}.
 */
export interface MultiplierProductMatrix {
  /** `ioplan` (Sonis & Hewings; also `fio`, which has no MPM): m_ij = L_i·L_·j / V. `leontief`: its transpose. */
  convention: AnalysisConvention;
  /** Row sums of L, L_i· (what Rasmussen's sensitivity of dispersion normalises). */
  rowSums: Float64Array;
  /** Column sums of L, L_·j: the output multipliers. */
  columnSums: Float64Array;
  /** V = Σ_ij L_ij, the intensity of the whole system. */
  total: number;
  /** The larger residual of the two solves. */
  residual: number;
  converged: boolean;
}

/** One entry of a multiplier product matrix (or of a field of influence): its row, its column and its value. */
export interface MatrixEntry {
  row: number;
  column: number;
  value: number;
}

/**
 * Sonis & Hewings' multiplier product matrix (Sonis, Hewings & Guo 2000, Economic Systems Research 12: 401–423):
 * M = (1/V)·[L_i·][L_·j], m_ij = L_i·L_·j / V, where L_i· are the row sums of the
 * Leontief inverse (as a column), L_·j its column sums (as a row) and V = Σ L. Its rows and columns keep the
 * order of L: row i is the selling sector, column j the buying one, and the cross of the largest row and column
 * is the economy's "landscape". The `leontief` convention is that package's `multiplier_product_matrix`, which
 * multiplies column sums by row sums and so returns the transpose: m_ij = L_·i L_j· / V.
 *
 * Two solves (the row and column sums of L), never L itself.
 * @example
 * ```ts
 * // Miller & Blair's two sectors: row sums (1.5842, 1.3861), column sums (1.5182, 1.4521), V = 2.9703
 * const mpm = multiplierProductMatrix(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * console.log(mpm.total.toFixed(4), multiplierProductEntry(mpm, 0, 1).toFixed(4)); // 2.9703 0.7745
 * ```
 */
export function multiplierProductMatrix(
  system: LeontiefSystem,
  options: LeontiefSolveOptions & { convention?: AnalysisConvention } = {},
): MultiplierProductMatrix {
  const { convention = "ioplan", ...solveOptions } = options;
  const ones = new Float64Array(system.n).fill(1);
  const rows = system.solve(ones, solveOptions);
  const cols = system.solveTransposed(ones, solveOptions);
  return {
    convention,
    rowSums: rows.x,
    columnSums: cols.x,
    total: compensatedSum(cols.x),
    residual: Math.max(rows.residual, cols.residual),
    converged: rows.converged && cols.converged,
  };
}

/**
 * Entry (i, j) of a multiplier product matrix in its convention.
 * @example
 * ```ts
 * const system = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const mpm = multiplierProductMatrix(system, { convention: "leontief" });
 * console.log(multiplierProductEntry(mpm, 0, 1).toFixed(4)); // 0.7085
 * ```
 */
export function multiplierProductEntry(m: MultiplierProductMatrix, i: number, j: number): number {
  const [left, right] = factors(m);
  return (left[i] * right[j]) / m.total;
}

/**
 * The `top` largest entries of a multiplier product matrix, largest first (ties by row, then column). For
 * non-negative sums only the `top` largest rows and columns can hold them, so this looks at top² products; with a
 * negative sum it scans all n².
 * @example
 * ```ts
 * const mpm = multiplierProductMatrix(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * const largest = largestMultiplierProducts(mpm, 2);
 * console.log(largest.map((e) => `${e.row},${e.column}: ${e.value.toFixed(4)}`)); // [ '0,0: 0.8097', '0,1: 0.7745' ]
 * ```
 */
export function largestMultiplierProducts(m: MultiplierProductMatrix, top: number): MatrixEntry[] {
  const [left, right] = factors(m);
  return largestOuterProducts(left, right, top, 1 / m.total);
}

function factors(m: MultiplierProductMatrix): [Float64Array, Float64Array] {
  return m.convention === "leontief" ? [m.columnSums, m.rowSums] : [m.rowSums, m.columnSums];
}

/**
 * The `top` largest entries of scale·u·vᵀ (a rank-one matrix), largest first. Shared with the field of influence.
 * @internal
 */
export function largestOuterProducts(u: Float64Array, v: Float64Array, top: number, scale = 1): MatrixEntry[] {
  const k = Math.max(0, Math.floor(top));
  if (k === 0 || u.length === 0 || v.length === 0) return [];
  const byValue = (a: Float64Array) => Array.from(a.keys()).sort((p, q) => a[q] - a[p] || p - q);
  const nonNegative = scale >= 0 && u.every((x) => x >= 0) && v.every((x) => x >= 0);
  const rows = nonNegative
    ? byValue(u)
        .slice(0, k)
        .sort((p, q) => p - q)
    : Array.from(u.keys());
  const cols = nonNegative
    ? byValue(v)
        .slice(0, k)
        .sort((p, q) => p - q)
    : Array.from(v.keys());
  // a sorted list of at most k, so that a scan of n² entries (a negative sum) needs O(k) memory
  const best: MatrixEntry[] = [];
  for (const i of rows) {
    for (const j of cols) {
      const value = scale * u[i] * v[j];
      if (best.length === k && !(value > best[k - 1].value)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].value < value) at--;
      best.splice(at, 0, { row: i, column: j, value });
      if (best.length > k) best.pop();
    }
  }
  return best;
}
