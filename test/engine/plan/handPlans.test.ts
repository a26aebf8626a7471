import assert from "node:assert/strict";
import { after, test } from "node:test";
import { bottleneckEffects, checkPlan, denseMatrix, optimisePlan } from "../../../src/engine/index.ts";
import type { PlanSpec } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { assertClose } from "../../support/assertClose.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// Miller & Blair (2009) §2.3 economy: A = [[.15, .25], [.2, .05]], L = [[1.2541, .3300], [.2640, 1.1221]].
// Labour per unit of output h = (.30, .25) (their §2.5.2 labour-income row), so labour per unit of final
// demand is hᵀL = (.44224, .37954). Final-demand targets f = (600, 1500) need 834.653 of labour (hᵀL·f), by
// hand: 0.44224·600 + 0.37954·1500.
const A = denseMatrix([
  [0.15, 0.25],
  [0.2, 0.05],
]);
const plan = (labourLimit: number, limitWeight: number): PlanSpec => ({
  name: "M&B two-sector, one year",
  years: [2025],
  targets: [
    {
      id: "f1",
      label: "Sector 1 final deliveries",
      sector: 0,
      on: "final",
      kind: "min",
      values: Float64Array.of(600),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 1,
    },
    {
      id: "f2",
      label: "Sector 2 final deliveries",
      sector: 1,
      on: "final",
      kind: "min",
      values: Float64Array.of(1500),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 2,
    },
  ],
  limits: [
    {
      id: "labour",
      label: "labour",
      unit: "worker-years",
      coefficients: Float64Array.of(0.3, 0.25),
      values: Float64Array.of(labourLimit),
      weight: limitWeight,
    },
  ],
  capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
});

test("a feasible plan needs x = L·f and 834.65 of labour (hand computation)", async () => {
  const r = await checkPlan(A, plan(900, 1), solver, ["S1", "S2"]);
  assert.equal(r.feasible, true);
  assert.deepEqual(r.relaxations, []);
  assertClose(r.output[0], [1247.5248, 1841.5842], { rel: 1e-6 });
  assertClose(r.resources[0].required, 834.6535, { rel: 1e-6 });
  assert.equal(r.resources[0].binding, false);
  assert.ok(r.solver.primalResidual < 1e-6);
});

test("infeasible under a labour limit of 800: the cheapest relaxation is named (hand computation)", async () => {
  // weights 1: raising the limit by 34.65 costs 4.33 % of it; lowering f2 by 91.30 (= 34.65/0.37954) costs 6.09 %
  const cheapLimit = await checkPlan(A, plan(800, 1), solver, ["S1", "S2"]);
  assert.equal(cheapLimit.feasible, false);
  assert.equal(cheapLimit.relaxations.length, 1);
  const r0 = cheapLimit.relaxations[0];
  assert.deepEqual([r0.kind, r0.id, r0.year], ["limit", "labour", 2025]);
  assertClose(r0.amount, 34.6535, { rel: 1e-5 });
  assert.match(r0.text, /labour in 2025: raise the limit by 34\.65 worker-years \(4\.3 % above 800\)/);
  // a limit ten times as costly to relax: lower the target whose labour per per-cent is least (f2 by 91.30)
  const hardLimit = await checkPlan(A, plan(800, 10), solver, ["S1", "S2"]);
  assert.equal(hardLimit.relaxations.length, 1);
  const r1 = hardLimit.relaxations[0];
  assert.deepEqual([r1.kind, r1.id], ["target", "f2"]);
  assertClose(r1.amount, 91.3043, { rel: 1e-5 });
  assertClose(r1.share, 0.06087, { rel: 1e-4 });
});

test("the best plan under the limit fills f1 and gives f2 93.9 %; labour's shadow price is 1/569.31 (hand computation)", async () => {
  // Labour per unit of fulfilment: f1 costs 0.44224·600 = 265.35, f2 costs 0.37954·1500 = 569.31. At φ ≤ 1 the
  // harmony slope is 1, so f1 (cheaper per unit of harmony) is filled first, then f2 gets (800 − 265.35)/569.31.
  const r = await optimisePlan(A, plan(800, 1), solver, { sectorNames: ["S1", "S2"] });
  assert.equal(r.status, "optimal");
  const phi = Object.fromEntries(r.fulfilment.map((f) => [f.id, f.share]));
  assertClose(phi.f1, 1, { rel: 1e-6 });
  assertClose(phi.f2, 0.9391304, { rel: 1e-6 });
  // weighted harmony h(φ) = min_k(slope_k·φ + intercept_k): h(1) = 2.8 and h(0.93913) = 0.93913 + 1.8 (the program
  // carries h as pieces of φ, steepest first; less the output cost of 1e-7 per unit, ~2e-4 here)
  assertClose(r.objective, 2.8 + 0.9391304 + 1.8, { rel: 1e-4 });
  const labour = r.bottlenecks.find((b) => b.kind === "limit")!;
  // (net of the program's tiny cost of 1e-7 per unit of output, which shifts it by ~4e-7)
  assertClose(labour.shadowPrice, 1 / 569.30693, { rel: 1e-3 });
  assert.match(
    labour.text,
    /2025 labour: one more worker-years raises weighted harmony by 0\.00175\d \(1 % more: 0\.0140\d\)/,
  );
  // lexicographic: rank 1 (f1) first, then f2 with f1 held: the same optimum here
  const lex = await optimisePlan(A, plan(800, 1), solver, { mode: "lexicographic" });
  assert.deepEqual(
    lex.stages.map((s) => [s.rank, s.status]),
    [
      [1, "optimal"],
      [2, "optimal"],
    ],
  );
  assertClose(Object.fromEntries(lex.fulfilment.map((f) => [f.id, f.share])).f2, 0.9391304, { rel: 1e-6 });
});

test("a bottleneck in the plan's units: 1 % more labour (8 worker-years) raises f2's deliveries by 8 × 1500/569.31 = 21.08 $ (hand computation)", async () => {
  // f1 is full; every extra worker-year goes to f2, which needs 569.31 worker-years per unit of fulfilment (1500 $):
  // 1500/569.31 = 2.6348 $ of sector 2's final deliveries per worker-year
  const p = plan(800, 1);
  const r = await optimisePlan(A, p, solver, { sectorNames: ["S1", "S2"] });
  const labour = r.bottlenecks.find((b) => b.kind === "limit")!;
  assert.equal(labour.bound, 800);
  const [e] = await bottleneckEffects(A, p, solver, r.fulfilment, [labour], { sectorNames: ["S1", "S2"] });
  assert.equal(e.status, "optimal");
  assertClose(e.added, 8, { rel: 1e-12 });
  assert.deepEqual(
    e.gains.map((g) => g.id),
    ["f2"],
    "f1 is already met: only f2 moves",
  );
  assertClose(e.gains[0].change, 8 * (1500 / 569.30693), { rel: 1e-5 });
  assertClose(e.gains[0].perUnit, 1500 / 569.30693, { rel: 1e-5 });
  assert.match(
    e.text,
    /^2025 labour: 8 worker-years more \(1 %\) → Sector 2 final deliveries 2025 \+21\.08 \$ \(2\.635 per worker-years\)$/,
  );
});

test("import substitution in the plan program: imports short of the limit are made at home, within the share, at a cost (hand computation)", async () => {
  // The same economy with imported inputs: product 1 imported at 0.1 per unit of sector 2's output (Aᴹ₁₂ = 0.1), an
  // imports limit of 100 against 184.16 needed (0.1·1841.58): without substitution the plan is infeasible.
  const imports = denseMatrix([
    [0, 0.1],
    [0, 0],
  ]);
  const withImports = (share: number, cost: number): PlanSpec => ({
    ...plan(10_000, 1),
    limits: [
      {
        id: "imports",
        label: "imports",
        unit: "$",
        coefficients: Float64Array.of(0, 0.1),
        values: Float64Array.of(100),
        weight: 1,
      },
    ],
    importSubstitution: share > 0 ? { limit: 0, imports, share, cost } : undefined,
  });
  assert.equal((await checkPlan(A, withImports(0, 1), solver, ["S1", "S2"])).feasible, false);
  // share 0.5: up to 0.05·x₂ may be made at home by sector 1, s = 0.1·x₂ − 100 of it, each unit one more of its output:
  // the balances are x₁ − 0.15x₁ − 0.25x₂ − s = 600 and x₂ − 0.2x₁ − 0.05x₂ = 1500
  const half = await checkPlan(A, withImports(0.5, 1), solver, ["S1", "S2"]);
  assert.equal(half.feasible, true);
  const [x1, x2] = half.output[0];
  const s = 0.1 * x2 - 100;
  assert.ok(s > 0 && s <= 0.05 * x2 + 1e-6, `s ${s}`);
  assertClose(x1 - 0.15 * x1 - 0.25 * x2 - s, 600, { rel: 1e-6 });
  assertClose(x2 - 0.2 * x1 - 0.05 * x2, 1500, { rel: 1e-6 });
  // at a cost of 2 units of output per unit replaced the same imports need more of sector 1
  const dear = await checkPlan(A, withImports(0.5, 2), solver, ["S1", "S2"]);
  assert.ok(dear.output[0][0] > x1 + 1);
  // share 0.1 is not enough: at most 0.01·x₂ ≈ 18.6 of the 84.2 missing can be made at home
  assert.equal((await checkPlan(A, withImports(0.1, 1), solver, ["S1", "S2"])).feasible, false);
});

// Floors on final deliveries, on the same M&B economy (labour per unit of final demand hᵀL = (0.442244, 0.379538)).
const floored = (labourLimit: number, limitWeight: number, floor: number, targets = true): PlanSpec => ({
  ...plan(labourLimit, limitWeight),
  targets: targets ? plan(labourLimit, limitWeight).targets : [],
  floors: [
    {
      id: "households",
      label: "Household consumption",
      category: "HH",
      values: Float64Array.of(0, floor),
      unit: "$",
      weight: 100,
    },
  ],
});

test("a floor on final deliveries holds in the check: below it a target may not go, so the next cheapest gives (hand computation)", async () => {
  // Without the floor f2 would give 91.30 (6.09 %). With y2 ≥ 1450, f2 gives 50 (to the floor, saving 18.98 of
  // labour) and f1 the remaining 15.67 of labour: 15.67 ÷ 0.442244 = 35.44 — cheaper than the limit (weight 10)
  // or the floor (weight 100).
  const r = await checkPlan(A, floored(800, 10, 1450), solver, ["S1", "S2"]);
  const by = Object.fromEntries(r.relaxations.map((q) => [q.id, q.amount]));
  assertClose(by.f2, 50, { rel: 1e-6 });
  assertClose(by.f1, (834.6535 - 800 - 50 * 0.379538) / 0.442244, { rel: 1e-4 });
  assert.equal(by.households, undefined);
  assertClose(r.finalDeliveries[0][1], 1450, { rel: 1e-6 });
});

test("a floor that cannot be met is the relaxation named, with its sectors (hand computation)", async () => {
  // 800 of labour buys at most 800 ÷ 0.379538 = 2107.83 of sector 2's final deliveries: a floor of 2200 gives 92.17
  const r = await checkPlan(A, floored(800, 1000, 2200, false), solver, ["S1", "S2"]);
  assert.equal(r.feasible, false);
  assert.equal(r.relaxations.length, 1);
  const q = r.relaxations[0];
  assert.deepEqual([q.kind, q.id, q.year], ["floor", "households", 2025]);
  assertClose(q.amount, 2200 - 800 / 0.379538, { rel: 1e-5 });
  assert.match(
    q.text,
    /Household consumption \(floor on HH\) in 2025: cut by 92\.1\d \$ \(4\.2 % of 2,200; most in S2 −4\.2 %\)/,
  );
});

test("the best plan respects the floor: f2 held at 1450 and f1 gets the rest of the labour (hand computation)", async () => {
  // y2 = 1450 needs 1450 · 0.379538 = 550.33 of labour; f1 gets (800 − 550.33) ÷ 0.442244 = 564.55, φ1 = 0.9409
  const r = await optimisePlan(A, floored(800, 1, 1450), solver, { sectorNames: ["S1", "S2"] });
  assert.equal(r.status, "optimal");
  const phi = Object.fromEntries(r.fulfilment.map((f) => [f.id, f.share]));
  assertClose(phi.f2, 1450 / 1500, { rel: 1e-5 });
  assertClose(phi.f1, (800 - 1450 * 0.379538) / 0.442244 / 600, { rel: 1e-4 });
});
