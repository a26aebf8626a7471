import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { assertLength, columnSums, rowSums } from "../linalg/matrix.ts";
import { compensatedSum } from "../linalg/sum.ts";
import { allocationFromTechnical } from "./coefficients.ts";

/** Key-sector class from normalised backward (BL) and forward (FL) linkages (Miller & Blair 2009, §12.2.4). */
export type KeySectorClass = "key" | "backward" | "forward" | "weak";

/** Linkage measures per sector. All vectors have one entry per sector. */
export interface LinkageResult {
  /** Rasmussen's power of dispersion: n·(column sum of L)_j / Σ L (mean 1). */
  backward: Float64Array;
  /** Rasmussen's sensitivity of dispersion: n·(row sum of L)_i / Σ L (mean 1). Leontief-based. */
  forward: Float64Array;
  /** Forward linkage from the Ghosh inverse: n·(row sum of G)_i / Σ G (mean 1), preferred by Miller & Blair. */
  forwardGhosh: Float64Array;
  /** Chenery–Watanabe direct backward linkage: column sums of A (also leontief's `backward_linkage`). */
  directBackward: Float64Array;
  /** Chenery–Watanabe direct forward linkage: row sums of the allocation coefficients B (needs output x). */
  directForward: Float64Array;
  /**
   * Row sums of A: leontief's `forward_linkage` (the R package's convention), beside the Ghosh-based `forwardGhosh`.
   */
  rowSumsOfA: Float64Array;
  /** Class from `backward` and `forward` (each above 1 or not). */
  keySector: KeySectorClass[];
  /** The largest residual among the solves used. */
  residual: number;
  converged: boolean;
}

/**
 * Backward and forward linkages and the key-sector classification (Rasmussen 1956; Hirschman 1958;
 * Chenery & Watanabe 1958; Miller & Blair 2009, §12.2). Three solves: (I − A)ᵀ·m = 1 (column sums of L),
 * (I − A)·r = 1 (row sums of L) and (I − A)·y = x (Ghosh row sums, as G = diag(x)⁻¹·L·diag(x)).
 *
 * @param x gross output, needed for the Ghosh and direct forward measures.
 * @example
 * ```ts
 * // Miller & Blair's two sectors: sector 1 is above average both ways (key), sector 2 below (weak)
 * const l = linkages(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])), [1000, 2000]);
 * const show = (x: Float64Array) => Array.from(x, (v) => v.toFixed(4));
 * console.log(show(l.backward), show(l.forward)); // [ '1.0222', '0.9778' ] [ '1.0667', '0.9333' ]
 * console.log(l.keySector); // [ 'key', 'weak' ]
 * ```
 */
export function linkages(
  system: LeontiefSystem,
  x: ArrayLike<number>,
  options: LeontiefSolveOptions = {},
): LinkageResult {
  const n = system.n;
  assertLength(x, n, "gross output x");
  const ones = new Float64Array(n).fill(1);
  const colSums = system.solveTransposed(ones, options);
  const rowSumsL = system.solve(ones, options);
  const lx = system.solve(x, options);
  const total = compensatedSum(colSums.x);
  const backward = new Float64Array(n);
  const forward = new Float64Array(n);
  const gRow = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    backward[j] = (n * colSums.x[j]) / total;
    forward[j] = (n * rowSumsL.x[j]) / total;
    gRow[j] = x[j] === 0 ? 0 : lx.x[j] / x[j];
  }
  const gTotal = compensatedSum(gRow);
  const forwardGhosh = gRow.map((g) => (n * g) / gTotal);
  const keySector = Array.from(backward, (b, j): KeySectorClass => {
    const f = forward[j];
    return b > 1 && f > 1 ? "key" : b > 1 ? "backward" : f > 1 ? "forward" : "weak";
  });
  const directBackward = columnSums(system.A);
  const directForward = rowSums(allocationFromTechnical(system.A, x));
  const rowSumsOfA = rowSums(system.A);
  const residual = Math.max(colSums.residual, rowSumsL.residual, lx.residual);
  return {
    backward,
    forward,
    forwardGhosh,
    directBackward,
    directForward,
    rowSumsOfA,
    keySector,
    residual,
    converged: colSums.converged && rowSumsL.converged && lx.converged,
  };
}
