import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { bottleneckEffects, buildPlanProgram, optimisePlan, totalFinalDemand } from "../../../src/engine/index.ts";
import type { PlanSpec } from "../../../src/engine/index.ts";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { EXAMPLES } from "../../paths.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// The BEA summary table (71 sectors) × 3 years: every sector's final deliveries a target growing 4 % a year against
// capacity 2 % over base output and a labour limit, so capacities and labour bind and the bottlenecks are real.
const m = readModel(join(EXAMPLES, "bea-summary-2017"));
const f = totalFinalDemand(m);
const n = m.x.length;
const years = [2021, 2022, 2023];
const labour = Float64Array.from({ length: n }, (_, i) => 0.2 + ((i * 37) % 11) / 10);
const plan: PlanSpec = {
  name: "BEA summary, warm starts",
  years,
  targets: Array.from({ length: n }, (_, i) => i)
    .filter((i) => f[i] > 0)
    .map((i) => ({
      id: `t${i}`,
      label: `t${i}`,
      sector: i,
      on: "final" as const,
      kind: "min" as const,
      values: Float64Array.from(years, (_, k) => f[i] * 1.04 ** (k + 1)),
      unit: "u",
      factor: 1,
      weight: 1 + (i % 3),
      rank: 1,
    })),
  limits: [
    {
      id: "labour",
      label: "labour",
      unit: "u",
      coefficients: labour,
      values: Float64Array.from(years, () => labour.reduce((a, l, i) => a + l * m.x[i], 0) * 1.01),
      weight: 1,
    },
  ],
  capacity: {
    initial: Float64Array.from(m.x, (v) => v * 1.02),
    leadTime: 1,
    depreciation: 0.03,
    capitalMix: {
      ratio: 2,
      mix: Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0)).map(
        (v, _, a) => v / a.reduce((s, u) => s + u, 0),
      ),
    },
  },
};
const codes = m.sectors.map((s) => s.code);

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
