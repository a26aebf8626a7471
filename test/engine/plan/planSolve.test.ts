import assert from "node:assert/strict";
import { after, test } from "node:test";
import { optimisePlan, withLpOptions } from "../../../src/engine/index.ts";
import type { LpSolver } from "../../../src/engine/index.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { baseYearFloor, beaSummaryFourYears } from "../../support/beaSummaryPlan.ts";
import { assertClose } from "../../support/assertClose.ts";

const solver = new WorkerLpSolver();
after(() => solver.close());

// The BEA summary table (71 sectors) × 4 years with investment (a capital mix): the years are tied only through it.
const { m, f, plan, codes } = beaSummaryFourYears();
const years = plan.years;
/** The same solver without warm starts: every plan program solved cold by `auto`. */
const cold: LpSolver = { solve: (lp, o) => solver.solve(lp, o) };

test("plan optimise starts a multi-year program's simplex from its years, for the cold solve's optimum (weighted and by rank)", async () => {
  for (const mode of ["weighted", "lexicographic"] as const) {
    const warm = await optimisePlan(m.A, plan, solver, { mode, sectorNames: codes });
    const base = await optimisePlan(m.A, plan, cold, { mode, sectorNames: codes });
    assert.equal(warm.status, "optimal");
    assert.match(warm.solver.detail, /from the given basis.*the start: 4 year programs without investment/);
    assert.doesNotMatch(base.solver.detail, /year programs/);
    assertClose(warm.objective, base.objective, { rel: 1e-9 }, `${mode} objective`);
    const share = (r: typeof warm) => r.fulfilment.map((x) => x.share);
    assertClose(share(warm), share(base), { rel: 1e-6, abs: 1e-6 }, `${mode} fulfilment`);
  }
});

test("the years' start is skipped where it cannot help: a forced method other than the simplex, and solvers without bases", async () => {
  const pdlp = withLpOptions(solver, { method: "ioplan-pdlp", tolerance: 1e-6 });
  assert.equal(pdlp.warmStarts, false);
  assert.equal(withLpOptions(solver, { method: "auto" }).warmStarts, true);
  assert.equal(withLpOptions(cold, { method: "auto" }).warmStarts, undefined);
  const r = await optimisePlan(m.A, { ...plan, years: years.slice(0, 2) }, pdlp, { sectorNames: codes });
  assert.doesNotMatch(r.solver.detail, /year programs/);
  assert.match(r.solver.detail, /PDLP/);
});

test("a year that needs investment to be feasible takes a slack start, the others their bases: the same optimum, said in the detail", async () => {
  // floors at 91 % of the base year's final deliveries every year: capacity decays 4 % a year without investment, so the
  // later years cannot hold them up on their own (a year without investment is infeasible there)
  const floors = [baseYearFloor(f, years.length, 0.91)];
  const held = { ...plan, floors };
  const warm = await optimisePlan(m.A, held, solver, { sectorNames: codes });
  const base = await optimisePlan(m.A, held, cold, { sectorNames: codes });
  assert.equal(base.status, "optimal");
  assert.match(warm.solver.detail, /year [\d, ]+ infeasible without investment: a slack start there/);
  assertClose(warm.objective, base.objective, { rel: 1e-9 }, "objective");
});
