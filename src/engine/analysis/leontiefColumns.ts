import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";

/**
 * Visits the columns of L = (I − A)⁻¹ one at a time, each from one solve (I − A)·c = e_j and dropped after the
 * visit: n solves, O(n) memory, never the dense inverse. Returns the largest residual and whether all converged.
 * @internal
 */
export function forEachLeontiefColumn(
  system: LeontiefSystem,
  options: LeontiefSolveOptions,
  visit: (j: number, column: Float64Array) => void,
): { residual: number; converged: boolean } {
  const n = system.n;
  const e = new Float64Array(n);
  let residual = 0;
  let converged = true;
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = system.solve(e, options);
    residual = Math.max(residual, col.residual);
    converged = converged && col.converged;
    visit(j, col.x);
  }
  return { residual, converged };
}
