import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { analyseModel } from "../../src/app/analyseModel.ts";
import { scanWorkspace } from "../../src/app/workspace.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { createApp } from "../../src/server/app.ts";
import { startServer } from "../../src/server/serve.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { openStore } from "../../src/store/openStore.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { EXAMPLES, ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

let store: ObservationStore;
const solver = new WorkerLpSolver();
let app: ReturnType<typeof createApp>;
const ws = scanWorkspace(EXAMPLES);

before(async () => {
  store = await openStore(join(scratch(), "api.sqlite"));
  app = createApp({ workspace: ws, store, solver, exampleRoot: ROOT });
});
after(async () => {
  await solver.close();
  await store.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

test("API: models with their analysis (the same numbers as the engine's), plans, and the OpenAPI document", async () => {
  const models = (await (await app.request("/api/models")).json()) as { id: string }[];
  assert.deepEqual(models.map((m) => m.id).sort(), [
    "bea-detail-2017",
    "bea-summary-2017",
    "cockshott",
    "dprk",
    "dprk-models-chn-2014",
    "dprk-models-kor-2000",
    "dprk-models-kor-2014",
    "wiod-usa-2014",
  ]);
  const m = (await (await app.request("/api/models/dprk")).json()) as {
    analysis: { rows: { code: string; outputMultiplier: number }[] };
    largestFlows: unknown[];
  };
  const direct = analyseModel(readModel(join(EXAMPLES, "dprk", "model")));
  assert.equal(
    m.analysis.rows.find((r) => r.code === "MET")!.outputMultiplier,
    direct.rows.find((r) => r.code === "MET")!.outputMultiplier,
  );
  assert.equal(m.largestFlows.length, 25);
  const plans = (await (await app.request("/api/plans")).json()) as {
    id: string;
    model: string;
    scenarios: string[];
  }[];
  const draft = plans.find((p) => p.id === "dprk-2021-2025-draft")!;
  assert.equal(draft.model, "dprk");
  assert.deepEqual(draft.scenarios, [
    "as-recorded",
    "sanctions-ease",
    "sanctions-persist",
    "freeze-for-relief",
    "self-reliance",
    "capacity-as-2020",
  ]);
  const doc = (await (await app.request("/api/openapi.json")).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  assert.equal(doc.openapi, "3.1.0");
  assert.ok("/api/plans/{id}/check" in doc.paths && "/api/observations" in doc.paths);
});

test("API: check with overrides, bad bodies are 400 naming the fields, unknown ids 404, no path reaches the file system", async () => {
  // under the recorded shocks the draft is feasible with its import substitution; with a fifth of the imports, not
  const ok = await post("/api/plans/dprk-2021-2025-draft/check", {
    scenario: "as-recorded",
    overrides: { limits: { imports: 1 } },
  });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { feasible: boolean }).feasible, true);
  const squeezed = await post("/api/plans/dprk-2021-2025-draft/check", {
    scenario: "as-recorded",
    overrides: { limits: { imports: 0.2 } },
  });
  assert.equal(((await squeezed.json()) as { feasible: boolean }).feasible, false);
  const bad = await post("/api/plans/dprk-2021-2025-draft/check", { scenario: 3, extra: true });
  assert.equal(bad.status, 400);
  const issues = ((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
  assert.deepEqual(issues, ["(body)", "scenario"]);
  const unknownLimit = await post("/api/plans/dprk-2021-2025-draft/check", { overrides: { limits: { nope: 1 } } });
  assert.equal(unknownLimit.status, 400);
  assert.match(JSON.stringify(await unknownLimit.json()), /no limit \\"nope\\"/);
  assert.equal((await app.request("/api/plans/..%2F..%2Fpackage")).status, 404);
  assert.equal((await app.request("/api/models/..%2Fbea-summary-2017")).status, 404);
  const notJson = await app.request("/api/quick-check", {
    method: "POST",
    body: "{",
    headers: { "content-type": "application/json" },
  });
  assert.equal(notJson.status, 400);
  const big = await app.request("/api/quick-check", {
    method: "POST",
    body: "x".repeat(2 * 1024 * 1024),
    headers: { "content-type": "application/json" },
  });
  assert.equal(big.status, 413);
  assert.equal((await app.request("/api/models")).headers.get("access-control-allow-origin"), null);
});

test("API: a comparison runs as a job with progress while the server keeps answering", async () => {
  const r = await post("/api/plans/dprk-2021-2025-draft/compare", {});
  assert.equal(r.status, 202);
  const { poll } = (await r.json()) as { poll: string };
  let job: {
    status: string;
    progress: { done: number; total: number };
    result?: { scenario: string; feasible: boolean }[];
  };
  // the server answers while the job runs: a health answer counts only between two polls that both saw it running
  // (a comparison finished before the first poll, or a server that blocks until it ends, fails this)
  let answeredWhileRunning = 0;
  const pollJob = async () => (await (await app.request(poll)).json()) as typeof job;
  job = await pollJob();
  while (job.status === "running") {
    const h = await app.request("/api/health");
    const after = await pollJob();
    if (h.status === 200 && after.status === "running") answeredWhileRunning++;
    job = after;
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.equal(job.status, "done");
  assert.equal(job.progress.done, job.progress.total);
  assert.deepEqual(
    job.result!.map((s) => [s.scenario, s.feasible]),
    [
      ["(no shocks)", true],
      ["as-recorded", true],
      ["sanctions-ease", true],
      ["sanctions-persist", true],
      ["freeze-for-relief", true],
      ["self-reliance", true],
      ["capacity-as-2020", false],
    ],
  );
  assert.ok(answeredWhileRunning >= 1, "the server answered while the comparison was running");
});

test("API: quick check is the engine's; observations and review; writes need the token beyond loopback", async () => {
  const q = (await (await post("/api/quick-check", { model: "dprk", importCap: 0.5 })).json()) as {
    attainable: number;
    binding: { id: string };
  };
  assert.ok(Math.abs(q.attainable - 0.5) < 1e-9, String(q.attainable)); // imports scale with demand: half the imports, half the demand
  assert.equal(q.binding.id, "imports");
  const row = {
    indicator: "steel",
    period: "2021",
    value: 1.5,
    unit: "million tonnes",
    kind: "estimate",
    sourceName: "Statistics Office",
    status: "estimated",
  };
  const w = await post("/api/observations", { batch: "t1", rows: [row] });
  assert.equal(w.status, 200);
  assert.equal(((await w.json()) as { added: number }).added, 1);
  // the same figure's source and date with another value, not marked revised: a conflict with the store (409), named
  const clash = await post("/api/observations", { batch: "t1b", rows: [{ ...row, value: 2.5 }] });
  assert.equal(clash.status, 409);
  assert.match(JSON.stringify(await clash.json()), /is already 1\.5 million tonnes.*needs status \\"revised\\"/);
  const badRow = await post("/api/observations", { batch: "t2", rows: [{ ...row, period: "21" }] });
  assert.equal(badRow.status, 400);
  assert.match(JSON.stringify(await badRow.json()), /rows\.0\.period/);
  const list = (await (await app.request("/api/observations?indicator=steel")).json()) as unknown[];
  assert.equal(list.length, 1);
  // a source's declared type orders it; pandas' quarter spelling is read; reconciliation says its rule
  const typed = await post("/api/observations", {
    batch: "t4",
    rows: [
      { ...row, period: "2021Q3", value: 0.4, kind: "reported", sourceName: "Ministry", sourceType: "own-claim" },
      { ...row, period: "2021Q3", value: 0.38, sourceType: "official-statistics" },
    ],
  });
  assert.equal(typed.status, 200, JSON.stringify(await typed.clone().json()));
  const rec = (await (await app.request("/api/reconcile?indicator=steel")).json()) as {
    rule: string;
    reconciliations: { period: string; best: { value: number; rule: string } }[];
  };
  assert.equal(rec.rule, "ioplan's default");
  const q3 = rec.reconciliations.find((r) => r.period === "2021-Q3")!;
  assert.deepEqual([q3.best.value, q3.best.rule], [0.38, "official statistics"]);
  assert.equal(
    (await post("/api/observations", { batch: "t5", rows: [{ ...row, sourceType: "statistics" }] })).status,
    400,
  );
  // beyond loopback: a token is made up and writes without it are refused
  const s = await startServer({ host: "0.0.0.0", port: 0, workspace: ws, store, solver });
  try {
    assert.ok(s.token && s.token.length >= 20);
    const url = s.url.replace("0.0.0.0", "127.0.0.1");
    const body = JSON.stringify({ batch: "t3", rows: [{ ...row, period: "2022" }] });
    assert.equal((await fetch(`${url}/api/observations`, { method: "POST", body })).status, 401);
    assert.equal(
      (
        await fetch(`${url}/api/observations`, {
          method: "POST",
          body,
          headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
        })
      ).status,
      200,
    );
    assert.equal((await fetch(`${url}/api/models`)).status, 200);
  } finally {
    await s.close();
  }
  const local = await startServer({ host: "127.0.0.1", port: 0, workspace: ws, store, solver });
  assert.equal(local.token, undefined);
  await local.close();
});

test("API: a year explained (Shapley parts, unexplained, rule, backcast line) and the backcast; a bad year or rule is a 4xx naming it", async () => {
  const { importDprkObservations } = await import("../../src/app/dprk/example.ts");
  await importDprkObservations(ROOT, store);
  const e = (await (await app.request("/api/plans/dprk-2016-2020-strategy/explain?year=2020")).json()) as {
    year: number;
    total: { parts: { channel: string; value: number }[]; modelled: number; unexplained: number; shortfall: number };
    rationing: { rule: string };
    backcast: { line: string };
  };
  assert.equal(e.year, 2020);
  assert.deepEqual(
    e.total.parts.map((p) => p.channel),
    ["imports", "final:EXP", "shock:2"],
  );
  assert.ok(Math.abs(e.total.modelled + e.total.unexplained - e.total.shortfall) < 1e-9);
  assert.match(e.rationing.rule, /proportional/);
  assert.match(e.backcast.line, /^Backcast/);
  const b = (await (await app.request("/api/plans/dprk-2016-2020-strategy/backcast")).json()) as {
    overall: { mape: number };
    sectors: unknown[];
  };
  assert.equal(b.sectors.length, 7);
  assert.ok(b.overall.mape > 0);
  const badYear = await app.request("/api/plans/dprk-2016-2020-strategy/explain?year=20x0");
  assert.equal(badYear.status, 400);
  const notPlanned = await app.request("/api/plans/dprk-2016-2020-strategy/explain?year=2030");
  assert.equal(notPlanned.status, 422);
  assert.match(
    JSON.stringify(await notPlanned.json()),
    /a plan year with observed outputs \(2016, 2017, 2018, 2019, 2020\)/,
  );
  assert.equal((await app.request("/api/plans/dprk-2016-2020-strategy/explain?rationing=fair")).status, 400);
});

test("a port in use: the default moves to the next free one and says so; a port the user named is an error (exit 2), not a stack trace", async () => {
  const { createServer } = await import("node:net");
  const { spawn } = await import("node:child_process");
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
  const taken = (blocker.address() as { port: number }).port;
  try {
    const s = await startServer({ host: "127.0.0.1", port: taken, tryNext: 20, workspace: ws, store, solver });
    try {
      const port = Number(new URL(s.url).port);
      assert.ok(port > taken && port <= taken + 20, `moved from ${taken} to ${port}`);
    } finally {
      await s.close();
    }
    await assert.rejects(
      startServer({ host: "127.0.0.1", port: taken, workspace: ws, store, solver }),
      (e: unknown) => (e as { code?: string }).code === "EADDRINUSE",
    );
    // the command line, with the port named: exit 2 and what to do
    const cli = spawn(
      process.execPath,
      [join(ROOT, "bin", "ioplan.js"), "serve", "--port", String(taken), "--db", join(scratch(), "p.sqlite")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    cli.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => cli.on("exit", done));
    assert.equal(code, 2, stderr);
    assert.equal(
      stderr,
      `ioplan: port ${taken} on 127.0.0.1 is in use; choose another with --port (0: any free port)\n`,
    );
    // the default port (8080) taken, by this test or by something else: the next free one, said on the first line
    const on8080 = createServer();
    await new Promise<void>((done) => on8080.once("error", () => done()).listen(8080, "127.0.0.1", done));
    const dflt = spawn(
      process.execPath,
      [join(ROOT, "bin", "ioplan.js"), "serve", "--db", join(scratch(), "q.sqlite")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let stdout = "";
      await new Promise<void>((done, fail) => {
        dflt.stdout.on("data", (d) => ((stdout += d), /Stop with Ctrl-C/.test(stdout) && done()));
        dflt.on("exit", (c) => fail(new Error(`exited ${c}: ${stdout}`)));
      });
      assert.match(
        stdout,
        /^\(port 8080 is in use; serving on (\d+)\)\nioplan dashboard and API: http:\/\/127\.0\.0\.1:\1\//,
      );
    } finally {
      dflt.kill("SIGTERM");
      on8080.close();
    }
  } finally {
    blocker.close();
  }
});
