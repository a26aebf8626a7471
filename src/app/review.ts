import type { Backcast, Reconciliation, SourcedFigure, TargetFulfilment, Thresholds } from "../engine/index.ts";
import {
  DEFAULT_THRESHOLDS,
  classify,
  reconcile,
  reviewTarget,
  rollUp,
  totalFinalDemand,
  unitFactor,
} from "../engine/index.ts";
import type { FulfilmentStatus, RollUp } from "../engine/index.ts";
import { PlanFileError } from "../formats/planFile.ts";
import { loadPlan } from "./planning.ts";
import type { LoadedPlan } from "./planning.ts";
import { citeFigure, observedChannels } from "./observedWorld.ts";
import type { ObservedChannels, OutputSeries, YearExplanation } from "./observedWorld.ts";
import type { Observation } from "../engine/index.ts";
import type { ObservationStore } from "../store/store.ts";
import { backcastOf, explainYears } from "./reviewExplain.ts";
import { precedenceOf } from "./precedence.ts";
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

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SPAN = /^(\d{4})-(\d{4})$/;

const cite = citeFigure;

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
        message: `"${numeric[0].indicator}" has figures in ${units.length} units (${units.join(", ")}); name the unit to use with observed.unit`,
      });
    return numeric;
  }
  const out: SourcedFigure[] = [];
  for (const f of numeric) {
    const k = unitFactor(f.unit, unit);
    if (k === null)
      problems.push({
        path: `${path}.unit`,
        message: `figure #${f.id} (${f.indicator} ${f.period || "undated"}, ${f.sourceName}) is in "${f.unit}", which does not convert to "${unit}"`,
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
  const listed = new Map<string, Promise<Observation[]>>();
  const figuresOf = (indicator: string) => {
    if (!listed.has(indicator)) listed.set(indicator, store.list({ indicator }));
    return listed.get(indicator)!;
  };
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
    const annual = new Map<number, Reconciliation>();
    const sub = new Map<number, Reconciliation[]>();
    const spans: Reconciliation[] = [];
    for (const r of rec) {
      let mt: RegExpExecArray | null;
      // a projection made before the outcome is not an observation: a period with only projections is not observed
      if (r.best.kind === "projection") {
        warnings.push({
          path: `${path}.indicator`,
          message: `${obs.indicator} ${r.period}: only a projection (${r.best.sourceName}), not an outcome; not reviewed`,
        });
        continue;
      }
      if ((mt = YEAR.exec(r.period))) annual.set(Number(mt[1]), r);
      else if ((mt = QUARTER.exec(r.period) ?? MONTH.exec(r.period))) {
        const y = Number(mt[1]);
        if (!sub.has(y)) sub.set(y, []);
        sub.get(y)!.push(r);
      } else if (SPAN.test(r.period)) spans.push(r);
    }
    // quarters or months make a year where no annual figure is given (levels only)
    for (const [y, parts] of sub) {
      if (annual.has(y) || y < first - 1 || y > last) continue;
      const quarters = parts.filter((r) => QUARTER.test(r.period));
      const months = parts.filter((r) => MONTH.test(r.period));
      const use = quarters.length === 4 ? quarters : months.length === 12 ? months : null;
      if (obs.as === "growth") {
        warnings.push({
          path,
          message: `${obs.indicator} has quarterly or monthly growth rates for ${y} and no annual rate; sub-annual rates are not chained into years`,
        });
      } else if (!use) {
        warnings.push({
          path,
          message: `${obs.indicator} ${y}: ${quarters.length} of 4 quarters and ${months.length} of 12 months observed, no annual figure; ${y} is not reviewed`,
        });
      } else {
        use.sort((a, b) => a.period.localeCompare(b.period));
        const vals = use.map((r) => r.best.value as number);
        const value =
          obs.aggregate === "sum"
            ? vals.reduce((a, b) => a + b, 0)
            : obs.aggregate === "mean"
              ? vals.reduce((a, b) => a + b, 0) / vals.length
              : vals[vals.length - 1];
        annual.set(y, {
          ...use[0],
          period: `${y} (${obs.aggregate} of ${use.length} ${use === quarters ? "quarters" : "months"})`,
          best: { ...use[0].best, value },
          conflicts: use.flatMap((r) => r.conflicts),
        });
      }
    }
    const observed = new Map<number, number>();
    const sources: Record<number, string> = {};
    const ranges: Record<number, { min: number; max: number; sources: number }> = {};
    if (obs.as === "level") {
      for (const [y, r] of annual) {
        if (y < first || y > last) continue;
        observed.set(y, (r.best.value as number) * obs.factor);
        sources[y] = cite(r);
        ranges[y] = { min: r.range.min * obs.factor, max: r.range.max * obs.factor, sources: r.sources };
      }
    } else {
      // chain growth rates from the model's base year: level_y = base · Π (1 + g_s / 100)
      let level = s.on === "output" ? model.x[s.sector] : f[s.sector];
      for (let y = model.baseYear + 1; y <= last; y++) {
        const r = annual.get(y);
        if (!r) {
          if (y <= last && [...annual.keys()].some((z) => z > y && z <= last))
            warnings.push({
              path,
              message: `${obs.indicator} has no figure for ${y}: the chained levels stop at ${y - 1}`,
            });
          break;
        }
        const before = level;
        level *= 1 + (r.best.value as number) / 100;
        if (y >= first) {
          observed.set(y, level);
          sources[y] = cite(r);
          ranges[y] = {
            min: before * (1 + r.range.min / 100),
            max: before * (1 + r.range.max / 100),
            sources: r.sources,
          };
        }
      }
    }
    const spanReviews: SpanFulfilment[] = [];
    for (const r of spans) {
      const [, a, b] = SPAN.exec(r.period)!.map(Number);
      if (obs.as === "growth") continue;
      if (a < first || b > last) {
        warnings.push({
          path,
          message: `${obs.indicator} ${r.period} (${r.best.sourceName}) is not inside the plan period ${first}–${last}; not reviewed`,
        });
        continue;
      }
      let target = 0;
      for (let y = a; y <= b; y++) target += s.values[y - first];
      const value = (r.best.value as number) * obs.factor;
      const ratio = obs.direction === "ascending" ? value / target : target / value;
      spanReviews.push({
        period: r.period,
        target,
        observed: value,
        ratio,
        status: classify(ratio, th),
        source: cite(r),
      });
    }
    if (!observed.size && !spanReviews.length) {
      const periods = [...new Set(rec.map((r) => r.period))].sort();
      warnings.push({
        path: `${path}.indicator`,
        message: `${obs.indicator} has no figure inside the plan period ${first}–${last}${periods.length ? ` (it has: ${periods.slice(0, 8).join(", ")}${periods.length > 8 ? ", …" : ""})` : ""}`,
      });
    }
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
  const explanations = explainYears(loaded, channels, outputSeries, options.rationing ?? "proportional");
  const review: PlanReview = {
    plan: plan.name,
    years: spec.years,
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
    backcast: backcastOf(loaded, explanations, options.rationing ?? "proportional", outputSeries),
    warnings,
  };
  for (const e of explanations)
    if (e.notObserved.length)
      warnings.push({
        path: "review",
        message: `${e.year}: ${e.notObserved.join(", ")} not observed; kept as planned in the explanation`,
      });
  return { review, loaded, channels, series: outputSeries };
}
