/** The bottlenecks of a best plan: binding capacities, capital stocks and limits with what one more unit is worth. */
import { formatNumber } from "../format/numbers.ts";
import type { LpSolution } from "./linearProgram.ts";
import type { Bottleneck } from "./planOptimise.ts";
import type { PlanIndex } from "./planIndex.ts";
import type { PlanSpec } from "./planSpec.ts";

/** What the bottleneck finders read: the plan, the solve, and how sectors and the objective are named. */
export interface SolvedPlan {
  plan: PlanSpec;
  index: PlanIndex;
  sol: LpSolution;
  rowUpper: Float64Array;
  objectiveName: string;
  options: { sectorLabels?: readonly string[]; unit?: string };
  /** A sector's code, or `sector i`. */
  name: (i: number) => string;
}

/** The binding capacities, capital stocks and limits of every year, the largest gain from 1 % more first. */
export function bottlenecksOf(seen: SolvedPlan): Bottleneck[] {
  const bottlenecks: Bottleneck[] = [];
  for (let t = 0; t < seen.index.T; t++) {
    bottlenecks.push(...capacityBottlenecks(seen, t));
    bottlenecks.push(...stockBottlenecks(seen, t));
    bottlenecks.push(...limitBottlenecks(seen, t));
  }
  return bottlenecks.sort((a, b) => Math.abs(b.perCent) - Math.abs(a.perCent));
}

/** What one more unit and 1 % more of a binding row are worth, in words. */
function worthText(
  year: number,
  what: string,
  unit: string,
  objectiveName: string,
  d: number,
  more: string,
  pc: number,
): string {
  return (
    `${year} ${what}: one more ${unit} raises ${objectiveName} by ${formatNumber(d)}` +
    ` (${more}: ${formatNumber(pc)})`
  );
}

/** Binding capacities of year t: one more unit of sector i's capacity and what it is worth to the objective. */
function capacityBottlenecks(
  { plan, index, sol, rowUpper, name, objectiveName, options }: SolvedPlan,
  t: number,
): Bottleneck[] {
  const out: Bottleneck[] = [];
  for (let i = 0; i < index.n; i++) {
    const r = index.capacityRow[t * index.n + i];
    if (r < 0 || !Number.isFinite(rowUpper[r])) continue;
    const d = sol.rowDual[r];
    const pc = (d * rowUpper[r]) / 100;
    const what = options.sectorLabels?.[i] ?? name(i);
    const unit = options.unit ?? "unit";
    if (Math.abs(d) > 1e-12)
      out.push({
        kind: "capacity",
        what,
        code: name(i),
        year: plan.years[t],
        shadowPrice: d,
        perCent: pc,
        bound: rowUpper[r],
        unit,
        row: r,
        text: worthText(plan.years[t], `capacity in ${what}`, unit, objectiveName, d, "1 % more", pc),
      });
  }
  return out;
}

/** Binding limits of year t: one more unit of the limit and what it is worth to the objective. */
function limitBottlenecks({ plan, index, sol, objectiveName }: SolvedPlan, t: number): Bottleneck[] {
  const out: Bottleneck[] = [];
  plan.limits.forEach((lim, k) => {
    const r = index.limitRow[k * index.T + t];
    if (r < 0) return;
    const d = sol.rowDual[r];
    const pc = (d * lim.values[t]) / 100;
    if (Math.abs(d) > 1e-12)
      out.push({
        kind: "limit",
        what: lim.label,
        code: lim.id,
        year: plan.years[t],
        shadowPrice: d,
        perCent: pc,
        bound: lim.values[t],
        unit: lim.unit,
        row: r,
        text: worthText(plan.years[t], lim.label, lim.unit, objectiveName, d, "1 % more", pc),
      });
  });
  return out;
}

/**
 * Binding capital stocks of year t: one more unit of the stock of good i in industry j (at the start of the plan, worn
 * to year t) and what it is worth to the objective; 1 % of what is left of the initial stock in that year.
 */
function stockBottlenecks(
  { plan, index, sol, rowUpper, name, objectiveName, options }: SolvedPlan,
  t: number,
): Bottleneck[] {
  const s = plan.capacity.stocks;
  const si = index.stocks;
  if (!s || !si) return [];
  const out: Bottleneck[] = [];
  for (let p = 0; p < si.P; p++) {
    const r = si.stockRow[t * si.P + p];
    if (r < 0) continue;
    const d = sol.rowDual[r];
    if (!(Math.abs(d) > 1e-12)) continue;
    const good = options.sectorLabels?.[s.good[p]] ?? name(s.good[p]);
    const industry = options.sectorLabels?.[s.industry[p]] ?? name(s.industry[p]);
    const unit = options.unit ?? "unit";
    const pc = (d * rowUpper[r]) / 100;
    const what = `stock of ${good} in ${industry}`;
    out.push({
      kind: "stock",
      what,
      code: `${name(s.good[p])}>${name(s.industry[p])}`,
      year: plan.years[t],
      shadowPrice: d,
      perCent: pc,
      bound: rowUpper[r],
      unit,
      row: r,
      text: worthText(plan.years[t], what, unit, objectiveName, d, "1 % more of what is left of it", pc),
    });
  }
  return out;
}
