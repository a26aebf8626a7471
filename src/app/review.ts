import type { EconomyModel, LoggedShockLoss, ObservedChannel, Reconciliation, SectorAttribution, SourcedFigure, TargetFulfilment, Thresholds } from "../engine/index.ts";
import { DEFAULT_THRESHOLDS, attributeShortfalls, classify, perUnitOfOutput, reconcile, reviewTarget, rollUp, sumAttributions, totalFinalDemand, unitFactor } from "../engine/index.ts";
import type { FulfilmentStatus, RollUp } from "../engine/index.ts";
import { PlanFileError, scenarioShocks } from "../formats/planFile.ts";
import type { PlanFile } from "../formats/planFile.ts";
import { loadPlan } from "./planning.ts";
import type { Observation } from "../store/observation.ts";
import type { ObservationStore } from "../store/store.ts";

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

/** One year's shortfalls attributed through the model, with the observed channels it used. */
export interface YearAttribution {
  year: number;
  channels: { label: string; ratio: number | null; evidence: string[] }[];
  sectors: SectorAttribution[];
  total: ReturnType<typeof sumAttributions>;
}

/** A plan reviewed against the observations store. */
export interface PlanReview {
  plan: string;
  years: number[];
  /**
   * Per target: the indicator, the sector, per year the source of the best estimate and the range across
   * sources (in model units; for growth rates, the previous year's chained level times 1 + each source's rate).
   */
  targets: (TargetFulfilment & { indicator: string; sector: string; sources: Record<number, string>; ranges: Record<number, { min: number; max: number; sources: number }>; spans: SpanFulfilment[] })[];
  /** Targets the plan file gives no `observed` mapping for. */
  unmapped: string[];
  rollUp: RollUp;
  thresholds: Thresholds;
  /**
   * Per plan year with observed output targets: each sector's shortfall decomposed through the model, from the
   * first observed output target of each sector (`attributedTargets`).
   */
  attribution: YearAttribution[];
  attributedTargets: string[];
  warnings: ReviewWarning[];
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SPAN = /^(\d{4})-(\d{4})$/;

const cite = (r: Reconciliation) => `#${r.best.id} ${r.indicator} ${r.period} = ${r.best.value} ${r.unit}: ${r.best.sourceName} (${r.best.kind}; ${r.best.rule}${r.conflicts.length ? `; ${r.conflicts.length} other figure${r.conflicts.length > 1 ? "s" : ""} disagree` : ""})`;

/**
 * Figures of one indicator, checked and converted to the unit the plan names (when it names one): a figure
 * whose unit does not convert is a problem naming the figure and its source.
 */
function convertFigures(figs: readonly Observation[], unit: string | undefined, path: string, problems: ReviewWarning[]): SourcedFigure[] {
  const numeric = figs.filter((f) => f.value !== null);
  if (!unit) {
    const units = [...new Set(numeric.map((f) => f.unit))];
    if (units.length > 1) problems.push({ path, message: `"${numeric[0].indicator}" has figures in ${units.length} units (${units.join(", ")}); name the unit to use with observed.unit` });
    return numeric;
  }
  const out: SourcedFigure[] = [];
  for (const f of numeric) {
    const k = unitFactor(f.unit, unit);
    if (k === null) problems.push({ path: `${path}.unit`, message: `figure #${f.id} (${f.indicator} ${f.period || "undated"}, ${f.sourceName}) is in "${f.unit}", which does not convert to "${unit}"` });
    else out.push({ ...f, value: (f.value as number) * k, unit });
  }
  return out;
}

/** A row of the model (value added first, then satellites) per unit of output, or undefined. */
function rowPerUnit(m: EconomyModel, code: string): Float64Array | undefined {
  const k = m.valueAddedRows.indexOf(code);
  const values = k >= 0 ? m.valueAdded.data.subarray(k * m.valueAdded.cols, (k + 1) * m.valueAdded.cols) : m.satellites.find((s) => s.code === code)?.values;
  return values ? perUnitOfOutput(values, m.x) : undefined;
}

/**
 * Reviews a plan's targets against what was observed: for each target with an `observed` mapping, the best
 * estimate per year after reconciliation (source precedence), in the plan's unit (levels × factor, quarters or
 * months made into years, spans compared with the target summed over their years) or growth rates chained from
 * the model's base year; then fulfilment per year, cumulative and projected; then each year's output shortfalls
 * attributed through the model (own final demand, upstream suppliers, imports, labour, logged shocks, other).
 * Every figure used keeps its source.
 * @throws PlanFileError for mappings to indicators the store does not hold, units that do not convert, and
 *   attribution channels that do not fit the model.
 */
export async function reviewPlan(file: string, store: ObservationStore, thresholds?: Thresholds): Promise<PlanReview> {
  const { planFile: plan, model, spec } = loadPlan(file);
  const th: Thresholds = thresholds ?? { met: DEFAULT_THRESHOLDS.met, near: plan.review?.near ?? DEFAULT_THRESHOLDS.near };
  const f = totalFinalDemand(model);
  const problems: ReviewWarning[] = [];
  const warnings: ReviewWarning[] = [];
  const targets: PlanReview["targets"] = [];
  const unmapped: string[] = [];
  const first = spec.years[0];
  const last = spec.years[spec.years.length - 1];
  // per target: observed levels by year (model units) and citations, for the attribution
  const listed = new Map<string, Promise<Observation[]>>();
  const figuresOf = (indicator: string) => {
    if (!listed.has(indicator)) listed.set(indicator, store.list({ indicator }));
    return listed.get(indicator)!;
  };
  const outputSeries: { sector: number; id: string; values: Float64Array; observed: Map<number, number>; sources: Record<number, string>; source?: string }[] = [];
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
    const rec = reconcile(figures);
    const annual = new Map<number, Reconciliation>();
    const sub = new Map<number, Reconciliation[]>();
    const spans: Reconciliation[] = [];
    for (const r of rec) {
      let mt: RegExpExecArray | null;
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
        warnings.push({ path, message: `${obs.indicator} has quarterly or monthly growth rates for ${y} and no annual rate; sub-annual rates are not chained into years` });
      } else if (!use) {
        warnings.push({ path, message: `${obs.indicator} ${y}: ${quarters.length} of 4 quarters and ${months.length} of 12 months observed, no annual figure; ${y} is not reviewed` });
      } else {
        use.sort((a, b) => a.period.localeCompare(b.period));
        const vals = use.map((r) => r.best.value as number);
        const value = obs.aggregate === "sum" ? vals.reduce((a, b) => a + b, 0) : obs.aggregate === "mean" ? vals.reduce((a, b) => a + b, 0) / vals.length : vals[vals.length - 1];
        annual.set(y, { ...use[0], period: `${y} (${obs.aggregate} of ${use.length} ${use === quarters ? "quarters" : "months"})`, best: { ...use[0].best, value }, conflicts: use.flatMap((r) => r.conflicts) });
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
          if (y <= last && [...annual.keys()].some((z) => z > y && z <= last)) warnings.push({ path, message: `${obs.indicator} has no figure for ${y}: the chained levels stop at ${y - 1}` });
          break;
        }
        const before = level;
        level *= 1 + (r.best.value as number) / 100;
        if (y >= first) {
          observed.set(y, level);
          sources[y] = cite(r);
          ranges[y] = { min: before * (1 + r.range.min / 100), max: before * (1 + r.range.max / 100), sources: r.sources };
        }
      }
    }
    const spanReviews: SpanFulfilment[] = [];
    for (const r of spans) {
      const [, a, b] = SPAN.exec(r.period)!.map(Number);
      if (obs.as === "growth") continue;
      if (a < first || b > last) {
        warnings.push({ path, message: `${obs.indicator} ${r.period} (${r.best.sourceName}) is not inside the plan period ${first}–${last}; not reviewed` });
        continue;
      }
      let target = 0;
      for (let y = a; y <= b; y++) target += s.values[y - first];
      const value = (r.best.value as number) * obs.factor;
      const ratio = obs.direction === "ascending" ? value / target : target / value;
      spanReviews.push({ period: r.period, target, observed: value, ratio, status: classify(ratio, th), source: cite(r) });
    }
    if (!observed.size && !spanReviews.length) {
      const periods = [...new Set(rec.map((r) => r.period))].sort();
      warnings.push({ path: `${path}.indicator`, message: `${obs.indicator} has no figure inside the plan period ${first}–${last}${periods.length ? ` (it has: ${periods.slice(0, 8).join(", ")}${periods.length > 8 ? ", …" : ""})` : ""}` });
    }
    const review = reviewTarget({ id: t.id, label: t.label ?? t.id, direction: obs.direction, years: spec.years, targets: Array.from(s.values) }, observed, th);
    targets.push({ ...review, indicator: obs.indicator, sector: model.sectors[s.sector].code, sources, ranges, spans: spanReviews });
    if (s.on === "output" && obs.direction === "ascending") {
      if (!outputSeries.some((o) => o.sector === s.sector)) outputSeries.push({ sector: s.sector, id: t.id, values: s.values, observed, sources, source: t.source });
    }
  }
  const attribution = problems.length ? [] : await attribute(file, plan, model, spec, store, outputSeries, problems);
  if (problems.length) throw new PlanFileError(file, problems);
  return { plan: plan.name, years: spec.years, targets, unmapped, rollUp: rollUp(targets), thresholds: th, attribution, attributedTargets: outputSeries.map((o) => o.id), warnings };
}

type Spec = ReturnType<typeof loadPlan>["spec"];

/** The channel's observed ÷ planned ratio per plan year (null where not observed), with its citations. */
async function channelRatios(c: { indicator: string; base?: number; plannedGrowth: number }, path: string, m: EconomyModel, years: readonly number[], store: ObservationStore, problems: ReviewWarning[]) {
  const rec = reconcile(await store.list({ indicator: c.indicator })).filter((r) => YEAR.test(r.period));
  const by = new Map(rec.map((r) => [Number(r.period), r]));
  const baseYear = c.base ?? m.baseYear;
  const base = by.get(baseYear);
  if (!rec.length) problems.push({ path: `${path}.indicator`, message: `the store holds no annual figures for "${c.indicator}"` });
  else if (!base || !(Number(base.best.value) > 0)) problems.push({ path: `${path}.base`, message: `"${c.indicator}" has no positive figure for the base year ${baseYear} (it has: ${[...by.keys()].sort().join(", ")}); set base to a year it has` });
  return years.map((y) => {
    const r = by.get(y);
    if (!base || !r) return { ratio: null, evidence: [] as string[] };
    return { ratio: (r.best.value as number) / (base.best.value as number) / Math.pow(1 + c.plannedGrowth, y - baseYear), evidence: [cite(r), `base ${cite(base)}`] };
  });
}

async function attribute(file: string, plan: PlanFile, m: EconomyModel, spec: Spec, store: ObservationStore, series: { sector: number; id: string; values: Float64Array; observed: Map<number, number>; sources: Record<number, string>; source?: string }[], problems: ReviewWarning[]): Promise<YearAttribution[]> {
  if (!series.length) return [];
  const n = m.sectors.length;
  const rv = plan.review;
  const channels: { kind: "imports" | "labour" | "final"; label: string; perUnit: Float64Array; ratios: { ratio: number | null; evidence: string[] }[] }[] = [];
  for (const kind of ["imports", "labour"] as const) {
    const c = rv?.[kind];
    if (!c) continue;
    const perUnit = rowPerUnit(m, c.row);
    if (!perUnit) problems.push({ path: `review.${kind}.row`, message: `"${c.row}" is neither a value-added row (${m.valueAddedRows.join(", ")}) nor a satellite (${m.satellites.map((s) => s.code).join(", ") || "none"}) of ${m.name}` });
    const ratios = await channelRatios(c, `review.${kind}`, m, spec.years, store, problems);
    if (perUnit) channels.push({ kind, label: kind === "imports" ? "imports / foreign exchange" : "labour", perUnit, ratios });
  }
  for (const [k, c] of (rv?.finalDemand ?? []).entries()) {
    const col = m.finalDemandCategories.indexOf(c.category);
    if (col < 0) problems.push({ path: `review.finalDemand.${k}.category`, message: `"${c.category}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})` });
    const ratios = await channelRatios(c, `review.finalDemand.${k}`, m, spec.years, store, problems);
    if (col >= 0) channels.push({ kind: "final", label: c.label ?? c.category, perUnit: Float64Array.from(m.x, (x, i) => (x > 0 ? Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]) / x : 0)), ratios });
  }
  const losses: { t: number; loss: LoggedShockLoss }[] = [];
  const logged: string[] = [];
  if (rv?.shocks) {
    for (const sh of scenarioShocks(file, plan, m, spec, rv.shocks)) {
      if (sh.kind === "capacityScale") sh.factor.forEach((fac, t) => fac < 1 && losses.push({ t, loss: { sector: sh.sector, share: 1 - fac, label: `logged shock: ${sh.label}`, evidence: [sh.label] } }));
      else logged.push(sh.label);
    }
  }
  if (problems.length) return [];
  const out: YearAttribution[] = [];
  spec.years.forEach((year, t) => {
    const planned = new Float64Array(n).fill(NaN);
    const observed = new Float64Array(n).fill(NaN);
    const pe: string[][] = Array.from({ length: n }, () => []);
    const oe: string[][] = Array.from({ length: n }, () => []);
    for (const s of series) {
      const o = s.observed.get(year);
      if (o === undefined) continue;
      planned[s.sector] = s.values[t];
      observed[s.sector] = o;
      pe[s.sector].push(`target ${s.id} ${year}: ${s.values[t].toPrecision(6)} ${m.unit}${s.source ? ` (${s.source})` : ""}`);
      oe[s.sector].push(s.sources[year]);
    }
    if (!series.some((s) => s.observed.has(year))) return;
    const chan = (c: (typeof channels)[number]): ObservedChannel | undefined => (c.ratios[t].ratio === null ? undefined : { label: c.label, perUnit: c.perUnit, ratio: c.ratios[t].ratio as number, evidence: [...c.ratios[t].evidence, ...(c.kind === "imports" ? logged.map((l) => `logged: ${l}`) : [])] });
    const imports = channels.find((c) => c.kind === "imports");
    const labour = channels.find((c) => c.kind === "labour");
    const sectors = attributeShortfalls({
      sectors: m.sectors.map((s) => s.code),
      A: m.A,
      x: m.x,
      planned,
      observed,
      plannedEvidence: pe,
      observedEvidence: oe,
      finalDemand: channels.filter((c) => c.kind === "final").map(chan).filter((c): c is ObservedChannel => !!c),
      imports: imports && chan(imports),
      labour: labour && chan(labour),
      shocks: losses.filter((l) => l.t === t).map((l) => l.loss),
    });
    out.push({ year, channels: channels.map((c) => ({ label: c.label, ratio: c.ratios[t].ratio, evidence: c.ratios[t].evidence })), sectors, total: sumAttributions(sectors) });
  });
  return out;
}
