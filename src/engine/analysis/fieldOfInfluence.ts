import { IndexRangeError, InvalidValueError } from "../errors.ts";
import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { compensatedDot, compensatedSum } from "../linalg/sum.ts";
import type { MatrixEntry } from "./multiplierProduct.ts";
import { largestOuterProducts } from "./multiplierProduct.ts";

/** The field of influence of one coefficient a_ij, as the two vectors whose outer product it is. */
export interface FieldOfInfluence {
  /** i: the supplying sector of the coefficient a_ij (its row in A). */
  row: number;
  /** j: the buying sector of the coefficient a_ij (its column in A). */
  column: number;
  /** Column i of L, L_·i. */
  leontiefColumn: Float64Array;
  /** Row j of L, L_j·. */
  leontiefRow: Float64Array;
  /** L_ji, on which the exact change depends: ΔL = ε/(1 − ε·L_ji)·F. */
  lji: number;
  /** Σ_kl F_kl = (Σ_k L_ki)(Σ_l L_jl): the first-order change of V = ΣL per unit change of a_ij. */
  total: number;
  /** Σ_kl F_kl² = ‖L_·i‖²·‖L_j·‖²: the size of the field (first order). */
  sumOfSquares: number;
  /** The change ε of a_ij the finite-difference figure is for (0: first order). */
  epsilon: number;
  /**
   * Σ_kl ((L(ε) − L)/ε)²_kl = sumOfSquares / (1 − ε·L_ji)²: fio's `field_influence` entry (i, j) for this
   * ε, the finite-difference field's squares summed, exactly (equal to sumOfSquares when ε = 0).
   */
  finiteDifferenceSumOfSquares: number;
  /** The larger residual of the two solves. */
  residual: number;
  converged: boolean;
}

/**
 * The field of influence of a change in one technical coefficient a_ij (Sonis & Hewings 1989, "Error and
 * sensitivity input–output analysis: a new approach", in Miller, Polenske & Rose (eds.), Frontiers of Input–Output
 * Analysis; Miller & Blair 2009, ch. 12 on important coefficients). This is the first-order field
 *
 *   F(i, j) = L_·i ⊗ L_j·,   F_kl = L_ki·L_jl,
 *
 * the derivative of L with respect to a_ij. A change of ε changes L by exactly ε/(1 − ε·L_ji)·F
 * (Sherman–Morrison), so F also gives fio's finite-difference summary (Vale & Perobelli 2020): the sum of the squared
 * entries of (L(ε) − L)/ε, reported as `finiteDifferenceSumOfSquares`.
 *
 * Two solves, (I − A)·c = e_i and (I − A)ᵀ·r = e_j: L is never formed, whatever the size of the model. Read an
 * entry with {@link fieldOfInfluenceEntry}, the largest with {@link largestInfluences}.
 * @throws IndexRangeError when i or j is not a sector index; InvalidValueError for a negative or non-finite ε.
 * @example
 * ```ts
 * // Miller & Blair's two sectors, a_12 (sector 1's sales to sector 2): F = L_·1 ⊗ L_2·
 * const f = fieldOfInfluence(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])), 0, 1);
 * console.log(f.lji.toFixed(4), f.total.toFixed(4), fieldOfInfluenceEntry(f, 0, 1).toFixed(4)); // 0.2640 2.1044 1.4073
 * ```
 */
export function fieldOfInfluence(
  system: LeontiefSystem,
  i: number,
  j: number,
  options: LeontiefSolveOptions & { epsilon?: number } = {},
): FieldOfInfluence {
  const n = system.n;
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new IndexRangeError("row i of the coefficient a_ij", i, n);
  if (!(Number.isInteger(j) && j >= 0 && j < n)) throw new IndexRangeError("column j of the coefficient a_ij", j, n);
  const { epsilon = 0, ...solveOptions } = options;
  if (!(epsilon >= 0 && Number.isFinite(epsilon)))
    throw new InvalidValueError("the change ε of the coefficient", epsilon, "a finite number ≥ 0");
  const e = new Float64Array(n);
  e[i] = 1;
  const col = system.solve(e, solveOptions);
  e[i] = 0;
  e[j] = 1;
  const row = system.solveTransposed(e, solveOptions);
  const c = col.x;
  const r = row.x;
  const lji = c[j];
  const sumOfSquares = compensatedDot(c, c) * compensatedDot(r, r);
  const scale = 1 / (1 - epsilon * lji);
  return {
    row: i,
    column: j,
    leontiefColumn: c,
    leontiefRow: r,
    lji,
    total: compensatedSum(c) * compensatedSum(r),
    sumOfSquares,
    epsilon,
    finiteDifferenceSumOfSquares: sumOfSquares * scale * scale,
    residual: Math.max(col.residual, row.residual),
    converged: col.converged && row.converged,
  };
}

/**
 * Entry (k, l) of a field of influence: F_kl = L_ki·L_jl.
 * @example
 * ```ts
 * const f = fieldOfInfluence(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])), 0, 1);
 * console.log(fieldOfInfluenceEntry(f, 1, 0).toFixed(4)); // 0.0697
 * ```
 */
export function fieldOfInfluenceEntry(f: FieldOfInfluence, k: number, l: number): number {
  return f.leontiefColumn[k] * f.leontiefRow[l];
}

/**
 * The `top` largest entries of a field of influence, largest first: where in L a change of a_ij is felt most.
 * @example
 * ```ts
 * const f = fieldOfInfluence(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])), 0, 1);
 * console.log(largestInfluences(f, 1).map((e) => [e.row, e.column, e.value.toFixed(4)])); // [ [ 0, 1, '1.4073' ] ]
 * ```
 */
export function largestInfluences(f: FieldOfInfluence, top: number): MatrixEntry[] {
  return largestOuterProducts(f.leontiefColumn, f.leontiefRow, top);
}
