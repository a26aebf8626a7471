import { DimensionError, IndexRangeError, InvalidValueError } from "../errors.ts";
import type { LpBuilder } from "./linearProgram.ts";
import type { CapitalStocks, PlanSpec } from "./planSpec.ts";

/** Rows and columns of the capital-stock part of a plan program, per pair p and year t at t·P + p (−1: none). */
export interface StockIndex {
  /** Number of (good, industry) pairs. */
  P: number;
  /** stock[good>industry, year]: b_p·x_jt − Σ investment still standing ≤ what is left of the initial stock. */
  stockRow: Int32Array;
  /** Investment of good i delivered to industry j's stock in year t (−1 without investment). */
  stockInvestCol: Int32Array;
}

/**
 * Checks a plan's capital stocks against a model of n sectors: parallel arrays of one length, sector indices in
 * range, perUnit and initial stocks finite and ≥ 0, depreciation in [0, 1].
 * @throws DimensionError, IndexRangeError or InvalidValueError naming the pair (good → industry) and the value.
 */
export function checkCapitalStocks(s: CapitalStocks, n: number, code: (i: number) => string): void {
  const P = s.good.length;
  for (const [name, a] of [
    ["industry", s.industry],
    ["perUnit", s.perUnit],
    ["initial", s.initial],
    ["depreciation", s.depreciation],
  ] as const) {
    if (a.length !== P)
      throw new DimensionError(
        `capital stocks: ${name} has ${a.length} entries; good has ${P} (one per (good, industry) pair)`,
      );
  }
  for (let p = 0; p < P; p++) {
    for (const [what, v] of [
      ["capital good", s.good[p]],
      ["using industry", s.industry[p]],
    ] as const) {
      if (!(v >= 0 && v < n)) throw new IndexRangeError(`capital stocks, pair ${p + 1}: ${what}`, v, n);
    }
    const pair = `stock of ${code(s.good[p])} in ${code(s.industry[p])}`;
    if (!(Number.isFinite(s.perUnit[p]) && s.perUnit[p] >= 0))
      throw new InvalidValueError(`${pair}: capital per unit of output`, s.perUnit[p], "a finite number ≥ 0");
    if (!(Number.isFinite(s.initial[p]) && s.initial[p] >= 0))
      throw new InvalidValueError(`${pair}: initial stock`, s.initial[p], "a finite number ≥ 0");
    if (!(s.depreciation[p] >= 0 && s.depreciation[p] <= 1))
      throw new InvalidValueError(
        `${pair}: depreciation`,
        s.depreciation[p],
        "a share of the stock worn out a year, in [0, 1]",
      );
  }
}

/**
 * Adds the stock rows of year t (one per pair): b_p·x_jt − Σ_{s+L ≤ t}
 * (1 − δ_p)^{t−s−L}·I_ps ≤ (1 − δ_p)^t·K_p·shock_jt, where K_p is the stock at the start of the first
 * plan year and shock_jt the capacity factor of shocks (a flood that destroys a share of an industry's capacity
 * destroys that share of every stock it holds). The x and investment entries are added by {@link stockEntriesOfOutput}
 * and {@link addStockInvestment}.
 */
export function addStockRows(
  b: LpBuilder,
  plan: PlanSpec,
  si: StockIndex,
  t: number,
  code: (i: number) => string,
): void {
  const s = plan.capacity.stocks!;
  const n = plan.capacity.initial.length;
  const y = plan.years[t];
  for (let p = 0; p < si.P; p++) {
    const j = s.industry[p];
    if (s.perUnit[p] === 0) continue;
    const shock = plan.capacity.factor ? plan.capacity.factor[t * n + j] : 1;
    const left = s.initial[p] * Math.pow(1 - s.depreciation[p], t) * shock;
    si.stockRow[t * si.P + p] = b.addRow(() => `stock[${code(s.good[p])}>${code(j)},${y}]`, -Infinity, left);
  }
}

/** The pairs held by each industry (CSR by industry), so each output column adds its stock entries in one pass. */
export function stocksByIndustry(s: CapitalStocks, n: number): { starts: Int32Array; pairs: Int32Array } {
  const starts = new Int32Array(n + 1);
  for (let p = 0; p < s.good.length; p++) starts[s.industry[p] + 1]++;
  for (let j = 0; j < n; j++) starts[j + 1] += starts[j];
  const pairs = new Int32Array(s.good.length);
  const fill = starts.slice(0, n);
  for (let p = 0; p < s.good.length; p++) pairs[fill[s.industry[p]]++] = p;
  return { starts, pairs };
}

/** Adds x_jt's entries b_p on the stock rows of the pairs industry j holds (call before the column is ended). */
export function stockEntriesOfOutput(
  b: LpBuilder,
  s: CapitalStocks,
  si: StockIndex,
  byIndustry: { starts: Int32Array; pairs: Int32Array },
  t: number,
  j: number,
): void {
  for (let q = byIndustry.starts[j]; q < byIndustry.starts[j + 1]; q++) {
    const p = byIndustry.pairs[q];
    const r = si.stockRow[t * si.P + p];
    if (r >= 0) b.entry(r, s.perUnit[p]);
  }
}

/**
 * Adds the investment columns of year t: I_pt takes good i from year t's balance and adds to the pair's stock from
 * year t + L on, wearing out at δ_p a year after that.
 */
export function addStockInvestment(
  b: LpBuilder,
  plan: PlanSpec,
  si: StockIndex,
  t: number,
  balanceRow: Int32Array,
  cost: number,
  code: (i: number) => string,
): void {
  const s = plan.capacity.stocks!;
  const n = plan.capacity.initial.length;
  const T = plan.years.length;
  const L = Math.max(1, plan.capacity.leadTime);
  for (let p = 0; p < si.P; p++) {
    if (s.perUnit[p] === 0) continue;
    b.entry(balanceRow[t * n + s.good[p]], -1);
    for (let u = t + L; u < T; u++) {
      const r = si.stockRow[u * si.P + p];
      if (r >= 0) b.entry(r, -Math.pow(1 - s.depreciation[p], u - t - L));
    }
    si.stockInvestCol[t * si.P + p] = b.endCol(
      () => `invest[${code(s.good[p])}>${code(s.industry[p])},${plan.years[t]}]`,
      cost,
      0,
      Infinity,
    );
  }
}
