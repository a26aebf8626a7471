import assert from "node:assert/strict";
import { after, test } from "node:test";
import { checkPlan, denseMatrix, optimisePlan } from "../../../src/engine/index.ts";
import type { PlanSpec } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { fixtureJson } from "../../paths.ts";

// test/fixtures/plan_reference.json: the same plan written out independently in numpy and solved by scipy's
// linprog(method="highs") (native HiGHS), by scripts/fixtures/plan_reference.py.
const fx = fixtureJson("plan_reference.json");
const inp = fx.inputs;
const solver = new WorkerLpSolver();
after(() => solver.close());

const spec: PlanSpec = {
  name: "scipy cross-check",
  years: inp.years,
  targets: inp.targets.map(
    (t: { id: string; sector: number; on: "output" | "final"; values: number[]; weight: number; rank: number }) => ({
      id: t.id,
      label: t.id,
      sector: t.sector,
      on: t.on,
      kind: "min",
      values: Float64Array.from(t.values),
      unit: "u",
      factor: 1,
      weight: t.weight,
      rank: t.rank,
    }),
  ),
  limits: inp.limits.map((l: { id: string; coef: number[]; values: number[]; weight: number }) => ({
    id: l.id,
    label: l.id,
    unit: "u",
    coefficients: Float64Array.from(l.coef),
    values: Float64Array.from(l.values),
    weight: l.weight,
  })),
  capacity: {
    initial: Float64Array.from(inp.cap0),
    capitalMix: { ratio: inp.kappa, mix: Float64Array.from(inp.mix) },
    leadTime: inp.leadTime,
    depreciation: inp.depreciation,
  },
};
const A = denseMatrix(inp.A);

test("the best plan matches scipy's native HiGHS: objective, fulfilment per target and year, limit duals", async () => {
  const r = await optimisePlan(A, spec, solver);
  assert.equal(r.status, "optimal");
  assertClose(r.objective, fx.harmony.objective, { rel: 1e-7 });
  for (const f of r.fulfilment) assertClose(f.share, fx.harmony.fulfilment[`${f.id}:${f.year}`], { abs: 1e-6 });
  for (const [key, dual] of Object.entries(fx.harmony.limit_duals as Record<string, number>)) {
    const [id, year] = key.split(":");
    const b = r.bottlenecks.find((x) => x.kind === "limit" && x.what === id && x.year === Number(year));
    assertClose(b?.shadowPrice ?? 0, dual, { abs: 1e-7, rel: 1e-5 });
  }
  assertClose(r.output, fx.harmony.output, { rel: 1e-6, abs: 1e-6 });
});

test("the infeasible plan's minimal relaxation matches scipy's (convex prices as lines there): power lowered by 27.5, 36.08 and 52.07, steel by 11.8 in 2023", async () => {
  const r = await checkPlan(A, spec, solver);
  assert.equal(r.status, "optimal");
  assert.equal(r.feasible, false);
  const expected = Object.entries({ ...fx.elastic.short, ...fx.elastic.over } as Record<string, number>).filter(
    ([, v]) => v > 1e-9,
  );
  assert.equal(r.relaxations.length, expected.length);
  for (const [key, v] of expected) {
    const [id, year] = key.split(":");
    const x = r.relaxations.find((q) => q.id === id && q.year === Number(year));
    assert.ok(x, `relaxation ${key} missing`);
    assertClose(x!.amount, v, { rel: 1e-6 });
  }
  assertClose(r.output, fx.elastic.output, { rel: 1e-6, abs: 1e-6 });
});
