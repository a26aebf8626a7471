/**
 * The levers of #23 tried one by one on the benchmark's BEA detail × 5 years program (bench/planPrograms.ts), each
 * in this one process so their figures compare (the machine's load moves them all alike): HiGHS (WebAssembly) with
 * its options (presolve, solver, simplex strategy, scaling), the program in units of base-year output, a start from
 * the Leontief solution (setSolution), and a re-solve with a capacity raised from the last solve's basis.
 * Prints seconds, simplex or interior-point iterations, the objective, and each figure ÷ the default's.
 *
 * usage: npx tsx bench/planLevers.ts [options|scaled|leontief|basis ...]   (all four by default)
 */
import { join, resolve } from "node:path";
import type { Highs } from "highs";
import type { LinearProgram, PlanIndex, PlanSpec } from "../src/engine/index.ts";
import { buildPlanProgram, solveLeontief, totalFinalDemand } from "../src/engine/index.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { highsModelOf, loadHighs } from "../src/solvers/highs.ts";
import { planFor } from "./planPrograms.ts";

type Model = ReturnType<Highs["createModel"]>;
const ROOT = resolve(import.meta.dirname, "..");

const info = (model: Model, name: string) => {
  try {
    return String(model.info.get(name));
  } catch {
    return "–";
  }
};

let reference = NaN;
/** Runs one configuration and prints its line; `prepare` may set a basis or a start. */
function run(
  h: Highs,
  lp: LinearProgram,
  label: string,
  options: Record<string, string | number | boolean>,
  prepare?: (m: Model) => void,
): { seconds: number; model: Model } {
  const model = highsModelOf(h, lp);
  model.options.set({ output_flag: false, ...options });
  prepare?.(model);
  const t0 = performance.now();
  const r = model.run();
  const seconds = (performance.now() - t0) / 1000;
  if (Number.isNaN(reference)) reference = seconds;
  const obj = r.modelStatus === 7 ? model.getObjectiveValue().toPrecision(13) : `status ${r.modelStatus}`;
  console.log(
    `  ${label.padEnd(46)} ${seconds.toFixed(2).padStart(7)} s  ${(seconds / reference).toFixed(2)}×  simplex ${info(model, "simplex_iteration_count").padStart(5)} it, ipm ${info(model, "ipm_iteration_count").padStart(3)} it  objective ${obj}`,
  );
  return { seconds, model };
}

/** The program in units of base-year output: x, y and investment of sector i over its base output, rows by their largest entry. */
function inBaseUnits(lp: LinearProgram, index: PlanIndex, x: Float64Array): LinearProgram {
  const cs = new Float64Array(lp.cost.length).fill(1);
  for (let k = 0; k < index.T * index.n; k++) {
    const s = x[k % index.n] > 0 ? x[k % index.n] : 1;
    for (const col of [index.xCol, index.yCol, index.invCol]) if (col[k] >= 0) cs[col[k]] = s;
  }
  const { colStarts, rowIndices, values } = lp.matrix;
  const rmax = new Float64Array(lp.rowLower.length);
  for (let j = 0; j < cs.length; j++)
    for (let p = colStarts[j]; p < colStarts[j + 1]; p++)
      rmax[rowIndices[p]] = Math.max(rmax[rowIndices[p]], Math.abs(values[p] * cs[j]));
  const rs = Float64Array.from(rmax, (v) => (v > 0 ? 1 / v : 1));
  const sv = new Float64Array(values.length);
  for (let j = 0; j < cs.length; j++)
    for (let p = colStarts[j]; p < colStarts[j + 1]; p++) sv[p] = values[p] * cs[j] * rs[rowIndices[p]];
  return {
    ...lp,
    cost: lp.cost.map((c, j) => c * cs[j]),
    colLower: lp.colLower.map((v, j) => v / cs[j]),
    colUpper: lp.colUpper.map((v, j) => v / cs[j]),
    rowLower: lp.rowLower.map((v, i) => v * rs[i]),
    rowUpper: lp.rowUpper.map((v, i) => v * rs[i]),
    matrix: { ...lp.matrix, values: sv },
  };
}

/** The Leontief start: every target met (φ = 1), x = L·y each year, no investment. */
function leontiefStart(
  lp: LinearProgram,
  index: PlanIndex,
  plan: PlanSpec,
  A: Parameters<typeof solveLeontief>[0],
): Float64Array {
  const x0 = new Float64Array(lp.cost.length);
  for (let t = 0; t < index.T; t++) {
    const y = new Float64Array(index.n);
    plan.targets.forEach((tg, m) => {
      y[tg.sector] = tg.values[t];
      const c0 = index.segmentCol[m * index.T + t];
      [0.5, 0.3, 0.2].forEach((v, k) => (x0[c0 + k] = v));
    });
    const xs = solveLeontief(A, y, { tolerance: 1e-12 }).x;
    for (let i = 0; i < index.n; i++) {
      x0[index.yCol[t * index.n + i]] = y[i];
      x0[index.xCol[t * index.n + i]] = xs[i];
    }
  }
  return x0;
}

const asked = new Set(
  process.argv.slice(2).length ? process.argv.slice(2) : ["options", "scaled", "leontief", "basis"],
);
const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
const plan = planFor(m.A, m.x, totalFinalDemand(m), 7);
const t0 = performance.now();
const { lp, index } = buildPlanProgram(m.A, plan, { kind: "harmony" }, { sectorCodes: m.sectors.map((s) => s.code) });
console.log(
  `BEA detail × 5 years: ${lp.cost.length} columns, ${lp.rowLower.length} rows, ${lp.matrix.values.length} non-zeros; built in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
);
const h = await loadHighs();
run(h, lp, "dual simplex, defaults (the reference)", { solver: "simplex" }).model.dispose();
if (asked.has("options")) {
  for (const [label, o] of [
    ["presolve off", { solver: "simplex", presolve: "off" }],
    ["primal simplex (simplex_strategy 4)", { solver: "simplex", simplex_strategy: 4 }],
    // (parallel: highs-js's single-threaded build refuses the option)
    ["no scaling (simplex_scale_strategy 0)", { solver: "simplex", simplex_scale_strategy: 0 }],
    ["interior point, crossover", { solver: "ipm" }],
    ["interior point, no crossover", { solver: "ipm", run_crossover: "off" }],
  ] as const)
    run(h, lp, label, o).model.dispose();
}
if (asked.has("scaled"))
  run(h, inBaseUnits(lp, index, m.x), "in units of base-year output", { solver: "simplex" }).model.dispose();
if (asked.has("leontief")) {
  const x0 = leontiefStart(lp, index, plan, m.A);
  run(h, lp, "started from the Leontief solution", { solver: "simplex" }, (model) =>
    model.setSolution({ colValue: x0 } as never),
  ).model.dispose();
}
if (asked.has("basis")) {
  const first = run(h, lp, "first solve (its basis kept)", { solver: "simplex" });
  const basis = first.model.getBasis();
  const sol = first.model.getSolution();
  first.model.dispose();
  let row = 0;
  for (let r = 0, best = -1; r < lp.rowUpper.length; r++) {
    const v = Math.abs(sol.rowDual[r] * lp.rowUpper[r]);
    if (Number.isFinite(lp.rowUpper[r]) && v > best) [row, best] = [r, v];
  }
  const rowUpper = Float64Array.from(lp.rowUpper);
  rowUpper[row] *= 1.01;
  const raised = { ...lp, rowUpper };
  run(h, raised, `row ${lp.rowNames?.[row] ?? row} + 1 %, cold`, { solver: "simplex" }).model.dispose();
  run(h, raised, `row ${lp.rowNames?.[row] ?? row} + 1 %, from the basis`, { solver: "simplex" }, (model) =>
    model.setBasis({ colStatus: basis.colStatus, rowStatus: basis.rowStatus }),
  ).model.dispose();
}
