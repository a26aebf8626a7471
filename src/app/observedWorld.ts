/**
 * The planned and the observed world of a plan year, for the counterfactual explanation and the backcast: the
 * plan's final deliveries by category, its import and labour budgets and the logged capacity losses, each
 * channel with its planned and observed value and the observations it rests on.
 */
import type {
  CounterfactualChannel,
  EconomyModel,
  Explanation,
  Matrix,
  RationingRule,
  ResourceBudget,
  SeededRandom,
  SupplyModel,
} from "../engine/index.ts";
import {
  createSupplyModel,
  explainShortfalls,
  forEachEntry,
  mapEntries,
  methodForSolves,
  totalFinalDemand,
} from "../engine/index.ts";
import type { PlanFile } from "../formats/planFile.ts";
import type { LoadedPlan } from "./planning.ts";
import { valueAddedPerUnit } from "./observedChannels.ts";
import type { ObservedChannels, OutputSeries } from "./observedChannels.ts";
export { citeFigure, observedChannels, rowPerUnit, valueAddedPerUnit } from "./observedChannels.ts";
export type {
  ChannelSeries,
  ChannelYear,
  LoggedLoss,
  ObservedChannels,
  OutputSeries,
  WorldProblem,
} from "./observedChannels.ts";

/**
 * What one Monte Carlo draw changes besides the coefficients (drawn by the caller, {@link drawCoefficients}, and
 * passed as `YearOptions.A`): channel ratios and observed outputs within their source ranges, and blocks of per-unit
 * rows with a relative standard error (0 or absent: the block is not drawn).
 */
export interface WorldDraw {
  random: SeededRandom;
  budgets?: number;
  valueAdded?: number;
  /** Draw channels and observed outputs uniformly within the range across sources. */
  sources: boolean;
}

/**
 * The model's A with each coefficient times max(0, 1 + σ·z), z standard normal: redrawn when a column sums to ≥ 1.
 */
export function drawCoefficients(A: Matrix, sigma: number, r: SeededRandom): Matrix {
  for (let attempt = 0; attempt < 100; attempt++) {
    const B = mapEntries(A, (_i, _j, v) => v * Math.max(0, 1 + sigma * r.normal()));
    const sums = new Float64Array(A.cols);
    forEachEntry(B, (_i, j, v) => (sums[j] += v));
    if (sums.every((s) => s < 1)) return B;
  }
  throw new Error(`coefficient error ${sigma} is too large: 100 draws in a row had a column summing to 1 or more`);
}

const scaleDraw = (v: Float64Array, sigma: number | undefined, r: SeededRandom | undefined) =>
  r && sigma ? v.map((x) => x * Math.max(0, 1 + sigma * r.normal())) : v;
const within = (c: { ratio: number; min: number; max: number }, d?: WorldDraw) =>
  d?.sources && c.max > c.min ? c.min + (c.max - c.min) * d.random.uniform() : c.ratio;

/** Options of {@link explainYear}. */
export interface YearOptions {
  rationing: "proportional" | "priority";
  /** Import substitution share to use instead of the plan's `review.imports.substitution.share` (calibration). */
  substitutionShare?: number;
  draw?: WorldDraw;
  /** Coefficients to use instead of the model's (a draw). */
  A?: Matrix;
  exactUpTo?: number;
  permutations?: number;
  seed?: number;
}

/** A year's explanation with the channels as used (observed ÷ planned) and those left as planned. */
export type YearExplanation = Explanation & {
  year: number;
  units: string;
  channels: { id: string; label: string; kind: string; ratio: number | null; evidence: string[] }[];
  /** Channels not observed this year: kept at their planned value. */
  notObserved: string[];
};

/** Planned and observed output of each reviewed sector in the year (NaN where none), with their evidence. */
function reviewedOutputs(
  m: EconomyModel,
  series: readonly OutputSeries[],
  t: number,
  year: number,
  d: YearOptions["draw"],
) {
  const n = m.sectors.length;
  const planned = new Float64Array(n).fill(NaN);
  const observed = new Float64Array(n).fill(NaN);
  const pe: string[][] = Array.from({ length: n }, () => []);
  const oe: string[][] = Array.from({ length: n }, () => []);
  for (const s of series) {
    const v = s.observed.get(year);
    if (v === undefined || !Number.isFinite(s.values[t])) continue;
    const range = s.ranges[year];
    planned[s.sector] = s.values[t];
    observed[s.sector] =
      d?.sources && range && range.max > range.min ? range.min + (range.max - range.min) * d.random.uniform() : v;
    pe[s.sector].push(
      `target ${s.id} ${year}: ${s.values[t].toPrecision(6)} ${m.unit}${s.source ? ` (${s.source})` : ""}`,
    );
    oe[s.sector].push(s.sources[year]);
  }
  return { planned, observed, pe, oe };
}

/**
 * The year's channels switched from planned to observed: final-demand categories and budgets (an unobserved one
 * kept as planned, and named), and logged capacity losses; `other` gains the unobserved categories.
 */
function yearChannels(
  m: EconomyModel,
  ch: ObservedChannels,
  t: number,
  xBase: Float64Array,
  other: Float64Array,
  d: YearOptions["draw"],
) {
  const n = m.sectors.length;
  const channels: CounterfactualChannel[] = [];
  const budgets: ResourceBudget[] = [];
  const used: YearExplanation["channels"] = [];
  const notObserved: string[] = [];
  for (const c of ch.channels) {
    const y = c.years[t];
    used.push({ id: c.id, label: c.label, kind: c.kind, ratio: y?.ratio ?? null, evidence: y?.evidence ?? [] });
    const evidence = [...(y?.evidence ?? []), ...(c.id === "imports" ? ch.logged.map((l) => `logged: ${l}`) : [])];
    if (c.kind === "final-demand") {
      const col = Float64Array.from(
        { length: n },
        (_, i) => m.finalDemand.data[i * m.finalDemand.cols + c.column!] * c.plannedScale[t],
      );
      if (!y) {
        notObserved.push(c.label);
        for (let i = 0; i < n; i++) other[i] += col[i];
        continue;
      }
      const r = within(y, d);
      channels.push({
        id: c.id,
        label: c.label,
        kind: "final-demand",
        planned: col,
        observed: col.map((v) => v * r),
        evidence,
      });
    } else {
      const perUnit = scaleDraw(c.perUnit!, d?.budgets, d?.random);
      let use = 0;
      for (let i = 0; i < n; i++) use += perUnit[i] * xBase[i];
      const limit = use * c.plannedScale[t];
      budgets.push({ id: c.id, label: c.label, perUnit, limit });
      if (!y) {
        notObserved.push(c.label);
        continue;
      }
      channels.push({
        id: c.id,
        label: c.label,
        kind: "budget",
        budget: c.id,
        observedLimit: limit * within(y, d),
        evidence,
      });
    }
  }
  for (const l of ch.losses) {
    if (!(l.remaining[t] < 1)) continue;
    const factor = new Float64Array(n).fill(1);
    factor[l.sector] = l.remaining[t];
    channels.push({ id: l.id, label: l.label, kind: "capacity", factor, evidence: l.evidence[t] });
    used.push({ id: l.id, label: l.label, kind: "capacity", ratio: l.remaining[t], evidence: l.evidence[t] });
  }
  return { channels, budgets, used, notObserved };
}

/**
 * Builds the year's planned and observed worlds and explains each reviewed sector's shortfall through them.
 * Planned world: every final-demand category at its base-year deliveries times its planned growth (the plan's
 * baseline growth for categories no channel measures), budgets at their base-year use times planned growth, no
 * capacity limit. Observed world: each channel at observed ÷ planned times its planned value; a logged capacity
 * loss caps its sector at the remaining share of the planned world's output. Returns null when no reviewed
 * sector has a figure for the year.
 */
export function explainYear(
  p: LoadedPlan,
  ch: ObservedChannels,
  series: readonly OutputSeries[],
  t: number,
  o: YearOptions,
): YearExplanation | null {
  const { model: m, spec, planFile } = p;
  const year = spec.years[t];
  const n = m.sectors.length;
  const d = o.draw;
  const { planned, observed, pe, oe } = reviewedOutputs(m, series, t, year, d);
  if (!planned.some((v) => Number.isFinite(v))) return null;
  const growth = baselineGrowth(p, t);
  // under drawn coefficients the model no longer reproduces the base year: the plan's budgets and capacities, stated
  // against the base year, move with the drawn base-year output (else every draw that needs more would be rationed)
  const A = o.A ?? m.A;
  const xBase = o.A ? supplyModelOf(A, m, 1).respond(totalFinalDemand(m)) : m.x;
  const fdCols = new Set(ch.channels.filter((c) => c.kind === "final-demand").map((c) => c.column!));
  const other = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < m.finalDemandCategories.length; c++)
      if (!fdCols.has(c)) other[i] += m.finalDemand.data[i * m.finalDemand.cols + c] * growth[i];
  const { channels, budgets, used, notObserved } = yearChannels(m, ch, t, xBase, other, d);
  const rationing: RationingRule =
    o.rationing === "priority" ? { rule: "priority", ...priorities(planFile, m) } : { rule: "proportional" };
  const subs = planFile.substitution;
  const share = o.substitutionShare ?? subs?.share ?? 0;
  const e = explainShortfalls({
    sectors: m.sectors.map((s) => s.code),
    A,
    model: supplyModelOf(A, m, p.spec.years.length * (1 + 2 * ch.channels.length)),
    valueAddedPerUnit: scaleDraw(valueAddedPerUnit(m), d?.valueAdded, d?.random),
    otherFinalDemand: other,
    budgets,
    channels,
    importSubstitution:
      share > 0 && m.importCoefficients && budgets.some((b) => b.id === "imports")
        ? { budget: "imports", imports: m.importCoefficients, share, cost: subs?.cost ?? 1 }
        : undefined,
    capacity: o.A
      ? p.spec.capacity.initial.map((c, i) => (m.x[i] > 0 ? (c * xBase[i]) / m.x[i] : c))
      : p.spec.capacity.initial,
    rationing,
    planned,
    observed,
    plannedEvidence: pe,
    observedEvidence: oe,
    exactUpTo: o.exactUpTo,
    permutations: o.permutations,
    seed: o.seed,
  });
  return { ...e, year, units: m.unit, channels: used, notObserved };
}

const models = new WeakMap<Matrix, SupplyModel>();
/** One supply model (one factorisation) per coefficient matrix, reused by every year explained on it. */
function supplyModelOf(A: Matrix, m: EconomyModel, solves: number): SupplyModel {
  let s = models.get(A);
  if (!s)
    models.set(
      A,
      (s = createSupplyModel(
        A,
        undefined,
        m.sectors.map((q) => q.code),
        { method: methodForSolves(A, solves) },
      )),
    );
  return s;
}

/** Per sector, the plan's baseline growth of final deliveries in year t (1 when the plan has no baseline). */
function baselineGrowth(p: LoadedPlan, t: number): Float64Array {
  const f = totalFinalDemand(p.model);
  const g = new Float64Array(f.length).fill(1);
  for (const s of p.spec.targets)
    if (s.id.startsWith("baseline:") && f[s.sector] > 0 && Number.isFinite(s.values[t]))
      g[s.sector] = s.values[t] / f[s.sector];
  return g;
}

/**
 * Rationing classes from the plan: each sector's most urgent target, by rank (1 first) and, within a rank, by
 * weight (heavier first); sectors without a target come after every target.
 */
/**
 * Rationing classes: the plan's `review.priority` groups (first served first, sectors not named last), or else
 * by target rank, then weight. Sector codes are checked when the plan is loaded (reviewWithContext).
 */
function priorities(plan: PlanFile, m: EconomyModel): { priority: Float64Array; order: string } {
  const pr = new Float64Array(m.sectors.length).fill(Infinity);
  const groups = plan.review?.priority;
  if (groups) {
    groups.forEach((g, k) => {
      for (const code of g) {
        const i = m.sectors.findIndex((s) => s.code === code);
        if (i >= 0) pr[i] = Math.min(pr[i], k);
      }
    });
  } else {
    for (const t of plan.targets) {
      const i = m.sectors.findIndex((s) => s.code === t.sector);
      if (i >= 0) pr[i] = Math.min(pr[i], t.rank * 1e6 - t.weight);
    }
  }
  const classes = [...new Set(pr)].sort((a, b) => a - b);
  const order = classes
    .map((c) =>
      c === Infinity
        ? "the rest"
        : m.sectors
            .filter((_, i) => pr[i] === c)
            .map((s) => s.code)
            .join(", "),
    )
    .join("; ");
  return {
    priority: pr,
    order: groups ? `${order}, as the plan's review.priority sets` : `${order}, by target rank, then weight`,
  };
}
