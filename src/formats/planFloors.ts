/**
 * Floors on final deliveries: a plan's floors block resolved per year and sector, or the default floors of its
 * baseline.
 */
import type { EconomyModel, PlanSpec } from "../engine/index.ts";
import type { PlanFile } from "./planSchema.ts";
import { perYear } from "./planValues.ts";
import type { Problem } from "./planValues.ts";

/**
 * Floors per category: level × (population ÷ base, per head) × each sector's base-year deliveries of the
 * category.
 */
export function resolveFloors(
  p: PlanFile,
  m: EconomyModel,
  years: number[],
  problems: Problem[],
): NonNullable<PlanSpec["floors"]> {
  const n = m.sectors.length;
  const out: NonNullable<PlanSpec["floors"]> = [];
  p.floors.forEach((f, q) => {
    const path = `floors.${q}`;
    const col = m.finalDemandCategories.indexOf(f.category);
    if (col < 0) {
      problems.push({
        path: `${path}.category`,
        message: `"${f.category}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})`,
      });
      return;
    }
    if (p.floors.findIndex((g) => g.id === f.id) !== q)
      problems.push({ path: `${path}.id`, message: `id "${f.id}" is used twice` });
    const level =
      typeof f.level === "number"
        ? new Float64Array(years.length).fill(f.level)
        : perYear(f.level, years, m.baseYear, 1, `${path}.level`, problems);
    const perHead = f.population
      ? perYear(f.population.values, years, m.baseYear, f.population.base, `${path}.population.values`, problems).map(
          (v) => v / f.population!.base,
        )
      : new Float64Array(years.length).fill(1);
    const values = new Float64Array(years.length * n);
    years.forEach((_, t) => {
      for (let i = 0; i < n; i++)
        values[t * n + i] = Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]) * level[t] * perHead[t];
    });
    out.push({ id: f.id, label: f.label ?? f.id, category: f.category, values, unit: m.unit, weight: f.weight });
  });
  return out;
}

/**
 * Final-demand categories that are not uses to hold up: inventory change (BEA F030, WIOD INVEN) and imports entered
 * as negative final demand (BEA F050, IMP). Left out of the default floors.
 */
export const NOT_HELD_CATEGORY = /^(F030|F050|INVEN|IMP|inventor|import)/i;

/**
 * The floor a plan with a baseline gets when it writes none: every final-demand category (inventory change and imports
 * aside)
 * keeps `baseline.floor` (default 0.9) of each sector's base-year deliveries, weight 100 (a floor gives last). The
 * program holds each sector's total final deliveries, not its split by category, so the categories' floors are one
 * floor per sector (their sum), and its relaxation names sectors, not categories. Where a sector's positive categories
 * add up to more than its net final demand (imports or a fall in inventories netted in the table), the floor is
 * scaled down to that net figure, so that the base year itself meets it.
 */
export function defaultFloors(p: PlanFile, m: EconomyModel, years: number[]): NonNullable<PlanSpec["floors"]> {
  const share = p.baseline?.floor ?? 0;
  if (!p.baseline || !(share > 0)) return [];
  const n = m.sectors.length;
  const k = m.finalDemand.cols;
  const cols = m.finalDemandCategories.map((c, j) => ({ c, j })).filter(({ c }) => !NOT_HELD_CATEGORY.test(c));
  // per sector: net final demand over the sum of the categories held up (at most 1)
  // per sector: the positive deliveries of the categories held up, at most its net final demand
  const values = new Float64Array(years.length * n);
  for (let i = 0; i < n; i++) {
    let net = 0;
    let held = 0;
    for (let j = 0; j < k; j++) net += m.finalDemand.data[i * k + j];
    for (const { j } of cols) held += Math.max(0, m.finalDemand.data[i * k + j]);
    const floor = share * Math.min(held, Math.max(0, net));
    for (let t = 0; t < years.length; t++) values[t * n + i] = floor;
  }
  if (!values.some((v) => v > 0)) return [];
  const pct = Math.round(share * 1000) / 10;
  const kept = cols.map(({ c }) => c);
  const left = m.finalDemandCategories.filter((c) => !kept.includes(c));
  return [
    {
      id: "floor:final-demand",
      label: `Final deliveries at ${pct} % of the base year (default floor)`,
      category: `${kept.length} categories${left.length ? `, all but ${left.join(", ")}` : ""}`,
      values,
      unit: m.unit,
      weight: 100,
    },
  ];
}
