/**
 * Uncertainty on conclusions: Monte Carlo draws over the range across sources, coefficient errors by block and
 * alternative models, summarised as intervals (5th, 50th and 95th percentiles) on headline figures.
 */
import type { LpSolver, Matrix } from "../engine/index.ts";
import { seededRandom } from "../engine/index.ts";
import { PlanFileError, readPlanFile, resolvePlan, applyScenario } from "../formats/planFile.ts";
import type { InflowCase, PlanFile } from "../formats/planFile.ts";
import { drawCoefficients, explainYear } from "./observedWorld.ts";
import type { WorldDraw, YearExplanation } from "./observedWorld.ts";
import { loadPlan, runPlanCheck, runPlanOptimise } from "./planning.ts";
import type { LoadedPlan } from "./planning.ts";
import { backcastOf } from "./review.ts";
import type { ReviewContext } from "./review.ts";

/** The 5th, 50th and 95th percentiles of a figure over the draws. */
export interface Interval {
  p5: number;
  p50: number;
  p95: number;
}

/** Percentiles by linear interpolation between order statistics (numpy's default, "linear"). */
export function interval(values: readonly number[]): Interval {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const q = (p: number) => {
    if (!v.length) return NaN;
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]) - v[lo]);
  };
  return { p5: q(0.05), p50: q(0.5), p95: q(0.95) };
}

/** What the draws vary, from the plan's `uncertainty` block and the command line. */
export interface SamplingOptions {
  samples: number;
  seed: number;
  coefficients: number;
  budgets: number;
  valueAdded: number;
  sources: boolean;
}

/** The draws to make, or undefined without `samples`. */
export function samplingOf(
  plan: PlanFile,
  o: { samples?: number; seed?: number; coefficientError?: number },
): SamplingOptions | undefined {
  if (!o.samples) return undefined;
  const u = plan.uncertainty;
  return {
    samples: o.samples,
    seed: o.seed ?? 1,
    coefficients: o.coefficientError ?? u.coefficients,
    budgets: u.budgets,
    valueAdded: u.valueAdded,
    sources: u.sources,
  };
}

/** A sentence on what the draws varied, printed beside the intervals. */
export function describeSampling(s: SamplingOptions, models: number): string {
  const what = [
    s.sources ? "observed figures within the range across sources" : "",
    s.coefficients ? `technical coefficients (relative error ${s.coefficients})` : "",
    s.budgets ? `import and labour requirements (${s.budgets})` : "",
    s.valueAdded ? `value added per unit (${s.valueAdded})` : "",
    models > 1 ? `${models} models in turn` : "",
  ].filter(Boolean);
  return (
    `${s.samples} draws (seed ${s.seed}) of ` +
    `${what.join(", ") || "nothing: set uncertainty in the plan or --coefficient-error"}; intervals are the ` +
    `5th–95th percentiles`
  );
}

/** Headline figures of an explanation, named, for intervals. */
function headlines(e: YearExplanation): Record<string, number> {
  const h: Record<string, number> = {
    "total.shortfall": e.total.shortfall,
    "total.modelled": e.total.modelled,
    "total.unexplained": e.total.unexplained,
    "valueAdded.shortfall": e.valueAdded.shortfall,
    "valueAdded.modelled": e.valueAdded.modelled,
    "valueAdded.unexplained": e.valueAdded.unexplained,
  };
  for (const p of e.total.parts) h[`total.parts.${p.channel}`] = p.value;
  for (const p of e.valueAdded.parts) h[`valueAdded.parts.${p.channel}`] = p.value;
  return h;
}

/** Intervals per year of explanation (headline → interval), and on the backcast's overall MAPE. */
export interface ExplanationIntervals {
  description: string;
  byYear: Record<number, Record<string, Interval>>;
  backcastMape: Interval;
}

/**
 * Draws `samples` worlds (models in turn, coefficients by block, figures within their source ranges) and
 * explains every reviewed year in each; returns intervals of the headline figures. Blocking; O(samples · years ·
 * 2^channels) small solves (1,000 draws of the worked example in about a second).
 */
export function sampleExplanations(
  contexts: readonly ReviewContext[],
  s: SamplingOptions,
  rationing: "proportional" | "priority",
): ExplanationIntervals {
  const random = seededRandom(s.seed);
  const values = new Map<number, Map<string, number[]>>();
  const mapes: number[] = [];
  for (let k = 0; k < s.samples; k++) {
    const c = contexts[k % contexts.length];
    const draw: WorldDraw = { random, budgets: s.budgets, valueAdded: s.valueAdded, sources: s.sources };
    const A: Matrix = s.coefficients ? drawCoefficients(c.loaded.model.A, s.coefficients, random) : c.loaded.model.A;
    const years: YearExplanation[] = [];
    c.loaded.spec.years.forEach((_y, t) => {
      const e = explainYear(c.loaded, c.channels, c.series, t, { rationing, draw, A });
      if (!e) return;
      years.push(e);
      if (!values.has(e.year)) values.set(e.year, new Map());
      const m = values.get(e.year)!;
      for (const [name, v] of Object.entries(headlines(e))) {
        if (!m.has(name)) m.set(name, []);
        m.get(name)!.push(v);
      }
    });
    mapes.push(backcastOf(c.loaded, years, rationing, c.series).overall.mape);
  }
  const byYear: ExplanationIntervals["byYear"] = {};
  for (const [year, m] of values) byYear[year] = Object.fromEntries([...m].map(([name, v]) => [name, interval(v)]));
  return { description: describeSampling(s, contexts.length), byYear, backcastMape: interval(mapes) };
}

/** A loaded plan on another draw of its model's coefficients (the plan resolved again against it). */
function drawnPlan(file: string, base: LoadedPlan, A: Matrix, scenario: string | undefined): LoadedPlan {
  const model = { ...base.model, A };
  const plan = base.planFile;
  const spec = resolvePlan(file, plan, model);
  return { ...base, model, spec: scenario ? applyScenario(file, plan, model, spec, scenario) : spec };
}

/** A scenario's feasibility and fulfilment over the draws. */
export interface ScenarioDraws {
  scenario: string;
  /**
   * Share of draws in which the scenario's plan is feasible (undecided solves count as not feasible, and are counted).
   */
  feasibleShare: number;
  undecided: number;
  meanFulfilment?: Interval;
}

/**
 * Checks (and with `optimise`, optimises) each scenario of a plan on `samples` draws of the coefficients, taking
 * the plan's alternative models in turn: the share of draws in which each scenario is feasible and, with
 * `optimise`, the interval of its mean fulfilment. One LP (two with `optimise`) per scenario and draw.
 */
export async function sampleScenarios(
  file: string,
  scenarios: readonly (string | undefined)[],
  s: SamplingOptions,
  solver: LpSolver,
  optimise: boolean,
  onProgress?: (done: number, total: number, what: string) => void,
): Promise<{ description: string; scenarios: ScenarioDraws[] }> {
  const { alternatives } = readPlanFile(file);
  const models = [undefined, ...alternatives.map((a) => a.path)];
  const random = seededRandom(s.seed);
  const out: ScenarioDraws[] = scenarios.map((sc) => ({
    scenario: sc ?? "(no shocks)",
    feasibleShare: 0,
    undecided: 0,
  }));
  const fulfil: number[][] = scenarios.map(() => []);
  const bases = models.map((m) => loadPlan(file, undefined, m));
  let done = 0;
  for (let k = 0; k < s.samples; k++) {
    const base = bases[k % bases.length];
    const A = s.coefficients ? drawCoefficients(base.model.A, s.coefficients, random) : base.model.A;
    for (const [q, sc] of scenarios.entries()) {
      onProgress?.(done++, s.samples * scenarios.length, `draw ${k + 1}: ${sc ?? "no shocks"}`);
      const p = drawnPlan(file, base, A, sc);
      const check = await runPlanCheck(p, solver);
      if (check.status !== "optimal") out[q].undecided++;
      else if (check.feasible) out[q].feasibleShare++;
      if (optimise) {
        const best = await runPlanOptimise(p, solver, "weighted");
        const named = best.fulfilment.filter((f) => !f.id.startsWith("baseline:"));
        if (best.status === "optimal")
          fulfil[q].push(named.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, named.length));
      }
    }
  }
  for (const [q, o] of out.entries()) {
    o.feasibleShare /= s.samples;
    if (optimise) o.meanFulfilment = interval(fulfil[q]);
  }
  return { description: describeSampling({ ...s, sources: false }, models.length), scenarios: out };
}

/** One import-substitution share tried on a scenario: whether the plan is feasible, and how much must give. */
export interface SubstitutionPoint {
  share: number;
  feasible: boolean;
  status: string;
  relaxations: number;
  weightedRelaxation: number;
}

/**
 * Feasibility of a plan under a scenario at several import-substitution shares (the plan's `substitution`, its cost
 * kept): a conclusion that rests on the share shows how it moves with it. One plan check per share.
 */
export async function substitutionSensitivity(
  file: string,
  scenario: string | undefined,
  shares: readonly number[],
  solver: LpSolver,
): Promise<SubstitutionPoint[]> {
  const base = loadPlan(file, scenario);
  const sub = base.spec.importSubstitution;
  if (!sub)
    throw new PlanFileError(file, [{ path: "substitution", message: "the plan has no substitution block to vary" }]);
  const out: SubstitutionPoint[] = [];
  for (const share of shares) {
    const r = await runPlanCheck({ ...base, spec: { ...base.spec, importSubstitution: { ...sub, share } } }, solver);
    out.push({
      share,
      feasible: r.status === "optimal" && r.feasible,
      status: r.status,
      relaxations: r.relaxations.filter((q) => !q.id.startsWith("baseline:")).length,
      weightedRelaxation: r.weightedRelaxation,
    });
  }
  return out;
}

/** A plan checked with every foreign-exchange inflow at one end of its range. */
export interface InflowPoint {
  inflows: InflowCase;
  feasible: boolean;
  status: string;
  relaxations: number;
  /**
   * What the account pays for, per plan year, as a share of the limit's planned level (its own values, before the
   * scenario's shocks), and whether it binds (is below what the border and bans let through).
   */
  funded: { year: number; share: number; binds: boolean }[];
}

/**
 * Feasibility of a plan under a scenario with every inflow of its foreign-exchange account at low, central and
 * high: a verdict that rests on remittances or illicit trade shows how it moves across their ranges. With
 * `substitutionShare`, at that import-substitution share instead of the plan's.
 * @throws PlanFileError when the plan has no foreignExchange account.
 */
export async function inflowSensitivity(
  file: string,
  scenario: string | undefined,
  solver: LpSolver,
  substitutionShare?: number,
): Promise<InflowPoint[]> {
  const out: InflowPoint[] = [];
  const planned = loadPlan(file).spec.limits.find((l) => l.ceiling)?.ceiling?.uncapped;
  for (const inflows of ["low", "central", "high"] as const) {
    const p = loadPlan(file, scenario, undefined, { inflows });
    const lim = p.spec.limits.find((l) => l.ceiling);
    if (!lim?.ceiling)
      throw new PlanFileError(file, [
        { path: "foreignExchange", message: "the plan has no foreign-exchange account to vary" },
      ]);
    const c = lim.ceiling;
    const sub = p.spec.importSubstitution;
    const r = await runPlanCheck(
      substitutionShare !== undefined && sub
        ? { ...p, spec: { ...p.spec, importSubstitution: { ...sub, share: substitutionShare } } }
        : p,
      solver,
    );
    out.push({
      inflows,
      feasible: r.status === "optimal" && r.feasible,
      status: r.status,
      relaxations: r.relaxations.filter((q) => !q.id.startsWith("baseline:")).length,
      funded: p.spec.years.map((year, t) => ({
        year,
        share: planned && planned[t] > 0 && Number.isFinite(planned[t]) ? c.values[t] / planned[t] : NaN,
        binds: c.values[t] < c.uncapped[t],
      })),
    });
  }
  return out;
}

/**
 * The draws `--samples` asks for on a plan file (its uncertainty block, overridden by the flags), and how many
 * alternative models it names; undefined samples: no draws asked for.
 */
export function samplingOfFile(
  file: string,
  o: { samples?: number; seed?: number; coefficientError?: number },
): { sampling: SamplingOptions | undefined; alternatives: number } {
  const { plan, alternatives } = readPlanFile(file);
  return { sampling: samplingOf(plan, o), alternatives: alternatives.length };
}
