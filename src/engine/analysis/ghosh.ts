import type { DenseMatrix } from "../linalg/dense.ts";
import type { LeontiefSolution, LeontiefSolveOptions } from "../linalg/leontiefSystem.ts";
import { createLeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";

/**
 * Ghosh (supply-driven) model: gross output from primary inputs, xᵀ = vᵀ·(I − B)⁻¹ with allocation
 * coefficients B (Ghosh 1958; Miller & Blair 2009, §12.1). Solved as (I − B)ᵀ·x = v, without the inverse.
 * Returns the solution with its residual and status.
 * @example
 * ```ts
 * // allocation coefficients B of Miller & Blair's Table 2.3, primary inputs v = x − column sums of Z = [650, 1400]
 * const s = ghoshOutput(denseMatrix([[0.15, 0.5], [0.1, 0.05]]), [650, 1400]);
 * console.log(Array.from(s.x, (v) => v.toFixed(2))); // [ '1000.00', '2000.00' ]
 * ```
 */
export function ghoshOutput(
  B: Matrix,
  primaryInputs: ArrayLike<number>,
  options: LeontiefSolveOptions & { labels?: readonly string[] } = {},
): LeontiefSolution {
  return createLeontiefSystem(B, { labels: options.labels }).solveTransposed(primaryInputs, options);
}

/** The Ghosh inverse G = (I − B)⁻¹, dense; O(n³), on request only.
 * @example
 * ```ts
 * // G = (I − B)⁻¹ for Table 2.3's allocation coefficients (Miller & Blair 2009, §12.1)
 * const G = ghoshInverse(denseMatrix([[0.15, 0.5], [0.1, 0.05]]));
 * console.log(Array.from(G.data, (v) => v.toFixed(4)).join(" ")); // 1.2541 0.6601 0.1320 1.1221
 * ```
 */
export function ghoshInverse(B: Matrix): DenseMatrix {
  return createLeontiefSystem(B).inverse();
}
