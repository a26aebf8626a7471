/**
 * One plan-LP solve by ioplan, in its own process: HiGHS (WebAssembly) or ioplan's own PDLP.
 * usage: tsx bench/planCase.ts LP_DIR [auto|simplex|ipm|pdlp|ioplan-pdlp|resolve|plan] [TOLERANCE]
 * (plan: what `plan optimise` runs, solvePlanProgram: the simplex started from the years' bases when they apply)
 * (resolve: the simplex solve, then the same program with its most valuable capacity or limit row raised 1 %, as
 * bottleneck effects and scenarios re-solve it, once cold and once from the first solve's basis)
 * (ioplan's PDLP stops at IOPLAN_PDLP_LIMIT seconds, default 600, and reports where it stands)
 */
import type { LpSolver } from "../src/engine/index.ts";
import { solvePdlp, solvePlanProgram } from "../src/engine/index.ts";
import { pdlpProductsOnTwoThreads } from "../src/workers/index.ts";
import { chooseLpMethod, loadHighs, solveWithHighs } from "../src/solvers/highs.ts";
import { readLp, readPlanIndex } from "./lpFiles.ts";
import { rss } from "./procMemory.ts";

const [dir, asked = "auto", tol = "1e-4"] = process.argv.slice(2);
const lp = readLp(dir);
const base = rss("VmRSS");
const method = asked === "auto" ? chooseLpMethod(lp) : asked;
let s;
if (method === "plan") {
  const h = await loadHighs();
  // HiGHS in this process, as the LP worker runs it: auto is the simplex here (at most SIMPLEX_COLUMN_LIMIT columns)
  const solver: LpSolver = {
    solve: async (p, o = {}) =>
      solveWithHighs(h, p, {
        method: o.method === "ipm" || o.method === "pdlp" ? o.method : "simplex",
        basis: o.basis,
      }),
    warmStarts: true,
  };
  const t0 = performance.now();
  s = await solvePlanProgram(lp, readPlanIndex(dir), solver);
  s = { ...s, seconds: (performance.now() - t0) / 1000 };
} else if (method === "resolve") {
  const h = await loadHighs();
  const first = solveWithHighs(h, lp, { method: "simplex" });
  let row = 0;
  let best = -1;
  for (let r = 0; r < lp.rowUpper.length; r++) {
    const v = Math.abs(first.rowDual[r] * lp.rowUpper[r]);
    if (Number.isFinite(lp.rowUpper[r]) && lp.rowLower[r] === -Infinity && v > best) [row, best] = [r, v];
  }
  const rowUpper = Float64Array.from(lp.rowUpper);
  rowUpper[row] *= 1.01;
  const cold = solveWithHighs(h, { ...lp, rowUpper }, { method: "simplex" });
  s = solveWithHighs(h, { ...lp, rowUpper }, { method: "simplex", basis: first.basis });
  s = {
    ...s,
    detail: `${s.detail}; row ${row} raised 1 %: cold ${cold.seconds.toFixed(2)} s (${cold.detail}), objectives differ by ${Math.abs(cold.objective - s.objective).toExponential(1)}`,
  };
} else if (method === "ioplan-pdlp") {
  s = solvePdlp(lp, {
    products: process.env.IOPLAN_PDLP_THREADS === "1" ? undefined : pdlpProductsOnTwoThreads(),
    tolerance: Number(tol),
    timeLimitSeconds: Number(process.env.IOPLAN_PDLP_LIMIT ?? 600),
    onProgress: (p) =>
      process.stderr.write(
        `  pdlp ${p.iteration} it ${p.seconds.toFixed(1)} s: primal ${p.primalResidual.toExponential(1)} dual ${p.dualResidual.toExponential(1)} gap ${p.gap.toExponential(1)}\n`,
      ),
  });
} else {
  const h = await loadHighs();
  s = solveWithHighs(h, lp, { method: method as "simplex" | "ipm" | "pdlp" });
}
console.log(
  JSON.stringify({
    seconds: s.seconds,
    status: s.status,
    objective: s.objective,
    method: s.method,
    gap: s.gap,
    primalResidual: s.primalResidual,
    detail: s.detail,
    peak_rss: rss("VmHWM"),
    base_rss: base,
  }),
);
process.exit(0);
