import type { LinearProgram, LpSolution, LpSolver } from "./linearProgram.ts";
import { SIMPLEX_COLUMN_LIMIT } from "./linearProgram.ts";
import type { PlanIndex } from "./planIndex.ts";
import { solveFromYearStart } from "./yearStart.ts";

/**
 * Solves a plan program ({@link buildPlanProgram}) the fastest way its solver allows, for the same optimum:
 *
 * - a first solve of a multi-year program whose years are tied by investment, by a solver that takes and returns
 *   simplex bases ({@link LpSolver.warmStarts}) and at most {@link SIMPLEX_COLUMN_LIMIT} columns (where `auto` picks
 *   the simplex): the simplex started from its years' optimal bases ({@link solveFromYearStart}; on BEA detail × 5
 *   years 1,701 whole-program iterations instead of 5,913, 0.33–0.61× the cold solve's time in the same runs:
 *   bench/RESULTS.md);
 * - otherwise the solver's `auto` (HiGHS's dual simplex up to the column limit, ioplan's PDLP beyond).
 *
 * The solution's detail says when the years' start was taken. Used by `plan optimise` (both modes); `plan check`'s
 * elastic program is solved cold (the start is measured on the harmony program only, and a check's degenerate optimum
 * would name other binding capacities than before).
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const plan: PlanSpec = {
 *   name: "one year", years: [2025], limits: [],
 *   targets: [{ id: "f0", label: "f0", sector: 0, on: "final", kind: "min", values: Float64Array.of(600),
 *     unit: "$", factor: 1, weight: 1, rank: 1 }],
 *   capacity: { initial: Float64Array.of(1200, 2000), leadTime: 1, depreciation: 0 },
 * };
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" });
 * const solver = { solve: async (p: typeof lp) => solvePdlp(p, { tolerance: 1e-9 }) };
 * const s = await solvePlanProgram(lp, index, solver);
 * console.log(s.status, s.objective.toFixed(3)); // optimal 2.813
 * ```
 */
export async function solvePlanProgram(lp: LinearProgram, index: PlanIndex, solver: LpSolver): Promise<LpSolution> {
  if (!yearStartApplies(lp, index, solver)) return solver.solve(lp, { method: "auto" });
  return solveFromYearStart(lp, index, solver); // (its detail names the start)
}

/**
 * Whether the years' start can help: the solver takes simplex bases, `auto` would pick the simplex (within the column
 * limit), and investment ties two or more years.
 */
function yearStartApplies(lp: LinearProgram, index: PlanIndex, solver: LpSolver): boolean {
  return (
    solver.warmStarts === true &&
    lp.cost.length <= SIMPLEX_COLUMN_LIMIT &&
    index.T >= 2 &&
    index.invCol.some((c) => c >= 0)
  );
}
