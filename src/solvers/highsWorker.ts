/**
 * Worker thread that owns one HiGHS runtime and solves the programs posted to it, one at a time, so the main
 * thread's event loop stays free during long solves.
 */
import { parentPort } from "node:worker_threads";
import type { LinearProgram } from "../engine/plan/linearProgram.ts";
import { loadHighs, solveWithHighs } from "./highs.ts";

interface Request {
  id: number;
  lp: LinearProgram;
  options: { method?: "simplex" | "ipm" | "pdlp" | "auto"; timeLimitSeconds?: number };
}

parentPort!.on("message", async (req: Request | { id: number; memory: true }) => {
  if ("memory" in req) {
    const h = await loadHighs();
    parentPort!.postMessage({ id: req.id, memory: h.memoryBytes });
    return;
  }
  try {
    const h = await loadHighs();
    parentPort!.postMessage({ id: req.id, solution: solveWithHighs(h, req.lp, req.options) });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
