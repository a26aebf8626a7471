/**
 * One plan-LP solve by ioplan, in its own process: HiGHS (WebAssembly) or ioplan's own PDLP.
 * usage: tsx bench/planCase.ts LP_DIR [auto|simplex|ipm|pdlp|ioplan-pdlp] [TOLERANCE]
 * (ioplan's PDLP stops at IOPLAN_PDLP_LIMIT seconds, default 600, and reports where it stands)
 */
import { solvePdlp } from "../src/engine/index.ts";
import { pdlpProductsOnTwoThreads } from "../src/solvers/parallelPdlp.ts";
import { chooseLpMethod, loadHighs, solveWithHighs } from "../src/solvers/highs.ts";
import { readLp } from "./lpFiles.ts";
import { rss } from "./procMemory.ts";

const [dir, asked = "auto", tol = "1e-4"] = process.argv.slice(2);
const lp = readLp(dir);
const base = rss("VmRSS");
const method = asked === "auto" ? chooseLpMethod(lp) : asked;
let s;
if (method === "ioplan-pdlp") {
  s = solvePdlp(lp, { products: process.env.IOPLAN_PDLP_THREADS === "1" ? undefined : pdlpProductsOnTwoThreads(), tolerance: Number(tol), timeLimitSeconds: Number(process.env.IOPLAN_PDLP_LIMIT ?? 600), onProgress: (p) => process.stderr.write(`  pdlp ${p.iteration} it ${p.seconds.toFixed(1)} s: primal ${p.primalResidual.toExponential(1)} dual ${p.dualResidual.toExponential(1)} gap ${p.gap.toExponential(1)}\n`) });
} else {
  const h = await loadHighs();
  s = solveWithHighs(h, lp, { method: method as "simplex" | "ipm" | "pdlp" });
}
console.log(JSON.stringify({ seconds: s.seconds, status: s.status, objective: s.objective, method: s.method, gap: s.gap, primalResidual: s.primalResidual, detail: s.detail, peak_rss: rss("VmHWM"), base_rss: base }));
