import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkPlan, denseMatrix, optimisePlan } from "../../../src/engine/index.ts";
import type { CapitalStocks, PlanSpec } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { loadPlan, runPlanOptimise } from "../../../src/app/planning.ts";
import { PlanFileError } from "../../../src/formats/planSchema.ts";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { assertClose } from "../../support/assertClose.ts";
import { scratch } from "../../support/scratch.ts";
import { writeFileSync } from "node:fs";
import { EXAMPLES, fixtureJson } from "../../paths.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// Cockshott & Cottrell's five-year plan (github.com/wc22m/5yearplan, plancode/{flows,cap,dep,labtarg}.csv): four
// goods, capital stocks per (good, using industry) with depreciation per pair (iron 0.07, in bread 0.06; coal and
// corn 0.5), labour supply per year and a bundle of final-consumption targets. The optimum is the reference written
// by scripts/fixtures/cockshott_plan.py with scipy's HiGHS from the model's definitions.
const reference = fixtureJson("cockshott_plan.json");
const goods = ["iron", "coal", "corn", "bread"];
const output = [10, 6, 10, 1];
const flows = [
  [0.1, 0, 0, 0],
  [2, 1, 0.04, 0.2],
  [0, 0, 1, 1],
  [0, 0, 0, 0],
];
const cap = [
  [10, 7, 1.4, 1],
  [2, 1, 0.04, 0.1],
  [0, 0, 1, 0],
  [0, 0, 0, 0],
];
const dep = [
  [0.07, 0.07, 0.07, 0.06],
  [0.5, 0.5, 0.5, 0.5],
  [0, 0, 0.5, 0],
  [0, 0, 0, 0],
];
const labour = [0.3, 1, 2, 0.1];
const targets = [
  [0.1, 3, 0, 2.0],
  [0.1, 3, 0, 2.01],
  [0.1, 3, 0, 2.02],
  [0.1, 3.1, 0, 2.1],
  [0.1, 3.1, 0, 2.1],
];
const supply = [3.0, 3.01, 3.02, 3.03, 3.07];
const A = denseMatrix(flows.map((row) => row.map((v, j) => v / output[j])));

function stocks(investment = true): CapitalStocks {
  const pairs: [number, number][] = [];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (cap[i][j] !== 0) pairs.push([i, j]);
  return {
    good: Int32Array.from(pairs, ([i]) => i),
    industry: Int32Array.from(pairs, ([, j]) => j),
    perUnit: Float64Array.from(pairs, ([i, j]) => cap[i][j] / output[j]),
    initial: Float64Array.from(pairs, ([i, j]) => cap[i][j]),
    depreciation: Float64Array.from(pairs, ([i, j]) => dep[i][j]),
    investment,
  };
}

function fivePlan(objective: PlanSpec["objective"], investment = true): PlanSpec {
  return {
    name: "Cockshott & Cottrell",
    years: [1, 2, 3, 4, 5],
    objective,
    targets: [0, 1, 3].map((i) => ({
      id: goods[i],
      label: `${goods[i]} for consumption`,
      sector: i,
      on: "final" as const,
      kind: "min" as const,
      values: Float64Array.from(targets, (row) => row[i]),
      unit: "unit",
      factor: 1,
      weight: 1,
      rank: 1,
    })),
    limits: [
      {
        id: "labour",
        label: "labour",
        unit: "person-years",
        coefficients: Float64Array.from(labour, (l, j) => l / output[j]),
        values: Float64Array.from(supply),
        weight: 1,
      },
    ],
    capacity: { initial: new Float64Array(4).fill(Infinity), leadTime: 1, depreciation: 0, stocks: stocks(investment) },
  };
}

test("Cockshott & Cottrell's five-year plan: capital stocks per (good, industry) and the bundle objective reach scipy's optimum", async () => {
  const r = await optimisePlan(A, fivePlan("bundle"), solver, { sectorNames: goods });
  assert.equal(r.status, "optimal");
  // Σ_t φ_t: the bundle's fulfilment summed over the five years (the tiny output cost moves it by ~1e-6)
  const phi = [1, 2, 3, 4, 5].map((y) => r.fulfilment.find((f) => f.id === "bread" && f.year === y)!.share);
  assertClose(
    phi.reduce((a, b) => a + b, 0),
    reference.byGood.objective,
    { rel: 1e-5 },
  );
  // every target of a year is met in the same proportion, at least
  for (const f of r.fulfilment)
    assert.ok(f.share >= phi[f.year - 1] * (1 - 1e-6), `${f.id} ${f.year}: ${f.share} < ${phi[f.year - 1]}`);
  // the program's own generator deducts an industry's investment from its own output (adding unlike goods): its optimum
  // is lower (4.92 against 8.80), so the difference is the generator's, not the data's
  assert.ok(reference.asGenerated.objective < reference.byGood.objective - 1);
  // bottlenecks name the stocks that bind, by good and industry
  assert.ok(
    r.bottlenecks.some((b) => b.kind === "stock" && /^(iron|coal|corn)>(iron|coal|corn|bread)$/.test(b.code)),
    JSON.stringify(r.bottlenecks.map((b) => b.code)),
  );
});

test("capital stocks wear out per (good, industry): without investment the plan lives on what is left (hand computation)", async () => {
  // year 5 without investment: coal stocks are 1/16 of year 1 (0.5 a year), so coal output ≤ 6/16 = 0.375; bread needs 0.2
  // coal a unit and coal's own use is 1/6 a unit, far below the 3.1 of coal and 2.1 of bread the plan asks
  const r = await checkPlan(A, fivePlan("harmony", false), solver, goods);
  assert.equal(r.feasible, false);
  const coal5 = r.output[4][1];
  assert.ok(coal5 <= (6 / 16) * (1 + 1e-9), `coal output in year 5: ${coal5}`);
  assert.deepEqual(r.investment, []);
});

test("capital stocks refuse a depreciation outside [0, 1] and pairs of different lengths, naming the stock", async () => {
  const bad = fivePlan("bundle");
  bad.capacity.stocks!.depreciation[0] = 1.2;
  await assert.rejects(
    optimisePlan(A, bad, solver, { sectorNames: goods }),
    /stock of iron in iron: depreciation: value 1.2 is not allowed/,
  );
  const short = fivePlan("bundle");
  short.capacity.stocks!.initial = Float64Array.of(1);
  await assert.rejects(optimisePlan(A, short, solver, { sectorNames: goods }), /capital stocks: initial has 1 entries/);
});

test("the shipped plan file writes the same program: capital_stocks.csv, per-good rates with an industry's override, objective bundle", async () => {
  const file = join(EXAMPLES, "cockshott", "plans", "five-year-plan.yaml");
  const p = loadPlan(file);
  const s = p.spec.capacity.stocks!;
  const pair = (g: string, j: string) =>
    [...s.good].findIndex((gi, q) => goods[gi] === g && goods[s.industry[q]] === j);
  assert.equal(s.good.length, 9);
  assert.equal(s.depreciation[pair("iron", "coal")], 0.07);
  assert.equal(s.depreciation[pair("iron", "bread")], 0.06);
  assert.equal(s.depreciation[pair("coal", "corn")], 0.5);
  assertClose(s.perUnit[pair("iron", "coal")], 7 / 6, { rel: 1e-15 });
  assert.ok([...p.spec.capacity.initial].every((c) => c === Infinity));
  const r = await runPlanOptimise(p, solver, "weighted", 0.25, { effects: 0 });
  assertClose(r.objective, reference.byGood.objective, { rel: 1e-5 });
  assert.match(r.objectiveName, /bundles' fulfilment/);
});

test("capital stocks in a plan file: unknown goods and industries are named; a model without stocks is told so", () => {
  const dir = scratch();
  const file = join(dir, "p.yaml");
  const model = join(EXAMPLES, "cockshott", "model");
  const body = (stocks: string, m = model) =>
    `name: t\nmodel: ${m}\nperiod: { start: 2021, end: 2022 }\ncapacity: { initial: 1, stocks: ${stocks} }\ntargets:\n  - { id: bread, sector: bread, on: final, values: { growth: 0 } }\n`;
  writeFileSync(file, body("{ depreciation: { steel: 0.1 }, byIndustry: { bakery: { iron: 0.06 } } }"));
  assert.throws(
    () => loadPlan(file),
    (e: unknown) =>
      e instanceof PlanFileError &&
      /capacity\.stocks\.depreciation\.steel: "steel" is not a sector/.test(e.message) &&
      /capacity\.stocks\.byIndustry\.bakery: "bakery" is not a sector/.test(e.message),
  );
  writeFileSync(
    file,
    body("{ depreciation: { iron: 0.07 } }", join(EXAMPLES, "wiod-usa-2014")).replace("sector: bread", "sector: C24"),
  );
  assert.throws(
    () => loadPlan(file),
    (e: unknown) =>
      e instanceof PlanFileError && /capacity\.stocks: .* has no capital stocks \(capital_stocks\.csv/.test(e.message),
  );
  // the data package keeps the stocks: good × using industry, as cap.csv has them
  const m = readModel(model);
  assert.equal(m.capitalStocks?.rows, 4);
});
