/**
 * Worker thread that owns one HiGHS runtime and solves the programs posted to it, one at a time, so the main
 * thread's event loop stays free during long solves.
 */
import { parentPort } from "node:worker_threads";
import type { LinearProgram, LpBasis, LpMethod, LpSolution } from "../engine/index.ts";
import { solvePdlp } from "../engine/index.ts";
import { chooseLpMethod, loadHighs, lpMethodReason, solveWithHighs } from "./highs.ts";
import { pdlpProductsOnTwoThreads } from "../workers/index.ts";

interface Request {
  id: number;
  lp: LinearProgram;
  options: { method?: LpMethod; timeLimitSeconds?: number; tolerance?: number; progress?: boolean; basis?: LpBasis };
}

parentPort!.on("message", async (req: Request | { id: number; memory: true }) => {
  if ("memory" in req) {
    const h = await loadHighs();
    parentPort!.postMessage({ id: req.id, memory: h.memoryBytes });
    return;
  }
  try {
    const o = req.options;
    const auto = !o.method || o.method === "auto";
    const method = o.method === undefined || o.method === "auto" ? chooseLpMethod(req.lp) : o.method;
    // the choice "auto" made is said in the solver's detail
    const said = (s: LpSolution): LpSolution => (auto ? { ...s, detail: `${s.detail}; ${lpMethodReason(req.lp)}` } : s);
    if (method === "ioplan-pdlp") {
      // products on two threads for programs of PDLP_THREADS_FROM non-zeros or more
      const solved = solvePdlp(req.lp, {
        products: pdlpProductsOnTwoThreads(),
        tolerance: o.tolerance,
        timeLimitSeconds: o.timeLimitSeconds,
        onProgress: o.progress ? (p) => parentPort!.postMessage({ id: req.id, progress: p }) : undefined,
      });
      parentPort!.postMessage({ id: req.id, solution: said(solved) });
      return;
    }
    const h = await loadHighs();
    parentPort!.postMessage({
      id: req.id,
      solution: said(solveWithHighs(h, req.lp, { method, timeLimitSeconds: o.timeLimitSeconds, basis: o.basis })),
    });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
