/**
 * The LP worker thread: solves the programs posted to it, one at a time, so the main thread's event loop stays free
 * during long solves. Each program goes to the method asked for, or `auto`'s choice (chooseLpMethod): HiGHS
 * (WebAssembly; one runtime kept for the thread's life) for the simplex and the interior point, ioplan's PDLP (with
 * its products on two threads when large) above the simplex's column limit.
 */
import { parentPort } from "node:worker_threads";
import type { LinearProgram, LpBasis, LpMethod, LpSolution } from "../engine/index.ts";
import { solvePdlp } from "../engine/index.ts";
import { pdlpProductsOnTwoThreads } from "../workers/index.ts";
import { chooseLpMethod, loadHighs, lpMethodReason, solveWithHighs } from "./highs.ts";

interface Request {
  id: number;
  lp: LinearProgram;
  options: { method?: LpMethod; timeLimitSeconds?: number; tolerance?: number; progress?: boolean; basis?: LpBasis };
}

/** ioplan's PDLP, its products on two threads for programs of PDLP_THREADS_FROM non-zeros or more. */
function byPdlp(req: Request): LpSolution {
  const o = req.options;
  return solvePdlp(req.lp, {
    products: pdlpProductsOnTwoThreads(),
    tolerance: o.tolerance,
    timeLimitSeconds: o.timeLimitSeconds,
    onProgress: o.progress ? (p) => parentPort!.postMessage({ id: req.id, progress: p }) : undefined,
  });
}

/** HiGHS by `method` (simplex from the given basis when there is one, interior point, HiGHS's own PDLP). */
async function byHighs(req: Request, method: Exclude<LpMethod, "auto" | "ioplan-pdlp">): Promise<LpSolution> {
  const { timeLimitSeconds, basis } = req.options;
  return solveWithHighs(await loadHighs(), req.lp, { method, timeLimitSeconds, basis });
}

async function solve(req: Request): Promise<LpSolution> {
  const o = req.options;
  const auto = !o.method || o.method === "auto";
  const method = o.method === undefined || o.method === "auto" ? chooseLpMethod(req.lp) : o.method;
  const s = method === "ioplan-pdlp" ? byPdlp(req) : await byHighs(req, method);
  // the choice "auto" made is said in the solver's detail
  return auto ? { ...s, detail: `${s.detail}; ${lpMethodReason(req.lp)}` } : s;
}

parentPort!.on("message", async (req: Request | { id: number; memory: true }) => {
  if ("memory" in req) {
    const h = await loadHighs();
    parentPort!.postMessage({ id: req.id, memory: h.memoryBytes });
    return;
  }
  try {
    parentPort!.postMessage({ id: req.id, solution: await solve(req) });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
