import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  applyShocks,
  checkPlan,
  createLeontiefSystem,
  denseMatrix,
  relaxationPenalty,
  yearShares,
} from "../../../src/engine/index.ts";
import type { PlanSpec } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { assertClose } from "../../support/assertClose.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// Miller & Blair's two-sector economy again, two plan years, with imported inputs of sector 1's products:
// 0.05 per unit of sector 1's output and 0.02 per unit of sector 2's.
const A = denseMatrix([
  [0.15, 0.25],
  [0.2, 0.05],
]);
const Aimp = denseMatrix([
  [0.05, 0.02],
  [0, 0],
]);
const base = (): PlanSpec => ({
  name: "two years",
  years: [2025, 2026],
  targets: [
    {
      id: "f1",
      label: "f1",
      sector: 0,
      on: "final",
      kind: "min",
      values: Float64Array.of(600, 600),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 1,
    },
    {
      id: "f2",
      label: "f2",
      sector: 1,
      on: "final",
      kind: "min",
      values: Float64Array.of(1500, 1500),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 1,
    },
  ],
  limits: [
    {
      id: "imports",
      label: "imports",
      unit: "$",
      coefficients: Float64Array.of(0.05, 0.02),
      values: Float64Array.of(1000, 1000),
      weight: 10,
    },
  ],
  capacity: { initial: Float64Array.of(1400, 2000), leadTime: 1, depreciation: 0 },
});

test("yearly shares of dated events: a closure from 1 July, a linear reopening, a permanent loss", () => {
  const years = [2020, 2021];
  const july = Date.UTC(2020, 6, 1);
  const closed = yearShares(years, (d) => (d >= july ? 0 : 1));
  assertClose(Array.from(closed), [182 / 366, 0], { abs: 1e-12 }); // 2020 is a leap year: Jan–Jun are 182 days
  const ramp = yearShares([2021], (d) => Math.min(1, Math.max(0, (d - Date.UTC(2021, 0, 1)) / (365 * 86_400_000))));
  assertClose(ramp[0], 0.5, { abs: 1e-3 });
});

test("an import ban moves the banned imports into domestic requirements and out of the imports limit", async () => {
  const shocked = applyShocks(
    base(),
    A,
    Aimp,
    [{ kind: "importBan", label: "ban on product 1", products: [0], share: Float64Array.of(0, 1), limit: 0 }],
    "ban",
  );
  const r = await checkPlan(A, shocked, solver);
  assert.equal(r.feasible, true);
  // 2025: the base economy; 2026: A with a_11 = 0.15 + 0.05 and a_12 = 0.25 + 0.02 (hand: x = (I − A′)⁻¹ f)
  const x25 = createLeontiefSystem(A).solve([600, 1500]).x;
  const x26 = createLeontiefSystem(
    denseMatrix([
      [0.2, 0.27],
      [0.2, 0.05],
    ]),
  ).solve([600, 1500]).x;
  assertClose(r.output[0], Array.from(x25), { rel: 1e-6 });
  assertClose(r.output[1], Array.from(x26), { rel: 1e-6 });
  const imports = r.resources.filter((u) => u.id === "imports");
  assertClose(imports[0].required, 0.05 * x25[0] + 0.02 * x25[1], { rel: 1e-6 });
  assertClose(imports[1].required, 0, { abs: 1e-6 }); // the banned imports were the only ones
  assert.deepEqual(shocked.scenario, { name: "ban", applied: ["ban on product 1"] });
});

test("a capacity loss and an import cap make the plan infeasible; the relaxation names what broke", async () => {
  const shocked = applyShocks(
    base(),
    A,
    Aimp,
    [
      { kind: "capacityScale", label: "flood", sector: 0, factor: Float64Array.of(1, 0.8) },
      { kind: "limitSet", label: "cap", limit: 0, values: Float64Array.of(NaN, 50) },
    ],
    "flood+cap",
  );
  assert.deepEqual(Array.from(shocked.limits[0].values), [1000, 50]);
  const r = await checkPlan(A, shocked, solver);
  assert.equal(r.feasible, false);
  assert.ok(
    r.relaxations.every((x) => x.year === 2026),
    JSON.stringify(r.relaxations),
  );
  assert.deepEqual(Array.from(shocked.capacity.factor!), [1, 1, 0.8, 1]);
  assert.ok(r.output[1][0] <= 1400 * 0.8 + 1e-6);
  // imports in 2026 are held to the cap of 50 (relaxing the cap would cost 10× per cent): final deliveries give. Per
  // unit, f1 needs m₁ = (0.05·0.95 + 0.02·0.2)/0.7575 of imports and f2 m₂ = (0.05·0.25 + 0.02·0.85)/0.7575; at a
  // linear price the whole cut fell on f2 (84 %), the convex price shares it. By hand: the cheapest split of the
  // imports to save between the two cuts, by a fine scan, costs what the check reports.
  assert.deepEqual(r.relaxations.map((x) => [x.id, x.year]).sort(), [
    ["f1", 2026],
    ["f2", 2026],
  ]);
  assertClose(r.resources.find((u) => u.year === 2026)!.required, 50, { rel: 1e-6 });
  const [m1, m2] = [(0.05 * 0.95 + 0.02 * 0.2) / 0.7575, (0.05 * 0.25 + 0.02 * 0.85) / 0.7575];
  const save = m1 * 600 + m2 * 1500 - 50;
  let best = Infinity;
  for (let k = 0; k <= 100_000; k++) {
    const a = k / 100_000; // f1's share cut
    const b = (save - m1 * 600 * a) / (m2 * 1500);
    if (b < 0 || b > 1) continue;
    best = Math.min(best, relaxationPenalty(a) + relaxationPenalty(b));
  }
  assertClose(r.weightedRelaxation, best, { rel: 1e-4 });
  assert.ok(
    r.relaxations.every((x) => x.share <= 0.5 + 1e-6),
    JSON.stringify(r.relaxations.map((x) => x.share)),
  ); // about half each, not 84 % of one
});
