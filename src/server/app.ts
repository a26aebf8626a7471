/**
 * ioplan's HTTP API (hono): models, plans, scenarios, observations, reviews and the worked example, described
 * by the OpenAPI document it serves; the dashboard's static files from the same process. The handlers call
 * the same app/ use cases as the CLI. Long solves run in the HiGHS worker thread, queued; the event loop keeps
 * answering, and comparisons run as jobs that report their progress.
 */
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bodyLimit } from "hono/body-limit";
import { IoplanError } from "../engine/index.ts";
import { OverrideError, PlanFileError } from "../app/planning.ts";
import { catalogue } from "./catalogue.ts";
import { GuardError, requestGuard } from "./guard.ts";
import { HttpError } from "./httpError.ts";
import { JobQueue } from "./jobs.ts";
import { openApiDocument } from "./openapi.ts";
import type { ServerOptions } from "./options.ts";
import { rateLimit } from "./rateLimit.ts";
import { registerDashboardRoutes } from "./routes/dashboard.ts";
import { registerModelRoutes } from "./routes/models.ts";
import { registerObservationRoutes } from "./routes/observations.ts";
import { registerPlanRoutes } from "./routes/plans.ts";

export type { ServerOptions } from "./options.ts";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The hono application (no listening: `serve.ts` does that; tests call `app.request`). */
export function createApp(o: ServerOptions): Hono {
  const app = new Hono();
  // the workspace's files, rescanned when listed or when an id is not found; models read again when their files change
  const cat = catalogue(o.workspace);
  const jobs = new JobQueue(o.jobLimits ?? { perClient: 2, total: 8 });

  app.onError((e, c) => {
    if (e instanceof GuardError) return c.json({ error: e.message }, e.status);
    if (e instanceof HttpError && e.status === 429) return c.json({ error: e.message }, 429, { "Retry-After": "5" });
    if (e instanceof HttpError)
      return c.json({ error: e.message, ...(e.issues ? { issues: e.issues } : {}) }, e.status);
    // every error ioplan raises on purpose carries its status (IoplanError.httpStatus); the problems, when it lists
    // them
    if (e instanceof IoplanError) {
      const issues = (e as { problems?: unknown }).problems;
      // a plan file is named relative to the workspace, with its first line only
      const error =
        e instanceof OverrideError
          ? "the overrides do not fit the plan"
          : e instanceof PlanFileError
            ? `the plan does not fit: ${cat.shorten(e.message.split("\n")[0])}`
            : cat.shorten(e.message);
      return c.json({ error, ...(issues ? { issues } : {}) }, e.httpStatus as ContentfulStatusCode);
    }
    console.error(e);
    return c.json({ error: "internal error" }, 500);
  });
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    if (!c.req.path.startsWith("/api/")) c.header("Content-Security-Policy", CSP);
  });
  // Host on every request; Origin, JSON and the token on every write (see guard.ts)
  app.use("*", requestGuard({ hosts: o.hosts, token: o.token }));
  // costly routes, per client: a flood from one client is refused at once instead of starving the event loop
  if (o.rates !== false) {
    const r = {
      data: { perSecond: 10, burst: 20 },
      analysis: { perSecond: 50, burst: 100 },
      recompute: { perSecond: 50, burst: 100 },
      solve: { perSecond: 5, burst: 20 },
      ...(o.rates ?? {}),
    };
    app.use("/api/models/:id/data", rateLimit("model-data", r.data));
    app.use("/api/models/:id", rateLimit("analysis", r.analysis));
    app.use("/api/quick-check", rateLimit("recompute", r.recompute));
    // listing rescans the workspace and reads every plan that changed
    for (const p of ["/api/workspace", "/api/models", "/api/plans"]) app.use(p, rateLimit("listing", r.analysis));
    for (const p of ["check", "optimise", "compare", "review", "explain", "backcast"])
      app.use(`/api/plans/:id/${p}`, rateLimit("solve", r.solve));
  }
  // 1 MiB for every body but the observation import's (16 MiB, its own limit below)
  const mib = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: "request body over 1 MiB" }, 413) });
  app.use("/api/*", (c, next) =>
    c.req.path === "/api/observations" && c.req.method === "POST" ? next() : mib(c, next),
  );

  app.get("/api", (c) =>
    c.json({ name: "ioplan", openapi: "/api/openapi.json", models: "/api/models", plans: "/api/plans" }),
  );
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/api/health", (c) => c.json({ ok: true, store: o.store.kind, jobs: jobs.running() }));
  // one broken model or plan in the workspace is listed with its error (file and message); it does not take the list
  // down
  registerModelRoutes(app, cat);
  registerPlanRoutes(app, o, cat, jobs);
  registerObservationRoutes(app, o);
  registerDashboardRoutes(app, o.webDir);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
