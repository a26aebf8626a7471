/**
 * The LP solvers a front can ask for, opened here so that the CLI and the server never reach into `solvers/`:
 * ioplan's HiGHS (WebAssembly, in a worker thread, so the event loop stays free) or native HiGHS (highspy or scipy's,
 * in a python3 child process, with no 2 GiB ceiling).
 */
import type { LpSolver } from "../engine/index.ts";
import { writeMps } from "../formats/mps.ts";
import { WorkerLpSolver, nativeHighsSolver } from "../solvers/index.ts";

/** Which plan solver: `wasm` (default) or `highs-native`. */
export type SolverChoice = "wasm" | "highs-native";

/** A solver its opener must close (a worker thread to stop; nothing for the child-process solver). */
export interface OwnedSolver extends LpSolver {
  close(): Promise<void>;
}

/** Opens the solver a command asked for; the caller closes it (in `finally`). */
export function openPlanSolver(choice: SolverChoice = "wasm"): OwnedSolver {
  if (choice === "highs-native") {
    const native = nativeHighsSolver(writeMps);
    return { solve: (lp, options) => native.solve(lp, options), close: async () => {} };
  }
  return new WorkerLpSolver();
}
