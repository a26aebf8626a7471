import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  backcastFit,
  createSupplyModel,
  csrFromTriplets,
  denseMatrix,
  explainShortfalls,
  solveSupplyConstrained,
} from "../../../src/engine/index.ts";
import type { CounterfactualChannel, ExplainInput } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";

// Miller & Blair (2009), §2.3: A = [[0.15, 0.25], [0.2, 0.05]], d = [600, 1500] gives x = [1247.52, 1841.58].
const MB = denseMatrix([
  [0.15, 0.25],
  [0.2, 0.05],
]);

test("the mixed model with sector 2's output fixed at its demand-driven level reproduces the demand-driven solution (Miller & Blair §13.1)", () => {
  const r = solveSupplyConstrained({ A: MB, finalDemand: [600, 0], fixedOutput: [NaN, 1841.5841584158416] });
  assertClose(r.x, [1247.5247524752476, 1841.5841584158416], { rel: 1e-12 });
  // sector 2's final deliveries are what is left of its output: 1841.58 − 0.2·1247.52 − 0.05·1841.58 = 1500
  assertClose(r.delivered[1], 1500, { rel: 1e-12 });
  assert.equal(r.status, "unconstrained");
  assert.ok(r.converged);
});

test("a binding capacity holds the sector there and its own final deliveries take the cut (the mixed model, M&B §13.1)", () => {
  // d = [600, 1500] needs x₂ = 1841.58; sector 2 can make 1500: fixed there, x₁ = (600 + 0.25·1500) / 0.85 = 1147.06,
  // and sector 2 delivers what is left: 1500 − 0.2·1147.06 − 0.05·1500 = 1195.59; sector 1's deliveries are untouched
  const r = solveSupplyConstrained({
    A: MB,
    finalDemand: [600, 1500],
    capacity: [Infinity, 1500],
    labels: ["S1", "S2"],
  });
  const x1 = 975 / 0.85;
  assertClose(r.x, [x1, 1500], { rel: 1e-12 });
  assertClose(r.delivered, [600, 1500 - 0.2 * x1 - 75], { rel: 1e-12 });
  assert.deepEqual(r.factors, [1]);
  assert.equal(r.status, "rationed");
  assert.deepEqual(r.binding, [[{ kind: "capacity", id: "S2" }]]);
  assert.match(r.rule, /proportional.*its own final deliveries take the cut/);
  // a capacity below what the others need of the sector rations them all through its residual deliveries
  const tight = solveSupplyConstrained({
    A: MB,
    finalDemand: [3000, 0],
    capacity: [Infinity, 300],
    labels: ["S1", "S2"],
  });
  assertClose(tight.x[0], 1425, { rel: 1e-12 });
  assertClose(tight.delivered[1], 0, { abs: 1e-9 });
  assert.deepEqual(tight.binding[0].map((b) => b.kind).sort(), ["capacity", "fixed-output"]);
});

test("an import budget rations output; under priority rationing rank 1 is served in full first", () => {
  // imports per unit [0.1, 0.2]; unrationed use 0.1·1247.52 + 0.2·1841.58 = 493.07; limit 400
  const budgets = [{ id: "imports", label: "imports", perUnit: [0.1, 0.2], limit: 400 }];
  const p = solveSupplyConstrained({ A: MB, finalDemand: [600, 1500], budgets });
  assertClose(p.factors, [400 / 493.0693069306931], { rel: 1e-12 });
  // priority: sector 1's deliveries first (L·[600, 0] = [752.48, 158.42], imports 106.93), then sector 2's
  const q = solveSupplyConstrained({
    A: MB,
    finalDemand: [600, 1500],
    budgets,
    rationing: { rule: "priority", priority: [1, 2] },
  });
  assert.equal(q.factors[0], 1);
  const L = [
    [0.95 / 0.7575, 0.25 / 0.7575],
    [0.2 / 0.7575, 0.85 / 0.7575],
  ];
  const x1 = [L[0][0] * 600, L[1][0] * 600];
  const x2 = [L[0][1] * 1500, L[1][1] * 1500];
  const theta2 = (400 - (0.1 * x1[0] + 0.2 * x1[1])) / (0.1 * x2[0] + 0.2 * x2[1]);
  assertClose(q.factors[1], theta2, { rel: 1e-12 });
  assertClose(q.delivered, [600, 1500 * theta2], { rel: 1e-12 });
  assert.match(q.rule, /priority/);
});

test("fixed outputs that alone break a budget are infeasible, named, never rationed silently", () => {
  const r = solveSupplyConstrained({
    A: MB,
    finalDemand: [600, 0],
    fixedOutput: [NaN, 3000],
    budgets: [{ id: "fx", label: "foreign exchange", perUnit: [0, 0.2], limit: 100 }],
  });
  assert.equal(r.status, "infeasible");
  assert.deepEqual(r.binding[0], [{ kind: "budget", id: "fx" }]);
  assert.deepEqual(r.factors, [0]);
});

test("a fixed sector cannot deliver less than nothing: its intermediate use rations the others", () => {
  // sector 2 fixed at 300: sector 1's x₁ = (d₁ + 0.25·300)/0.85 needs 0.2·x₁ + 15 ≤ 300, i.e. x₁ ≤ 1425
  const r = solveSupplyConstrained({ A: MB, finalDemand: [2000, 0], fixedOutput: [NaN, 300], labels: ["S1", "S2"] });
  assertClose(r.x[0], 1425, { rel: 1e-12 });
  assertClose(r.delivered[1], 0, { abs: 1e-9 });
  assert.deepEqual(r.binding[0], [{ kind: "fixed-output", id: "S2" }]);
});

test("a model that declares negative coefficients (BEA's industry technology) can hold a sector at capacity", () => {
  const A = denseMatrix([
    [0.15, -0.01],
    [0.2, 0.05],
  ]);
  // sector 2 held at 1000: x₁ = (600 − 0.01·1000) / 0.85
  const r = solveSupplyConstrained({ A, finalDemand: [600, 1500], capacity: [Infinity, 1000] });
  assertClose(r.x, [590 / 0.85, 1000], { rel: 1e-12 });
  const sparse = solveSupplyConstrained({
    A: csrFromTriplets(
      2,
      2,
      { rows: [0, 0, 1, 1], cols: [0, 1, 0, 1], values: [0.15, -0.01, 0.2, 0.05] },
      { allowNegative: true },
    ),
    finalDemand: [600, 1500],
    capacity: [Infinity, 1000],
  });
  assertClose(sparse.x, r.x, { rel: 1e-9 });
});

test("createSupplyModel refuses a negative fixed output, naming the sector", () => {
  assert.throws(() => createSupplyModel(MB, [NaN, -1], ["S1", "S2"]), /fixed output of S2: value -1/);
});

// One sector, A = [0.5] (multiplier 2), exports planned 10 → x = 20, observed 6 → x = 12; imports 0.1 a unit,
// planned limit 2 (x ≤ 20), observed 1 (x ≤ 10). x(∅) = 20, x(E) = 12, x(B) = 10, x(E, B) = 10.
const one = (observed: number, channels?: CounterfactualChannel[]): ExplainInput => ({
  sectors: ["S"],
  A: denseMatrix([[0.5]]),
  valueAddedPerUnit: [0.4],
  otherFinalDemand: [0],
  budgets: [{ id: "imports", label: "imports", perUnit: [0.1], limit: 2 }],
  channels: channels ?? [
    { id: "exports", label: "exports", kind: "final-demand", planned: [10], observed: [6], evidence: ["customs"] },
    {
      id: "imports",
      label: "imports from the partner",
      kind: "budget",
      budget: "imports",
      observedLimit: 1,
      evidence: ["partner customs"],
    },
  ],
  rationing: { rule: "proportional" },
  planned: [20],
  observed: [observed],
});

test("two channels by hand: Shapley parts exports 4 and imports 6 (first 8 and 10, last 0 and 2), unexplained on its own line", () => {
  const e = explainShortfalls(one(11));
  const [s] = e.sectors;
  assertClose(
    s.parts.map((p) => p.value),
    [4, 6],
    { rel: 1e-12 },
  );
  assertClose(
    s.parts.map((p) => p.first),
    [8, 10],
    { rel: 1e-12 },
  );
  assertClose(
    s.parts.map((p) => p.last),
    [0, 2],
    { rel: 1e-12 },
  );
  assertClose(s.modelled, 10, { rel: 1e-12 });
  assertClose(s.shortfall, 9, { rel: 1e-12 });
  assertClose(s.unexplained, -1, { rel: 1e-12 });
  assertClose(
    e.valueAdded.parts.map((p) => p.value),
    [1.6, 2.4],
    { rel: 1e-12 },
  );
  assertClose(e.valueAdded.unexplained, -0.4, { rel: 1e-12 });
  assert.equal(e.method.kind, "exact");
  assert.equal(e.rationing.observed.status, "rationed");
  assert.deepEqual(e.rationing.observed.binding, ["budget imports"]);
  // parts move by up to 8 (exports: 8 first, 0 last) of a shortfall of 9
  assertClose(e.interaction, 8 / 10, { rel: 1e-12 });
  assert.deepEqual(s.parts[0].evidence, ["customs"]);
});

test("a case whose outcome is exactly one channel's effect is explained 100 % by it, in every order", () => {
  const e = explainShortfalls(
    one(12, [
      { id: "exports", label: "exports", kind: "final-demand", planned: [10], observed: [6], evidence: [] },
      { id: "labour", label: "labour", kind: "budget", budget: "imports", observedLimit: 2, evidence: [] },
    ]),
  );
  const [s] = e.sectors;
  assertClose(s.parts[0].value, 8, { rel: 1e-12 });
  assertClose(s.parts[0].first, 8, { rel: 1e-12 });
  assertClose(s.parts[0].last, 8, { rel: 1e-12 });
  assertClose(s.parts[1].value, 0, { abs: 1e-12 });
  assertClose(s.unexplained, 0, { abs: 1e-12 });
});

test("a capacity loss is a share of the planned world's output, and two losses in one sector compound", () => {
  const loss = (id: string, f: number): CounterfactualChannel => ({
    id,
    label: id,
    kind: "capacity",
    factor: [f],
    evidence: [],
  });
  const e = explainShortfalls({
    ...one(16, [loss("flood", 0.9), loss("drought", 0.9)]),
    otherFinalDemand: [10],
    budgets: [],
  });
  // x(∅) = 20, each alone 18, both 16.2: symmetric channels share the 3.8 equally
  assertClose(
    e.sectors[0].parts.map((p) => p.value),
    [1.9, 1.9],
    { rel: 1e-12 },
  );
  assertClose(e.sectors[0].observedWorld, 16.2, { rel: 1e-12 });
});

test("import substitution: a cut within the substitutable share is made at home; beyond it, imports ration output", () => {
  // one sector, A = 0.5, imported inputs 0.1 a unit (Aᴹ = 0.1), exports 10: x = 20 using 2 of imports; imports halved
  const sub = (share: number) =>
    explainShortfalls({
      ...one(20, [
        { id: "imports", label: "imports", kind: "budget", budget: "imports", observedLimit: 1, evidence: [] },
      ]),
      otherFinalDemand: [10],
      importSubstitution: { budget: "imports", imports: denseMatrix([[0.1]]), share, cost: 1 },
    }).sectors[0].observedWorld;
  // σ = 0: imports per unit fixed, x = 1 / 0.1 = 10
  assertClose(sub(0), 10, { rel: 1e-12 });
  // σ = 0.3: r = 0.3, A = 0.53, imports (1 − 0.3)·0.1 a unit: the budget allows x = 1 / 0.07
  assertClose(sub(0.3), 1 / 0.07, { rel: 1e-12 });
  // σ = 0.6 ≥ the cut 0.5: r = 0.5, A = 0.55 needs x = 10 / 0.45 = 22.2 using 1.11 of imports: rationed to 20
  assertClose(sub(0.6), 20, { rel: 1e-12 });
});

// A random productive 4-sector economy with up to 6 channels of every kind, for the Shapley axioms.
const economy = fc.record({
  a: fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 16, maxLength: 16 }),
  other: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 4, maxLength: 4 }),
  planned: fc.array(fc.double({ min: 1, max: 30, noNaN: true }), { minLength: 4, maxLength: 4 }),
  ratios: fc.array(fc.double({ min: 0.2, max: 1.3, noNaN: true }), { minLength: 6, maxLength: 6 }),
  caps: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  budgetRatio: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  observed: fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
  priority: fc.boolean(),
});

function sampleOf(v: {
  a: number[];
  other: number[];
  planned: number[];
  ratios: number[];
  caps: number[];
  budgetRatio: number;
  observed: number[];
  priority: boolean;
}): ExplainInput {
  const A = denseMatrix(4, 4, v.a);
  const fdPlanned = (k: number) => v.planned.map((p, i) => ((i + k) % 4 === 0 ? 0 : p));
  const channels: CounterfactualChannel[] = [
    {
      id: "exports",
      label: "exports",
      kind: "final-demand",
      planned: fdPlanned(0),
      observed: fdPlanned(0).map((p) => p * v.ratios[0]),
      evidence: [],
    },
    {
      id: "government",
      label: "government",
      kind: "final-demand",
      planned: fdPlanned(1),
      observed: fdPlanned(1).map((p) => p * v.ratios[1]),
      evidence: [],
    },
    {
      id: "imports",
      label: "imports",
      kind: "budget",
      budget: "imports",
      observedLimit: 40 * v.budgetRatio,
      evidence: [],
    },
    { id: "flood", label: "flood", kind: "capacity", factor: [v.caps[0], 1, 1, v.caps[1]], evidence: [] },
    { id: "drought", label: "drought", kind: "capacity", factor: [v.caps[2], 1, v.caps[3], 1], evidence: [] },
  ];
  return {
    sectors: ["A", "B", "C", "D"],
    A,
    valueAddedPerUnit: [0.5, 0.4, 0.3, 0.6],
    otherFinalDemand: v.other,
    budgets: [{ id: "imports", label: "imports", perUnit: [0.1, 0.2, 0.05, 0.15], limit: 40 }],
    channels,
    rationing: v.priority ? { rule: "priority", priority: [1, 2, 2, 3] } : { rule: "proportional" },
    planned: v.planned.map((p, i) => p * 3 + i),
    observed: v.observed,
  };
}

test("Shapley axioms on random economies: efficiency, null channel, symmetry, order independence, sampled ≈ exact", () => {
  fc.assert(
    fc.property(economy, (v) => {
      const inp = sampleOf(v);
      const e = explainShortfalls(inp);
      for (const s of e.sectors) {
        // efficiency: the parts sum to the model's planned − observed world, and with unexplained to the shortfall
        assertClose(s.modelled, s.plannedWorld - s.observedWorld, { rel: 1e-9, abs: 1e-9 });
        assertClose(s.modelled + s.unexplained, s.shortfall, { rel: 1e-12, abs: 1e-12 });
      }
      assertClose(e.total.parts.reduce((a, p) => a + p.value, 0) + e.total.unexplained, e.total.shortfall, {
        rel: 1e-12,
        abs: 1e-9,
      });
      // null channel: observed = planned gets 0
      const nul = explainShortfalls({
        ...inp,
        channels: [
          ...inp.channels,
          {
            id: "null",
            label: "null",
            kind: "final-demand",
            planned: [1, 2, 3, 4],
            observed: [1, 2, 3, 4],
            evidence: [],
          },
        ],
      });
      for (const s of nul.sectors) assertClose(s.parts[5].value, 0, { abs: 1e-9 });
      // order independence: the channels listed in reverse get the same parts
      const rev = explainShortfalls({ ...inp, channels: [...inp.channels].reverse() });
      e.sectors.forEach((s, k) =>
        assertClose(
          [...rev.sectors[k].parts].reverse().map((p) => p.value),
          s.parts.map((p) => p.value),
          { rel: 1e-9, abs: 1e-9 },
        ),
      );
      // symmetry: exports split into two identical halves get equal parts
      const ex = inp.channels[0] as Extract<CounterfactualChannel, { kind: "final-demand" }>;
      const half = (w: ArrayLike<number>) => Array.from(w, (q) => q / 2);
      const sym = explainShortfalls({
        ...inp,
        channels: [
          { ...ex, id: "e1", planned: half(ex.planned), observed: half(ex.observed) },
          { ...ex, id: "e2", planned: half(ex.planned), observed: half(ex.observed) },
          ...inp.channels.slice(1),
        ],
      });
      for (const s of sym.sectors) assertClose(s.parts[0].value, s.parts[1].value, { rel: 1e-9, abs: 1e-9 });
      // sampled orders agree with the exact values within a few standard errors
      const smp = explainShortfalls({ ...inp, exactUpTo: 0, permutations: 400, seed: 7 });
      assert.equal(smp.method.kind, "sampled");
      e.total.parts.forEach((p, k) => {
        const q = smp.total.parts[k];
        assert.ok(
          Math.abs(q.value - p.value) <= 5 * q.standardError + 1e-9,
          `${p.channel}: sampled ${q.value} vs exact ${p.value} (se ${q.standardError})`,
        );
      });
      assertClose(smp.total.modelled, e.total.modelled, { rel: 1e-9, abs: 1e-9 });
    }),
    { seed: 42, numRuns: 60 },
  );
});

test("a backcast of observations simulated from the model itself has zero error; the fit names MAPE and Theil's U", () => {
  const inp = one(10);
  const e = explainShortfalls(inp);
  const b = backcastFit([
    { code: "S", base: 20, years: [{ year: 2016, simulated: e.sectors[0].observedWorld, observed: 10 }] },
  ]);
  assert.equal(b.overall.mape, 0);
  assert.equal(b.overall.theilU, 0);
  assertClose(e.sectors[0].unexplained, 0, { abs: 1e-12 });
  // a 10 % miss: MAPE 10, U₁ = 1 / (11 + 10), no-change MAPE |20 − 10| / 10 = 100 %
  const c = backcastFit([{ code: "S", base: 20, years: [{ year: 2016, simulated: 11, observed: 10 }] }]);
  assertClose(c.overall, { mape: 10, theilU: 1 / 21, bias: 10, naiveMape: 100, points: 1 }, { rel: 1e-12 });
});
