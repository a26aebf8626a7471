import { denseMatrix } from "../linalg/dense.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import { assertMrioShape } from "./mrioFromFlows.ts";
import type { MrioModel } from "./mrioModel.ts";

/** Gross bilateral trade of an MRIO, laid out as pymrio's `calc_gross_trade` returns it. */
export interface MrioGrossTrade {
  /** (R·S) × R: exports of sector i of region r (row r·S + i) to region s (column s); zero where s = r. */
  bilateral: DenseMatrix;
  /** Gross exports per (region, sector): the row sums of `bilateral`. */
  exports: Float64Array;
  /** Gross imports per (importing region, sector): Σ over origin regions of `bilateral`. */
  imports: Float64Array;
}

/**
 * Gross bilateral trade: the entries of Z = A·x̂ and Y with the domestic blocks set to zero, summed over the
 * destination's sectors and final-demand categories (pymrio `calc_gross_trade`). Money of the model's unit.
 * O(nnz(A) + n·R·K).
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "two regions", regions: ["N", "S"], sectors: [{ code: "goods", name: "Goods" }],
 *   Z: denseMatrix([[20, 10], [5, 30]]), Y: denseMatrix([[60, 10], [15, 50]]), finalDemandCategories: ["households"],
 * });
 * const t = mrioGrossTrade(m);
 * console.log(Array.from(t.bilateral.data)); // [ 0, 20, 20, 0 ]
 * console.log(Array.from(t.exports), Array.from(t.imports)); // [ 20, 20 ] [ 20, 20 ]
 * ```
 */
export function mrioGrossTrade(m: MrioModel): MrioGrossTrade {
  assertMrioShape(m);
  const R = m.regions.length;
  const S = m.sectors.length;
  const n = R * S;
  const K = m.finalDemandCategories.length;
  const bilateral = denseMatrix(n, R);
  forEachEntry(m.A, (i, j, v) => {
    const s = Math.floor(j / S);
    if (Math.floor(i / S) !== s) bilateral.data[i * R + s] += v * m.x[j];
  });
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / S);
    for (let c = 0; c < R * K; c++) {
      const s = Math.floor(c / K);
      if (s !== r) bilateral.data[i * R + s] += m.Y.data[i * R * K + c];
    }
  }
  const exports = new Float64Array(n);
  const imports = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < R; s++) {
      const v = bilateral.data[i * R + s];
      exports[i] += v;
      imports[s * S + (i % S)] += v;
    }
  }
  return { bilateral, exports, imports };
}
