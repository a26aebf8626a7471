import assert from "node:assert/strict";
import { test } from "node:test";
import { buildPlanProgram, optimisePlan } from "../../src/engine/index.ts";
import { loadHighs, solveWithHighs, WorkerLpSolver } from "../../src/solvers/index.ts";
import { baseYearFloor, beaSummaryFourYears } from "../support/beaSummaryPlan.ts";

// The BEA summary table × 4 years with investment, and floors at 95 % of the base year's final deliveries every year:
// capacity decays 4 % a year and investment cannot rebuild it fast enough, so the floors cannot be held. With presolve,
// HiGHS 1.15's dual simplex ends this program "unknown" (model status 15); without, "infeasible" (bench of 7 Dec 2026).
const { m, f, plan, codes } = beaSummaryFourYears();
const floors = [baseYearFloor(f, plan.years.length, 0.95)];

test("a program HiGHS's presolve leaves undecided is solved again without it, and the answer says so", async () => {
  const h = await loadHighs();
  const { lp } = buildPlanProgram(m.A, { ...plan, floors }, { kind: "harmony" });
  const s = solveWithHighs(h, lp, { method: "simplex" });
  assert.equal(s.status, "infeasible", s.detail);
  if (/solved again/.test(s.detail)) assert.match(s.detail, /first run ended "HiGHS model status 15 \(unknown\)"/);
  assert.ok(Number.isNaN(s.objective), "no objective for an infeasible program");
});

test("plan optimise on floors that cannot be held reports the plan infeasible, not a solver error", async () => {
  const solver = new WorkerLpSolver();
  try {
    const r = await optimisePlan(m.A, { ...plan, floors }, solver, { sectorNames: codes });
    assert.equal(r.status, "infeasible", r.solver.detail);
  } finally {
    solver.close();
  }
});
