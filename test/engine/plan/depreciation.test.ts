import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkPlan, denseMatrix } from "../../../src/engine/index.ts";
import type { PlanSpec } from "../../../src/engine/index.ts";
import { loadPlan } from "../../../src/app/planning.ts";
import { PlanFileError } from "../../../src/formats/planSchema.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { EXAMPLES } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// Miller & Blair's two sectors over two years, capacity 1000 and 2000 in 2025 and no investment: with depreciation
// [0.5, 0], sector 1 can make 500 in 2026 and sector 2 still 2000. Sector 2 needs 0.25/0.85 of its output from sector
// 1 (x₁ ≥ 0.15·x₁ + 0.25·x₂), so 500 of sector 1 carries at most 1700 of sector 2 (by hand).
const A = denseMatrix([
  [0.15, 0.25],
  [0.2, 0.05],
]);
const plan = (depreciation: number | Float64Array): PlanSpec => ({
  name: "two years",
  years: [2025, 2026],
  targets: [
    {
      id: "s1",
      label: "sector 1 output",
      sector: 0,
      on: "output",
      kind: "min",
      values: Float64Array.of(NaN, 400),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 1,
    },
    {
      id: "s2",
      label: "sector 2 output",
      sector: 1,
      on: "output",
      kind: "min",
      values: Float64Array.of(NaN, 1600),
      unit: "$",
      factor: 1,
      weight: 1,
      rank: 1,
    },
  ],
  limits: [],
  capacity: { initial: Float64Array.of(1000, 2000), leadTime: 1, depreciation },
});

test("depreciation per sector: each sector's capacity wears at its own rate (hand computation)", async () => {
  const perSector = await checkPlan(A, plan(Float64Array.of(0.5, 0)), solver, ["S1", "S2"]);
  assert.equal(perSector.feasible, true, JSON.stringify(perSector.relaxations));
  // one rate for both: sector 2 can make only 1000 in 2026, 600 short of its target
  const uniform = await checkPlan(A, plan(0.5), solver, ["S1", "S2"]);
  assert.equal(uniform.feasible, false);
  assert.deepEqual(
    uniform.relaxations.map((r) => [r.id, r.year, Math.round(r.amount)]),
    [["s2", 2026, 600]],
  );
  // sector 1 at 0.7 makes 300: 100 short of its own target, and it carries only 300·0.85/0.25 = 1020 of sector 2
  const harsh = await checkPlan(A, plan(Float64Array.of(0.7, 0)), solver, ["S1", "S2"]);
  assert.deepEqual(
    harsh.relaxations.map((r) => [r.id, r.year, Math.round(r.amount)]),
    [
      ["s1", 2026, 100],
      ["s2", 2026, 580],
    ],
  );
  await assert.rejects(
    checkPlan(A, plan(Float64Array.of(0.5)), solver),
    /depreciation has 1 rates; the model has 2 sectors/,
  );
  await assert.rejects(
    checkPlan(A, plan(Float64Array.of(0.5, 1.5)), solver, ["S1", "S2"]),
    /depreciation of sector S2: value 1.5 is not allowed/,
  );
});

test("a plan file gives depreciation per sector code with a default; an unknown code is named", () => {
  const dir = scratch();
  const file = join(dir, "p.yaml");
  const body = (dep: string) =>
    `name: t\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2016 }\ncapacity: { initial: 1.1, depreciation: ${dep} }\ntargets:\n  - { id: steel, sector: C24, values: { growth: 0.02 } }\n`;
  writeFileSync(file, body("{ default: 0.04, C24: 0.07, D35: 0.02 }"));
  const p = loadPlan(file);
  const codes = p.model.sectors.map((s) => s.code);
  const dep = p.spec.capacity.depreciation as Float64Array;
  assert.equal(dep[codes.indexOf("C24")], 0.07);
  assert.equal(dep[codes.indexOf("D35")], 0.02);
  assert.equal(dep[codes.indexOf("A01")], 0.04);
  writeFileSync(file, body("0.03"));
  assert.equal(loadPlan(file).spec.capacity.depreciation, 0.03);
  writeFileSync(file, body("{ C2X: 0.07 }"));
  assert.throws(
    () => loadPlan(file),
    (e: unknown) =>
      e instanceof PlanFileError && /capacity\.depreciation\.C2X: "C2X" is not a sector of model/.test(e.message),
  );
});
