import assert from "node:assert/strict";
import { after, test } from "node:test";
import { buildPlanProgram, solveFromYearStart, splitByYear } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { beaSummaryPlan } from "../../support/beaSummaryPlan.ts";
import { assertClose } from "../../support/assertClose.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// The BEA summary table (71 sectors) × 4 years: final-delivery targets growing 3 % a year against capacity 3 % over
// base output that wears out at 3 % a year, a labour limit, and investment in a capital mix that adds capacity a year
// later: the years are tied only through the investment.
const years = [2021, 2022, 2023, 2024];
const { m, n, plan } = beaSummaryPlan({
  name: "BEA summary, by year",
  years,
  growth: 1.03,
  headroom: 1.03,
  depreciation: 0.03,
  capital: { ratio: 2, mixEvery: 7 },
  labour: (k) => 1.01 ** (k + 1),
});
const { lp, index } = buildPlanProgram(m.A, plan, { kind: "harmony" });
const iterationsOf = (detail: string) => Number(/(\d+) simplex iterations/.exec(detail)![1]);

test("a plan program splits by year: each row and column is one year's or the investment's, and the year optima at the optimum's investment add up to the optimum", async () => {
  const split = splitByYear(lp, index);
  // investment: n columns a year and one total a year; the investment sums: one row a year
  assert.equal(split.linkingCols.length, years.length * (n + 1));
  assert.equal(split.linkingRows.length, years.length);
  const rows = split.blocks.reduce((a, b) => a + b.rows.length, 0) + split.linkingRows.length;
  const cols = split.blocks.reduce((a, b) => a + b.cols.length, 0) + split.linkingCols.length;
  assert.equal(rows, lp.rowLower.length);
  assert.equal(cols, lp.cost.length);
  const cold = await solver.solve(lp, { method: "simplex" });
  assert.equal(cold.status, "optimal");
  const invested = split.linkingCols.reduce((a, c) => a + cold.x[c], 0);
  assert.ok(invested > 0, "the optimum invests");
  let sum = 0;
  for (const year of split.at(cold.x)) {
    const s = await solver.solve(year, { method: "simplex" });
    assert.equal(s.status, "optimal");
    sum += s.objective;
  }
  assertClose(sum, cold.objective, { rel: 1e-9 });
});

test("started from the years' bases without investment, the simplex reaches the cold solve's optimum in fewer iterations of the whole program", async () => {
  const cold = await solver.solve(lp, { method: "simplex" });
  const started = await solveFromYearStart(lp, index, solver);
  assert.equal(started.status, "optimal");
  assertClose(started.objective, cold.objective, { rel: 1e-9 });
  assert.match(started.detail, /from the given basis \(the start: 4 year programs without investment/);
  const whole = iterationsOf(started.detail);
  assert.ok(whole < iterationsOf(cold.detail), `${whole} iterations from the years' start, ${cold.detail} cold`);
});

test("a program whose linking column has no lower bound is solved cold", async () => {
  const split = splitByYear(lp, index);
  const colLower = Float64Array.from(lp.colLower);
  colLower[split.linkingCols[0]] = -Infinity;
  const s = await solveFromYearStart({ ...lp, colLower }, index, solver);
  assert.equal(s.status, "optimal");
  assert.doesNotMatch(s.detail, /the start/);
});

test("the elastic program (plan check's) started from its years reaches the cold solve's optimum too", async () => {
  const elastic = buildPlanProgram(m.A, plan, { kind: "elastic" });
  const cold = await solver.solve(elastic.lp, { method: "simplex" });
  assert.ok(cold.objective > 0, `the plan needs relaxing (weighted relaxation ${cold.objective})`);
  const started = await solveFromYearStart(elastic.lp, elastic.index, solver);
  assert.equal(started.status, cold.status);
  assertClose(started.objective, cold.objective, { rel: 1e-9, abs: 1e-9 });
});
