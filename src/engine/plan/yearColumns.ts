/** The columns of one year of a plan program: output, final deliveries, import substitution, investment. */
import { addStockInvestment, stockEntriesOfOutput } from "./capitalStocks.ts";
import type { PlanBuild } from "./planBuild.ts";

/**
 * Adds the columns of year t, in this order: output x_jt, final deliveries y_it, import substitution s_it, investment
 * in capital stocks, investment v_jt (the rows they enter are all added before).
 */
export function addYearColumns(c: PlanBuild, t: number): void {
  addOutputColumns(c, t);
  addFinalColumns(c, t);
  addSubstitutionColumns(c, t);
  const { b, plan, idx } = c;
  if (plan.capacity.stocks?.investment && idx.stocks)
    addStockInvestment(b, plan, idx.stocks, t, idx.balanceRow, c.outputCost, c.sc);
  if (c.invest) addInvestmentColumns(c, t);
}

/** The output columns x_jt of year t: +1 on balance j, −a_ij on balance i, capacity, limits, output targets. */
function addOutputColumns(c: PlanBuild, t: number): void {
  const { b, plan, idx, n, T, Ac, Mc } = c;
  const sub = plan.importSubstitution;
  const stocks = plan.capacity.stocks;
  const bal = t * n;
  for (let j = 0; j < n; j++) {
    b.entry(idx.balanceRow[bal + j], 1);
    for (let p = Ac.colStarts[j]; p < Ac.colStarts[j + 1]; p++)
      b.entry(idx.balanceRow[bal + Ac.rowIndices[p]], -Ac.values[p]);
    for (const [i, delta] of c.extraA.get(bal + j) ?? []) b.entry(idx.balanceRow[bal + i], -delta);
    for (const [k, delta] of c.extraLimit.get(bal + j) ?? [])
      if (idx.limitRow[k * T + t] >= 0) b.entry(idx.limitRow[k * T + t], delta);
    if (idx.capacityRow[bal + j] >= 0) b.entry(idx.capacityRow[bal + j], 1);
    if (stocks && idx.stocks && c.byIndustry) stockEntriesOfOutput(b, stocks, idx.stocks, c.byIndustry, t, j);
    for (let k = 0; k < plan.limits.length; k++) {
      const r = idx.limitRow[k * T + t];
      const a = plan.limits[k].coefficients[j];
      if (r >= 0 && a !== 0) b.entry(r, a);
    }
    for (let p = c.outputTargets.starts[j]; p < c.outputTargets.starts[j + 1]; p++) {
      const r = idx.targetRow[c.outputTargets.list[p] * T + t];
      if (r >= 0) b.entry(r, 1);
    }
    if (sub && Mc) {
      for (let p = Mc.colStarts[j]; p < Mc.colStarts[j + 1]; p++) {
        const i = Mc.rowIndices[p];
        const r = c.subRow[bal + i];
        const left = 1 - (plan.importBanShare ? plan.importBanShare[bal + i] : 0);
        if (r >= 0 && left > 0) b.entry(r, -sub.share * left * Mc.values[p]);
      }
    }
    idx.xCol[bal + j] = b.endCol(() => `x[${c.sc(j)},${plan.years[t]}]`, c.outputCost, 0, Infinity);
  }
}

/** The final-delivery columns y_it of year t: −1 on balance i, +1 on its floor and its final-delivery targets. */
function addFinalColumns(c: PlanBuild, t: number): void {
  const { b, idx, n, T } = c;
  const bal = t * n;
  for (let i = 0; i < n; i++) {
    b.entry(idx.balanceRow[bal + i], -1);
    if (idx.floorRow[bal + i] >= 0) b.entry(idx.floorRow[bal + i], 1);
    for (let p = c.finalTargets.starts[i]; p < c.finalTargets.starts[i + 1]; p++) {
      const r = idx.targetRow[c.finalTargets.list[p] * T + t];
      if (r >= 0) b.entry(r, 1);
    }
    idx.yCol[bal + i] = b.endCol(() => `y[${c.sc(i)},${c.plan.years[t]}]`, 0, 0, Infinity);
  }
}

/** The substitution columns s_it of year t (with import substitution). */
function addSubstitutionColumns(c: PlanBuild, t: number): void {
  const { b, plan, idx, n, T } = c;
  const sub = plan.importSubstitution;
  if (!sub) return;
  const bal = t * n;
  // s_it: imports of product i made at home: κ more domestic output of i, one unit less against the imports limit
  const lim = idx.limitRow[sub.limit * T + t];
  for (let i = 0; i < n; i++) {
    if (c.subRow[bal + i] < 0) continue;
    b.entry(c.subRow[bal + i], 1);
    b.entry(idx.balanceRow[bal + i], -sub.cost);
    if (lim >= 0) b.entry(lim, -1);
    idx.substitutionCol[bal + i] = b.endCol(() => `substitute[${c.sc(i)},${plan.years[t]}]`, c.outputCost, 0, Infinity);
  }
}

/**
 * The investment columns v_jt of year t: capital goods delivered in t (B's column j, or with a capital mix one
 * investTotal[t] column that draws κ·mix on the balances), capacity usable from year t + L on.
 */
function addInvestmentColumns(c: PlanBuild, t: number): void {
  const { b, plan, idx, n, T, Bc } = c;
  const mix = plan.capacity.capitalMix;
  const L = Math.max(1, plan.capacity.leadTime);
  const bal = t * n;
  const yr = plan.years[t];
  for (let j = 0; j < n; j++) {
    // investment started in year t: capital goods delivered in t; capacity usable from year t + L on
    if (Bc)
      for (let p = Bc.colStarts[j]; p < Bc.colStarts[j + 1]; p++)
        b.entry(idx.balanceRow[bal + Bc.rowIndices[p]], -Bc.values[p]);
    for (let s = t + L; s < T; s++)
      if (idx.capacityRow[s * n + j] >= 0) b.entry(idx.capacityRow[s * n + j], -Math.pow(1 - c.depOf(j), s - t - L));
    if (c.investSumRow[t] >= 0) b.entry(c.investSumRow[t], 1);
    idx.invCol[bal + j] = b.endCol(() => `invest[${c.sc(j)},${yr}]`, c.outputCost, 0, Infinity);
  }
  if (mix) {
    b.entry(c.investSumRow[t], -1);
    for (let i = 0; i < n; i++) if (mix.mix[i] !== 0) b.entry(idx.balanceRow[bal + i], -mix.ratio * mix.mix[i]);
    b.endCol(() => `investTotal[${yr}]`, 0, 0, Infinity);
  }
}
