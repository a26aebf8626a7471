/**
 * The worked example, end to end: the DPRK's 2016–2020 strategy reviewed from the observations, and its
 * 2021–2025 draft checked under the shocks as recorded and as they might have eased, set beside what was
 * observed since 2021 and beside the government's own claims. Used by `npm start` (`ioplan example`), the
 * report and the dashboard.
 */
import { join } from "node:path";
import type { LpSolver, Reconciliation } from "../../engine/index.ts";
import { reconcile } from "../../engine/index.ts";
import { readObservationsCsv } from "../../store/observationsCsv.ts";
import type { ObservationStore } from "../../store/store.ts";
import type { ImportSummary } from "../../store/store.ts";
import { compareScenarios } from "../planning.ts";
import type { ScenarioComparison } from "../planning.ts";
import { reviewPlan } from "../review.ts";
import type { PlanReview } from "../review.ts";
import { reviewWithRanges } from "../explainPlan.ts";
import type { PlanReviewWithRanges } from "../explainPlan.ts";

/** Where the example lives, relative to the repository. */
export const DPRK_DIR = join("examples", "dprk");
export const DPRK_PLANS = { strategy: join(DPRK_DIR, "plans", "2016-2020-strategy.yaml"), draft: join(DPRK_DIR, "plans", "2021-2025-draft.yaml") };
/** The observation files the example imports, in order. */
export const DPRK_OBSERVATION_FILES = ["indicators.csv", "trade.csv", "derived.csv"];

/** Physical outputs the strategy's review follows (indicator, label). */
const PHYSICAL = [
  ["coal_production", "Coal"],
  ["iron_ore_production", "Iron ore"],
  ["crude_steel_production", "Crude steel"],
  ["electricity_generation", "Electricity"],
  ["cement_production", "Cement"],
  ["food_crop_production", "Food crops"],
  ["fishery_production", "Fishery"],
] as const;

/** A physical output's first and last figure in a period, with their sources. */
export interface PhysicalTrend {
  indicator: string;
  label: string;
  unit: string;
  first: { year: number; value: number; source: string };
  last: { year: number; value: number; source: string };
  change: number;
  fell: boolean;
}

/** A government claim set beside the estimates. */
export interface Claim {
  indicator: string;
  period: string;
  value: number;
  unit: string;
  source: string;
  note: string | null;
}

export interface DprkExample {
  imported: { file: string; rows: number; added: number; unchanged: number }[];
  strategy: {
    /** With the range across the donor tables the plan names (`models`, `modelRange`). */
    review: PlanReviewWithRanges;
    /** The stated rule and how many sectors missed it at the plan's end. */
    rule: string;
    sectorsBelow2015: { sector: string; label: string; ratio: number }[];
    sectorsObserved: number;
    physical: PhysicalTrend[];
  };
  draft: {
    comparison: ScenarioComparison[];
    review: PlanReview;
    claims: Claim[];
  };
}

const cite = (r: Reconciliation) => `${r.best.sourceName} (${r.best.kind})`;

/** Imports the example's observations into the store (idempotent: a second run adds nothing). */
export async function importDprkObservations(root: string, store: ObservationStore): Promise<DprkExample["imported"]> {
  const out: DprkExample["imported"] = [];
  for (const name of DPRK_OBSERVATION_FILES) {
    const file = join(root, DPRK_DIR, "observations", name);
    const { rows, sha256 } = readObservationsCsv(file);
    const r: ImportSummary = await store.importObservations(rows, { file: join(DPRK_DIR, "observations", name), sha256 });
    out.push({ file: join(DPRK_DIR, "observations", name), rows: r.rows, added: r.added, unchanged: r.unchanged });
  }
  return out;
}

/** First and last figure of each physical output within [from, to] (best estimates after reconciliation). */
async function physicalTrends(store: ObservationStore, from: number, to: number): Promise<PhysicalTrend[]> {
  const out: PhysicalTrend[] = [];
  for (const [indicator, label] of PHYSICAL) {
    const rec = reconcile(await store.list({ indicator })).filter((r) => /^\d{4}$/.test(r.period) && Number(r.period) >= from && Number(r.period) <= to);
    if (rec.length < 2) continue;
    rec.sort((a, b) => a.period.localeCompare(b.period));
    const a = rec[0];
    const b = rec[rec.length - 1];
    const change = (b.best.value as number) / (a.best.value as number) - 1;
    out.push({ indicator, label, unit: a.unit, first: { year: Number(a.period), value: a.best.value as number, source: cite(a) }, last: { year: Number(b.period), value: b.best.value as number, source: cite(b) }, change, fell: change < 0 });
  }
  return out;
}

/** Runs the worked example on a store (importing the observations first) and a solver. */
export async function runDprkExample(root: string, store: ObservationStore, solver: LpSolver, onProgress?: (done: number, total: number, what: string) => void): Promise<DprkExample> {
  const steps = 9;
  onProgress?.(0, steps, "importing the observations");
  const imported = await importDprkObservations(root, store);
  const strategyFile = join(root, DPRK_PLANS.strategy);
  onProgress?.(1, steps, "reviewing 2016–2020");
  // with the range across the plan's donor tables (its alternative models)
  const review = await reviewWithRanges(strategyFile, store);
  const last = review.years[review.years.length - 1];
  const sectorTargets = review.targets.filter((t) => t.id.endsWith("-growth"));
  const observedEnd = sectorTargets.filter((t) => t.years.find((y) => y.year === last)?.ratio != null);
  const below = observedEnd
    .map((t) => ({ sector: t.sector, label: t.label, ratio: t.years.find((y) => y.year === last)!.ratio as number }))
    .filter((s) => s.ratio < 1 - 1e-9)
    .sort((a, b) => a.ratio - b.ratio);
  const draftFile = join(root, DPRK_PLANS.draft);
  onProgress?.(2, steps, "checking the 2021–2025 draft");
  const comparison = await compareScenarios(draftFile, solver, undefined, { onProgress: (d, t, what) => onProgress?.(2 + (6 * d) / t, steps, what) });
  onProgress?.(8, steps, "reviewing since 2021");
  const draftReview = await reviewPlan(draftFile, store);
  const claims: Claim[] = [];
  for (const f of await store.list()) {
    if (f.kind === "reported" && f.value !== null && (/^h1_2023_plan_fulfilment/.test(f.indicator) || f.indicator === "pyongyang_new_flats_completed")) {
      claims.push({ indicator: f.indicator, period: f.period, value: f.value, unit: f.unit, source: f.sourceName, note: f.note });
    }
  }
  return {
    imported,
    strategy: {
      review,
      rule: `restore growth: each sector's output at least its ${review.years[0] - 1} level (Bank of Korea real growth chained from ${review.years[0] - 1})`,
      sectorsBelow2015: below,
      sectorsObserved: observedEnd.length,
      physical: await physicalTrends(store, review.years[0], last),
    },
    draft: { comparison, review: draftReview, claims },
  };
}
