/**
 * The dashboard's typed client of ioplan's HTTP API (src/server/app.ts): one function per route it uses, each
 * returning the route's JSON as a type. A failed request throws an Error with the server's message and issues.
 */
import type { STATUS_COLOURS } from "../../src/report/charts.ts";
import type { ModelSummary, PlanSummary, Problem } from "../../src/server/catalogue.ts";
import type { ModelData } from "./worker.ts";

export type { Problem } from "../../src/server/catalogue.ts";
/** A model the workspace can use. */
export type ModelItem = ModelSummary;
/** A plan the workspace can use. */
export type PlanItem = PlanSummary;
/** GET /api/workspace: the workspace rescanned. */
export interface WorkspaceView {
  name: string;
  /** The workspace folder is there. */
  exists: boolean;
  models: (ModelItem | Problem)[];
  plans: (PlanItem | Problem)[];
  problems: Problem[];
}
/** GET /api/plans/{id}. */
export interface PlanDetail {
  id: string;
  model: string;
  years: number[];
  scenarios: string[];
  limits: { id: string; label: string; unit: string; satellite: string | null }[];
  targets: {
    id: string;
    label: string;
    sector: string;
    on: "output" | "final";
    rank: number;
    weight: number;
    values: (number | null)[];
  }[];
  sectors: string[];
}
export interface YearFulfilment {
  year: number;
  target: number;
  observed: number | null;
  ratio: number | null;
  status: keyof typeof STATUS_COLOURS;
}
export interface TargetReview {
  id: string;
  label: string;
  indicator: string;
  sector: string;
  years: YearFulfilment[];
  sources: Record<string, string>;
  ranges: Record<string, { min: number; max: number; sources: number }>;
  cumulative: { ratio: number | null; status: string };
}
/** GET /api/plans/{id}/review (the parts the dashboard shows). */
export interface Review {
  plan: string;
  years: number[];
  targets: TargetReview[];
  rollUp: { text: string; missed: number; total: number };
  explanations: {
    year: number;
    units: string;
    total: {
      shortfall: number;
      modelled: number;
      unexplained: number;
      parts: { channel: string; label: string; value: number }[];
    };
    rationing: { rule: string };
  }[];
  backcast: { line: string };
}
export interface Comparison {
  scenario: string;
  feasible: boolean;
  relaxations: number;
  meanFulfilment: number;
  topBottleneck: string;
}
/** GET /api/jobs/{id}: a comparison of scenarios. */
export interface Job {
  status: "running" | "done" | "failed";
  progress: { done: number; total: number; what: string };
  result?: Comparison[];
  error?: string;
}
export interface Observation {
  id: number;
  period: string;
  value: number | null;
  text: string | null;
  unit: string;
  kind: string;
  sourceName: string;
  sourceUrl: string | null;
  published: string | null;
  status: string;
  note: string | null;
}
/** GET /api/models/{id}. */
export interface ModelAnalysis {
  name: string;
  unit: string;
  notes: string[];
  analysis: {
    rows: {
      code: string;
      name: string;
      output: number;
      outputMultiplier: number;
      backwardLinkage: number;
      forwardLinkage: number;
      keySector: string;
    }[];
    reproduction: { maxRelativeError: number; residual: number };
  };
  largestFlows: { from: string; to: string; value: number }[];
}
/** The editor's changes as the server takes them (schemas.ts `editorOverridesSchema`). */
export interface Overrides {
  limits?: Record<string, number>;
  capacityLoss?: Record<string, number>;
  finalDemand?: Record<string, number>;
}
/** POST /api/plans/{id}/check (the parts the dashboard shows). */
export interface CheckResult {
  feasible: boolean;
  relaxations: { id: string; label: string; year: number; text: string; share: number }[];
}
/** POST /api/plans/{id}/optimise (the parts the dashboard shows). */
export interface OptimiseResult {
  status: string;
  bottlenecks: { text: string }[];
  fulfilment: { id: string; label: string; year: number; share: number }[];
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const r = await fetch(
    path,
    body === undefined
      ? undefined
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  const j = (await r.json()) as T & { error?: string; issues?: { path: string; message: string }[] };
  if (!r.ok)
    throw new Error(
      [j.error ?? `${r.status} ${path}`, ...(j.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join("; "),
    );
  return j;
}
const seg = encodeURIComponent;

/** The workspace as the server finds it now (it rescans): models, plans, and the files it cannot use. */
export const getWorkspace = () => call<WorkspaceView>("/api/workspace");
/** A plan: its years, scenarios, limits and targets (values per year in model units; null where a year has none). */
export const getPlan = (id: string) => call<PlanDetail>(`/api/plans/${seg(id)}`);
/** A plan's review against the observations (fulfilment, roll-up, explanations, backcast). */
export const getReview = (id: string) => call<Review>(`/api/plans/${seg(id)}/review`);
/** Starts comparing a plan's scenarios on the server; poll the job it returns. */
export const startComparison = (id: string) => call<{ poll: string }>(`/api/plans/${seg(id)}/compare`, {});
/** A comparison job's status, progress and result. */
export const getJob = (poll: string) => call<Job>(poll);
/** Every stored figure of an indicator (current revisions). */
export const getObservations = (indicator: string) =>
  call<Observation[]>(`/api/observations?indicator=${seg(indicator)}`);
/** A model's analysis: multipliers, linkages, key sectors, largest flows. */
export const getModel = (id: string) => call<ModelAnalysis>(`/api/models/${seg(id)}`);
/** What the browser's worker needs to recompute a model. */
export const getModelData = (id: string) =>
  call<ModelData & { name: string; unit: string }>(`/api/models/${seg(id)}/data`);
/** A plan's feasibility check with the editor's overrides (and a scenario's shocks). */
export const checkPlan = (id: string, scenario: string | undefined, overrides: Overrides) =>
  call<CheckResult>(`/api/plans/${seg(id)}/check`, { scenario, overrides });
/** A plan's best feasible version with the editor's overrides (and a scenario's shocks). */
export const optimisePlan = (id: string, scenario: string | undefined, overrides: Overrides) =>
  call<OptimiseResult>(`/api/plans/${seg(id)}/optimise`, { scenario, overrides });

/** Whether a listed entry is usable (not a file with an error). */
export const usable = <T extends object>(e: T | Problem): e is T => !("error" in e);
