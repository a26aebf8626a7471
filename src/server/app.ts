/**
 * ioplan's HTTP API (hono): models, plans, scenarios, observations, reviews and the worked example, described
 * by the OpenAPI document it serves; the dashboard's static files from the same process. The handlers call
 * the same app/ use cases as the CLI. Long solves run in the HiGHS worker thread, queued; the event loop keeps
 * answering, and comparisons run as jobs that report their progress.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { Hono } from "hono";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { analyseModel } from "../app/analyseModel.ts";
import { runDprkExample } from "../app/dprk/example.ts";
import type { DprkExample } from "../app/dprk/example.ts";
import { OverrideError, applyOverrides, compareScenarios, loadPlan, runPlanCheck, runPlanOptimise } from "../app/planning.ts";
import type { PlanOverrides } from "../app/planning.ts";
import { reviewPlan } from "../app/review.ts";
import { backcastPlan, explainPlan } from "../app/explainPlan.ts";
import type { Workspace } from "../app/workspace.ts";
import type { LpSolver } from "../engine/index.ts";
import { DENSE_LU_LIMIT, IoplanError, createLeontiefSystem, entryTriplets, forEachEntry, importShares, perUnitOfOutput, quickCheck, quickScenario, totalFinalDemand } from "../engine/index.ts";
import { importObservationRows, listIndicators, listObservations, reconcileStored } from "../app/observations.ts";
import { PlanFileError } from "../app/planning.ts";
import type { ObservationInput } from "../engine/index.ts";
import type { ObservationStore } from "../app/observations.ts";
import { catalogue } from "./catalogue.ts";
import { GuardError, requestGuard } from "./guard.ts";
import { HttpError } from "./httpError.ts";
import { clientOf, rateLimit } from "./rateLimit.ts";
import type { Rate } from "./rateLimit.ts";
import { openApiDocument } from "./openapi.ts";
import { checkBody, compareBody, observationsBody, optimiseBody, quickCheckBody } from "./schemas.ts";

export interface ServerOptions {
  workspace: Workspace;
  store: ObservationStore;
  solver: LpSolver;
  /** Repository root (for the worked example); undefined: /api/example answers 404. */
  exampleRoot?: string;
  /** Token that writes must carry (Authorization: Bearer …); undefined: writes need none (loopback only). */
  token?: string;
  /** Host names the server answers to (default: the loopback names); any other Host header is refused (421). */
  hosts?: readonly string[];
  /** Comparison jobs running at once, per client and in all (beyond them: 429 with Retry-After). Default 2 and 8. */
  jobLimits?: { perClient: number; total: number };
  /** Per-client rates of the costly route groups (see rateLimit.ts); false: none (tests that hammer on purpose). */
  rates?: false | Partial<Record<"data" | "analysis" | "recompute" | "solve", Rate>>;
  /** Folder of the built dashboard (web/dist); undefined or missing: the API only. */
  webDir?: string;
}

async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, `the request body is not JSON: ${(e as Error).message}`);
    }
  }
  const r = schema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new HttpError(400, "the request body does not fit", r.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })));
  return r.data;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".json": "application/json", ".png": "image/png", ".ico": "image/x-icon", ".woff2": "font/woff2" };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

interface Job {
  id: string;
  status: "running" | "done" | "failed";
  /** Who asked (the client's address), for the per-client cap. */
  client: string;
  progress: { done: number; total: number; what: string };
  result?: unknown;
  error?: string;
  started: number;
}

/** The hono application (no listening: `serve.ts` does that; tests call `app.request`). */
export function createApp(o: ServerOptions): Hono {
  const app = new Hono();
  // the workspace's files, rescanned when listed or when an id is not found; models read again when their files change
  const cat = catalogue(o.workspace);
  const model = cat.model;
  const planPath = cat.planPath;
  const jobs = new Map<string, Job>();
  const jobLimits = o.jobLimits ?? { perClient: 2, total: 8 };
  let jobCounter = 0;
  let example: Promise<DprkExample> | undefined;

  app.onError((e, c) => {
    if (e instanceof GuardError) return c.json({ error: e.message }, e.status);
    if (e instanceof HttpError && e.status === 429) return c.json({ error: e.message }, 429, { "Retry-After": "5" });
    if (e instanceof HttpError) return c.json({ error: e.message, ...(e.issues ? { issues: e.issues } : {}) }, e.status);
    // every error ioplan raises on purpose carries its status (IoplanError.httpStatus); the problems, when it lists them
    if (e instanceof IoplanError) {
      const issues = (e as { problems?: unknown }).problems;
      // a plan file is named relative to the workspace, with its first line only
      const error = e instanceof OverrideError ? "the overrides do not fit the plan" : e instanceof PlanFileError ? `the plan does not fit: ${cat.shorten(e.message.split("\n")[0])}` : cat.shorten(e.message);
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
    const r = { data: { perSecond: 10, burst: 20 }, analysis: { perSecond: 50, burst: 100 }, recompute: { perSecond: 50, burst: 100 }, solve: { perSecond: 5, burst: 20 }, ...(o.rates ?? {}) };
    app.use("/api/models/:id/data", rateLimit("model-data", r.data));
    app.use("/api/models/:id", rateLimit("analysis", r.analysis));
    app.use("/api/quick-check", rateLimit("recompute", r.recompute));
    // listing rescans the workspace and reads every plan that changed
    for (const p of ["/api/workspace", "/api/models", "/api/plans"]) app.use(p, rateLimit("listing", r.analysis));
    for (const p of ["check", "optimise", "compare", "review", "explain", "backcast"]) app.use(`/api/plans/:id/${p}`, rateLimit("solve", r.solve));
  }
  // 1 MiB for every body but the observation import's (16 MiB, its own limit below)
  const mib = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: "request body over 1 MiB" }, 413) });
  app.use("/api/*", (c, next) => (c.req.path === "/api/observations" && c.req.method === "POST" ? next() : mib(c, next)));

  app.get("/api", (c) => c.json({ name: "ioplan", openapi: "/api/openapi.json", models: "/api/models", plans: "/api/plans" }));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/api/health", (c) => c.json({ ok: true, store: o.store.kind, jobs: [...jobs.values()].filter((j) => j.status === "running").length }));

  // one broken model or plan in the workspace is listed with its error (file and message); it does not take the list down
  app.get("/api/models", (c) => c.json(cat.models()));
  app.get("/api/plans", (c) => c.json(cat.plans()));
  app.get("/api/workspace", (c) => {
    const models = cat.models();
    const plans = cat.plans();
    return c.json({ name: cat.name(), exists: cat.exists(), models, plans, problems: [...models, ...plans].filter((e) => "error" in e) });
  });
  // built once per version of a model's files: a flood of requests is served from memory
  app.get("/api/models/:id", (c) => {
    const id = c.req.param("id");
    const body = cat.derived("described", id, (m) => {
      const flows: { from: string; to: string; value: number }[] = [];
      forEachEntry(m.A, (i, j, v) => {
        if (i !== j && v > 0) flows.push({ from: m.sectors[i].code, to: m.sectors[j].code, value: v * m.x[j] });
      });
      flows.sort((p, q) => q.value - p.value);
      return JSON.stringify({ id, name: m.name, unit: m.unit, baseYear: m.baseYear, sources: m.sources, notes: m.notes, analysis: analyseModel(m), largestFlows: flows.slice(0, 25) });
    });
    return c.body(body, 200, { "Content-Type": "application/json" });
  });
  /** What the browser's worker needs to recompute: A as triplets, output, final demand, imports, capacity. */
  app.get("/api/models/:id/data", (c) => {
    const id = c.req.param("id");
    const body = cat.derived("data", id, (m) => {
      const { rows, cols, values } = entryTriplets(m.A);
      const imp = m.importCoefficients ? importShares(m.importCoefficients) : m.satellites.find((s) => s.code === "IMP") ? perUnitOfOutput(m.satellites.find((s) => s.code === "IMP")!.values, m.x) : null;
      return new TextEncoder().encode(JSON.stringify({ id, name: m.name, unit: m.unit, sectors: m.sectors, n: m.sectors.length, A: { rows, cols, values }, x: Array.from(m.x), finalDemand: Array.from(totalFinalDemand(m)), importsPerUnit: imp ? Array.from(imp) : null, capacities: m.capacities ? Array.from(m.capacities) : null, allowNegative: m.allowNegativeCoefficients })).buffer as ArrayBuffer;
    });
    return c.body(body, 200, { "Content-Type": "application/json" });
  });

  app.get("/api/plans/:id", (c) => {
    const p = loadPlan(planPath(c.req.param("id")));
    return c.json({ id: c.req.param("id"), plan: p.planFile, years: p.spec.years, model: p.model.name, scenarios: p.scenarios, limits: p.spec.limits.map((l) => ({ id: l.id, label: l.label, unit: l.unit, satellite: p.planFile.limits.find((x) => x.id === l.id)?.satellite ?? null })), targets: p.spec.targets.map((t) => ({ id: t.id, label: t.label, sector: p.model.sectors[t.sector].code, on: t.on, rank: t.rank, weight: t.weight, values: Array.from(t.values) })), sectors: p.model.sectors.map((s) => s.code) });
  });
  const loaded = (id: string, scenario: string | undefined, overrides: PlanOverrides | undefined) => {
    const p = loadPlan(planPath(id), scenario);
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
    const file = planPath(c.req.param("id"));
    loaded(c.req.param("id"), undefined, b.overrides); // fail now (400/422) rather than inside the job
    const client = clientOf(c);
    const running = [...jobs.values()].filter((j) => j.status === "running");
    if (running.length >= jobLimits.total) throw new HttpError(429, `${running.length} comparisons are running (at most ${jobLimits.total}); try again shortly`);
    if (running.filter((j) => j.client === client).length >= jobLimits.perClient) throw new HttpError(429, `you have ${jobLimits.perClient} comparisons running (at most ${jobLimits.perClient} a client); wait for one (GET /api/jobs/<id>)`);
    const job: Job = { id: `job-${++jobCounter}`, client, status: "running", progress: { done: 0, total: 1, what: "queued" }, started: Date.now() };
    jobs.set(job.id, job);
    compareScenarios(file, o.solver, b.scenarios, { overrides: b.overrides, onProgress: (done, total, what) => (job.progress = { done, total, what }) })
      .then((r) => {
        job.status = "done";
        job.result = r;
      })
      .catch((e: Error) => {
        job.status = "failed";
        job.error = e.message;
      });
    for (const [k, j] of jobs) if (j.status !== "running" && Date.now() - j.started > 600_000) jobs.delete(k);
    return c.json({ job: job.id, poll: `/api/jobs/${job.id}` }, 202);
  });
  app.get("/api/jobs/:id", (c) => {
    const j = jobs.get(c.req.param("id"));
    if (!j) throw new HttpError(404, `no job "${c.req.param("id")}"`);
    return c.json(j);
  });
  app.get("/api/plans/:id/review", async (c) => c.json(await reviewPlan(planPath(c.req.param("id")), o.store)));
  app.get("/api/plans/:id/explain", async (c) => {
    const y = c.req.query("year");
    if (y !== undefined && !/^\d{4}$/.test(y)) throw new HttpError(400, `year "${y}" is not a four-digit year`);
    const rationing = c.req.query("rationing") ?? "proportional";
    if (rationing !== "proportional" && rationing !== "priority") throw new HttpError(400, `rationing "${rationing}" is not proportional or priority`);
    return c.json(await explainPlan(planPath(c.req.param("id")), o.store, { year: y === undefined ? undefined : Number(y), rationing }));
  });
  app.get("/api/plans/:id/backcast", async (c) => c.json(await backcastPlan(planPath(c.req.param("id")), o.store)));

  // per model, built once per version of its files: the factored system, final demand, import shares
  app.post("/api/quick-check", async (c) => {
    const b = await parseBody(c, quickCheckBody);
    const m = model(b.model);
    const pre = cat.derived("prepared", b.model, (m) => {
      const codes = m.sectors.map((s) => s.code);
      return { sys: createLeontiefSystem(m.A, { labels: codes, method: m.sectors.length <= DENSE_LU_LIMIT ? "lu" : "auto" }), f: totalFinalDemand(m), imp: m.importCoefficients ? importShares(m.importCoefficients) : null, codes };
    });
    const codes = pre.codes;
    const unknown = [...Object.keys(b.demand).map((k) => `demand.${k}`), ...Object.keys(b.capacityLoss).map((k) => `capacityLoss.${k}`)].filter((k) => !codes.includes(k.split(".")[1]));
    if (unknown.length) throw new HttpError(400, "unknown sectors", unknown.map((k) => ({ path: k, message: `not a sector of ${m.name}` })));
    const r = quickCheck(pre.sys, quickScenario({ codes, x: m.x, finalDemand: pre.f, capacities: m.capacities ?? null, importsPerUnit: pre.imp }, b), codes);
    return c.json({ ...r, output: Array.from(r.output) });
  });

  app.get("/api/observations", async (c) => {
    const indicator = c.req.query("indicator");
    const rows = await listObservations(o.store, { indicator: indicator || undefined });
    return c.json(rows.slice(0, Number(c.req.query("limit") ?? 5000)));
  });
  app.get("/api/indicators", async (c) => c.json(await listIndicators(o.store)));
  // under the workspace's rule (its ioplan.json, else the default), said in the answer
  app.get("/api/reconcile", async (c) => c.json(await reconcileStored(o.store, { indicator: c.req.query("indicator") || undefined, dir: o.workspace.root })));
  app.post("/api/observations", bodyLimit({ maxSize: 16 * 1024 * 1024, onError: (c) => c.json({ error: "request body over 16 MiB" }, 413) }), async (c) => {
    const b = await parseBody(c, observationsBody);
    return c.json(await importObservationRows(o.store, b.batch, b.rows.map((r) => ({ ...r, kind: r.kind as ObservationInput["kind"], status: r.status as ObservationInput["status"] }))));
  });

  // running the example imports its observations into the store: a write, so a POST; GET gives the result once run
  app.post("/api/example", async (c) => {
    if (!o.exampleRoot) throw new HttpError(404, "this server was started without the worked example");
    example ??= runDprkExample(o.exampleRoot, o.store, o.solver);
    return c.json(await example);
  });
  app.get("/api/example", async (c) => {
    if (!o.exampleRoot) throw new HttpError(404, "this server was started without the worked example");
    if (!example) throw new HttpError(404, "the worked example has not been run on this server: POST /api/example runs it (it imports the example's observations into the store)");
    return c.json(await example);
  });

  // the dashboard: static files from web/dist, index.html for anything else that is not the API
  app.get("*", (c) => {
    if (!o.webDir || !existsSync(join(o.webDir, "index.html"))) return c.text("The dashboard is not built: run npm run build:web (the API is at /api).", 404);
    const root = realpathSync(o.webDir);
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return c.json({ error: `the path "${c.req.path}" has a malformed %-escape` }, 400);
    }
    const want = normalize(path).replace(/^([/\\])+/, "");
    const file = resolve(root, want);
    // inside the built folder, also after following links (a symlink out of it is not served)
    const within = (f: string) => f === root || f.startsWith(root + sep);
    const real = within(file) && want && existsSync(file) ? realpathSync(file) : undefined;
    const target = real && within(real) && extname(real) && statSync(real).isFile() ? real : join(root, "index.html");
    c.header("Content-Type", TYPES[extname(target)] ?? "application/octet-stream");
    if (target.includes(`${sep}assets${sep}`)) c.header("Cache-Control", "public, max-age=31536000, immutable");
    return c.body(readFileSync(target));
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

