// LP solvers behind the engine's LpSolver interface (Node): HiGHS compiled to WebAssembly in a worker thread (it
// blocks the thread it runs on), which also runs ioplan's PDLP above the simplex's size, and native HiGHS (highspy or
// scipy) through the MPS file. This index is the room's only door.
export { chooseLpMethod, highsModelOf, loadHighs, lpMethodReason, solveWithHighs } from "./highs.ts";
export { NativeSolverUnavailableError, nativeHighsAvailable, nativeHighsSolver } from "./highsNative.ts";
export { WorkerLpSolver } from "./workerLpSolver.ts";
