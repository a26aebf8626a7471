import type { DenseMatrix } from "../linalg/dense.ts";
import { DimensionError } from "../errors.ts";
import type { LeontiefSolution, LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";

/**
 * Gross output for each column of a final-demand matrix F (n × k): x_c = L·f_c, one solve a column with
 * the system's method (one LU factorisation shared by all columns for small economies; each column warm-
 * started from the previous one's output otherwise). Returns a solution per column, each with its residual.
 * @example
 * ```ts
 * // two final-demand columns at once: Table 2.3's own [350, 1700], and §2.3's new [600, 1500]
 * const sys = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const [a, b] = leontiefOutputs(sys, denseMatrix([[350, 600], [1700, 1500]]));
 * const show = (x: Float64Array) => Array.from(x, (v) => v.toFixed(2));
 * console.log(show(a.x), show(b.x)); // [ '1000.00', '2000.00' ] [ '1247.52', '1841.58' ]
 * ```
 */
export function leontiefOutputs(
  system: LeontiefSystem,
  F: DenseMatrix,
  options: LeontiefSolveOptions = {},
): LeontiefSolution[] {
  if (F.rows !== system.n)
    throw new DimensionError(`final demand has ${F.rows} rows; the model has ${system.n} sectors`);
  const out: LeontiefSolution[] = [];
  const col = new Float64Array(F.rows);
  for (let c = 0; c < F.cols; c++) {
    for (let i = 0; i < F.rows; i++) col[i] = F.data[i * F.cols + c];
    out.push(system.solve(col, options));
  }
  return out;
}
