import type { Backcast, SourcedFigure, TargetFulfilment, Thresholds } from "../engine/index.ts";
import { DEFAULT_THRESHOLDS, reconcile, reviewTarget, rollUp, totalFinalDemand, unitFactor } from "../engine/index.ts";
import type { FulfilmentStatus, RollUp } from "../engine/index.ts";
import { PlanFileError } from "../formats/planFile.ts";
import { loadPlan } from "./planning.ts";
import type { LoadedPlan } from "./planning.ts";
import { observedChannels } from "./observedWorld.ts";
import type { ObservedChannels, OutputSeries, YearExplanation } from "./observedWorld.ts";
import type { Observation } from "../engine/index.ts";
import type { ObservationStore } from "../store/store.ts";
import { backcastOf, explainYears } from "./reviewExplain.ts";
import { precedenceOf } from "./precedence.ts";
import { targetObservations } from "./targetObservations.ts";
export { precedenceOf } from "./precedence.ts";
export { backcastOf, explainYears } from "./reviewExplain.ts";

/** Something in the plan file or the observations a reader should know, naming the field and the figure. */
export interface ReviewWarning {
  path: string;
  message: string;
}

/** A target reviewed over a multi-year span ("2021-2025") against one figure for the whole span. */
export interface SpanFulfilment {
  period: string;
  target: number;
  observed: number;
  ratio: number;
  status: FulfilmentStatus;
  source: string;
}

/** The model's fit to the observed years, with the one line printed beside every explanation. */
export type ReviewBackcast = Backcast & { line: string; rationing: string };

/** Options of {@link reviewPlan}. */
export interface ReviewOptions {
  /** Source types in order, comma-separated (--precedence): overrides the plan's and the workspace's rule. */
  precedence?: string;
  thresholds?: Thresholds;
  /** How final deliveries are rationed when a budget or capacity binds (default proportional). */
  rationing?: "proportional" | "priority";
  /** Scenario whose capacity losses are the logged shocks (default: the plan's `review.shocks`). */
  scenario?: string;
  /** Model folder to use instead of the plan's (one of its alternative `models`). */
  model?: string;
}

/** A review with what it was built from, for counterfactual draws on the same plan, model and observations. */
export interface ReviewContext {
  review: PlanReview;
  loaded: LoadedPlan;
  channels: ObservedChannels;
  series: OutputSeries[];
}

/** A plan reviewed against the observations store. */
export interface PlanReview {
  plan: string;
  years: number[];
  /**
   * Per target: the indicator, the sector, per year the source of the best estimate and the range across
   * sources (in model units; for growth rates, the previous year's chained level times 1 + each source's rate).
   */
  targets: (TargetFulfilment & {
    indicator: string;
    sector: string;
    sources: Record<number, string>;
    ranges: Record<number, { min: number; max: number; sources: number }>;
    spans: SpanFulfilment[];
  })[];
  /** Targets the plan file gives no `observed` mapping for. */
  unmapped: string[];
  rollUp: RollUp;
  thresholds: Thresholds;
  /**
   * Per plan year with observed output targets: each sector's shortfall explained by counterfactual runs of the
   * supply-constrained model (Shapley parts per observed channel, and what the model does not explain), from the
   * first observed output target of each sector (`explainedTargets`).
   */
  explanations: YearExplanation[];
  explainedTargets: string[];
  /** The model run on the observed channels alone, beside the observed outputs of every explained year. */
  backcast: ReviewBackcast;
  warnings: ReviewWarning[];
}

/**
 * Figures of one indicator, checked and converted to the unit the plan names (when it names one): a figure
 * whose unit does not convert is a problem naming the figure and its source.
 */
function convertFigures(
  figs: readonly Observation[],
  unit: string | undefined,
  path: string,
  problems: ReviewWarning[],
): SourcedFigure[] {
  const numeric = figs.filter((f) => f.value !== null);
  if (!unit) {
    const units = [...new Set(numeric.map((f) => f.unit))];
    if (units.length > 1)
      problems.push({
        path,
        message:
          `"${numeric[0].indicator}" has figures in ${units.length} units (${units.join(", ")}); name the unit ` +
          `to use with observed.unit`,
      });
    return numeric;
  }
  const out: SourcedFigure[] = [];
  for (const f of numeric) {
    const k = unitFactor(f.unit, unit);
    if (k === null)
      problems.push({
        path: `${path}.unit`,
        message:
          `figure #${f.id} (${f.indicator} ${f.period || "undated"}, ${f.sourceName}) is in "${f.unit}", which ` +
          `does not convert to "${unit}"`,
      });
    else out.push({ ...f, value: (f.value as number) * k, unit });
  }
  return out;
}

/**
 * Reviews a plan's targets against what was observed: for each target with an `observed` mapping, the best
 * estimate per year after reconciliation (source precedence), in the plan's unit (levels × factor, quarters or
 * months made into years, spans compared with the target summed over their years) or growth rates chained from
 * the model's base year; then fulfilment per year, cumulative and projected; then each year's output shortfalls
 * explained by counterfactual runs of the supply-constrained model ({@link explainYear}), and the backcast.
 * Every figure used keeps its source.
 * @throws PlanFileError for mappings to indicators the store does not hold, units that do not convert, and
 *   explanation channels (review block) that do not fit the model.
 */
export async function reviewPlan(
  file: string,
  store: ObservationStore,
  options: ReviewOptions = {},
): Promise<PlanReview> {
  return (await reviewWithContext(file, store, options)).review;
}

/** The store's figures of an indicator, listed once however many targets name it. */
function figureLister(store: ObservationStore): (indicator: string) => Promise<Observation[]> {
  const listed = new Map<string, Promise<Observation[]>>();
  return (indicator) => {
    if (!listed.has(indicator)) listed.set(indicator, store.list({ indicator }));
    return listed.get(indicator)!;
  };
}

/**
 * The review: each year's shortfall explained through the model, the backcast, and the targets reviewed (a year
 * whose channels were not all observed is a warning).
 */
function explainedReview(
  loaded: LoadedPlan,
  channels: ObservedChannels,
  outputSeries: OutputSeries[],
  rationing: "proportional" | "priority",
  reviewed: Pick<PlanReview, "targets" | "unmapped" | "warnings"> & { th: Thresholds },
): PlanReview {
  const { targets, unmapped, th, warnings } = reviewed;
  const explanations = explainYears(loaded, channels, outputSeries, rationing);
  const review: PlanReview = {
    plan: loaded.planFile.name,
    years: loaded.spec.years,
    targets,
    unmapped,
    rollUp: rollUp(
      targets,
      "cumulative",
      targets.map((t) => t.indicator),
    ),
    thresholds: th,
    explanations,
    explainedTargets: outputSeries.map((o) => o.id),
    backcast: backcastOf(loaded, explanations, rationing, outputSeries),
    warnings,
  };
  for (const e of explanations)
    if (e.notObserved.length)
      warnings.push({
        path: "review",
        message: `${e.year}: ${e.notObserved.join(", ")} not observed; kept as planned in the explanation`,
      });
  return review;
}

/** {@link reviewPlan}, returning also the loaded plan, its observed channels and output series. */
export async function reviewWithContext(
  file: string,
  store: ObservationStore,
  options: ReviewOptions = {},
): Promise<ReviewContext> {
  const loaded = loadPlan(file, undefined, options.model);
  const { planFile: plan, model, spec } = loaded;
  const thresholds = options.thresholds;
  const th: Thresholds = thresholds ?? {
    met: DEFAULT_THRESHOLDS.met,
    near: plan.review?.near ?? DEFAULT_THRESHOLDS.near,
  };
  const f = totalFinalDemand(model);
  const problems: ReviewWarning[] = [];
  const warnings: ReviewWarning[] = [];
  const targets: PlanReview["targets"] = [];
  const unmapped: string[] = [];
  const first = spec.years[0];
  const last = spec.years[spec.years.length - 1];
  // once per review: it may read the workspace's ioplan.json
  const rule = precedenceOf(plan, file, options.precedence);
  // per target: observed levels by year (model units) and citations, for the explanation
  const figuresOf = figureLister(store);
  const outputSeries: OutputSeries[] = [];
  for (const [k, t] of plan.targets.entries()) {
    const s = spec.targets.find((x) => x.id === t.id)!;
    const path = `targets.${k}.observed`;
    if (!t.observed) {
      unmapped.push(t.id);
      continue;
    }
    const obs = t.observed;
    const raw = await figuresOf(obs.indicator);
    if (!raw.length) {
      problems.push({ path: `${path}.indicator`, message: `the store holds no figures for "${obs.indicator}"` });
      continue;
    }
    const figures = convertFigures(raw, obs.as === "growth" ? (obs.unit ?? "percent") : obs.unit, path, problems);
    const rec = reconcile(figures, rule);
    const {
      observed,
      sources,
      ranges,
      spans: spanReviews,
    } = targetObservations({ obs, s, path, first, last }, rec, model, f, th, warnings);
    const review = reviewTarget(
      { id: t.id, label: t.label ?? t.id, direction: obs.direction, years: spec.years, targets: Array.from(s.values) },
      observed,
      th,
    );
    targets.push({
      ...review,
      indicator: obs.indicator,
      sector: model.sectors[s.sector].code,
      sources,
      ranges,
      spans: spanReviews,
    });
    if (s.on === "output" && obs.direction === "ascending") {
      if (!outputSeries.some((o) => o.sector === s.sector))
        outputSeries.push({
          sector: s.sector,
          id: t.id,
          indicator: obs.indicator,
          rank: t.rank,
          values: s.values,
          observed,
          ranges,
          sources,
          source: t.source,
        });
    }
  }
  const channels = await observedChannels(loaded, store, problems, options.scenario, rule);
  if (problems.length) throw new PlanFileError(file, problems);
  const rationing = options.rationing ?? "proportional";
  const review = explainedReview(loaded, channels, outputSeries, rationing, { targets, unmapped, th, warnings });
  return { review, loaded, channels, series: outputSeries };
}
