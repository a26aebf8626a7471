import type { LpSolution, LpSolver } from "./linearProgram.ts";
import type { PlanIndex } from "./planProgram.ts";
import { buildPlanProgram } from "./planProgram.ts";
import { RELAXATION_RULE, relaxationPenalty, slackValue } from "./relaxation.ts";
import type { PlanSpec } from "./planSpec.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { formatNumber as fmt, formatPercent } from "../format/numbers.ts";

/** One relaxation of the smallest weighted relaxation that makes a plan feasible. */
export interface Relaxation {
  kind: "target" | "limit" | "floor";
  id: string;
  label: string;
  year: number;
  /** How much: a target lowered (or raised, for exact targets) or a limit raised, in model units. */
  amount: number;
  /** The same in the target's stated unit (targets) or the limit's unit. */
  amountInUnit: number;
  unit: string;
  /** amount ÷ the target or limit, as a share. */
  share: number;
  /** In words, for a planner. */
  text: string;
}

/** Use of a limited resource in one year. */
export interface ResourceUse {
  id: string;
  label: string;
  unit: string;
  year: number;
  required: number;
  limit: number;
  share: number;
  binding: boolean;
}

/** The outcome of `plan check`. Infeasible is a result, with the relaxation that would fix it. */
export interface PlanCheckResult {
  plan: string;
  feasible: boolean;
  status: LpSolution["status"];
  /** Output required per year and sector (model units), `output[t][i]`. */
  output: number[][];
  /** Final deliveries per year and sector. */
  finalDeliveries: number[][];
  /**
   * Investment started per year and sector (empty without investment); with capital stocks per (good, industry), the
   * capital goods each sector delivers to stocks.
   */
  investment: number[][];
  resources: ResourceUse[];
  /** Capacity use where it binds (≥ 99.99 %). */
  bindingCapacity: { sector: number; year: number; output: number; capacity: number }[];
  relaxations: Relaxation[];
  /**
   * Weighted relaxation (0 when feasible): Σ weight × penalty of each relaxation's share ({@link RELAXATION_RULE}).
   */
  weightedRelaxation: number;
  /** How relaxations are priced, in words ({@link RELAXATION_RULE}). */
  rule: string;
  solver: {
    method: string;
    detail: string;
    seconds: number;
    primalResidual: number;
    gap: number;
    columns: number;
    rows: number;
  };
}

const TOL = 1e-7;

/**
 * Checks a plan: solves the elastic program (every target and limit may be relaxed at a price of
 * weight ÷ value per unit, convex in the size of the cut: {@link RELAXATION_RULE}), which finds the smallest weighted
 * relaxation that makes the plan feasible — zero
 * when it already is — and the output, final deliveries, investment and resource use it requires, year by year.
 * A failed solve (solver error) is a result with that status, not an exception.
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
 * // 800 worker-years are 34.65 short: the cheapest relaxation (weights 1) raises the limit by 4.3 %
 * const r = await checkPlan(A, plan, solver, ["S1", "S2"]);
 * const relaxations = r.relaxations.map((x) => `${x.kind} ${x.id} ${x.amount.toFixed(2)}`);
 * console.log(r.feasible, relaxations); // false [ 'limit labour 34.65' ]
 * ```
 */
export async function checkPlan(
  A: Matrix,
  plan: PlanSpec,
  solver: LpSolver,
  sectorNames: readonly string[] = [],
): Promise<PlanCheckResult> {
  const { lp, index } = buildPlanProgram(A, plan, { kind: "elastic" }, { sectorCodes: sectorNames });
  const sol = await solver.solve(lp, { method: "auto" });
  return interpretCheck(plan, index, sol, lp.rowUpper, sectorNames);
}

/** Values of one column per (year, sector) at a solution (0 where there is no column). */
function byYear(index: PlanIndex, cols: Int32Array, x: Float64Array): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < index.T; t++) {
    const row: number[] = [];
    for (let i = 0; i < index.n; i++) row.push(cols[t * index.n + i] >= 0 ? x[cols[t * index.n + i]] : 0);
    out.push(row);
  }
  return out;
}

/** What the elastic program's solution says of the plan: relaxations, output, resource use, binding capacities. */
function interpretCheck(
  plan: PlanSpec,
  index: PlanIndex,
  sol: LpSolution,
  rowUpper: Float64Array,
  names: readonly string[],
): PlanCheckResult {
  const ok = sol.status === "optimal";
  const x = sol.x;
  const relaxations: Relaxation[] = [];
  let weighted = 0;
  const name = (i: number) => names[i] ?? `sector ${i}`;
  if (ok) {
    weighted = targetRelaxations(plan, index, x, name, relaxations, weighted);
    weighted = limitRelaxations(plan, index, x, relaxations, weighted);
    weighted += floorRelaxations(plan, index, x, name, relaxations);
  }
  const output = ok ? byYear(index, index.xCol, x) : [];
  return {
    plan: plan.name,
    feasible: ok && relaxations.length === 0,
    status: sol.status,
    output,
    finalDeliveries: ok ? byYear(index, index.yCol, x) : [],
    investment: ok ? investmentByGood(plan, index, x) : [],
    resources: ok ? resourceUse(plan, index, sol, output) : [],
    bindingCapacity: ok ? bindingCapacities(plan, index, sol, rowUpper, output) : [],
    relaxations,
    weightedRelaxation: weighted,
    rule: RELAXATION_RULE,
    solver: {
      method: sol.method,
      detail: sol.detail,
      seconds: sol.seconds,
      primalResidual: sol.primalResidual,
      gap: sol.gap,
      columns: sol.x.length,
      rows: rowUpper.length,
    },
  };
}

/**
 * Each target lowered (or, when exact, raised) per year, added to `out`; returns `weighted` plus their weighted
 * penalties, added in that order.
 */
function targetRelaxations(
  plan: PlanSpec,
  index: PlanIndex,
  x: Float64Array,
  name: (i: number) => string,
  out: Relaxation[],
  weighted: number,
): number {
  const T = index.T;
  plan.targets.forEach((tg, m) => {
    const on = tg.on === "output" ? "output" : "final deliveries";
    const what = tg.label.includes(name(tg.sector)) ? tg.label : `${tg.label} (${name(tg.sector)} ${on})`;
    for (let t = 0; t < T; t++) {
      for (const [col, dir] of [
        [index.targetShortCol[m * T + t], "lowered"],
        [index.targetExcessCol[m * T + t], "raised"],
      ] as const) {
        if (col < 0) continue;
        const amount = slackValue(x, col);
        if (amount <= TOL * Math.max(1, Math.abs(tg.values[t]))) continue;
        const share = amount / Math.abs(tg.values[t]);
        weighted += tg.weight * relaxationPenalty(share);
        const inUnit = amount / tg.factor;
        const target = fmt(tg.values[t] / tg.factor);
        out.push({
          kind: "target",
          id: tg.id,
          label: tg.label,
          year: plan.years[t],
          amount,
          amountInUnit: inUnit,
          unit: tg.unit,
          share,
          text:
            `${what} in ${plan.years[t]}: ${dir} by ${fmt(inUnit)} ${tg.unit}` +
            ` (${formatPercent(share)} of ${target})`,
        });
      }
    }
  });
  return weighted;
}

/** Each limit raised per year, added to `out`; returns `weighted` plus their weighted penalties, added in order. */
function limitRelaxations(
  plan: PlanSpec,
  index: PlanIndex,
  x: Float64Array,
  out: Relaxation[],
  weighted: number,
): number {
  const T = index.T;
  plan.limits.forEach((lim, k) => {
    for (let t = 0; t < T; t++) {
      const col = index.limitExcessCol[k * T + t];
      if (col < 0) continue;
      const amount = slackValue(x, col);
      if (amount <= TOL * Math.max(1, Math.abs(lim.values[t]))) continue;
      const share = amount / Math.abs(lim.values[t]);
      weighted += lim.weight * relaxationPenalty(share);
      out.push({
        kind: "limit",
        id: lim.id,
        label: lim.label,
        year: plan.years[t],
        amount,
        amountInUnit: amount,
        unit: lim.unit,
        share,
        text:
          `${lim.label} in ${plan.years[t]}: raise the limit by ${fmt(amount)} ${lim.unit}` +
          ` (${formatPercent(share)} above ${fmt(lim.values[t])})`,
      });
    }
  });
  return weighted;
}

/** What each limit's use comes to per year (the relaxation included), against the limit. */
function resourceUse(plan: PlanSpec, index: PlanIndex, sol: LpSolution, output: number[][]): ResourceUse[] {
  const T = index.T;
  const resources: ResourceUse[] = [];
  plan.limits.forEach((lim, k) => {
    for (let t = 0; t < T; t++) {
      // use = the limit row's activity plus any relaxation (shocked coefficients included)
      const r = index.limitRow[k * T + t];
      let req = 0;
      if (r >= 0) req = sol.rowActivity[r] + slackValue(sol.x, index.limitExcessCol[k * T + t]);
      else for (let i = 0; i < index.n; i++) req += lim.coefficients[i] * output[t][i];
      const limit = lim.values[t];
      resources.push({
        id: lim.id,
        label: lim.label,
        unit: lim.unit,
        year: plan.years[t],
        required: req,
        limit,
        share: Number.isFinite(limit) ? req / limit : 0,
        binding: Number.isFinite(limit) && req >= limit * (1 - 1e-6),
      });
    }
  });
  return resources;
}

/** The sectors whose output reaches their capacity, per year. */
function bindingCapacities(
  plan: PlanSpec,
  index: PlanIndex,
  sol: LpSolution,
  rowUpper: Float64Array,
  output: number[][],
): PlanCheckResult["bindingCapacity"] {
  const bindingCapacity: PlanCheckResult["bindingCapacity"] = [];
  for (let t = 0; t < index.T; t++) {
    for (let i = 0; i < index.n; i++) {
      const r = index.capacityRow[t * index.n + i];
      if (r < 0 || !Number.isFinite(rowUpper[r])) continue;
      // row activity = x − capacity added by investment, so capacity = bound + (x − activity)
      const capacity = rowUpper[r] + output[t][i] - sol.rowActivity[r];
      if (output[t][i] >= capacity * (1 - 1e-6) && capacity > 0)
        bindingCapacity.push({ sector: i, year: plan.years[t], output: output[t][i], capacity });
    }
  }
  return bindingCapacity;
}

/** Each floor that gave, per year: how much in total, as a share of the floor, and in which sectors most. */
function floorRelaxations(
  plan: PlanSpec,
  index: PlanIndex,
  x: Float64Array,
  name: (i: number) => string,
  out: Relaxation[],
): number {
  const { n, T } = index;
  let weighted = 0;
  (plan.floors ?? []).forEach((f, q) => {
    for (let t = 0; t < T; t++) {
      let amount = 0;
      let floor = 0;
      const cuts: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        const v = f.values[t * n + i];
        floor += v;
        const cut = slackValue(x, index.floorShortCol[(q * T + t) * n + i]);
        if (cut <= TOL * Math.max(1, v)) continue;
        amount += cut;
        weighted += f.weight * relaxationPenalty(cut / v);
        cuts.push([i, cut / v]);
      }
      if (!cuts.length) continue;
      cuts.sort((a, b) => b[1] - a[1]);
      const share = amount / floor;
      const where = cuts
        .slice(0, 3)
        .map(([i, c]) => `${name(i)} ${formatPercent(-c)}`)
        .join(", ");
      out.push({
        kind: "floor",
        id: f.id,
        label: f.label,
        year: plan.years[t],
        amount,
        amountInUnit: amount,
        unit: f.unit,
        share,
        text:
          `${f.label} (floor on ${f.category}) in ${plan.years[t]}: cut by ${fmt(amount)} ${f.unit}` +
          ` (${formatPercent(share)} of ${fmt(floor)}; most in ${where}${cuts.length > 3 ? ", …" : ""})`,
      });
    }
  });
  return weighted;
}

/**
 * Investment per year and sector: what each sector invests (per-sector capacity), or with capital stocks per (good,
 * industry) the capital goods each sector delivers to every industry's stocks; empty when the plan cannot invest.
 */
function investmentByGood(plan: PlanSpec, index: PlanIndex, x: Float64Array): number[][] {
  const si = index.stocks;
  const s = plan.capacity.stocks;
  if (si && s) {
    if (!s.investment) return [];
    return Array.from({ length: index.T }, (_, t) => {
      const row = new Array<number>(index.n).fill(0);
      for (let p = 0; p < si.P; p++)
        if (si.stockInvestCol[t * si.P + p] >= 0) row[s.good[p]] += x[si.stockInvestCol[t * si.P + p]];
      return row;
    });
  }
  return index.invCol[0] >= 0 ? byYear(index, index.invCol, x) : [];
}
