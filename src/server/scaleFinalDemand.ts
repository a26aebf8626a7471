/**
 * The editor's final-demand change applied to a whole plan: what the plan asks of a sector's final deliveries
 * (its targets on final deliveries, the baseline deliveries among them, and the floors under final-demand
 * categories) scaled by a factor in every plan year. This is the multi-year counterpart of the quick check's
 * demand factor (`quickScenario`), which scales the sector's base-year final demand.
 *
 * (It belongs beside `applyOverrides` in app/planning.ts; it lives here until that file takes it.)
 */
import { OverrideError } from "../app/planning.ts";
import type { LoadedPlan } from "../app/planning.ts";

/**
 * A new plan with sector code → factor applied to its final deliveries (the input is not changed).
 * @throws OverrideError naming an unknown sector or a factor that is not ≥ 0
 * @example
 * ```ts
 * const p = scaleFinalDemand(loadPlan("examples/dprk/plans/2021-2025-draft.yaml"), { MET: 2 });
 * console.log(p.spec.targets.find((t) => t.id === "baseline:MET")!.values[0] > 0); // true
 * ```
 */
export function scaleFinalDemand(p: LoadedPlan, factors: Readonly<Record<string, number>>): LoadedPlan {
  const problems: { path: string; message: string }[] = [];
  const n = p.model.sectors.length;
  const scale = new Float64Array(n).fill(1);
  for (const [code, f] of Object.entries(factors)) {
    const i = p.model.sectors.findIndex((s) => s.code === code);
    if (i < 0) problems.push({ path: `finalDemand.${code}`, message: `"${code}" is not a sector of ${p.model.name}` });
    else if (!(f >= 0)) problems.push({ path: `finalDemand.${code}`, message: `${f} is not a factor ≥ 0` });
    else scale[i] = f;
  }
  if (problems.length) throw new OverrideError(problems);
  const targets = p.spec.targets.map((t) => (t.on === "final" && scale[t.sector] !== 1 ? { ...t, values: t.values.map((v) => v * scale[t.sector]) } : t));
  const floors = p.spec.floors?.map((f) => ({ ...f, values: f.values.map((v, k) => v * scale[k % n]) }));
  return { ...p, spec: { ...p.spec, targets, floors } };
}
