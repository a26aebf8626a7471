/**
 * The workspace as the server sees it while it runs: ids to files, rescanned when the lists are asked for or an id
 * is not found, so a plan added, fixed or moved away is seen without a restart; each model read once per version of
 * its files; and every file that cannot be used, named (relative to the workspace) with its error.
 */
import { existsSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { loadPlan } from "../app/planning.ts";
import { scanWorkspace } from "../app/workspace.ts";
import type { Workspace, WorkspaceEntry } from "../app/workspace.ts";
import { entryStamp } from "../app/workspaceStamp.ts";
import type { EconomyModel } from "../engine/index.ts";
import { IoplanError } from "../engine/index.ts";
import { openModel as readModel } from "../app/modelInfo.ts";
import { PlanFileError } from "../app/planning.ts";
import { HttpError } from "./httpError.ts";

/** A model that can be used, as listed (`file`: its folder, relative to the workspace). */
export interface ModelSummary {
  id: string;
  file: string;
  name: string;
  sectors: number;
  baseYear: number;
  unit: string;
}
/** A plan that can be used, as listed, with its model's id (null when the model is not in the workspace). */
export interface PlanSummary {
  id: string;
  file: string;
  name: string;
  years: number[];
  model: string | null;
  scenarios: string[];
  /** Some target names an observed indicator: there is a fulfilment to review. */
  reviewable: boolean;
}
/** A model as listed: its summary, or the error that keeps it from being read. */
export type ModelListing = ModelSummary | Problem;
/** A plan as listed: its summary, or its error. */
export type PlanListing = PlanSummary | Problem;
/** A file of the workspace that cannot be used: which, and why (every problem with its field, for plan files). */
export interface Problem {
  id: string;
  kind: "model" | "plan";
  file: string;
  error: string;
  issues?: { path: string; message: string }[];
}

export interface Catalogue {
  /** The model with this id, read again when its files changed. @throws HttpError 404 naming the ids there are */
  model(id: string): EconomyModel;
  /**
   * A value built from the model with this id (`kind` names what is built), kept while the model's files are
   * unchanged and built again, replacing the old one, when they change.
   */
  derived<T>(kind: string, id: string, build: (m: EconomyModel) => T): T;
  /** The plan file with this id. @throws HttpError 404 naming the ids there are */
  planPath(id: string): string;
  models(): ModelListing[];
  plans(): PlanListing[];
  /** The workspace folder's name (not its path: that is the server's business). */
  name(): string;
  /** Whether the workspace folder is there (a server may be started on one not made yet). */
  exists(): boolean;
  /** A file path as the workspace names it (relative to its folder); an error message with such paths. */
  shorten(text: string): string;
}

/** A file that cannot be used, with its error (a plan file's problems listed, the first in the error). */
function problemOf(
  entry: Pick<Problem, "id" | "kind" | "file">,
  err: unknown,
  shorten: (text: string) => string,
): Problem {
  if (err instanceof PlanFileError) {
    const first = err.problems[0] ? `${err.problems[0].path || "(top level)"}: ${err.problems[0].message}` : "";
    return {
      ...entry,
      error: err.problems.length === 1 ? first : `${err.problems.length} problems, the first ${first}`,
      issues: err.problems,
    };
  }
  const known = err instanceof HttpError || err instanceof IoplanError;
  return { ...entry, error: shorten(known ? (err as Error).message : `could not be read: ${(err as Error).message}`) };
}

/** A model as listed. */
function modelSummary(id: string, file: string, m: EconomyModel): ModelSummary {
  return { id, file, name: m.name, sectors: m.sectors.length, baseYear: m.baseYear, unit: m.unit };
}

/** Plan summaries by plan file, with the stamp of the plan and its model folder they were made from. */
type PlanSummaries = Map<string, { stamp: string; modelDir: string; listing: PlanListing }>;

/**
 * A plan's summary (`file`: as the workspace names it), kept while neither it nor its model folder changed (loading
 * a plan reads its model). @throws what loading the plan throws
 */
function planListing(e: WorkspaceEntry, models: WorkspaceEntry[], file: string, cache: PlanSummaries): PlanListing {
  const stampOf = (modelDir: string) => `${entryStamp(e.path)}|${entryStamp(modelDir)}`;
  const hit = cache.get(e.path);
  if (hit && hit.stamp === stampOf(hit.modelDir)) return hit.listing;
  const p = loadPlan(e.path);
  const modelDir = resolve(p.planFile.model.startsWith("/") ? p.planFile.model : join(e.path, "..", p.planFile.model));
  const model = models.find((m) => resolve(m.path) === modelDir)?.id ?? null;
  const listing: PlanListing = {
    id: e.id,
    file,
    name: p.planFile.name,
    years: p.spec.years,
    model,
    scenarios: p.scenarios,
    reviewable: p.planFile.targets.some((t) => t.observed),
  };
  cache.set(e.path, { stamp: stampOf(modelDir), modelDir, listing });
  return listing;
}

/**
 * A catalogue over a workspace scanned once already. Blocking (reads files); a model is kept until its files change.
 */
export function catalogue(initial: Workspace): Catalogue {
  let ws = initial;
  const rescan = () => (ws = scanWorkspace(initial.root));
  const root = resolve(initial.root);
  const shorten = (text: string) => text.split(root + sep).join("");
  const file = (e: WorkspaceEntry) => relative(root, resolve(e.path)).split(sep).join("/");
  const find = (list: () => WorkspaceEntry[], id: string, what: string): WorkspaceEntry => {
    let e = list().find((x) => x.id === id);
    if (!e || entryStamp(e.path) === null) e = (rescan(), list().find((x) => x.id === id));
    if (!e)
      throw new HttpError(
        404,
        `no ${what} "${id}" (${what}s: ${
          list()
            .map((m) => m.id)
            .join(", ") || "none"
        })`,
      );
    return e;
  };
  const read = new Map<string, { stamp: string; model: EconomyModel }>();
  const built = new Map<string, { stamp: string; value: unknown }>();
  const summaries: PlanSummaries = new Map();
  const problem = (kind: Problem["kind"], e: WorkspaceEntry, err: unknown) =>
    problemOf({ id: e.id, kind, file: file(e) }, err, shorten);
  const c: Catalogue = {
    model(id) {
      const e = find(() => ws.models, id, "model");
      const stamp = entryStamp(e.path) ?? "";
      const hit = read.get(id);
      if (hit && hit.stamp === stamp) return hit.model;
      const model = readModel(e.path);
      read.set(id, { stamp, model });
      return model;
    },
    derived<T>(kind: string, id: string, build: (m: EconomyModel) => T): T {
      const m = c.model(id);
      const stamp = read.get(id)!.stamp;
      const hit = built.get(`${kind}:${id}`);
      if (hit && hit.stamp === stamp) return hit.value as T;
      const value = build(m);
      built.set(`${kind}:${id}`, { stamp, value });
      return value;
    },
    planPath(id) {
      return find(() => ws.plans, id, "plan").path;
    },
    models() {
      rescan();
      return ws.models.map((e) => {
        try {
          return modelSummary(e.id, file(e), c.model(e.id));
        } catch (err) {
          return problem("model", e, err);
        }
      });
    },
    plans() {
      rescan();
      return ws.plans.map((e) => {
        try {
          return planSummary(e);
        } catch (err) {
          return problem("plan", e, err);
        }
      });
    },
    name: () => basename(root),
    exists: () => existsSync(root),
    shorten,
  };
  const planSummary = (e: WorkspaceEntry) => planListing(e, ws.models, file(e), summaries);
  return c;
}
