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
  PrecedenceStep,
  RationingRule,
  Reconciliation,
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
  perUnitOfOutput,
  reconcile,
  totalFinalDemand,
  counted,
} from "../engine/index.ts";
import { scenarioShocks } from "../formats/planFile.ts";
import type { PlanFile } from "../formats/planFile.ts";
import type { ObservationStore } from "../store/store.ts";
import type { LoadedPlan } from "./planning.ts";

/** A problem in the plan's `review` block or its observations, naming the field. */
export interface WorldProblem {
  path: string;
  message: string;
}

/** One year's observed value of a channel: observed ÷ planned, the range across sources, and citations. */
export interface ChannelYear {
  ratio: number;
  min: number;
  max: number;
  evidence: string[];
}

/** A channel of the plan's `review` block, per plan year (null where not observed). */
export interface ChannelSeries {
  id: string;
  label: string;
  kind: "final-demand" | "budget";
  /** final-demand: the model's category column; budget: the row's use per unit of output. */
  column?: number;
  perUnit?: Float64Array;
  /** The planned level relative to the model's base year, per plan year: (1 + planned growth)^(year − base). */
  plannedScale: number[];
  years: (ChannelYear | null)[];
}

/** A sector's reviewed output: targets per plan year, observed levels with their range and sources. */
export interface OutputSeries {
  sector: number;
  id: string;
  /** The observed indicator (several sectors may share one series). */
  indicator: string;
  rank: number;
  values: Float64Array;
  observed: Map<number, number>;
  ranges: Record<number, { min: number; max: number }>;
  sources: Record<number, string>;
  source?: string;
}

/** A logged capacity loss: per plan year the share of output that remains (1: none). */
export interface LoggedLoss {
  id: string;
  label: string;
  /** Per plan year, the figures or the logged event behind it. */
  evidence: string[][];
  sector: number;
  remaining: Float64Array;
}

/** Everything a year's explanation needs, gathered once per review. */
export interface ObservedChannels {
  channels: ChannelSeries[];
  losses: LoggedLoss[];
  /** Logged shocks that are not capacity losses (bans, closures): their effect is in the observed imports. */
  logged: string[];
}

const YEAR = /^(\d{4})$/;
/** A reconciled figure cited: its id, value, source, kind, the precedence step that chose it, and how many disagree. */
export const citeFigure = (r: Reconciliation) =>
  `#${r.best.id} ${r.indicator} ${r.period} = ${r.best.value} ${r.unit}: ${r.best.sourceName} (${r.best.kind}; ${r.best.rule}${r.conflicts.length ? `; ${counted(r.conflicts.length, "other figure")} ${r.conflicts.length === 1 ? "disagrees" : "disagree"}` : ""})`;

/** A row of the model (value added first, then satellites) per unit of output, or undefined. */
export function rowPerUnit(m: EconomyModel, code: string): Float64Array | undefined {
  const k = m.valueAddedRows.indexOf(code);
  const values =
    k >= 0
      ? m.valueAdded.data.subarray(k * m.valueAdded.cols, (k + 1) * m.valueAdded.cols)
      : m.satellites.find((s) => s.code === code)?.values;
  return values ? perUnitOfOutput(values, m.x) : undefined;
}

/** Value added per unit of output: every value-added row summed (e.g. VA, or compensation + surplus + taxes). */
export function valueAddedPerUnit(m: EconomyModel): Float64Array {
  const va = new Float64Array(m.sectors.length);
  for (let k = 0; k < m.valueAddedRows.length; k++)
    for (let i = 0; i < va.length; i++) va[i] += m.valueAdded.data[k * m.valueAdded.cols + i];
  return perUnitOfOutput(va, m.x);
}

async function channelYears(
  c: { indicator: string; base?: number; plannedGrowth: number },
  path: string,
  m: EconomyModel,
  years: readonly number[],
  store: ObservationStore,
  problems: WorldProblem[],
  rule?: readonly PrecedenceStep[],
) {
  const rec = reconcile(await store.list({ indicator: c.indicator }), rule).filter((r) => YEAR.test(r.period));
  const by = new Map(rec.map((r) => [Number(r.period), r]));
  const baseYear = c.base ?? m.baseYear;
  const base = by.get(baseYear);
  if (!rec.length)
    problems.push({ path: `${path}.indicator`, message: `the store holds no annual figures for "${c.indicator}"` });
  else if (!base || !(Number(base.best.value) > 0))
    problems.push({
      path: `${path}.base`,
      message: `"${c.indicator}" has no positive figure for the base year ${baseYear} (it has: ${[...by.keys()].sort().join(", ")}); set base to a year it has`,
    });
  const plannedScale = years.map((y) => Math.pow(1 + c.plannedGrowth, y - baseYear));
  const out = years.map((y, t): ChannelYear | null => {
    const r = by.get(y);
    if (!base || !r) return null;
    const b = base.best.value as number;
    const k = 1 / b / plannedScale[t];
    return {
      ratio: (r.best.value as number) * k,
      min: r.range.min * k,
      max: r.range.max * k,
      evidence: [citeFigure(r), `base ${citeFigure(base)}`],
    };
  });
  // the model's base year may differ from the channel's: planned levels are relative to the model's base
  return { years: out, plannedScale: years.map((y) => Math.pow(1 + c.plannedGrowth, y - m.baseYear)) };
}

/**
 * Reads the plan's `review` block: the observed channels (imports or foreign exchange, labour, final-demand
 * categories), each as observed ÷ planned per plan year with the range across sources, and the logged scenario's
 * capacity losses. Problems (unknown rows, categories, indicators) are collected, not thrown.
 */
export async function observedChannels(
  p: LoadedPlan,
  store: ObservationStore,
  problems: WorldProblem[],
  scenario?: string,
  rule?: readonly PrecedenceStep[],
): Promise<ObservedChannels> {
  const { planFile: plan, model: m, spec } = p;
  const rv = plan.review;
  const channels: ChannelSeries[] = [];
  for (const kind of ["imports", "labour"] as const) {
    const c = rv?.[kind];
    if (!c) continue;
    const perUnit = rowPerUnit(m, c.row);
    if (!perUnit)
      problems.push({
        path: `review.${kind}.row`,
        message: `"${c.row}" is neither a value-added row (${m.valueAddedRows.join(", ")}) nor a satellite (${m.satellites.map((s) => s.code).join(", ") || "none"}) of ${m.name}`,
      });
    const s = await channelYears(c, `review.${kind}`, m, spec.years, store, problems, rule);
    if (perUnit)
      channels.push({
        id: kind,
        label: kind === "imports" ? `imports (${c.indicator})` : `labour (${c.indicator})`,
        kind: "budget",
        perUnit,
        ...s,
      });
  }
  for (const [k, c] of (rv?.finalDemand ?? []).entries()) {
    const column = m.finalDemandCategories.indexOf(c.category);
    if (column < 0)
      problems.push({
        path: `review.finalDemand.${k}.category`,
        message: `"${c.category}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})`,
      });
    const s = await channelYears(c, `review.finalDemand.${k}`, m, spec.years, store, problems, rule);
    if (column >= 0)
      channels.push({
        id: `final:${c.category}`,
        label: `${c.label ?? c.category} (${c.indicator})`,
        kind: "final-demand",
        column,
        ...s,
      });
  }
  (rv?.priority ?? []).forEach((g, k) =>
    g.forEach((code, q) => {
      if (!m.sectors.some((x) => x.code === code))
        problems.push({ path: `review.priority.${k}.${q}`, message: `"${code}" is not a sector of ${m.name}` });
    }),
  );
  const losses: LoggedLoss[] = [];
  for (const [k, c] of (rv?.capacity ?? []).entries()) {
    const sector = m.sectors.findIndex((q) => q.code === c.sector);
    if (sector < 0)
      problems.push({ path: `review.capacity.${k}.sector`, message: `"${c.sector}" is not a sector of ${m.name}` });
    const s = await channelYears(c, `review.capacity.${k}`, m, spec.years, store, problems, rule);
    if (sector < 0) continue;
    // observed capacity below plan caps output at that share of the planned world's; at or above plan, no limit
    const remaining = Float64Array.from(s.years, (y) => (y ? Math.min(1, y.ratio) : 1));
    losses.push({
      id: `capacity:${c.sector}`,
      label: `${c.label ?? `capacity of ${c.sector}`} (${c.indicator})`,
      evidence: s.years.map((y) => y?.evidence ?? []),
      sector,
      remaining,
    });
  }
  const logged: string[] = [];
  const name = scenario ?? rv?.shocks;
  let shocks = 0;
  if (name && !plan.scenarios.some((q) => q.name === name))
    problems.push({
      path: scenario ? "--scenario" : "review.shocks",
      message: `no scenario named "${name}" (scenarios: ${plan.scenarios.map((q) => q.name).join(", ") || "none"})`,
    });
  if (name && !problems.length) {
    for (const sh of scenarioShocks(p.file, plan, m, spec, name)) {
      // "<scenario>: <label> [<source>]": the label names the channel, the whole line is its evidence
      if (sh.kind === "capacityScale")
        losses.push({
          id: `shock:${++shocks}`,
          label: `logged shock: ${sh.label.replace(/^[^:]+: /, "").replace(/ \[[^\]]*\]$/, "")}`,
          evidence: spec.years.map(() => [sh.label]),
          sector: sh.sector,
          remaining: Float64Array.from(sh.factor),
        });
      else logged.push(sh.label);
    }
  }
  return { channels, losses, logged };
}

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

/** The model's A with each coefficient times max(0, 1 + σ·z), z standard normal: redrawn when a column sums to ≥ 1. */
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
