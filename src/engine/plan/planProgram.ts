import { DimensionError, InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { toCsc } from "../linalg/matrix.ts";
import type { LinearProgram } from "./linearProgram.ts";
import { LpBuilder } from "./linearProgram.ts";
import type { PlanSpec } from "./planSpec.ts";
import { addSlack } from "./relaxation.ts";
import { HARMONY_BREAKS, HARMONY_PIECES, MAX_FULFILMENT } from "./harmony.ts";
import { addStockRows, checkCapitalStocks, stocksByIndustry } from "./capitalStocks.ts";
import type { PlanIndex, PlanProgramMode } from "./planIndex.ts";
import { OUTPUT_COST } from "./planIndex.ts";
import { addBundles, groupBySector } from "./planBundles.ts";
import type { PlanBuild } from "./planBuild.ts";
import { addYearColumns } from "./yearColumns.ts";
export type { PlanIndex, PlanProgramMode } from "./planIndex.ts";
export { OUTPUT_COST } from "./planIndex.ts";

/**
 * PlanBuilds the multi-year plan program on a model with technical coefficients A (dynamic Leontief):
 *
 * - balance (sector i, year t):  x_it − Σ_j a_ij x_jt − Σ_j b_ij v_jt − y_it = 0, y ≥ 0 (final deliveries),
 *   with b_ij = κ·mix_i when the plan gives a capital mix instead of B (kept as one aggregate column a year);
 * - capacity:  x_it − Σ_{s+L ≤ t} (1 − δ)^{t−s−L} v_is ≤ c_i·(1 − δ)^t · shock_it, v investment, L
 *   lead time;
 * - limits:    Σ_i r_ki x_it ≤ R_kt (labour, imports/foreign exchange, energy, any satellite row);
 * - targets:   x_it (or y_it) ≥ T_mt (min) or = T_mt (exact);
 * - floors on final deliveries by category:  y_it ≥ Σ_f F_f,it (hard in harmony mode; each floor may give in elastic
 *   mode);
 * - import substitution (when the plan has it): s_it ≤ σ·(1 − ban_it)·Σ_j Aᴹ_ij x_jt, each unit of s needing
 *   κ of domestic output of i (balance) and saving one unit against the imports limit.
 *
 * In `elastic` mode every target, limit and floor gets a slack priced at weight ÷ value, convex in its size
 * ({@link RELAXATION_PIECES}: relaxations compare as weighted per cent, and large ones cost more than in
 * proportion) and the program minimises the weighted relaxation: zero exactly when the plan is
 * feasible. In `harmony` mode limits are hard and targets become fulfilment levels φ (x ≥ φ·T) whose weighted
 * harmony is maximised. h(φ) is concave and piecewise linear, so φ is split into one bounded column per piece
 * (φ = Σ s_k, 0 ≤ s_k ≤ the piece's width, objective Σ weight·slope_k·s_k): the steeper pieces fill first, the
 * program has no free variables and no epigraph rows (which first-order methods converge on slowly), and its
 * optimum is that of max Σ weight·min_k(slope_k·φ + intercept_k); `ranks` restricts the objective to those ranks
 * and `fixedRanks` holds earlier ranks at what they reached (lexicographic optimisation); `capAtTarget` stops
 * fulfilment at 100 % (a rank is met, not exceeded, before the next one is served).
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const plan: PlanSpec = {
 *   name: "M&B, one year", years: [2025],
 *   targets: [
 *     { id: "f1", label: "sector 1 final deliveries", sector: 0, on: "final", kind: "min",
 *       values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 },
 *   ],
 *   limits: [
 *     { id: "labour", label: "labour", unit: "worker-years", coefficients: Float64Array.of(0.3, 0.25),
 *       values: Float64Array.of(800), weight: 1 },
 *   ],
 *   capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
 * };
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "elastic" });
 * const [x0, labour] = [lp.colNames?.[index.xCol[0]], lp.rowNames?.[index.limitRow[0]]];
 * console.log(lp.sense, x0, labour); // minimize x[0,2025] limit[labour,2025]
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
  const b = new LpBuilder({ names: options.names ?? n * T <= 200_000 });
  const depOf = checkCapacity(A, plan, sc);
  const idx = emptyIndex(plan, n);
  const stocks = plan.capacity.stocks;
  if (stocks) {
    checkCapitalStocks(stocks, n, sc);
    const P = stocks.good.length;
    idx.stocks = { P, stockRow: new Int32Array(P * T).fill(-1), stockInvestCol: new Int32Array(P * T).fill(-1) };
  }
  const harmony = mode.kind === "harmony";
  const c: PlanBuild = {
    plan,
    mode,
    n,
    T,
    b,
    idx,
    sc,
    depOf,
    harmony,
    invest: plan.capacity.capital !== undefined || plan.capacity.capitalMix !== undefined,
    outputCost: harmony ? -OUTPUT_COST : OUTPUT_COST,
    rankSet: mode.kind === "harmony" && mode.ranks ? new Set(mode.ranks) : undefined,
    byIndustry: stocks ? stocksByIndustry(stocks, n) : undefined,
    floorTotal: floorTotals(plan, n),
    Ac: toCsc(A),
    Bc: plan.capacity.capital ? toCsc(plan.capacity.capital) : undefined,
    Mc: plan.importSubstitution ? toCsc(plan.importSubstitution.imports) : undefined,
    subRow: new Int32Array(T * n).fill(-1),
    investSumRow: new Int32Array(T).fill(-1),
    rankRows: new Map<number, number>(),
    outputTargets: groupBySector(n, plan.targets, "output"),
    finalTargets: groupBySector(n, plan.targets, "final"),
    extraA: entriesByColumn(plan.coefficientDeltas ?? [], n, (d) => d.i),
    extraLimit: entriesByColumn(plan.limitDeltas ?? [], n, (d) => d.k),
  };
  reserveRoom(c);
  // Rows first (columns refer to them).
  for (let t = 0; t < T; t++) addYearRows(c, t);
  addProgramRows(c);
  for (let t = 0; t < T; t++) addYearColumns(c, t);
  if (harmony && idx.objective === "bundle") addBundles(b, plan, idx, mode, c.rankRows);
  else addTargetColumns(c);
  if (!harmony) addElasticSlacks(c);
  return { lp: b.build(harmony ? "maximize" : "minimize"), index: idx };
}

/**
 * Checks that the model is square and that the plan's capacity fits it (initial capacity per sector, depreciation one
 * rate or one per sector, each in [0, 1]); returns sector i's depreciation rate.
 */
function checkCapacity(A: Matrix, plan: PlanSpec, sc: (i: number) => string): (i: number) => number {
  const n = A.rows;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix must be square; it is ${A.rows} × ${A.cols}`);
  if (plan.capacity.initial.length !== n)
    throw new DimensionError(`initial capacity has ${plan.capacity.initial.length} values; the model has ${n} sectors`);
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
  return (i: number) => (typeof dep === "number" ? dep : dep[i]);
}

/** An index with no rows or columns yet (−1 everywhere a row or column may be missing). */
function emptyIndex(plan: PlanSpec, n: number): PlanIndex {
  const T = plan.years.length;
  return {
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
}

/** The floors on each sector's final deliveries, summed over categories (t·n + i), each floor checked for its size. */
function floorTotals(plan: PlanSpec, n: number): Float64Array {
  const T = plan.years.length;
  const floors = plan.floors ?? [];
  for (const f of floors)
    if (f.values.length !== T * n)
      throw new DimensionError(
        `floor "${f.id}" has ${f.values.length} values; the plan needs years × sectors = ${T * n}`,
      );
  const floorTotal = new Float64Array(T * n);
  for (const f of floors) for (let k = 0; k < T * n; k++) floorTotal[k] += f.values[k];
  return floorTotal;
}

/** Shocks' extra entries per (year, column) t·n + j, in the order given: [the row's sector or limit, delta]. */
function entriesByColumn<D extends { t: number; j: number; delta: number }>(
  deltas: readonly D[],
  n: number,
  rowOf: (d: D) => number,
): Map<number, [number, number][]> {
  const extra = new Map<number, [number, number][]>();
  for (const d of deltas) {
    const key = d.t * n + d.j;
    if (!extra.has(key)) extra.set(key, []);
    extra.get(key)!.push([rowOf(d), d.delta]);
  }
  return extra;
}

/** Makes room in the builder for the rows, columns and entries the program will have (an upper estimate). */
function reserveRoom({ b, plan, n, T, harmony, Ac, Bc }: PlanBuild): void {
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
}

/** The rows of year t: balances, capacities, capital stocks, limits, floors on final deliveries, targets. */
function addYearRows(c: PlanBuild, t: number): void {
  const { b, plan, idx, n, T, sc, floorTotal } = c;
  const y = plan.years[t];
  for (let i = 0; i < n; i++) idx.balanceRow[t * n + i] = b.addRow(() => `balance[${sc(i)},${y}]`, 0, 0);
  for (let i = 0; i < n; i++) {
    const cap =
      plan.capacity.initial[i] *
      Math.pow(1 - c.depOf(i), t) *
      (plan.capacity.factor ? plan.capacity.factor[t * n + i] : 1);
    if (Number.isFinite(cap) || c.invest)
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
    if (c.harmony)
      idx.targetRow[m * T + t] = b.addRow(() => `target[${tg.id},${y}]`, 0, Infinity); // x − T·Σ s_k ≥ 0
    else idx.targetRow[m * T + t] = b.addRow(() => `target[${tg.id},${y}]`, v, tg.kind === "exact" ? v : Infinity);
  });
}

/**
 * The rows over all years, after the years' own: what may be made at home (import substitution), the investment
 * total of each year (with a capital mix), and the earlier ranks held at what they reached (lexicographic stages).
 */
function addProgramRows(c: PlanBuild): void {
  const { b, plan, mode, n, T, sc, Mc } = c;
  // Import substitution: sub[i,t]: s_it − σ·(1 − ban_it)·Σ_j Aᴹ_ij x_jt ≤ 0 (what may be made at home)
  if (plan.importSubstitution && Mc) {
    const imported = new Uint8Array(n);
    for (let p = 0; p < Mc.values.length; p++) if (Mc.values[p] !== 0) imported[Mc.rowIndices[p]] = 1;
    for (let t = 0; t < T; t++)
      for (let i = 0; i < n; i++)
        if (imported[i]) c.subRow[t * n + i] = b.addRow(() => `substitutable[${sc(i)},${plan.years[t]}]`, -Infinity, 0);
  }
  // With a capital mix: investSum[t] ties Σ_j v_jt to one column per year that draws κ·mix on the balances.
  if (plan.capacity.capitalMix)
    for (let t = 0; t < T; t++) c.investSumRow[t] = b.addRow(() => `investSum[${plan.years[t]}]`, 0, 0);
  if (mode.kind === "harmony" && mode.fixedRanks)
    for (const f of mode.fixedRanks) c.rankRows.set(f.rank, b.addRow(`rank[${f.rank}]`, f.atLeast, Infinity));
}

/** Each target's columns, year by year: slacks in the elastic program, fulfilment pieces in the harmony program. */
function addTargetColumns(c: PlanBuild): void {
  const { plan, idx, T } = c;
  plan.targets.forEach((tg, m) => {
    for (let t = 0; t < T; t++) {
      const r = idx.targetRow[m * T + t];
      if (r < 0) continue;
      if (c.harmony) addFulfilmentPieces(c, m, t, r);
      else addTargetSlacks(c, m, t, r);
    }
  });
}

/** How far target m may fall short in year t (and exceed it, when exact), priced at weight ÷ value. */
function addTargetSlacks(c: PlanBuild, m: number, t: number, r: number): void {
  const { b, idx, T } = c;
  const tg = c.plan.targets[m];
  const v = tg.values[t];
  const yr = c.plan.years[t];
  idx.targetShortCol[m * T + t] = addSlack(b, () => `short[${tg.id},${yr}]`, tg.weight, v, Infinity, [[r, 1]]);
  if (tg.kind === "exact")
    idx.targetExcessCol[m * T + t] = addSlack(b, () => `excess[${tg.id},${yr}]`, tg.weight, v, Infinity, [[r, -1]]);
}

/**
 * Target m's fulfilment in year t as one column per harmony piece: φ = Σ s_k, x − T·Σ s_k ≥ 0, s_k within its
 * piece (exact targets, or capped: φ ≤ 1).
 */
function addFulfilmentPieces(c: PlanBuild, m: number, t: number, r: number): void {
  const { b, mode } = c;
  const tg = c.plan.targets[m];
  const v = tg.values[t];
  const yr = c.plan.years[t];
  const phiMax = tg.kind === "exact" || (mode.kind === "harmony" && mode.capAtTarget) ? 1 : MAX_FULFILMENT;
  const inObjective = !c.rankSet || c.rankSet.has(tg.rank);
  const fixed = c.rankRows.get(tg.rank);
  for (let k = 0; k < HARMONY_PIECES.length; k++) {
    const from = Math.min(k === 0 ? 0 : HARMONY_BREAKS[k - 1], phiMax);
    const to = Math.min(k < HARMONY_BREAKS.length ? HARMONY_BREAKS[k] : phiMax, phiMax);
    const slope = HARMONY_PIECES[k][0];
    b.entry(r, -v);
    if (fixed !== undefined) b.entry(fixed, tg.weight * slope);
    const col = b.endCol(() => `phi[${tg.id},${yr},${k}]`, inObjective ? tg.weight * slope : 0, 0, to - from);
    if (k === 0) c.idx.segmentCol[m * c.T + t] = col;
  }
}

/** The elastic program's slacks on floors (sector by sector) and limits, each priced at weight ÷ value. */
function addElasticSlacks(c: PlanBuild): void {
  const { b, plan, idx, n, T, sc } = c;
  // a floor gives at weight per cent of it, sector by sector: a cut spreads unless weights say otherwise
  (plan.floors ?? []).forEach((f, q) => {
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
