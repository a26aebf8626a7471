import assert from "node:assert/strict";
import { after, test } from "node:test";
import { bottleneckEffects, buildPlanProgram, optimisePlan } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { beaSummaryPlan } from "../../support/beaSummaryPlan.ts";
import { assertClose } from "../../support/assertClose.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// The BEA summary table (71 sectors) × 3 years: every sector's final deliveries a target growing 4 % a year against
// capacity 2 % over base output and a labour limit, so capacities and labour bind and the bottlenecks are real.
const { m, plan, codes } = beaSummaryPlan({
  name: "BEA summary, warm starts",
  years: [2021, 2022, 2023],
  growth: 1.04,
  headroom: 1.02,
  depreciation: 0.03,
  capital: { ratio: 2, mixEvery: 10 },
  labour: () => 1.01,
});

test("the simplex's optimal basis comes back with the best plan, and a re-solve of the same program from it is optimal at once", async () => {
  const r = await optimisePlan(m.A, plan, solver, { sectorNames: codes });
  assert.equal(r.status, "optimal");
  const { lp } = buildPlanProgram(m.A, plan, { kind: "harmony" }, { sectorCodes: codes });
  assert.equal(r.warmStart?.colStatus.length, lp.cost.length);
  assert.equal(r.warmStart?.rowStatus.length, lp.rowLower.length);
  const again = await solver.solve(lp, { method: "simplex", basis: r.warmStart });
  assert.match(again.detail, /, 0 simplex iterations from the given basis$/);
  assertClose(again.objective, r.objective, { rel: 1e-12 });
});

test("bottleneck effects started from the best plan's basis equal those solved cold, in fewer simplex iterations", async () => {
  const r = await optimisePlan(m.A, plan, solver, { sectorNames: codes });
  const top = r.bottlenecks.slice(0, 3);
  assert.ok(
    top.some((b) => b.kind === "capacity"),
    "capacity binds",
  );
  const iterations: { cold: number; warm: number } = { cold: 0, warm: 0 };
  const counting = (k: "cold" | "warm") => ({
    solve: async (...a: Parameters<WorkerLpSolver["solve"]>) => {
      const s = await solver.solve(...a);
      iterations[k] += Number(/(\d+) simplex iterations/.exec(s.detail)![1]);
      return s;
    },
  });
  const cold = await bottleneckEffects(m.A, plan, counting("cold"), r.fulfilment, top, { sectorNames: codes });
  const warm = await bottleneckEffects(m.A, plan, counting("warm"), r.fulfilment, top, {
    sectorNames: codes,
    basis: r.warmStart,
  });
  assert.ok(warm.every((e) => e.status === "optimal"));
  assert.ok(
    cold.some((e) => e.gains.length > 0),
    "some target moves",
  );
  assert.ok(iterations.warm < iterations.cold, `warm ${iterations.warm} against cold ${iterations.cold} iterations`);
  warm.forEach((e, k) => {
    const c = new Map(cold[k].gains.map((g) => [`${g.id}@${g.year}`, g.change]));
    // the same optimum; gains under 1e-6 of a target could be a tie broken another way, so compare the sum of what moved
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assertClose(sum(e.gains.map((g) => g.change)), sum([...c.values()]), { rel: 1e-6, abs: 1e-6 });
  });
});
