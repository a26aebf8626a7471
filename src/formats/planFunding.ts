/** A plan's foreign-exchange account: the imports limit capped at what exports and inflows pay for. */
import type { EconomyModel, PlanSpec } from "../engine/index.ts";
import type { Amount, InflowCase, PlanFile } from "./planSchema.ts";
import { accountScale } from "./planScenario.ts";
import { perYear } from "./planValues.ts";

export function amounts(
  v: Amount,
  years: number[],
  path: string,
  problems: { path: string; message: string }[],
): Float64Array {
  return typeof v === "number"
    ? new Float64Array(years.length).fill(v)
    : perYear(v, years, years[0], 0, path, problems);
}

/**
 * Puts the plan's foreign-exchange account on its limit as a ceiling: exports + inflows (at `which`), in limit units.
 */
export function fundLimit(
  p: PlanFile,
  m: EconomyModel,
  years: number[],
  limits: PlanSpec["limits"],
  which: InflowCase,
  problems: { path: string; message: string }[],
) {
  const fx = p.foreignExchange!;
  const k = limits.findIndex((l) => l.id === fx.limit);
  if (k < 0) {
    problems.push({
      path: "foreignExchange.limit",
      message: `"${fx.limit}" is not a limit of the plan (limits: ${limits.map((l) => l.id).join(", ") || "none"})`,
    });
    return;
  }
  const scale = accountScale(
    fx,
    p.limits.find((l) => l.id === fx.limit),
    m,
  );
  const inUnits = (v: Float64Array) => v.map((x) => x * scale);
  const parts = [
    {
      id: "exports",
      label: "exports",
      values: inUnits(amounts(fx.exports.values, years, "foreignExchange.exports.values", problems)),
    },
  ];
  fx.inflows.forEach((f, q) => {
    const path = `foreignExchange.inflows.${q}`;
    if (f.id === "exports" || fx.inflows.findIndex((g) => g.id === f.id) !== q)
      problems.push({
        path: `${path}.id`,
        message: `id "${f.id}" is used twice (or is "exports", which the account's exports use)`,
      });
    const low = amounts(f.low, years, `${path}.low`, problems);
    const high = amounts(f.high, years, `${path}.high`, problems);
    const bad = low.findIndex((v, t) => v > high[t]);
    if (bad >= 0)
      problems.push({ path: `${path}.low`, message: `low ${low[bad]} is above high ${high[bad]} in ${years[bad]}` });
    const central =
      f.central === undefined
        ? low.map((v, t) => (v + high[t]) / 2)
        : amounts(f.central, years, `${path}.central`, problems);
    const v = which === "low" ? low : which === "high" ? high : central;
    parts.push({ id: f.id, label: f.label ?? f.id, values: inUnits(v) });
  });
  const l = limits[k];
  const uncapped = l.values;
  const values = Float64Array.from(years, (_, t) => parts.reduce((a, q) => a + q.values[t], 0));
  limits[k] = {
    ...l,
    values: uncapped.map((v, t) => Math.min(v, values[t])),
    ceiling: { label: `exports and other inflows (${which})`, parts, values, uncapped },
  };
}
