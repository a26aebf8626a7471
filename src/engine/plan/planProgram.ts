import { DimensionError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import type { LinearProgram } from "./linearProgram.ts";
import { LpBuilder } from "./linearProgram.ts";
import type { PlanSpec } from "./planSpec.ts";

/** What each column and row of a plan program means, so results can be explained in economic terms. */
export interface PlanIndex {
  n: number;
  T: number;
  /** column of x (output) for year t, sector i: xCol[t * n + i] */
  xCol: Int32Array;
  yCol: Int32Array;
  /** investment started in year t in sector j (−1 without investment) */
  invCol: Int32Array;
  balanceRow: Int32Array;
  capacityRow: Int32Array;
  /** per limit k, year t: limitRow[k * T + t] (−1 where the year has no limit) */
  limitRow: Int32Array;
  /** per target m, year t: targetRow[m * T + t] (−1 where no target) */
  targetRow: Int32Array;
  /** elastic slack columns: target shortfall (and excess for exact targets), limit excess */
  targetShortCol: Int32Array;
  targetExcessCol: Int32Array;
  limitExcessCol: Int32Array;
  /** fulfilment φ and harmony h columns for the optimisation (−1 in the elastic program) */
  phiCol: Int32Array;
  harmonyCol: Int32Array;
}

/** The mode of a plan program. */
export type PlanProgramMode =
  | { kind: "elastic" }
  | { kind: "harmony"; ranks?: readonly number[]; fixedRanks?: readonly { rank: number; atLeast: number }[]; capAtTarget?: boolean };

/**
 * Piecewise-linear concave "harmony" of fulfilment φ (achieved ÷ target): h(φ) = min over the lines below.
 * Slopes fall from 4 to 0.01 (breakpoints at φ = 0.5, 0.8, 1, 1.2), so each further per cent of fulfilment is
 * worth less than the last, and overshooting a target is worth a twentieth of closing a shortfall: the optimum spreads shortfalls across targets instead of sacrificing a few
 * (after Cockshott's harmony function, which rewards balanced fulfilment; W. P. Cockshott, "Calculation in
 * a planned economy", 1990).
 */
export const HARMONY_PIECES: readonly (readonly [slope: number, intercept: number])[] = [
  [4, 0],
  [2, 1],
  [1, 1.8],
  [0.05, 2.75],
  [0.01, 2.798],
];
/** Fulfilment is capped here: overshooting a target further earns nothing. */
export const MAX_FULFILMENT = 1.5;
/** Tiny cost per unit of output and investment, so the program picks the least output that does the job. */
export const OUTPUT_COST = 1e-7;

/**
 * Builds the multi-year plan program on a model with technical coefficients A (dynamic Leontief):
 *
 * - balance (sector i, year t):  x_it − Σ_j a_ij x_jt − Σ_j b_ij v_jt − y_it = 0, y ≥ 0 (final deliveries),
 *   with b_ij = κ·mix_i when the plan gives a capital mix instead of B (kept as one aggregate column a year);
 * - capacity:  x_it − Σ_{s+L ≤ t} (1 − δ)^{t−s−L} v_is ≤ c_i·(1 − δ)^t · shock_it, v investment, L lead time;
 * - limits:    Σ_i r_ki x_it ≤ R_kt (labour, imports/foreign exchange, energy, any satellite row);
 * - targets:   x_it (or y_it) ≥ T_mt (min) or = T_mt (exact).
 *
 * In `elastic` mode every target and limit gets a slack priced at weight ÷ value (so relaxations compare as
 * weighted per cent) and the program minimises the weighted relaxation: zero exactly when the plan is
 * feasible. In `harmony` mode limits are hard and targets become fulfilment levels φ (x ≥ φ·T) whose weighted
 * harmony is maximised; `ranks` restricts the objective to those ranks and `fixedRanks` holds earlier ranks
 * at what they reached (lexicographic optimisation); `capAtTarget` stops fulfilment at 100 % (a rank is met,
 * not exceeded, before the next one is served).
 */
export function buildPlanProgram(A: Matrix, plan: PlanSpec, mode: PlanProgramMode): { lp: LinearProgram; index: PlanIndex } {
  const n = A.rows;
  const T = plan.years.length;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix must be square; it is ${A.rows} × ${A.cols}`);
  if (plan.capacity.initial.length !== n) throw new DimensionError(`initial capacity has ${plan.capacity.initial.length} values; the model has ${n} sectors`);
  const b = new LpBuilder();
  const mix = plan.capacity.capitalMix;
  const invest = plan.capacity.capital !== undefined || mix !== undefined;
  const L = Math.max(1, plan.capacity.leadTime);
  const dep = plan.capacity.depreciation;
  const idx: PlanIndex = {
    n,
    T,
    xCol: new Int32Array(T * n).fill(-1),
    yCol: new Int32Array(T * n).fill(-1),
    invCol: new Int32Array(T * n).fill(-1),
    balanceRow: new Int32Array(T * n),
    capacityRow: new Int32Array(T * n).fill(-1),
    limitRow: new Int32Array(plan.limits.length * T).fill(-1),
    targetRow: new Int32Array(plan.targets.length * T).fill(-1),
    targetShortCol: new Int32Array(plan.targets.length * T).fill(-1),
    targetExcessCol: new Int32Array(plan.targets.length * T).fill(-1),
    limitExcessCol: new Int32Array(plan.limits.length * T).fill(-1),
    phiCol: new Int32Array(plan.targets.length * T).fill(-1),
    harmonyCol: new Int32Array(plan.targets.length * T).fill(-1),
  };
  const harmony = mode.kind === "harmony";
  const rankSet = harmony && mode.ranks ? new Set(mode.ranks) : undefined;

  // Rows first (columns refer to them).
  for (let t = 0; t < T; t++) {
    const y = plan.years[t];
    for (let i = 0; i < n; i++) idx.balanceRow[t * n + i] = b.addRow(`balance[${i},${y}]`, 0, 0);
    for (let i = 0; i < n; i++) {
      const cap = plan.capacity.initial[i] * Math.pow(1 - dep, t) * (plan.capacity.factor ? plan.capacity.factor[t * n + i] : 1);
      if (Number.isFinite(cap) || invest) idx.capacityRow[t * n + i] = b.addRow(`capacity[${i},${y}]`, -Infinity, cap);
    }
    plan.limits.forEach((lim, k) => {
      if (Number.isFinite(lim.values[t])) idx.limitRow[k * T + t] = b.addRow(`limit[${lim.id},${y}]`, -Infinity, lim.values[t]);
    });
    plan.targets.forEach((tg, m) => {
      const v = tg.values[t];
      if (Number.isNaN(v)) return;
      if (harmony) idx.targetRow[m * T + t] = b.addRow(`target[${tg.id},${y}]`, 0, Infinity); // x − φ·T ≥ 0
      else idx.targetRow[m * T + t] = b.addRow(`target[${tg.id},${y}]`, v, tg.kind === "exact" ? v : Infinity);
    });
  }
  // With a capital mix: investSum[t] ties Σ_j v_jt to one column per year that draws κ·mix on the balances.
  const investSumRow = new Int32Array(T).fill(-1);
  if (mix) for (let t = 0; t < T; t++) investSumRow[t] = b.addRow(`investSum[${plan.years[t]}]`, 0, 0);
  const harmonyRows: number[][] = [];
  if (harmony) {
    plan.targets.forEach((_, m) => {
      for (let t = 0; t < T; t++) {
        if (idx.targetRow[m * T + t] < 0) continue;
        harmonyRows[m * T + t] = HARMONY_PIECES.map(([, c], k) => b.addRow(`harmony[${plan.targets[m].id},${plan.years[t]},${k}]`, -Infinity, c));
      }
    });
  }
  const rankRows = new Map<number, number>();
  if (harmony && mode.fixedRanks) for (const f of mode.fixedRanks) rankRows.set(f.rank, b.addRow(`rank[${f.rank}]`, f.atLeast, Infinity));

  // Columns of A by column index: for x_jt, entries −a_ij in balance rows i (and +1 on i = j).
  const colsOfA: [number, number][][] = Array.from({ length: n }, () => []);
  forEachEntry(A, (i, j, v) => colsOfA[j].push([i, v]));
  const colsOfB: [number, number][][] = Array.from({ length: n }, () => []);
  if (plan.capacity.capital) forEachEntry(plan.capacity.capital, (i, j, v) => colsOfB[j].push([i, v]));

  // shocks: extra entries per (year, column)
  const extraA = new Map<number, [number, number][]>();
  for (const d of plan.coefficientDeltas ?? []) {
    const key = d.t * n + d.j;
    if (!extraA.has(key)) extraA.set(key, []);
    extraA.get(key)!.push([d.i, d.delta]);
  }
  const extraLimit = new Map<number, [number, number][]>();
  for (const d of plan.limitDeltas ?? []) {
    const key = d.t * n + d.j;
    if (!extraLimit.has(key)) extraLimit.set(key, []);
    extraLimit.get(key)!.push([d.k, d.delta]);
  }

  for (let t = 0; t < T; t++) {
    const yr = plan.years[t];
    for (let j = 0; j < n; j++) {
      const e: [number, number][] = [[idx.balanceRow[t * n + j], 1]];
      for (const [i, a] of colsOfA[j]) e.push([idx.balanceRow[t * n + i], -a]);
      for (const [i, delta] of extraA.get(t * n + j) ?? []) e.push([idx.balanceRow[t * n + i], -delta]);
      for (const [k, delta] of extraLimit.get(t * n + j) ?? []) if (idx.limitRow[k * T + t] >= 0) e.push([idx.limitRow[k * T + t], delta]);
      if (idx.capacityRow[t * n + j] >= 0) e.push([idx.capacityRow[t * n + j], 1]);
      plan.limits.forEach((lim, k) => {
        const r = idx.limitRow[k * T + t];
        if (r >= 0 && lim.coefficients[j] !== 0) e.push([r, lim.coefficients[j]]);
      });
      plan.targets.forEach((tg, m) => {
        const r = idx.targetRow[m * T + t];
        if (r >= 0 && tg.on === "output" && tg.sector === j) e.push([r, 1]);
      });
      idx.xCol[t * n + j] = b.addCol(`x[${j},${yr}]`, harmony ? -OUTPUT_COST : OUTPUT_COST, 0, Infinity, e);
    }
    for (let i = 0; i < n; i++) {
      const e: [number, number][] = [[idx.balanceRow[t * n + i], -1]];
      plan.targets.forEach((tg, m) => {
        const r = idx.targetRow[m * T + t];
        if (r >= 0 && tg.on === "final" && tg.sector === i) e.push([r, 1]);
      });
      idx.yCol[t * n + i] = b.addCol(`y[${i},${yr}]`, 0, 0, Infinity, e);
    }
    if (invest) {
      for (let j = 0; j < n; j++) {
        // investment started in year t: capital goods delivered in t; capacity usable from year t + L on
        const e: [number, number][] = [];
        for (const [i, v] of colsOfB[j]) e.push([idx.balanceRow[t * n + i], -v]);
        for (let s = t + L; s < T; s++) if (idx.capacityRow[s * n + j] >= 0) e.push([idx.capacityRow[s * n + j], -Math.pow(1 - dep, s - t - L)]);
        if (investSumRow[t] >= 0) e.push([investSumRow[t], 1]);
        idx.invCol[t * n + j] = b.addCol(`invest[${j},${yr}]`, harmony ? -OUTPUT_COST : OUTPUT_COST, 0, Infinity, e);
      }
      if (mix) {
        const e: [number, number][] = [[investSumRow[t], -1]];
        for (let i = 0; i < n; i++) if (mix.mix[i] !== 0) e.push([idx.balanceRow[t * n + i], -mix.ratio * mix.mix[i]]);
        b.addCol(`investTotal[${yr}]`, 0, 0, Infinity, e);
      }
    }
  }
  plan.targets.forEach((tg, m) => {
    for (let t = 0; t < T; t++) {
      const r = idx.targetRow[m * T + t];
      if (r < 0) continue;
      const v = tg.values[t];
      const yr = plan.years[t];
      if (!harmony) {
        const price = tg.weight / Math.max(Math.abs(v), 1e-9);
        idx.targetShortCol[m * T + t] = b.addCol(`short[${tg.id},${yr}]`, price, 0, Infinity, [[r, 1]]);
        if (tg.kind === "exact") idx.targetExcessCol[m * T + t] = b.addCol(`excess[${tg.id},${yr}]`, price, 0, Infinity, [[r, -1]]);
      } else {
        // φ: x − φ·T ≥ 0 (exact targets: φ ≤ 1); h ≤ slope·φ + intercept
        const hr = harmonyRows[m * T + t];
        const phiEntries: [number, number][] = [[r, -v], ...hr.map((row, k): [number, number] => [row, -HARMONY_PIECES[k][0]])];
        const phiMax = tg.kind === "exact" || (mode.kind === "harmony" && mode.capAtTarget) ? 1 : MAX_FULFILMENT;
        idx.phiCol[m * T + t] = b.addCol(`phi[${tg.id},${yr}]`, 0, 0, phiMax, phiEntries);
        const inObjective = !rankSet || rankSet.has(tg.rank);
        const hEntries: [number, number][] = hr.map((row): [number, number] => [row, 1]);
        const fixed = rankRows.get(tg.rank);
        if (fixed !== undefined) hEntries.push([fixed, tg.weight]);
        idx.harmonyCol[m * T + t] = b.addCol(`harmony[${tg.id},${yr}]`, inObjective ? tg.weight : 0, -Infinity, Infinity, hEntries);
      }
    }
  });
  if (!harmony) {
    plan.limits.forEach((lim, k) => {
      for (let t = 0; t < T; t++) {
        const r = idx.limitRow[k * T + t];
        if (r < 0) continue;
        const price = lim.weight / Math.max(Math.abs(lim.values[t]), 1e-9);
        idx.limitExcessCol[k * T + t] = b.addCol(`over[${lim.id},${plan.years[t]}]`, price, 0, Infinity, [[r, -1]]);
      }
    });
  }
  return { lp: b.build(harmony ? "maximize" : "minimize"), index: idx };
}
