import assert from "node:assert/strict";
import { test } from "node:test";
import { buildPlanProgram } from "../../src/engine/index.ts";
import type { PlanSpec } from "../../src/engine/index.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { lcg, randomEconomy } from "../support/economies.ts";
import { allSectors, finalDeliveryTargets } from "../support/planTargets.ts";

function randomPlan(n: number, seed: number): PlanSpec {
  const r = lcg(seed);
  const years = [2021, 2022, 2023];
  return {
    name: "random",
    years,
    targets: finalDeliveryTargets(
      allSectors(n),
      years,
      () => 50 + 50 * r(),
      (i) => 1 + (i % 3),
    ),
    limits: [
      {
        id: "labour",
        label: "labour",
        unit: "u",
        coefficients: Float64Array.from({ length: n }, () => r()),
        values: Float64Array.from(years, () => 40 * n),
        weight: 10,
      },
    ],
    capacity: { initial: new Float64Array(n).fill(400), leadTime: 1, depreciation: 0 },
  };
}

test("solves run in a worker: the event loop keeps ticking while HiGHS works", async () => {
  const n = 120;
  const { lp } = buildPlanProgram(randomEconomy(n, 5, 0.1), randomPlan(n, 9), { kind: "harmony" });
  const solver = new WorkerLpSolver();
  try {
    await solver.solve(buildPlanProgram(randomEconomy(5, 1), randomPlan(5, 1), { kind: "harmony" }).lp); // load the runtime
    // no clock: count turns of the event loop (setImmediate rescheduling itself) until the solve answers. A solve on
    // this thread would finish inside solve() and answer before the first turn; in the worker the loop keeps turning.
    let turns = 0;
    let done = false;
    const spin = () =>
      setImmediate(() => {
        if (done) return;
        turns++;
        spin();
      });
    spin();
    const s = await solver.solve(lp);
    done = true;
    assert.equal(s.status, "optimal");
    assert.ok(
      turns >= 3,
      `the event loop turned ${turns} times while HiGHS solved a ${lp.colLower.length}-column program: it was blocked`,
    );
  } finally {
    await solver.close();
  }
});

test("many solves in one worker do not grow its memory without bound (models are disposed)", async () => {
  const solver = new WorkerLpSolver();
  try {
    const { lp } = buildPlanProgram(randomEconomy(30, 2, 0.2), randomPlan(30, 3), { kind: "harmony" });
    let first = 0;
    let early = 0;
    for (let k = 0; k < 80; k++) {
      const s = await solver.solve(lp);
      assert.equal(s.status, "optimal");
      if (k === 0) first = s.objective;
      else assert.equal(s.objective, first);
      if (k === 9) early = await solver.memoryBytes();
    }
    const late = await solver.memoryBytes();
    assert.ok(late <= early * 1.1, `WebAssembly heap grew from ${early} to ${late} bytes over 70 solves`);
  } finally {
    await solver.close();
  }
});
