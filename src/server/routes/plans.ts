/**
 * Routes on plans: the plan, its check and best plan, scenario comparisons (as jobs), review, explanation, backcast.
 */
import type { Hono } from "hono";
import { applyOverrides, compareScenarios, loadPlan, runPlanCheck, runPlanOptimise } from "../../app/planning.ts";
import type { PlanOverrides } from "../../app/planning.ts";
import { reviewPlan } from "../../app/review.ts";
import { backcastPlan, explainPlan } from "../../app/explainPlan.ts";
import { HttpError } from "../httpError.ts";
import type { JobQueue } from "../jobs.ts";
import { parseBody } from "../parseBody.ts";
import { clientOf } from "../rateLimit.ts";
import { checkBody, compareBody, optimiseBody } from "../schemas.ts";
import type { Catalogue } from "../catalogue.ts";
import type { ServerOptions } from "../options.ts";

/** GET /api/plans/:id, POST check, optimise and compare (a job: GET /api/jobs/:id), GET review, explain, backcast. */
export function registerPlanRoutes(app: Hono, o: ServerOptions, cat: Catalogue, jobs: JobQueue): void {
  app.get("/api/plans/:id", (c) => {
    const p = loadPlan(cat.planPath(c.req.param("id")));
    return c.json({
      id: c.req.param("id"),
      plan: p.planFile,
      years: p.spec.years,
      model: p.model.name,
      scenarios: p.scenarios,
      limits: p.spec.limits.map((l) => ({
        id: l.id,
        label: l.label,
        unit: l.unit,
        satellite: p.planFile.limits.find((x) => x.id === l.id)?.satellite ?? null,
      })),
      targets: p.spec.targets.map((t) => ({
        id: t.id,
        label: t.label,
        sector: p.model.sectors[t.sector].code,
        on: t.on,
        rank: t.rank,
        weight: t.weight,
        values: Array.from(t.values),
      })),
      sectors: p.model.sectors.map((s) => s.code),
    });
  });
  const loaded = (id: string, scenario: string | undefined, overrides: PlanOverrides | undefined) => {
    const p = loadPlan(cat.planPath(id), scenario);
    return overrides ? applyOverrides(p, overrides) : p;
  };
  app.post("/api/plans/:id/check", async (c) => {
    const b = await parseBody(c, checkBody);
    return c.json(await runPlanCheck(loaded(c.req.param("id"), b.scenario, b.overrides), o.solver));
  });
  app.post("/api/plans/:id/optimise", async (c) => {
    const b = await parseBody(c, optimiseBody);
    return c.json(await runPlanOptimise(loaded(c.req.param("id"), b.scenario, b.overrides), o.solver, b.mode));
  });
  app.post("/api/plans/:id/compare", async (c) => {
    const b = await parseBody(c, compareBody);
    const file = cat.planPath(c.req.param("id"));
    loaded(c.req.param("id"), undefined, b.overrides); // fail now (400/422) rather than inside the job
    const job = jobs.start(clientOf(c), (onProgress) =>
      compareScenarios(file, o.solver, b.scenarios, { overrides: b.overrides, onProgress }),
    );
    return c.json({ job: job.id, poll: `/api/jobs/${job.id}` }, 202);
  });
  app.get("/api/jobs/:id", (c) => {
    const j = jobs.get(c.req.param("id"));
    if (!j) throw new HttpError(404, `no job "${c.req.param("id")}"`);
    return c.json(j);
  });
  app.get("/api/plans/:id/review", async (c) => c.json(await reviewPlan(cat.planPath(c.req.param("id")), o.store)));
  app.get("/api/plans/:id/explain", async (c) => {
    const y = c.req.query("year");
    if (y !== undefined && !/^\d{4}$/.test(y)) throw new HttpError(400, `year "${y}" is not a four-digit year`);
    const rationing = c.req.query("rationing") ?? "proportional";
    if (rationing !== "proportional" && rationing !== "priority")
      throw new HttpError(400, `rationing "${rationing}" is not proportional or priority`);
    return c.json(
      await explainPlan(cat.planPath(c.req.param("id")), o.store, {
        year: y === undefined ? undefined : Number(y),
        rationing,
      }),
    );
  });
  app.get("/api/plans/:id/backcast", async (c) => c.json(await backcastPlan(cat.planPath(c.req.param("id")), o.store)));
}
