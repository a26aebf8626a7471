import assert from "node:assert/strict";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { scanWorkspace } from "../../src/app/workspace.ts";
import { createApp } from "../../src/server/app.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { openStore } from "../../src/store/openStore.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { EXAMPLES } from "../paths.ts";
import { scratch } from "../support/scratch.ts";
import { BROKEN_PLAN, USER_PLAN, userWorkspace } from "../support/userWorkspace.ts";

let store: ObservationStore;
const solver = new WorkerLpSolver();
let root: string;
let app: ReturnType<typeof createApp>;

before(async () => {
  store = await openStore(join(scratch(), "ws-api.sqlite"));
  root = userWorkspace();
  app = createApp({ workspace: scanWorkspace(root), store, solver });
});
after(async () => {
  await solver.close();
  await store.close();
});

interface WorkspaceJson {
  name: string;
  models: { id: string; name?: string; error?: string }[];
  plans: { id: string; model?: string; error?: string }[];
  problems: { id: string; kind: string; file: string; error: string; issues?: { path: string; message: string }[] }[];
}
const workspace = async () => (await (await app.request("/api/workspace")).json()) as WorkspaceJson;
const post = (path: string, body: unknown) =>
  app.request(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

test("the workspace lists a bad plan file by its name with every problem, and the good plan with its model", async () => {
  const ws = await workspace();
  assert.deepEqual(
    ws.models.map((m) => m.id),
    ["bea-2022"],
  );
  assert.equal(ws.plans.find((p) => p.id === "us-2023-2027")?.model, "bea-2022");
  assert.deepEqual(ws.problems, [
    {
      id: "broken",
      kind: "plan",
      file: "plans/broken.yaml",
      error: "period: end 2020 is before start 2023",
      issues: [{ path: "period", message: "end 2020 is before start 2023" }],
    },
  ]);
  // a route on the bad plan names the file (relative to the workspace, not the server's path) and the problem
  const r = await app.request("/api/plans/broken/review");
  assert.equal(r.status, 422);
  const body = (await r.json()) as { error: string; issues: { path: string }[] };
  assert.equal(body.error, "the plan does not fit: plans/broken.yaml: 1 problem");
  assert.deepEqual(
    body.issues.map((i) => i.path),
    ["period"],
  );
  assert.ok(!JSON.stringify(body).includes(root), "the server's own path is not given out");
});

test("files added, fixed, edited or removed are seen without a restart", async () => {
  rmSync(join(root, "plans", "broken.yaml"));
  assert.deepEqual((await workspace()).problems, []);
  assert.equal((await app.request("/api/plans/broken")).status, 404);
  writeFileSync(
    join(root, "plans", "later.yaml"),
    USER_PLAN.replace("name: US 2023–2027 test plan", "name: Added later").replace("end: 2027", "end: 2025"),
  );
  const added = (await (await app.request("/api/plans/later")).json()) as { years: number[] };
  assert.deepEqual(added.years, [2023, 2024, 2025]);
  writeFileSync(join(root, "plans", "later.yaml"), BROKEN_PLAN);
  assert.deepEqual(
    (await workspace()).problems.map((p) => p.file),
    ["plans/later.yaml"],
  );
  rmSync(join(root, "plans", "later.yaml"));
  // a model edited in place is read again (its name here)
  const dp = join(root, "bea-2022", "datapackage.json");
  const text = readFileSync(dp, "utf8");
  const before = (await workspace()).models[0].name!;
  writeFileSync(dp, text.replace(JSON.stringify(before), JSON.stringify("Edited BEA 2022")));
  try {
    assert.equal((await workspace()).models[0].name, "Edited BEA 2022");
    assert.equal(
      ((await (await app.request("/api/models/bea-2022")).json()) as { name: string }).name,
      "Edited BEA 2022",
    );
  } finally {
    writeFileSync(dp, text);
  }
});

test("a final-demand change reaches the plan check and optimum: three times the metals' final deliveries is not the plan as written", async () => {
  const plain = (await (await post("/api/plans/us-2023-2027/check", {})).json()) as {
    feasible: boolean;
    relaxations: { id: string; share: number }[];
  };
  const more = (await (
    await post("/api/plans/us-2023-2027/check", { overrides: { finalDemand: { "331": 3 } } })
  ).json()) as typeof plain;
  const metals = (r: typeof plain) =>
    r.relaxations.filter((x) => x.id === "baseline:331").reduce((a, x) => a + x.share, 0);
  assert.ok(
    metals(more) > metals(plain) + 0.1,
    `baseline:331 relaxed by ${metals(plain)} as written, ${metals(more)} at 300 %`,
  );
  const best = (await (
    await post("/api/plans/us-2023-2027/optimise", { overrides: { finalDemand: { "331": 3 } } })
  ).json()) as { fulfilment: { id: string; share: number }[] };
  const bestPlain = (await (await post("/api/plans/us-2023-2027/optimise", {})).json()) as typeof best;
  const share = (r: typeof best) => r.fulfilment.filter((f) => f.id === "baseline:331").map((f) => f.share);
  assert.notDeepEqual(share(best), share(bestPlain));
  // a sector the model does not have is named, on a check and on a comparison
  const unknown = await post("/api/plans/us-2023-2027/check", { overrides: { finalDemand: { NOPE: 2 } } });
  assert.equal(unknown.status, 400);
  assert.match(JSON.stringify(await unknown.json()), /finalDemand\.NOPE.*not a sector of/);
  assert.equal(
    (await post("/api/plans/us-2023-2027/check", { overrides: { finalDemand: { "331": -1 } } })).status,
    400,
  );
  assert.equal(
    (await post("/api/plans/us-2023-2027/compare", { overrides: { finalDemand: { NOPE: 2 } } })).status,
    400,
  );
});

test("the example workspace's lists are unchanged by the rescans: every model and plan, no problems", async () => {
  const ex = createApp({ workspace: scanWorkspace(EXAMPLES), store, solver });
  const ws = (await (await ex.request("/api/workspace")).json()) as WorkspaceJson;
  assert.equal(ws.name, "examples");
  assert.deepEqual(ws.problems, []);
  assert.ok(ws.plans.some((p) => p.id === "dprk-2021-2025-draft" && p.model === "dprk"));
});

test("the workspace list keeps the server's guards: a foreign Host is refused, a flood of rescans is rate-limited", async () => {
  const limited = createApp({
    workspace: scanWorkspace(root),
    store,
    solver,
    rates: { analysis: { perSecond: 1, burst: 2 } },
  });
  assert.equal((await limited.request("/api/workspace", { headers: { host: "attacker.example" } })).status, 421);
  assert.equal((await limited.request("/api/workspace")).status, 200);
  assert.equal((await limited.request("/api/workspace")).status, 200);
  const third = await limited.request("/api/workspace");
  assert.equal(third.status, 429);
  assert.ok(Number(third.headers.get("retry-after")) >= 1);
  // the listing's own bucket: the other routes still answer
  assert.equal((await limited.request("/api/health")).status, 200);
});

test("a server started on a workspace folder not made yet says so, and finds the files once they are there", async () => {
  const later = join(scratch(), "not-yet");
  const early = createApp({ workspace: scanWorkspace(later), store, solver });
  const none = (await (await early.request("/api/workspace")).json()) as WorkspaceJson & { exists: boolean };
  assert.deepEqual([none.name, none.exists, none.models, none.plans], ["not-yet", false, [], []]);
  cpSync(root, later, { recursive: true });
  const found = (await (await early.request("/api/workspace")).json()) as WorkspaceJson & { exists: boolean };
  assert.equal(found.exists, true);
  assert.deepEqual(
    found.models.map((m) => m.id),
    ["bea-2022"],
  );
});
