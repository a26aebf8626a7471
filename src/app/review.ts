import type { Reconciliation, TargetFulfilment, Thresholds } from "../engine/index.ts";
import { DEFAULT_THRESHOLDS, reconcile, reviewTarget, rollUp, totalFinalDemand } from "../engine/index.ts";
import type { RollUp } from "../engine/index.ts";
import { PlanFileError } from "../formats/planFile.ts";
import { loadPlan } from "./planning.ts";
import type { ObservationStore } from "../store/store.ts";

/** A plan reviewed against the observations store. */
export interface PlanReview {
  plan: string;
  years: number[];
  targets: (TargetFulfilment & { indicator: string; sources: Record<number, string> })[];
  /** Targets the plan file gives no `observed` mapping for. */
  unmapped: string[];
  rollUp: RollUp;
  thresholds: Thresholds;
}

/**
 * Reviews a plan's targets against what was observed: for each target with an `observed` mapping, the best
 * estimate per year after reconciliation (source precedence), turned into model units (levels × factor, or
 * growth rates chained from the model's base-year value), then fulfilment per year, cumulative and projected.
 * Every figure used keeps its source.
 * @throws PlanFileError for mappings to indicators the store does not hold.
 */
export async function reviewPlan(file: string, store: ObservationStore, thresholds: Thresholds = DEFAULT_THRESHOLDS): Promise<PlanReview> {
  const { planFile: plan, model, spec } = loadPlan(file);
  const f = totalFinalDemand(model);
  const problems: { path: string; message: string }[] = [];
  const targets: PlanReview["targets"] = [];
  const unmapped: string[] = [];
  for (const [k, t] of plan.targets.entries()) {
    const s = spec.targets.find((x) => x.id === t.id)!;
    if (!t.observed) {
      unmapped.push(t.id);
      continue;
    }
    const figures = await store.list({ indicator: t.observed.indicator });
    if (!figures.length) {
      problems.push({ path: `targets.${k}.observed.indicator`, message: `the store holds no figures for "${t.observed.indicator}"` });
      continue;
    }
    const best = new Map<number, Reconciliation>();
    for (const r of reconcile(figures)) if (/^\d{4}$/.test(r.period)) best.set(Number(r.period), r);
    const observed = new Map<number, number>();
    const sources: Record<number, string> = {};
    if (t.observed.as === "level") {
      for (const [y, r] of best) {
        observed.set(y, (r.best.value as number) * t.observed.factor);
        sources[y] = `${r.best.sourceName} (${r.best.kind}, ${r.best.rule})`;
      }
    } else {
      // chain growth rates from the model's base year: level_y = base · Π (1 + g_s / 100)
      let level = s.on === "output" ? model.x[s.sector] : f[s.sector];
      for (let y = model.baseYear + 1; y <= spec.years[spec.years.length - 1]; y++) {
        const r = best.get(y);
        if (!r) break;
        level *= 1 + (r.best.value as number) / 100;
        observed.set(y, level);
        sources[y] = `${r.best.sourceName} (${r.best.kind}, ${r.best.rule})`;
      }
    }
    const review = reviewTarget({ id: t.id, label: t.label ?? t.id, direction: t.observed.direction, years: spec.years, targets: Array.from(s.values) }, observed, thresholds);
    targets.push({ ...review, indicator: t.observed.indicator, sources });
  }
  if (problems.length) throw new PlanFileError(file, problems);
  return { plan: plan.name, years: spec.years, targets, unmapped, rollUp: rollUp(targets), thresholds };
}
