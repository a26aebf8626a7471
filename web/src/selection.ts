/**
 * What the dashboard shows: the view, and the model and plan chosen for it, read from the address
 * (`#/editor?model=bea-2022&plan=us-2023-2027`; the older `#/sector/<plan>/<target>`, `#/editor/<model>` and
 * `#/model/<model>` still work) and completed from the workspace with sensible defaults.
 */
import type { ModelItem, PlanItem, WorkspaceView } from "./api.ts";
import { usable } from "./api.ts";

export type View = "overview" | "sector" | "editor" | "model";
export interface Route {
  view: View;
  model?: string;
  plan?: string;
  target?: string;
}
export interface Selection {
  model?: ModelItem;
  plan?: PlanItem;
  /** Ids the address asked for that the workspace does not have (or cannot use). */
  missing: string[];
}

const VIEWS: readonly View[] = ["overview", "sector", "editor", "model"];

/** The route in a location hash. */
export function parseRoute(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const [first, a, b] = path.split("/").map(decodeURIComponent);
  const view = VIEWS.includes(first as View) ? (first as View) : "overview";
  const q = new URLSearchParams(query);
  const r: Route = {
    view,
    model: q.get("model") ?? undefined,
    plan: q.get("plan") ?? undefined,
    target: q.get("target") ?? undefined,
  };
  if (a && (view === "overview" || view === "sector")) r.plan ??= a;
  if (b && view === "sector") r.target ??= b;
  if (a && (view === "editor" || view === "model")) r.model ??= a;
  return r;
}

/** The address of a view with a model, plan and target. */
export function href(view: View, s: { model?: string; plan?: string; target?: string }): string {
  const q = new URLSearchParams();
  for (const k of ["model", "plan", "target"] as const) if (s[k]) q.set(k, s[k]!);
  const text = q.toString();
  return `#/${view}${text ? `?${text}` : ""}`;
}

/**
 * The model and plan for a route: those asked for when the workspace has them; else, for a model, its plan
 * (one with observed targets for the overview and drill-down, the one reaching furthest ahead for the editor);
 * else the workspace's first such plan and its model, else its first model.
 */
export function select(ws: WorkspaceView, r: Route): Selection {
  const models = ws.models.filter(usable);
  const plans = ws.plans.filter(usable);
  const missing: string[] = [];
  let model = models.find((m) => m.id === r.model);
  let plan = plans.find((p) => p.id === r.plan);
  if (r.model && !model) missing.push(`model "${r.model}"`);
  if (r.plan && !plan) missing.push(`plan "${r.plan}"`);
  const best = (list: PlanItem[]) =>
    r.view === "editor"
      ? [...list].sort((p, q) => (q.years.at(-1) ?? 0) - (p.years.at(-1) ?? 0))[0]
      : (list.find((p) => p.reviewable) ?? list[0]);
  if (!plan && model) plan = best(plans.filter((p) => p.model === model!.id));
  if (!plan && !model) plan = best(plans.filter((p) => p.model !== null)) ?? plans[0];
  model ??= models.find((m) => m.id === plan?.model) ?? models[0];
  return { model, plan, missing };
}
