/**
 * The observed channels of a plan's years: each final-demand category, budget and logged loss as reconciled figures
 * against the plan, with their sources.
 */
import type { EconomyModel, PrecedenceStep, Reconciliation } from "../engine/index.ts";
import { perUnitOfOutput, reconcile, counted } from "../engine/index.ts";
import { scenarioShocks } from "../formats/planFile.ts";
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

export const YEAR = /^(\d{4})$/;

/** A reconciled figure cited: its id, value, source, kind, the precedence step that chose it, and how many disagree. */
export const citeFigure = (r: Reconciliation) =>
  `#${r.best.id} ${r.indicator} ${r.period} = ${r.best.value} ${r.unit}: ${r.best.sourceName} ` +
  `(${r.best.kind}; ${r.best.rule}` +
  (r.conflicts.length
    ? `; ${counted(r.conflicts.length, "other figure")} ${r.conflicts.length === 1 ? "disagrees" : "disagree"}`
    : "") +
  ")";

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

export async function channelYears(
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
      message:
        `"${c.indicator}" has no positive figure for the base year ${baseYear} (it has: ` +
        `${[...by.keys()].sort().join(", ")}); set base to a year it has`,
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

/** The budget channels: imports (or foreign exchange) and labour, each a row of the model per unit of output. */
async function budgetChannels(
  p: LoadedPlan,
  store: ObservationStore,
  problems: WorldProblem[],
  rule?: readonly PrecedenceStep[],
): Promise<ChannelSeries[]> {
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
        message:
          `"${c.row}" is neither a value-added row (${m.valueAddedRows.join(", ")}) nor a satellite ` +
          `(${m.satellites.map((s) => s.code).join(", ") || "none"}) of ${m.name}`,
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
  return channels;
}

/** The final-demand channels: each category the review block names, with its indicator. */
async function finalDemandChannels(
  p: LoadedPlan,
  store: ObservationStore,
  problems: WorldProblem[],
  rule?: readonly PrecedenceStep[],
): Promise<ChannelSeries[]> {
  const { planFile: plan, model: m, spec } = p;
  const rv = plan.review;
  const channels: ChannelSeries[] = [];
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
  return channels;
}

/** Observed capacity of the sectors the review block names, as the share of the planned world's output left. */
async function capacityLosses(
  p: LoadedPlan,
  store: ObservationStore,
  problems: WorldProblem[],
  rule?: readonly PrecedenceStep[],
): Promise<LoggedLoss[]> {
  const { planFile: plan, model: m, spec } = p;
  const rv = plan.review;
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
  return losses;
}

/**
 * The logged scenario's shocks: capacity scales become losses (added to `losses`), the others are listed as
 * logged. A scenario the plan does not have is a problem.
 */
function loggedShocks(p: LoadedPlan, problems: WorldProblem[], losses: LoggedLoss[], scenario?: string): string[] {
  const { planFile: plan, model: m, spec } = p;
  const rv = plan.review;
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
  return logged;
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
  const { planFile: plan, model: m } = p;
  const rv = plan.review;
  const channels = [
    ...(await budgetChannels(p, store, problems, rule)),
    ...(await finalDemandChannels(p, store, problems, rule)),
  ];
  (rv?.priority ?? []).forEach((g, k) =>
    g.forEach((code, q) => {
      if (!m.sectors.some((x) => x.code === code))
        problems.push({ path: `review.priority.${k}.${q}`, message: `"${code}" is not a sector of ${m.name}` });
    }),
  );
  const losses = await capacityLosses(p, store, problems, rule);
  const logged = loggedShocks(p, problems, losses, scenario);
  return { channels, losses, logged };
}
