import type { DenseMatrix } from "./dense.ts";
import { denseMatrix } from "./dense.ts";
import type { Matrix } from "./matrix.ts";
import { matTVecUnchecked, matVecUnchecked } from "./matrix.ts";
import { norm2 } from "./operator.ts";

// The Leontief matrix I − A: formed densely (for LU), and the residual of (I − A)·x = d without forming it.

/** ‖(I − A)x − d‖ / ‖d‖ (or with Aᵀ), computed afresh. `tmp` is scratch of length n.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * console.log(relativeResidual(A, new Float64Array([350, 1700]), new Float64Array([1000, 2000]))); // 0
 * ```
 */
export function relativeResidual(
  A: Matrix,
  d: Float64Array,
  x: Float64Array,
  transposed = false,
  tmp = new Float64Array(d.length),
): number {
  if (transposed) matTVecUnchecked(A, x, tmp);
  else matVecUnchecked(A, x, tmp);
  let rr = 0;
  for (let i = 0; i < d.length; i++) {
    const r = x[i] - tmp[i] - d[i];
    rr += r * r;
  }
  const dn = norm2(d);
  return dn === 0 ? Math.sqrt(rr) : Math.sqrt(rr) / dn;
}

/** I − A as a new dense matrix.
 * @example
 * ```ts
 * console.log(Array.from(identityMinus(denseMatrix([[0.15, 0.25], [0.2, 0.05]])).data)); // [ 0.85, -0.25, -0.2, 0.95 ]
 * ```
 */
export function identityMinus(A: Matrix): DenseMatrix {
  const n = A.rows;
  const m = denseMatrix(n, n);
  const out = m.data;
  switch (A.kind) {
    case "dense":
      for (let k = 0; k < n * n; k++) out[k] = -A.data[k];
      break;
    case "csr":
      for (let i = 0; i < n; i++)
        for (let p = A.rowStarts[i]; p < A.rowStarts[i + 1]; p++) out[i * n + A.colIndices[p]] -= A.values[p];
      break;
    case "csc":
      for (let j = 0; j < n; j++)
        for (let p = A.colStarts[j]; p < A.colStarts[j + 1]; p++) out[A.rowIndices[p] * n + j] -= A.values[p];
      break;
  }
  for (let i = 0; i < n; i++) out[i * n + i] += 1;
  return m;
}
