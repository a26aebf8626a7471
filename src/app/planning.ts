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
