import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ModelAnalysis as AppModelAnalysis } from "../../src/app/analyseModel.ts";
import type { ObservationStore } from "../../src/app/observations.ts";
import { openObservationStore } from "../../src/app/observations.ts";
import type { PlanOptimiseReport, ScenarioComparison, runPlanCheck } from "../../src/app/planning.ts";
import type { PlanReview } from "../../src/app/review.ts";
import { scanWorkspace } from "../../src/app/workspace.ts";
import type { Observation as StoredObservation } from "../../src/engine/index.ts";
import { createApp } from "../../src/server/app.ts";
import type { Job as ServerJob } from "../../src/server/jobs.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import type {
  CheckResult,
  Comparison,
  Job,
  ModelAnalysis,
  Observation,
  OptimiseResult,
  Review,
} from "../../web/src/api.ts";
import { EXAMPLES, ROOT } from "../paths.ts";

// The dashboard's client (web/src/api.ts) declares what each route returns; the server's routes return the use cases'
// results (src/server/routes/). These types say, and `npm test`'s typecheck proves, that every result the server
// sends fits what the client expects: a field renamed or retyped on one side fails the build, not the dashboard.
type Fits<Client, Server extends Client> = Server;
export type ApiContract = [
  Fits<Review, PlanReview>,
  Fits<Comparison, ScenarioComparison>,
  Fits<Job, Omit<ServerJob, "result" | "client" | "id" | "started"> & { result?: ScenarioComparison[] }>,
  Fits<CheckResult, Awaited<ReturnType<typeof runPlanCheck>>>,
  Fits<OptimiseResult, PlanOptimiseReport>,
  Fits<ModelAnalysis["analysis"], AppModelAnalysis>,
  Fits<Observation, StoredObservation>,
];

// and at run time, through JSON: the routes' answers carry the fields the client reads
let store: ObservationStore;
const solver = new WorkerLpSolver();
let app: ReturnType<typeof createApp>;
before(async () => {
  store = await openObservationStore(":memory:");
  app = createApp({ workspace: scanWorkspace(EXAMPLES), store, solver, exampleRoot: ROOT, rates: false });
});
after(async () => {
  await solver.close();
  await store.close();
});

test("the API's answers carry every field the dashboard's client declares (model, plan check, best plan)", async () => {
  const model = (await (await app.request("/api/models/bea-summary-2017")).json()) as ModelAnalysis;
  for (const k of ["name", "unit", "notes", "analysis", "largestFlows"]) assert.ok(k in model, k);
  for (const k of ["code", "name", "output", "outputMultiplier", "backwardLinkage", "forwardLinkage", "keySector"])
    assert.ok(k in model.analysis.rows[0], `rows: ${k}`);
  const post = (path: string, body: unknown) =>
    app.request(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const check = (await (await post("/api/plans/cockshott-five-year-plan/check", {})).json()) as CheckResult;
  assert.equal(typeof check.feasible, "boolean");
  for (const k of ["id", "label", "year", "text", "share"]) assert.ok(k in check.relaxations[0], `relaxations: ${k}`);
  const best = (await (await post("/api/plans/cockshott-five-year-plan/optimise", {})).json()) as OptimiseResult;
  assert.equal(best.status, "optimal");
  for (const k of ["id", "label", "year", "share"]) assert.ok(k in best.fulfilment[0], `fulfilment: ${k}`);
  assert.ok(typeof best.bottlenecks[0].text === "string");
});
