import type {
  BottleneckEffect,
  EconomyModel,
  LpSolver,
  PlanCheckResult,
  PlanOptimiseResult,
  PlanSpec,
} from "../engine/index.ts";
import { IoplanError, bottleneckEffects, checkPlan, clip, formatPercent, optimisePlan } from "../engine/index.ts";
import { readModel } from "../formats/dataPackage.ts";
import { applyScenario, planJsonSchema, readPlanFile, resolvePlan, scenarioShocks } from "../formats/planFile.ts";
import type { InflowCase, PlanFile } from "../formats/planFile.ts";
export type { InflowCase } from "../formats/planFile.ts";
export { PlanFileError } from "../formats/planFile.ts";

/** The plan file's JSON Schema (for editors; `ioplan plan schema`). */
export function planFileJsonSchema(): unknown {
  return planJsonSchema();
}

/** A plan file read, checked and resolved against its model. */
export interface LoadedPlan {
  file: string;
  spec: PlanSpec;
  model: EconomyModel;
  /** Names of the scenarios the plan file defines. */
  scenarios: string[];
  /** The plan file as read (for what the spec does not carry, such as targets' observed indicators). */
  planFile: PlanFile;
  /** What the plan file does that is allowed but worth saying (a value held backwards before the first year given). */
  warnings: { path: string; message: string }[];
}

/**
 * Reads a plan file and its model and resolves one against the other (every problem named, with its field);
 * with `scenario`, applies that scenario's shocks (and those it builds on); with `modelDir`, uses that model
 * instead of the plan's (one of its alternative `models`, which must have the same sector codes); `inflows` picks
 * the end of every foreign-exchange inflow's range (default: central).
 */
export function loadPlan(
  file: string,
  scenario?: string,
  modelDir?: string,
  options: { inflows?: InflowCase } = {},
): LoadedPlan {
  const read = readPlanFile(file);
  const { plan } = read;
  const model = readModel(modelDir ?? read.modelDir);
  const warnings: { path: string; message: string }[] = [];
  const spec = resolvePlan(file, plan, model, { ...options, warnings });
  // every scenario is checked when the plan is loaded, not only when it is run: an unknown limit, sector or basedOn is
  // named by plan check too
  if (!scenario) for (const s of plan.scenarios) scenarioShocks(file, plan, model, spec, s.name);
  return {
    file,
    spec: scenario ? applyScenario(file, plan, model, spec, scenario) : spec,
    model,
    scenarios: plan.scenarios.map((s) => s.name),
    planFile: plan,
    warnings,
  };
}

/** The cut beyond which a relaxation or an optimum is called out (a quarter of a target, a floor or a delivery). */
export const DEFAULT_CUT_WARNING = 0.25;

/** A cut larger than the warning threshold: what, when, how much, in words. */
export interface LargeCut {
  id: string;
  label: string;
  year: number;
  /** The share cut (a relaxation's share, or 1 − fulfilment). */
  cut: number;
  text: string;
}

/** Relaxations that cut a target, a limit or a floor by more than `threshold` of it, largest first. */
export function largeRelaxations(r: PlanCheckResult, threshold = DEFAULT_CUT_WARNING): LargeCut[] {
  return r.relaxations
    .filter((x) => x.share > threshold)
    .sort((a, b) => b.share - a.share)
    .map((x) => ({
      id: x.id,
      label: x.label,
      year: x.year,
      cut: x.share,
      text: `${x.label}, ${x.year}: ${x.kind === "limit" ? "raised" : "cut"} by ${formatPercent(x.share)}`,
    }));
}

/**
 * Targets (baseline deliveries included) that the best plan fulfils to less than 1 − `threshold`, largest cut first.
 */
export function largeShortfalls(r: PlanOptimiseResult, threshold = DEFAULT_CUT_WARNING): LargeCut[] {
  return r.fulfilment
    .filter((f) => f.share < 1 - threshold)
    .sort((a, b) => a.share - b.share)
    .map((f) => ({
      id: f.id,
      label: f.label,
      year: f.year,
      cut: 1 - f.share,
      text: `${f.label}, ${f.year}: ${formatPercent(f.share)} of its target (cut by ${formatPercent(1 - f.share)})`,
    }));
}

/** `plan check`: feasibility, requirements and the smallest weighted relaxation, with the cuts beyond the threshold. */
export async function runPlanCheck(
  p: LoadedPlan,
  solver: LpSolver,
  cutWarning = DEFAULT_CUT_WARNING,
): Promise<PlanCheckResult & { largeCuts: LargeCut[] }> {
  const r = await checkPlan(
    p.model.A,
    p.spec,
    solver,
    p.model.sectors.map((s) => s.code),
  );
  return { ...r, largeCuts: largeRelaxations(r, cutWarning) };
}

/**
 * A sector as a planner reads it in a line of text: its name up to the first bracket or semicolon (at most 40
 * characters, cut at a word) and, in brackets, its code: "Chemicals (CHE)", "Computer and electronic products (334)".
 */
export function sectorLabel(s: { code: string; name: string }): string {
  if (!s.name || s.name === s.code) return s.code;
  return `${clip(s.name.split(/ \(|;/)[0].trim(), 41)} (${s.code})`;
}

/** Plans up to this many sector-years get their top bottlenecks' effects re-solved by default (one solve each). */
export const EFFECTS_DEFAULT_LIMIT = 2000;

/** The best plan with its large cuts and, in weighted mode, what relaxing the top bottlenecks gives each target. */
export type PlanOptimiseReport = PlanOptimiseResult & {
  largeCuts: LargeCut[];
  effects: BottleneckEffect[];
  effectsNote: string | null;
};

/**
 * `plan optimise`: the best feasible plan (weighted harmony or lexicographic by rank) with bottlenecks and large cuts.
 * `effects`: how many of the top bottlenecks to re-solve with 1 % more (default 3 for plans up to
 * {@link EFFECTS_DEFAULT_LIMIT} sector-years, else 0; weighted mode only), so they read in the targets' units.
 */
export async function runPlanOptimise(
  p: LoadedPlan,
  solver: LpSolver,
  mode: "weighted" | "lexicographic",
  cutWarning = DEFAULT_CUT_WARNING,
  o: { effects?: number } = {},
): Promise<PlanOptimiseReport> {
  const codes = p.model.sectors.map((s) => s.code);
  const sectorLabels = p.model.sectors.map(sectorLabel);
  const { warmStart, ...r } = await optimisePlan(p.model.A, p.spec, solver, {
    mode,
    sectorNames: codes,
    sectorLabels,
    unit: p.model.unit,
  });
  const size = codes.length * p.spec.years.length;
  const count = o.effects ?? (size <= EFFECTS_DEFAULT_LIMIT ? 3 : 0);
  let effectsNote: string | null = null;
  let effects: BottleneckEffect[] = [];
  if (r.status !== "optimal" || !r.bottlenecks.length) {
    // nothing to re-solve
  } else if (mode !== "weighted")
    effectsNote =
      "bottleneck effects are computed for the weighted best plan only (a lexicographic stage's prices hold " +
      "earlier ranks fixed)";
  else if (count === 0)
    effectsNote =
      `bottleneck effects not re-solved (${size.toLocaleString("en-US")} sector-years; --effects N re-solves ` +
      `the top N, one solve each)`;
  else
    effects = await bottleneckEffects(p.model.A, p.spec, solver, r.fulfilment, r.bottlenecks.slice(0, count), {
      sectorNames: codes,
      basis: warmStart,
    });
  return { ...r, largeCuts: largeShortfalls(r, cutWarning), effects, effectsNote };
}

/** What a comparison says of a scenario for which no plan holds every limit, capacity and floor. */
export const NO_PLAN = "no best plan: the limits, capacities and floors cannot all hold (plan check names what gives)";

/** One scenario of a comparison: feasibility, targets met, fulfilment, output and the main bottleneck. */
export interface ScenarioComparison {
  scenario: string;
  feasible: boolean;
  relaxations: number;
  targetsMet: number;
  targetYears: number;
  /** Mean of min(fulfilment, 1) over target-years (baseline final deliveries aside). */
  meanFulfilment: number;
  worst: { label: string; year: number; share: number } | null;
  outputLastYear: number;
  /** The model's unit (of outputLastYear and madeAtHomeLastYear). */
  unit: string;
  /** Of it, domestic output replacing imported inputs (import substitution at its cost). */
  madeAtHomeLastYear: number;
  topBottleneck: string;
  check: PlanCheckResult;
  best: PlanOptimiseReport;
}

/**
 * Scenarios side by side: the plan without shocks, then each named scenario (default: all the plan file
 * defines), each checked and optimised (weighted harmony).
 */
export async function compareScenarios(
  file: string,
  solver: LpSolver,
  names?: readonly string[],
  o: { overrides?: PlanOverrides; onProgress?: (done: number, total: number, what: string) => void } = {},
): Promise<ScenarioComparison[]> {
  const load = (scenario?: string) =>
    o.overrides ? applyOverrides(loadPlan(file, scenario), o.overrides) : loadPlan(file, scenario);
  const base = load();
  const plans = [{ name: "(no shocks)", p: base }, ...(names ?? base.scenarios).map((n) => ({ name: n, p: load(n) }))];
  const out: ScenarioComparison[] = [];
  let done = 0;
  for (const { name, p } of plans) {
    o.onProgress?.(done++, plans.length * 2, `${name}: check`);
    const check = await runPlanCheck(p, solver);
    o.onProgress?.(done++, plans.length * 2, `${name}: optimise`);
    // the main bottleneck said in the targets' units where the plan is small enough for one more solve
    const small = p.model.sectors.length * p.spec.years.length <= EFFECTS_DEFAULT_LIMIT;
    const best = await runPlanOptimise(p, solver, "weighted", DEFAULT_CUT_WARNING, { effects: small ? 1 : 0 });
    const named = best.fulfilment.filter((f) => !f.id.startsWith("baseline:"));
    const worst = named.length ? named.reduce((a, b) => (b.share < a.share ? b : a), named[0]) : null;
    out.push({
      scenario: name,
      feasible: check.feasible,
      relaxations: check.relaxations.length,
      targetsMet: named.filter((f) => f.share >= 1 - 1e-6).length,
      targetYears: named.length,
      // no best plan (or no named target): no mean to give, not 0 %
      meanFulfilment: named.length ? named.reduce((a, f) => a + Math.min(f.share, 1), 0) / named.length : NaN,
      worst: worst ? { label: worst.label, year: worst.year, share: worst.share } : null,
      unit: p.model.unit,
      outputLastYear: best.output.length ? best.output[best.output.length - 1].reduce((a, b) => a + b, 0) : NaN,
      madeAtHomeLastYear: best.madeAtHome.length ? best.madeAtHome[best.madeAtHome.length - 1] : NaN,
      topBottleneck:
        best.status === "infeasible" ? NO_PLAN : (best.effects[0]?.text ?? best.bottlenecks[0]?.text ?? "none"),
      check,
      best,
    });
  }
  o.onProgress?.(done, plans.length * 2, "done");
  return out;
}

/** What a user changes in the editor before a check: scales of limits and targets, capacity losses. */
export interface PlanOverrides {
  /** Limit id → factor on its values every year (an import cap at 60 %: 0.6). */
  limits?: Record<string, number>;
  /** Target id → factor on its values every year. */
  targets?: Record<string, number>;
  /** Sector code → share of capacity lost in every plan year. */
  capacityLoss?: Record<string, number>;
  /**
   * Sector code → factor on that sector's final deliveries every year: its final-delivery targets, its baseline
   * deliveries and its floors (what the editor's final-demand slider changes).
   */
  finalDemand?: Record<string, number>;
}

/** A change that does not fit the plan: the field, the value, and what is allowed. */
export class OverrideError extends IoplanError {
  constructor(readonly problems: { path: string; message: string }[]) {
    super("bad-overrides", problems.map((p) => `${p.path}: ${p.message}`).join("; "), 400);
  }
}

/**
 * Applies editor overrides to a loaded plan (a new plan; the input is not changed).
 * @throws OverrideError naming unknown limits, targets or sectors and values out of range.
 */
export function applyOverrides(p: LoadedPlan, o: PlanOverrides): LoadedPlan {
  const problems: { path: string; message: string }[] = [];
  const spec = p.spec;
  const limits = spec.limits.map((l) => ({ ...l, values: Float64Array.from(l.values) }));
  for (const [id, f] of Object.entries(o.limits ?? {})) {
    const l = limits.find((x) => x.id === id);
    if (!l)
      problems.push({
        path: `limits.${id}`,
        message: `no limit "${id}" in the plan (limits: ${limits.map((x) => x.id).join(", ") || "none"})`,
      });
    else if (!(f >= 0)) problems.push({ path: `limits.${id}`, message: `${f} is not a factor ≥ 0` });
    else for (let t = 0; t < l.values.length; t++) l.values[t] *= f;
  }
  const targets = spec.targets.map((t) => ({ ...t, values: Float64Array.from(t.values) }));
  for (const [id, f] of Object.entries(o.targets ?? {})) {
    const t = targets.find((x) => x.id === id);
    if (!t) problems.push({ path: `targets.${id}`, message: `no target "${id}" in the plan` });
    else if (!(f >= 0)) problems.push({ path: `targets.${id}`, message: `${f} is not a factor ≥ 0` });
    else for (let k = 0; k < t.values.length; k++) t.values[k] *= f;
  }
  const n = p.model.sectors.length;
  const floors = spec.floors?.map((x) => ({ ...x, values: Float64Array.from(x.values) }));
  for (const [code, f] of Object.entries(o.finalDemand ?? {})) {
    const i = p.model.sectors.findIndex((s) => s.code === code);
    if (i < 0) problems.push({ path: `finalDemand.${code}`, message: `"${code}" is not a sector of ${p.model.name}` });
    else if (!(f >= 0 && Number.isFinite(f)))
      problems.push({ path: `finalDemand.${code}`, message: `${f} is not a factor ≥ 0` });
    else {
      for (const t of targets)
        if (t.sector === i && t.on === "final") for (let k = 0; k < t.values.length; k++) t.values[k] *= f;
      // the sector's floors move with its demand: a floor of 90 % of a demand the user halved is not a floor any more
      for (const x of floors ?? []) for (let t = 0; t * n < x.values.length; t++) x.values[t * n + i] *= f;
    }
  }
  const T = spec.years.length;
  const factor = spec.capacity.factor ? Float64Array.from(spec.capacity.factor) : new Float64Array(T * n).fill(1);
  for (const [code, share] of Object.entries(o.capacityLoss ?? {})) {
    const i = p.model.sectors.findIndex((s) => s.code === code);
    if (i < 0) problems.push({ path: `capacityLoss.${code}`, message: `"${code}" is not a sector of ${p.model.name}` });
    else if (!(share >= 0 && share <= 1))
      problems.push({ path: `capacityLoss.${code}`, message: `${share} is not a share in [0, 1]` });
    else for (let t = 0; t < T; t++) factor[t * n + i] *= 1 - share;
  }
  if (problems.length) throw new OverrideError(problems);
  return { ...p, spec: { ...spec, limits, targets, floors, capacity: { ...spec.capacity, factor } } };
}
