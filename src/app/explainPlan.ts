/**
 * `ioplan explain` and `ioplan backcast`: a plan year's shortfall explained through the model (Shapley parts of
 * counterfactual runs, what the model does not explain), how well the model reproduces the observed years, the
 * range across the plan's alternative models and, with samples, intervals from Monte Carlo draws.
 */
import { InvalidValueError } from "../engine/index.ts";
import { PlanFileError, readPlanFile } from "../formats/planFile.ts";
import type { ObservationStore } from "../store/store.ts";
import type { YearExplanation } from "./observedWorld.ts";
import { backcastOf, explainYears, reviewWithContext } from "./review.ts";
import type { PlanReview, ReviewBackcast, ReviewContext, ReviewOptions } from "./review.ts";
import { sampleExplanations, samplingOf } from "./uncertainty.ts";
import type { ExplanationIntervals, Interval } from "./uncertainty.ts";

/** Options of {@link explainPlan} and {@link backcastPlan}. */
export interface ExplainOptions extends ReviewOptions {
  /** Plan year to explain (default: the last year with a shortfall). */
  year?: number;
  /** Monte Carlo draws (0 or absent: none). */
  samples?: number;
  seed?: number;
  /** Relative error of every technical coefficient in the draws (overrides the plan's `uncertainty.coefficients`). */
  coefficientError?: number;
}

/** One model's answer, for the range across the plan's models. */
export interface ModelAnswer {
  model: string;
  total: { shortfall: number; modelled: number; unexplained: number };
  valueAdded: { shortfall: number; modelled: number; unexplained: number };
  /** Shapley parts in gross output, by channel. */
  parts: Record<string, number>;
  /** Shapley parts in value added, by channel: comparable across donor tables, whose gross outputs differ in scale. */
  valueAddedParts: Record<string, number>;
  backcastMape: number;
}

/** What `ioplan explain --json` prints. */
export type PlanExplanation = Omit<YearExplanation, "sectors"> & {
  plan: string;
  sectors: (YearExplanation["sectors"][number] & { name: string })[];
  /** The backcast's one line and overall fit, printed beside the explanation. */
  backcast: { line: string; overall: ReviewBackcast["overall"] };
  /** The central model first, then each alternative model of the plan, run the same way. */
  models: ModelAnswer[];
  /** Min and max across models of each headline (when the plan names alternative models). */
  modelRange?: Record<string, { min: number; max: number }>;
  /** Intervals from draws (with samples). */
  uncertainty?: { description: string; intervals: Record<string, Interval>; backcastMape: Interval };
};

async function contexts(
  file: string,
  store: ObservationStore,
  o: ExplainOptions,
): Promise<{ contexts: ReviewContext[]; labels: string[] }> {
  const { alternatives } = readPlanFile(file);
  const central = await reviewWithContext(file, store, o);
  const rest = [];
  for (const a of alternatives) rest.push(await reviewWithContext(file, store, { ...o, model: a.path }));
  return { contexts: [central, ...rest], labels: [central.loaded.model.name, ...alternatives.map((a) => a.label)] };
}

function answer(model: string, e: YearExplanation | undefined, b: ReviewBackcast): ModelAnswer {
  const acc = (a?: { shortfall: number; modelled: number; unexplained: number }) => ({
    shortfall: a?.shortfall ?? NaN,
    modelled: a?.modelled ?? NaN,
    unexplained: a?.unexplained ?? NaN,
  });
  return {
    model,
    total: acc(e?.total),
    valueAdded: acc(e?.valueAdded),
    parts: Object.fromEntries((e?.total.parts ?? []).map((p) => [p.channel, p.value])),
    valueAddedParts: Object.fromEntries((e?.valueAdded.parts ?? []).map((p) => [p.channel, p.value])),
    backcastMape: b.overall.mape,
  };
}

function rangeOf(models: readonly ModelAnswer[]): Record<string, { min: number; max: number }> {
  const out: Record<string, { min: number; max: number }> = {};
  const add = (k: string, v: number) => {
    if (!Number.isFinite(v)) return;
    const r = (out[k] ??= { min: v, max: v });
    r.min = Math.min(r.min, v);
    r.max = Math.max(r.max, v);
  };
  for (const m of models) {
    for (const k of ["shortfall", "modelled", "unexplained"] as const) {
      add(`total.${k}`, m.total[k]);
      add(`valueAdded.${k}`, m.valueAdded[k]);
    }
    for (const [c, v] of Object.entries(m.parts)) add(`total.parts.${c}`, v);
    for (const [c, v] of Object.entries(m.valueAddedParts)) add(`valueAdded.parts.${c}`, v);
    add("backcast.mape", m.backcastMape);
  }
  return out;
}

/**
 * Explains one plan year's output shortfalls through the model (see `explainShortfalls`): per sector and in
 * total, in gross output and value added, with the rationing rule, the backcast line, the answer of every
 * model the plan names and, with `samples`, intervals.
 * @throws InvalidValueError when `year` is not a plan year with observed outputs; PlanFileError as reviewPlan.
 */
export async function explainPlan(
  file: string,
  store: ObservationStore,
  o: ExplainOptions = {},
): Promise<PlanExplanation> {
  const { contexts: cs, labels } = await contexts(file, store, o);
  const c = cs[0];
  const ex = c.review.explanations;
  const years = ex.map((e) => e.year);
  if (!ex.length)
    throw new PlanFileError(file, [
      {
        path: "targets",
        message:
          `nothing to explain: no output target names an observed indicator with figures inside ` +
          `${c.loaded.spec.years[0]}–${c.loaded.spec.years[c.loaded.spec.years.length - 1]} (give targets an ` +
          `observed: { indicator } and import its figures)`,
      },
    ]);
  const e =
    o.year === undefined
      ? ([...ex].reverse().find((q) => q.total.shortfall > 0) ?? ex[ex.length - 1])
      : ex.find((q) => q.year === o.year);
  if (!e) throw new InvalidValueError("--year", o.year!, `a plan year with observed outputs (${years.join(", ")})`);
  const models = cs.map((k, i) =>
    answer(
      labels[i],
      k.review.explanations.find((q) => q.year === e.year),
      k.review.backcast,
    ),
  );
  const names = new Map(c.loaded.model.sectors.map((s) => [s.code, s.name]));
  const out: PlanExplanation = {
    ...e,
    plan: c.review.plan,
    sectors: e.sectors.map((s) => ({ ...s, name: names.get(s.code) ?? s.code })),
    backcast: { line: c.review.backcast.line, overall: c.review.backcast.overall },
    models,
    modelRange: cs.length > 1 ? rangeOf(models) : undefined,
  };
  const s = samplingOf(c.loaded.planFile, o);
  if (s) {
    const iv: ExplanationIntervals = sampleExplanations(cs, s, o.rationing ?? "proportional");
    const at = iv.byYear[e.year] ?? {};
    out.uncertainty = { description: iv.description, intervals: at, backcastMape: iv.backcastMape };
    // each headline carries its own interval too
    for (const [key, acc] of [
      ["total", out.total],
      ["valueAdded", out.valueAdded],
    ] as const) {
      out[key] = {
        ...acc,
        intervals: {
          shortfall: at[`${key}.shortfall`],
          modelled: at[`${key}.modelled`],
          unexplained: at[`${key}.unexplained`],
        },
        parts: acc.parts.map((p) => ({ ...p, interval: at[`${key}.parts.${p.channel}`] })),
      };
    }
  }
  return out;
}

/** What `ioplan backcast --json` prints. */
export type PlanBackcast = ReviewBackcast & {
  plan: string;
  models: { model: string; mape: number; theilU: number }[];
  uncertainty?: { description: string; mape: Interval };
};

/**
 * The backcast of a plan's observed years: the model run on the observed channels alone, per sector and year
 * beside what was observed, with MAPE and Theil's U, for the central model and every alternative, and with
 * `samples` an interval on the overall MAPE.
 */
export async function backcastPlan(
  file: string,
  store: ObservationStore,
  o: ExplainOptions = {},
): Promise<PlanBackcast> {
  const { contexts: cs, labels } = await contexts(file, store, o);
  const b = cs[0].review.backcast;
  const out: PlanBackcast = {
    ...b,
    plan: cs[0].review.plan,
    models: cs.map((k, i) => ({
      model: labels[i],
      mape: k.review.backcast.overall.mape,
      theilU: k.review.backcast.overall.theilU,
    })),
  };
  const s = samplingOf(cs[0].loaded.planFile, o);
  if (s) {
    const iv = sampleExplanations(cs, s, o.rationing ?? "proportional");
    out.uncertainty = { description: iv.description, mape: iv.backcastMape };
  }
  return out;
}

/** A review with the answer of every model the plan names and, with samples, intervals per explained year. */
export type PlanReviewWithRanges = PlanReview & {
  models: (ModelAnswer & { year: number })[];
  modelRange?: Record<string, { min: number; max: number }>;
  uncertainty?: ExplanationIntervals;
};

/**
 * {@link reviewPlan} with the range across the plan's alternative models (for the last explained year with a
 * shortfall) and, with `samples`, intervals on every explained year's headlines and on the backcast.
 */
export async function reviewWithRanges(
  file: string,
  store: ObservationStore,
  o: ExplainOptions = {},
): Promise<PlanReviewWithRanges> {
  const { contexts: cs, labels } = await contexts(file, store, o);
  const review = cs[0].review;
  const ex = review.explanations;
  const last = [...ex].reverse().find((q) => q.total.shortfall > 0) ?? ex[ex.length - 1];
  const models = last
    ? cs.map((k, i) => ({
        ...answer(
          labels[i],
          k.review.explanations.find((q) => q.year === last.year),
          k.review.backcast,
        ),
        year: last.year,
      }))
    : [];
  const s = samplingOf(cs[0].loaded.planFile, o);
  return {
    ...review,
    models,
    modelRange: cs.length > 1 ? rangeOf(models) : undefined,
    uncertainty: s ? sampleExplanations(cs, s, o.rationing ?? "proportional") : undefined,
  };
}

/** One import-substitution share tried by {@link calibrateSubstitution}, with the backcast it gives. */
export interface CalibrationPoint {
  share: number;
  mape: number;
  theilU: number;
}

/**
 * Tries import-substitution shares 0, 0.05, …, 1 and reports the backcast of each (the plan's `substitution.cost`
 * kept), the share with the lowest MAPE and the smallest share with the lowest Theil's U. The share is then calibrated
 * on the same years the explanation explains: say so where it is used, and show how the explanation moves across the
 * shares that fit nearly as well.
 */
export async function calibrateSubstitution(
  file: string,
  store: ObservationStore,
  o: ExplainOptions = {},
): Promise<{
  plan: string;
  points: CalibrationPoint[];
  best: CalibrationPoint;
  bestTheil: CalibrationPoint;
  naiveMape: number;
}> {
  const c = await reviewWithContext(file, store, o);
  if (!c.loaded.model.importCoefficients)
    throw new InvalidValueError(
      `${file}: calibration`,
      NaN,
      "a model with import coefficients (import_coefficients.csv)",
    );
  if (!c.channels.channels.some((q) => q.id === "imports"))
    throw new InvalidValueError(
      `${file}: calibration`,
      NaN,
      "a plan whose review block names the imports channel (review.imports)",
    );
  const points: CalibrationPoint[] = [];
  for (let k = 0; k <= 20; k++) {
    const share = k / 20;
    const b = backcastOf(
      c.loaded,
      explainYears(c.loaded, c.channels, c.series, o.rationing ?? "proportional", share),
      o.rationing ?? "proportional",
      c.series,
    );
    points.push({ share, mape: b.overall.mape, theilU: b.overall.theilU });
  }
  const best = points.reduce((a, p) => (p.mape < a.mape ? p : a), points[0]);
  // Theil's U weighs large misses more (the collapse years); ties go to the smaller share
  const bestTheil = points.reduce((a, p) => (p.theilU < a.theilU - 1e-6 ? p : a), points[0]);
  return { plan: c.review.plan, points, best, bestTheil, naiveMape: c.review.backcast.overall.naiveMape };
}
