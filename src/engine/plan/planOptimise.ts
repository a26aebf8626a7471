import type { Matrix } from "../linalg/matrix.ts";
import type { LpBasis, LpSolution, LpSolver } from "./linearProgram.ts";
import type { PlanIndex } from "./planProgram.ts";
import { buildPlanProgram } from "./planProgram.ts";
import { solvePlanProgram } from "./planSolve.ts";
import { fulfilmentOf } from "./harmony.ts";
import type { PlanSpec } from "./planSpec.ts";
import { bottlenecksOf } from "./bottlenecks.ts";
import type { SolvedPlan } from "./bottlenecks.ts";

/** Fulfilment of one target in one year. */
export interface Fulfilment {
  id: string;
  label: string;
  year: number;
  target: number;
  achieved: number;
  /** achieved ÷ target */
  share: number;
  unit: string;
}

/** A binding constraint with its shadow price: the gain in the objective from one more unit of it. */
export interface Bottleneck {
  kind: "capacity" | "stock" | "limit" | "balance";
  what: string;
  year: number;
  /** d(objective) / d(one more unit of the resource or capacity), from the dual of the binding row. */
  shadowPrice: number;
  /** The gain from 1 % more of it (shadow price × 1 % of the bound), comparable across units. */
  perCent: number;
  /** The binding row's bound: capacity in the sector's output unit, or the limit in its unit. */
  bound: number;
  /** Its unit (the model's for capacity, the limit's own for a limit). */
  unit: string;
  /** The sector's code (capacity), `good>industry` (stock) or the limit's id. */
  code: string;
  /** The program's row (to re-solve with it raised: {@link bottleneckEffects}). */
  row: number;
  text: string;
}

/** The outcome of `plan optimise`. */
export interface PlanOptimiseResult {
  plan: string;
  mode: "weighted" | "lexicographic";
  status: LpSolution["status"];
  /**
   * True when the solver stopped at a time or iteration limit with a point (ioplan's PDLP returns its best one):
   * fulfilment, output and bottlenecks are then that point's, good to the residuals and gap in `solver`, not an
   * optimum.
   */
  provisional: boolean;
  /** Weighted harmony of fulfilment reached, or Σ of the bundles' fulfilment (objective of the last stage). */
  objective: number;
  /** What the objective is, in words ("weighted harmony", or the bundles' fulfilment summed over years). */
  objectiveName: string;
  fulfilment: Fulfilment[];
  output: number[][];
  /**
   * Per year: domestic output spent making imported inputs at home (Σ_i κ·s_it; zeros without substitution). It is
   * part of `output`: a scenario with harsher import cuts can end with more gross output, not more for final use.
   */
  madeAtHome: number[];
  bottlenecks: Bottleneck[];
  /** Per rank, in lexicographic mode: what each stage reached. */
  stages: { rank: number; objective: number; status: LpSolution["status"] }[];
  solver: { method: string; detail: string; seconds: number; primalResidual: number; gap: number };
  /**
   * Weighted mode: the optimal basis of the solve (HiGHS's simplex; absent for methods without one), a start for
   * re-solves of the same program with a bound changed ({@link bottleneckEffects}' `basis`). Not for reports: the
   * app drops it.
   */
  warmStart?: LpBasis;
}

/**
 * The best feasible plan: limits and capacities are hard; targets become fulfilment levels whose weighted
 * harmony (concave, piecewise-linear) is maximised. `lexicographic` solves rank by rank (rank 1 first), each
 * stage holding the earlier ranks at what they reached (to a relative 1e-7), with fulfilment capped at 100 %. Shadow
 * prices of the binding capacity and limit rows name the bottlenecks ("one more unit of 2023 capacity in electricity
 * raises weighted harmony by …"). Infeasible or failed solves are results with their status; a solve stopped at a
 * time or iteration limit gives its best point's fulfilment, marked `provisional`.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * // Miller & Blair's two sectors, one year: final deliveries of 600 and 1500 need 834.65 worker-years at 0.3 and 0.25
 * // a unit
 * const plan: PlanSpec = {
 *   name: "M&B, one year", years: [2025],
 *   targets: [
 *     { id: "f1", label: "sector 1 final deliveries", sector: 0, on: "final", kind: "min",
 *       values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 },
 *     { id: "f2", label: "sector 2 final deliveries", sector: 1, on: "final", kind: "min",
 *       values: Float64Array.of(1500), unit: "$", factor: 1, weight: 1, rank: 1 },
 *   ],
 *   limits: [
 *     { id: "labour", label: "labour", unit: "worker-years", coefficients: Float64Array.of(0.3, 0.25),
 *       values: Float64Array.of(800), weight: 1 },
 *   ],
 *   capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
 * };
 * const solver = { solve: async (lp: Parameters<typeof solvePdlp>[0]) => solvePdlp(lp, { tolerance: 1e-9 }) };
 * // labour per unit of fulfilment: f1 265.35, f2 569.31; f1 is filled first, f2 gets (800 − 265.35) / 569.31
 * const r = await optimisePlan(A, plan, solver, { sectorNames: ["S1", "S2"] });
 * const shares = r.fulfilment.map((f) => `${f.id} ${f.share.toFixed(4)}`);
 * console.log(r.status, shares); // optimal [ 'f1 1.0000', 'f2 0.9391' ]
 * ```
 */
export async function optimisePlan(
  A: Matrix,
  plan: PlanSpec,
  solver: LpSolver,
  options: {
    mode?: "weighted" | "lexicographic";
    sectorNames?: readonly string[];
    sectorLabels?: readonly string[];
    unit?: string;
  } = {},
): Promise<PlanOptimiseResult> {
  const mode = options.mode ?? "weighted";
  const objectiveName = objectiveNameOf(plan);
  const names = options.sectorNames ?? [];
  const { last, stages } =
    mode === "weighted" ? await solveWeighted(A, plan, solver, names) : await solveByRank(A, plan, solver, names);
  const { sol, index, rowUpper } = last;
  const provisional =
    (sol.status === "time-limit" || sol.status === "iteration-limit") &&
    sol.x.length > 0 &&
    sol.rowDual.length > 0 &&
    Number.isFinite(sol.objective);
  const ok = sol.status === "optimal" || provisional;
  const seen: SolvedPlan = {
    plan,
    index,
    sol,
    rowUpper,
    objectiveName,
    options,
    name: (i) => names[i] ?? `sector ${i}`,
  };
  return {
    plan: plan.name,
    mode,
    status: sol.status,
    provisional,
    objective: sol.objective,
    objectiveName,
    fulfilment: ok ? fulfilmentAt(plan, index, sol.x) : [],
    output: ok ? outputByYear(index, sol.x) : [],
    madeAtHome: ok ? madeAtHomeByYear(plan, index, sol.x) : [],
    bottlenecks: ok ? bottlenecksOf(seen) : [],
    stages,
    solver: {
      method: sol.method,
      detail: sol.detail,
      seconds: sol.seconds,
      primalResidual: sol.primalResidual,
      gap: sol.gap,
    },
    warmStart: mode === "weighted" ? sol.basis : undefined,
  };
}

/** The solve the result reports: its solution, the program's index and row bounds. */
interface LastSolve {
  sol: LpSolution;
  index: PlanIndex;
  rowUpper: Float64Array;
}

/** Weighted mode: one harmony program over every target. */
async function solveWeighted(
  A: Matrix,
  plan: PlanSpec,
  solver: LpSolver,
  names: readonly string[],
): Promise<{ last: LastSolve; stages: PlanOptimiseResult["stages"] }> {
  const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" }, { sectorCodes: names });
  return { last: { sol: await solvePlanProgram(lp, index, solver), index, rowUpper: lp.rowUpper }, stages: [] };
}

/**
 * Lexicographic mode: one stage per rank (rank 1 first), fulfilment capped at 100 %, each stage holding the earlier
 * ranks at what they reached (to a relative 1e-7); stops at the first stage that is not optimal.
 */
async function solveByRank(
  A: Matrix,
  plan: PlanSpec,
  solver: LpSolver,
  names: readonly string[],
): Promise<{ last: LastSolve; stages: PlanOptimiseResult["stages"] }> {
  const stages: PlanOptimiseResult["stages"] = [];
  let last: LastSolve | undefined;
  const ranks = [...new Set(plan.targets.map((t) => t.rank))].sort((a, b) => a - b);
  const fixed: { rank: number; atLeast: number }[] = [];
  for (const rank of ranks) {
    const { lp, index } = buildPlanProgram(
      A,
      plan,
      { kind: "harmony", ranks: [rank], fixedRanks: fixed, capAtTarget: true },
      { sectorCodes: names },
    );
    const sol = await solvePlanProgram(lp, index, solver);
    stages.push({ rank, objective: sol.objective, status: sol.status });
    last = { sol, index, rowUpper: lp.rowUpper };
    if (sol.status !== "optimal") break;
    const h = rankReached(plan, index, sol.x, rank);
    fixed.push({ rank, atLeast: h - 1e-7 * Math.max(1, Math.abs(h)) });
  }
  return { last: last!, stages };
}

/**
 * What a rank reached at a solution: its weighted harmony (or its bundles' Σ_t φ_t), without the tiny output cost.
 */
function rankReached(plan: PlanSpec, index: PlanIndex, x: Float64Array, rank: number): number {
  let h = 0;
  if (index.objective === "bundle") {
    // one φ column per (rank, year): Σ_t φ_t, each bundle once
    const cols = new Set<number>();
    plan.targets.forEach((tg, m) => {
      for (let t = 0; t < index.T; t++)
        if (tg.rank === rank && index.segmentCol[m * index.T + t] >= 0) cols.add(index.segmentCol[m * index.T + t]);
    });
    for (const c of cols) h += x[c];
  } else {
    plan.targets.forEach((tg, m) => {
      if (tg.rank !== rank) return;
      for (let t = 0; t < index.T; t++) h += tg.weight * (fulfilmentOf(index, x, m, t)?.harmony ?? 0);
    });
  }
  return h;
}

/** Output per year and sector at a solution. */
function outputByYear(index: PlanIndex, x: Float64Array): number[][] {
  const output: number[][] = [];
  for (let t = 0; t < index.T; t++)
    output.push(Array.from({ length: index.n }, (_, i) => x[index.xCol[t * index.n + i]]));
  return output;
}

/** Per year: domestic output spent making imported inputs at home, Σ_i κ·s_it. */
function madeAtHomeByYear(plan: PlanSpec, index: PlanIndex, x: Float64Array): number[] {
  const madeAtHome: number[] = [];
  const cost = plan.importSubstitution?.cost ?? 0;
  for (let t = 0; t < index.T; t++) {
    let v = 0;
    for (let i = 0; i < index.n; i++)
      if (index.substitutionCol[t * index.n + i] >= 0) v += cost * x[index.substitutionCol[t * index.n + i]];
    madeAtHome.push(v);
  }
  return madeAtHome;
}

/** Each target's fulfilment in each year at a solution `x` of the plan's program (in the targets' stated units). */
export function fulfilmentAt(plan: PlanSpec, index: PlanIndex, x: Float64Array): Fulfilment[] {
  const out: Fulfilment[] = [];
  const T = index.T;
  plan.targets.forEach((tg, m) => {
    for (let t = 0; t < T; t++) {
      if (index.targetRow[m * T + t] < 0) continue;
      const achieved =
        tg.on === "output" ? x[index.xCol[t * index.n + tg.sector]] : x[index.yCol[t * index.n + tg.sector]];
      const target = tg.values[t];
      out.push({
        id: tg.id,
        label: tg.label,
        year: plan.years[t],
        target: target / tg.factor,
        achieved: achieved / tg.factor,
        share: achieved / target,
        unit: tg.unit,
      });
    }
  });
  return out;
}

/** The plan's objective in words, for texts that say what a shadow price is worth. */
function objectiveNameOf(plan: PlanSpec): string {
  return plan.objective === "bundle" ? "the bundles' fulfilment summed over years" : "weighted harmony";
}
