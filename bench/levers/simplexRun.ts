/** One HiGHS (WebAssembly) dual-simplex solve for the lever benchmarks: seconds, iterations, point, duals, basis. */
import type { Highs } from "highs";
import type { LinearProgram, LpSolution, LpSolver } from "../../src/engine/index.ts";
import { highsModelOf } from "../../src/solvers/highs.ts";

export interface SimplexBasis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

/** Solves `lp` (from `basis` when given, with HiGHS `options`); the model is disposed before returning. */
export function simplex(
  h: Highs,
  lp: LinearProgram,
  basis?: SimplexBasis,
  options: Record<string, string | number | boolean> = {},
) {
  const model = highsModelOf(h, lp);
  try {
    model.options.set({ output_flag: false, solver: "simplex", ...options });
    if (basis) model.setBasis(basis);
    const t0 = performance.now();
    const r = model.run();
    const seconds = (performance.now() - t0) / 1000;
    const sol = model.getSolution();
    const b = model.getBasis();
    return {
      status: r.modelStatus,
      seconds,
      iterations: Number(model.info.get("simplex_iteration_count")),
      objective: model.getObjectiveValue(),
      z: Float64Array.from(sol.colValue),
      rowDual: Float64Array.from(sol.rowDual),
      basis: { colStatus: Int32Array.from(b.colStatus), rowStatus: Int32Array.from(b.rowStatus) },
    };
  } finally {
    model.dispose();
  }
}

/**
 * The engine's LpSolver over {@link simplex} (HiGHS in this thread, with extra HiGHS `options`), counting the simplex
 * iterations of every solve into `count` (whole programs and year programs apart, by the number of columns).
 */
export function leverSolver(
  h: Highs,
  wholeCols: number,
  count: { whole: number; parts: number; partSeconds: number },
  options: Record<string, string | number | boolean> = {},
): LpSolver {
  return {
    solve: async (lp, o = {}) => {
      const fits =
        o.basis && o.basis.colStatus.length === lp.cost.length && o.basis.rowStatus.length === lp.rowLower.length;
      const s = simplex(h, lp, fits ? o.basis : undefined, options);
      if (lp.cost.length === wholeCols) count.whole += s.iterations;
      else {
        count.parts += s.iterations;
        count.partSeconds += s.seconds;
      }
      return {
        status: s.status === 7 ? "optimal" : "error",
        detail: `HiGHS status ${s.status}, ${s.iterations} simplex iterations${fits ? " from the given basis" : ""}`,
        objective: s.objective,
        x: s.z,
        rowActivity: new Float64Array(lp.rowLower.length),
        rowDual: s.rowDual,
        colDual: new Float64Array(lp.cost.length),
        primalResidual: 0,
        gap: 0,
        method: "HiGHS simplex (lever bench)",
        seconds: s.seconds,
        basis: s.basis,
      } satisfies LpSolution;
    },
  };
}
