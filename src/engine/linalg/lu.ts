import { DimensionError, SingularMatrixError } from "../errors.ts";
import type { DenseMatrix } from "./dense.ts";
import { denseMatrix } from "./dense.ts";

/**
 * LU factorisation with partial pivoting of a square dense matrix: P·M = L·U, L unit lower triangular.
 * `lu` holds L below the diagonal and U on and above it (row-major); `pivots[k]` is the row swapped
 * into position k at step k.
 */
export interface LuFactorization {
  readonly n: number;
  readonly lu: Float64Array;
  readonly pivots: Int32Array;
}

/**
 * Factorises M (not modified). O(n³/3) flops, blocking; use for n up to a few thousand.
 * Doolittle's algorithm with partial pivoting (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 3.4.1).
 *
 * @param labels names of the columns, used in the error when a pivot vanishes.
 * @throws DimensionError when M is not square.
 * @throws SingularMatrixError naming the column with no usable pivot.
 * @example
 * ```ts
 * const f = luFactor(denseMatrix([[4, 3], [6, 3]]));
 * console.log(Array.from(luSolve(f, [10, 12]))); // [ 1, 2 ]
 * ```
 */
export function luFactor(m: DenseMatrix, labels?: readonly string[]): LuFactorization {
  if (m.rows !== m.cols) throw new DimensionError(`LU needs a square matrix; it is ${m.rows} × ${m.cols}`);
  const n = m.rows;
  const a = Float64Array.from(m.data);
  const pivots = new Int32Array(n);
  let scale = 0;
  for (let k = 0; k < a.length; k++) scale = Math.max(scale, Math.abs(a[k]));
  const tiny = scale * n * Number.EPSILON;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (!(best > tiny)) throw new SingularMatrixError(k, labels?.[k]);
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
    }
    const rk = k * n;
    const inv = 1 / a[rk + k];
    // the rank-one update four rows at a time, sharing each load of the pivot row (as in matVec's dense kernel)
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const l0 = (a[r0 + k] *= inv);
      const l1 = (a[r1 + k] *= inv);
      const l2 = (a[r2 + k] *= inv);
      const l3 = (a[r3 + k] *= inv);
      if (l0 === 0 && l1 === 0 && l2 === 0 && l3 === 0) continue;
      for (let j = k + 1; j < n; j++) {
        const u = a[rk + j];
        a[r0 + j] -= l0 * u;
        a[r1 + j] -= l1 * u;
        a[r2 + j] -= l2 * u;
        a[r3 + j] -= l3 * u;
      }
    }
    for (; i < n; i++) {
      const ri = i * n;
      const l = (a[ri + k] *= inv);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[ri + j] -= l * a[rk + j];
    }
  }
  return { n, lu: a, pivots };
}

/** Solves M·x = b with a factorisation of M. O(n²). Returns a new vector.
 * @example
 * ```ts
 * // (I − A)·x = d for Miller & Blair's two sectors (2009, §2.3): x = [1247.52, 1841.58]
 * const f = luFactor(identityMinus(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * console.log(Array.from(luSolve(f, [600, 1500]), (v) => v.toFixed(2))); // [ '1247.52', '1841.58' ]
 * ```
 */
export function luSolve(f: LuFactorization, b: ArrayLike<number>): Float64Array {
  const { n, lu, pivots } = f;
  if (b.length !== n) throw new DimensionError(`right-hand side has length ${b.length}; expected ${n}`);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = x[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= lu[ri + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j] * x[j];
    x[i] = s / lu[ri + i];
  }
  return x;
}

/** Solves Mᵀ·x = b with a factorisation of M (no transpose is formed). O(n²).
 * @example
 * ```ts
 * // (I − A)ᵀ·m = 1: the output multipliers, L's column sums 1.15/0.7575 and 1.1/0.7575
 * const f = luFactor(identityMinus(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * console.log(Array.from(luSolveTransposed(f, [1, 1]), (v) => v.toFixed(4))); // [ '1.5182', '1.4521' ]
 * ```
 */
export function luSolveTransposed(f: LuFactorization, b: ArrayLike<number>): Float64Array {
  const { n, lu, pivots } = f;
  if (b.length !== n) throw new DimensionError(`right-hand side has length ${b.length}; expected ${n}`);
  const x = Float64Array.from(b);
  // Uᵀ z = b (forward), column-oriented updates so the inner loop runs along rows of U.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const zi = x[i] / lu[ri + i];
    x[i] = zi;
    if (zi === 0) continue;
    for (let j = i + 1; j < n; j++) x[j] -= lu[ri + j] * zi;
  }
  // Lᵀ w = z (backward).
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const wi = x[i];
    if (wi === 0) continue;
    for (let j = 0; j < i; j++) x[j] -= lu[ri + j] * wi;
  }
  for (let k = n - 1; k >= 0; k--) {
    const p = pivots[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
  }
  return x;
}

/**
 * The inverse M⁻¹ as a dense matrix. O(n³). Form it only when the inverse itself is wanted (to show or
 * export it); for multipliers and outputs, solves are cheaper and more accurate.
 * @example
 * ```ts
 * // Miller & Blair (2009, §2.3): L = (I − A)⁻¹ = [[1.2541, 0.3300], [0.2640, 1.1221]]
 * const L = luInverse(luFactor(identityMinus(denseMatrix([[0.15, 0.25], [0.2, 0.05]]))));
 * console.log(Array.from(L.data, (v) => v.toFixed(4)).join(" ")); // 1.2541 0.3300 0.2640 1.1221
 * ```
 */
export function luInverse(f: LuFactorization): DenseMatrix {
  const { n } = f;
  const inv = denseMatrix(n, n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolve(f, e);
    for (let i = 0; i < n; i++) inv.data[i * n + j] = col[i];
  }
  return inv;
}
