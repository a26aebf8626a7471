import { DimensionError, InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { toCsc } from "../linalg/matrix.ts";
import type { LinearProgram } from "./linearProgram.ts";
import { LpBuilder } from "./linearProgram.ts";
import type { PlanSpec } from "./planSpec.ts";
import { addSlack } from "./relaxation.ts";
import { HARMONY_BREAKS, HARMONY_PIECES, MAX_FULFILMENT } from "./harmony.ts";
import {
  addStockInvestment,
  addStockRows,
  checkCapitalStocks,
  stockEntriesOfOutput,
  stocksByIndustry,
} from "./capitalStocks.ts";
import type { PlanIndex, PlanProgramMode } from "./planIndex.ts";
import { OUTPUT_COST } from "./planIndex.ts";
import { addBundles, groupBySector } from "./planBundles.ts";
export type { PlanIndex, PlanProgramMode } from "./planIndex.ts";
export { OUTPUT_COST } from "./planIndex.ts";

/**
 * Builds the multi-year plan program on a model with technical coefficients A (dynamic Leontief):
 *
 * - balance (sector i, year t):  x_it − Σ_j a_ij x_jt − Σ_j b_ij v_jt − y_it = 0, y ≥ 0 (final deliveries),
 *   with b_ij = κ·mix_i when the plan gives a capital mix instead of B (kept as one aggregate column a year);
 * - capacity:  x_it − Σ_{s+L ≤ t} (1 − δ)^{t−s−L} v_is ≤ c_i·(1 − δ)^t · shock_it, v investment, L lead time;
 * - limits:    Σ_i r_ki x_it ≤ R_kt (labour, imports/foreign exchange, energy, any satellite row);
 * - targets:   x_it (or y_it) ≥ T_mt (min) or = T_mt (exact);
 * - floors on final deliveries by category:  y_it ≥ Σ_f F_f,it (hard in harmony mode; each floor may give in elastic mode);
 * - import substitution (when the plan has it): s_it ≤ σ·(1 − ban_it)·Σ_j Aᴹ_ij x_jt, each unit of s needing κ of
 *   domestic output of i (balance) and saving one unit against the imports limit.
 *
 * In `elastic` mode every target, limit and floor gets a slack priced at weight ÷ value, convex in its size
 * ({@link RELAXATION_PIECES}: relaxations compare as weighted per cent, and large ones cost more than in
 * proportion) and the program minimises the weighted relaxation: zero exactly when the plan is
 * feasible. In `harmony` mode limits are hard and targets become fulfilment levels φ (x ≥ φ·T) whose weighted
 * harmony is maximised. h(φ) is concave and piecewise linear, so φ is split into one bounded column per piece
 * (φ = Σ s_k, 0 ≤ s_k ≤ the piece's width, objective Σ weight·slope_k·s_k): the steeper pieces fill first, the
 * program has no free variables and no epigraph rows (which first-order methods converge on slowly), and its
 * optimum is that of max Σ weight·min_k(slope_k·φ + intercept_k); `ranks` restricts the objective to those ranks and `fixedRanks` holds earlier ranks
 * at what they reached (lexicographic optimisation); `capAtTarget` stops fulfilment at 100 % (a rank is met,
 * not exceeded, before the next one is served).
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const plan: PlanSpec = {
 *   name: "M&B, one year", years: [2025],
 *   targets: [{ id: "f1", label: "sector 1 final deliveries", sector: 0, on: "final", kind: "min", values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 }],
 *   limits: [{ id: "labour", label: "labour", unit: "worker-years", coefficients: Float64Array.of(0.3, 0.25), values: Float64Array.of(800), weight: 1 }],
 *   capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
 * };
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "elastic" });
 * console.log(lp.sense, lp.colNames?.[index.xCol[0]], lp.rowNames?.[index.limitRow[0]]); // minimize x[0,2025] limit[labour,2025]
 * ```
 */
export function buildPlanProgram(
  A: Matrix,
  plan: PlanSpec,
  mode: PlanProgramMode,
  options: { names?: boolean; sectorCodes?: readonly string[] } = {},
): { lp: LinearProgram; index: PlanIndex } {
  const n = A.rows;
  // sectors in row and column names by code when given (x[111CA,2021]), else by index
  const sc = (i: number) => options.sectorCodes?.[i] ?? String(i);
  const T = plan.years.length;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix must be square; it is ${A.rows} × ${A.cols}`);
  if (plan.capacity.initial.length !== n)
    throw new DimensionError(`initial capacity has ${plan.capacity.initial.length} values; the model has ${n} sectors`);
  const b = new LpBuilder({ names: options.names ?? n * T <= 200_000 });
  const mix = plan.capacity.capitalMix;
  const invest = plan.capacity.capital !== undefined || mix !== undefined;
  const L = Math.max(1, plan.capacity.leadTime);
  const dep = plan.capacity.depreciation;
  if (typeof dep !== "number" && dep.length !== n)
    throw new DimensionError(`depreciation has ${dep.length} rates; the model has ${n} sectors`);
  for (let i = 0; i < (typeof dep === "number" ? 1 : n); i++) {
    const d = typeof dep === "number" ? dep : dep[i];
    if (!(d >= 0 && d <= 1))
      throw new InvalidValueError(
        `depreciation${typeof dep === "number" ? "" : ` of sector ${sc(i)}`}`,
        d,
        "a share of capacity lost a year, in [0, 1]",
      );
  }
  const depOf = (i: number) => (typeof dep === "number" ? dep : dep[i]);
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
    segmentCol: new Int32Array(plan.targets.length * T).fill(-1),
    substitutionCol: new Int32Array(T * n).fill(-1),
    floorRow: new Int32Array(T * n).fill(-1),
    floorShortCol: new Int32Array((plan.floors?.length ?? 0) * T * n).fill(-1),
    objective: plan.objective ?? "harmony",
  };
  const stocks = plan.capacity.stocks;
  if (stocks) {
    checkCapitalStocks(stocks, n, sc);
    const P = stocks.good.length;
    idx.stocks = { P, stockRow: new Int32Array(P * T).fill(-1), stockInvestCol: new Int32Array(P * T).fill(-1) };
  }
  const byIndustry = stocks ? stocksByIndustry(stocks, n) : undefined;
  // the floors on each sector's final deliveries, summed over categories
  const floors = plan.floors ?? [];
  for (const f of floors)
    if (f.values.length !== T * n)
      throw new DimensionError(
        `floor "${f.id}" has ${f.values.length} values; the plan needs years × sectors = ${T * n}`,
      );
  const floorTotal = new Float64Array(T * n);
  for (const f of floors) for (let k = 0; k < T * n; k++) floorTotal[k] += f.values[k];
  const harmony = mode.kind === "harmony";
  const rankSet = harmony && mode.ranks ? new Set(mode.ranks) : undefined;
  const Ac = toCsc(A);
  const Bc = plan.capacity.capital ? toCsc(plan.capacity.capital) : undefined;
  const nTargets = plan.targets.length;
  const nLimits = plan.limits.length;
  b.reserve({
    rows: T * (3 * n + nLimits + nTargets + 1),
    cols: T * (3 * n + 1 + nTargets * (harmony ? HARMONY_PIECES.length : 2) + nLimits),
    nnz:
      T *
      (Ac.values.length +
        4 * n +
        nLimits * n +
        (Bc ? Bc.values.length : n * Math.min(T, 3)) +
        nTargets * 2 * HARMONY_PIECES.length),
  });

  // Rows first (columns refer to them).
  for (let t = 0; t < T; t++) {
    const y = plan.years[t];
    for (let i = 0; i < n; i++) idx.balanceRow[t * n + i] = b.addRow(() => `balance[${sc(i)},${y}]`, 0, 0);
    for (let i = 0; i < n; i++) {
      const cap =
        plan.capacity.initial[i] *
        Math.pow(1 - depOf(i), t) *
        (plan.capacity.factor ? plan.capacity.factor[t * n + i] : 1);
      if (Number.isFinite(cap) || invest)
        idx.capacityRow[t * n + i] = b.addRow(() => `capacity[${sc(i)},${y}]`, -Infinity, cap);
    }
    if (idx.stocks) addStockRows(b, plan, idx.stocks, t, sc);
    plan.limits.forEach((lim, k) => {
      if (Number.isFinite(lim.values[t]))
        idx.limitRow[k * T + t] = b.addRow(() => `limit[${lim.id},${y}]`, -Infinity, lim.values[t]);
    });
    for (let i = 0; i < n; i++)
      if (floorTotal[t * n + i] > 0)
        idx.floorRow[t * n + i] = b.addRow(() => `floor[${sc(i)},${y}]`, floorTotal[t * n + i], Infinity);
    plan.targets.forEach((tg, m) => {
      const v = tg.values[t];
      if (Number.isNaN(v)) return;
      if (harmony)
        idx.targetRow[m * T + t] = b.addRow(() => `target[${tg.id},${y}]`, 0, Infinity); // x − T·Σ s_k ≥ 0
      else idx.targetRow[m * T + t] = b.addRow(() => `target[${tg.id},${y}]`, v, tg.kind === "exact" ? v : Infinity);
    });
  }
  // Import substitution: sub[i,t]: s_it − σ·(1 − ban_it)·Σ_j Aᴹ_ij x_jt ≤ 0 (what may be made at home)
  const sub = plan.importSubstitution;
  const subRow = new Int32Array(T * n).fill(-1);
  const Mc = sub ? toCsc(sub.imports) : undefined;
  if (sub && Mc) {
    const imported = new Uint8Array(n);
    for (let p = 0; p < Mc.values.length; p++) if (Mc.values[p] !== 0) imported[Mc.rowIndices[p]] = 1;
    for (let t = 0; t < T; t++)
      for (let i = 0; i < n; i++)
        if (imported[i]) subRow[t * n + i] = b.addRow(() => `substitutable[${sc(i)},${plan.years[t]}]`, -Infinity, 0);
  }
  // With a capital mix: investSum[t] ties Σ_j v_jt to one column per year that draws κ·mix on the balances.
  const investSumRow = new Int32Array(T).fill(-1);
  if (mix) for (let t = 0; t < T; t++) investSumRow[t] = b.addRow(() => `investSum[${plan.years[t]}]`, 0, 0);
  const rankRows = new Map<number, number>();
  if (harmony && mode.fixedRanks)
    for (const f of mode.fixedRanks) rankRows.set(f.rank, b.addRow(`rank[${f.rank}]`, f.atLeast, Infinity));

  // targets by the sector they are on
  const outputTargets = groupBySector(n, plan.targets, "output");
  const finalTargets = groupBySector(n, plan.targets, "final");

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
    const bal = t * n;
    // x_jt: +1 on balance j, −a_ij on balance i, capacity, limits, output targets
    for (let j = 0; j < n; j++) {
      b.entry(idx.balanceRow[bal + j], 1);
      for (let p = Ac.colStarts[j]; p < Ac.colStarts[j + 1]; p++)
        b.entry(idx.balanceRow[bal + Ac.rowIndices[p]], -Ac.values[p]);
      for (const [i, delta] of extraA.get(bal + j) ?? []) b.entry(idx.balanceRow[bal + i], -delta);
      for (const [k, delta] of extraLimit.get(bal + j) ?? [])
        if (idx.limitRow[k * T + t] >= 0) b.entry(idx.limitRow[k * T + t], delta);
      if (idx.capacityRow[bal + j] >= 0) b.entry(idx.capacityRow[bal + j], 1);
      if (stocks && idx.stocks && byIndustry) stockEntriesOfOutput(b, stocks, idx.stocks, byIndustry, t, j);
      for (let k = 0; k < nLimits; k++) {
        const r = idx.limitRow[k * T + t];
        const a = plan.limits[k].coefficients[j];
        if (r >= 0 && a !== 0) b.entry(r, a);
      }
      for (let p = outputTargets.starts[j]; p < outputTargets.starts[j + 1]; p++) {
        const r = idx.targetRow[outputTargets.list[p] * T + t];
        if (r >= 0) b.entry(r, 1);
      }
      if (sub && Mc) {
        for (let p = Mc.colStarts[j]; p < Mc.colStarts[j + 1]; p++) {
          const i = Mc.rowIndices[p];
          const r = subRow[bal + i];
          const left = 1 - (plan.importBanShare ? plan.importBanShare[bal + i] : 0);
          if (r >= 0 && left > 0) b.entry(r, -sub.share * left * Mc.values[p]);
        }
      }
      idx.xCol[bal + j] = b.endCol(() => `x[${sc(j)},${yr}]`, harmony ? -OUTPUT_COST : OUTPUT_COST, 0, Infinity);
    }
    for (let i = 0; i < n; i++) {
      b.entry(idx.balanceRow[bal + i], -1);
      if (idx.floorRow[bal + i] >= 0) b.entry(idx.floorRow[bal + i], 1);
      for (let p = finalTargets.starts[i]; p < finalTargets.starts[i + 1]; p++) {
        const r = idx.targetRow[finalTargets.list[p] * T + t];
        if (r >= 0) b.entry(r, 1);
      }
      idx.yCol[bal + i] = b.endCol(() => `y[${sc(i)},${yr}]`, 0, 0, Infinity);
    }
    if (sub) {
      // s_it: imports of product i made at home: κ more domestic output of i, one unit less against the imports limit
      const lim = idx.limitRow[sub.limit * T + t];
      for (let i = 0; i < n; i++) {
        if (subRow[bal + i] < 0) continue;
        b.entry(subRow[bal + i], 1);
        b.entry(idx.balanceRow[bal + i], -sub.cost);
        if (lim >= 0) b.entry(lim, -1);
        idx.substitutionCol[bal + i] = b.endCol(
          () => `substitute[${sc(i)},${yr}]`,
          harmony ? -OUTPUT_COST : OUTPUT_COST,
          0,
          Infinity,
        );
      }
    }
    if (stocks?.investment && idx.stocks)
      addStockInvestment(b, plan, idx.stocks, t, idx.balanceRow, harmony ? -OUTPUT_COST : OUTPUT_COST, sc);
    if (invest) {
      for (let j = 0; j < n; j++) {
        // investment started in year t: capital goods delivered in t; capacity usable from year t + L on
        if (Bc)
          for (let p = Bc.colStarts[j]; p < Bc.colStarts[j + 1]; p++)
            b.entry(idx.balanceRow[bal + Bc.rowIndices[p]], -Bc.values[p]);
        for (let s = t + L; s < T; s++)
          if (idx.capacityRow[s * n + j] >= 0) b.entry(idx.capacityRow[s * n + j], -Math.pow(1 - depOf(j), s - t - L));
        if (investSumRow[t] >= 0) b.entry(investSumRow[t], 1);
        idx.invCol[bal + j] = b.endCol(
          () => `invest[${sc(j)},${yr}]`,
          harmony ? -OUTPUT_COST : OUTPUT_COST,
          0,
          Infinity,
        );
      }
      if (mix) {
        b.entry(investSumRow[t], -1);
        for (let i = 0; i < n; i++) if (mix.mix[i] !== 0) b.entry(idx.balanceRow[bal + i], -mix.ratio * mix.mix[i]);
        b.endCol(() => `investTotal[${yr}]`, 0, 0, Infinity);
      }
    }
  }
  if (harmony && idx.objective === "bundle") addBundles(b, plan, idx, mode, rankRows);
  plan.targets.forEach((tg, m) => {
    for (let t = 0; t < T; t++) {
      const r = idx.targetRow[m * T + t];
      if (r < 0) continue;
      const v = tg.values[t];
      const yr = plan.years[t];
      if (harmony && idx.objective === "bundle") continue;
      if (!harmony) {
        idx.targetShortCol[m * T + t] = addSlack(b, () => `short[${tg.id},${yr}]`, tg.weight, v, Infinity, [[r, 1]]);
        if (tg.kind === "exact")
          idx.targetExcessCol[m * T + t] = addSlack(b, () => `excess[${tg.id},${yr}]`, tg.weight, v, Infinity, [
            [r, -1],
          ]);
      } else {
        // φ = Σ s_k: x − T·Σ s_k ≥ 0, s_k within its piece (exact targets, or capped: φ ≤ 1)
        const phiMax = tg.kind === "exact" || (mode.kind === "harmony" && mode.capAtTarget) ? 1 : MAX_FULFILMENT;
        const inObjective = !rankSet || rankSet.has(tg.rank);
        const fixed = rankRows.get(tg.rank);
        for (let k = 0; k < HARMONY_PIECES.length; k++) {
          const from = Math.min(k === 0 ? 0 : HARMONY_BREAKS[k - 1], phiMax);
          const to = Math.min(k < HARMONY_BREAKS.length ? HARMONY_BREAKS[k] : phiMax, phiMax);
          const slope = HARMONY_PIECES[k][0];
          b.entry(r, -v);
          if (fixed !== undefined) b.entry(fixed, tg.weight * slope);
          const col = b.endCol(() => `phi[${tg.id},${yr},${k}]`, inObjective ? tg.weight * slope : 0, 0, to - from);
          if (k === 0) idx.segmentCol[m * T + t] = col;
        }
      }
    }
  });
  if (!harmony) {
    // a floor gives at weight per cent of it, sector by sector: a cut spreads unless weights say otherwise
    floors.forEach((f, q) => {
      for (let k = 0; k < T * n; k++) {
        const v = f.values[k];
        if (!(v > 0)) continue;
        idx.floorShortCol[q * T * n + k] = addSlack(
          b,
          () => `floorShort[${f.id},${sc(k % n)},${plan.years[Math.floor(k / n)]}]`,
          f.weight,
          v,
          v,
          [[idx.floorRow[k], 1]],
        );
      }
    });
    plan.limits.forEach((lim, k) => {
      for (let t = 0; t < T; t++) {
        const r = idx.limitRow[k * T + t];
        if (r < 0) continue;
        idx.limitExcessCol[k * T + t] = addSlack(
          b,
          () => `over[${lim.id},${plan.years[t]}]`,
          lim.weight,
          lim.values[t],
          Infinity,
          [[r, -1]],
        );
      }
    });
  }
  return { lp: b.build(harmony ? "maximize" : "minimize"), index: idx };
}
