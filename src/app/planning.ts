import type { EconomyModel, LpSolver, PlanCheckResult, PlanOptimiseResult, PlanSpec } from "../engine/index.ts";
import { checkPlan, optimisePlan } from "../engine/index.ts";
import { readModel } from "../formats/dataPackage.ts";
import { applyScenario, readPlanFile, resolvePlan } from "../formats/planFile.ts";
import type { PlanFile } from "../formats/planFile.ts";

/** A plan file read, checked and resolved against its model. */
export interface LoadedPlan {
  file: string;
  spec: PlanSpec;
  model: EconomyModel;
  /** Names of the scenarios the plan file defines. */
  scenarios: string[];
  /** The plan file as read (for what the spec does not carry, such as targets' observed indicators). */
  planFile: PlanFile;
}

/**
 * Reads a plan file and its model and resolves one against the other (every problem named, with its field);
 * with `scenario`, applies that scenario's shocks (and those it builds on).
 */
export function loadPlan(file: string, scenario?: string): LoadedPlan {
  const { plan, modelDir } = readPlanFile(file);
  const model = readModel(modelDir);
  const spec = resolvePlan(file, plan, model);
  return { file, spec: scenario ? applyScenario(file, plan, model, spec, scenario) : spec, model, scenarios: plan.scenarios.map((s) => s.name), planFile: plan };
}

/** `plan check`: feasibility, requirements and the smallest weighted relaxation. */
export function runPlanCheck(p: LoadedPlan, solver: LpSolver): Promise<PlanCheckResult> {
  return checkPlan(p.model.A, p.spec, solver, p.model.sectors.map((s) => s.code));
}

/** `plan optimise`: the best feasible plan (weighted harmony or lexicographic by rank) with bottlenecks. */
export function runPlanOptimise(p: LoadedPlan, solver: LpSolver, mode: "weighted" | "lexicographic"): Promise<PlanOptimiseResult> {
  return optimisePlan(p.model.A, p.spec, solver, { mode, sectorNames: p.model.sectors.map((s) => s.code) });
}

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
  topBottleneck: string;
  check: PlanCheckResult;
  best: PlanOptimiseResult;
}

/**
 * Scenarios side by side: the plan without shocks, then each named scenario (default: all the plan file
 * defines), each checked and optimised (weighted harmony).
 */
export async function compareScenarios(file: string, solver: LpSolver, names?: readonly string[]): Promise<ScenarioComparison[]> {
  const base = loadPlan(file);
  const plans = [{ name: "(no shocks)", p: base }, ...(names ?? base.scenarios).map((n) => ({ name: n, p: loadPlan(file, n) }))];
  const out: ScenarioComparison[] = [];
  for (const { name, p } of plans) {
    const check = await runPlanCheck(p, solver);
    const best = await runPlanOptimise(p, solver, "weighted");
    const named = best.fulfilment.filter((f) => !f.id.startsWith("baseline:"));
    const worst = named.length ? named.reduce((a, b) => (b.share < a.share ? b : a), named[0]) : null;
    out.push({
      scenario: name,
      feasible: check.feasible,
      relaxations: check.relaxations.length,
      targetsMet: named.filter((f) => f.share >= 1 - 1e-6).length,
      targetYears: named.length,
      meanFulfilment: named.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, named.length),
      worst: worst ? { label: worst.label, year: worst.year, share: worst.share } : null,
      outputLastYear: best.output.length ? best.output[best.output.length - 1].reduce((a, b) => a + b, 0) : NaN,
      topBottleneck: best.bottlenecks[0]?.text ?? "none",
      check,
      best,
    });
  }
  return out;
}
