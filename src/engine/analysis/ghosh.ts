import type { DenseMatrix } from "../linalg/dense.ts";
import type { LeontiefSolution, LeontiefSolveOptions } from "../linalg/leontiefSystem.ts";
import { createLeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";

/**
 * Ghosh (supply-driven) model: gross output from primary inputs, xᵀ = vᵀ·(I − B)⁻¹ with allocation
 * coefficients B (Ghosh 1958; Miller & Blair 2009, §12.1). Solved as (I − B)ᵀ·x = v, without the inverse.
 * Returns the solution with its residual and status.
 *
 * @example
 * // B from Miller & Blair's 2-sector table: Z = [[150,500],[200,100]], x = [1000,2000]
 * ghoshOutput(denseMatrix([[0.15, 0.5], [0.1, 0.05]]), [650, 1400]).x // ≈ [1000, 2000]
 */
export function ghoshOutput(B: Matrix, primaryInputs: ArrayLike<number>, options: LeontiefSolveOptions & { labels?: readonly string[] } = {}): LeontiefSolution {
  return createLeontiefSystem(B, { labels: options.labels }).solveTransposed(primaryInputs, options);
}

/** The Ghosh inverse G = (I − B)⁻¹, dense; O(n³), on request only. */
export function ghoshInverse(B: Matrix): DenseMatrix {
  return createLeontiefSystem(B).inverse();
}
