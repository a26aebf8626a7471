/**
 * A small adapter over the `highs` package (HiGHS compiled to WebAssembly). Under `module: NodeNext` the
 * package's default export does not type-check as callable, so it is loaded through a typed cast here, and
 * nowhere else. The runtime works in Node and in browsers; its `run()` blocks the calling thread, so callers
 * with an event loop to keep free use the worker in `workerLpSolver.ts`.
 *
 * Memory: the WebAssembly heap is capped at 2 GiB (a random 2,000-sector LP takes ~4.6 s; 20,000 sectors
 * crashed on this project's machines). Native models are disposed in `finally`.
 */
import highsLoader from "highs";
import type { Highs, ModelStatusCode } from "highs";
import type { LinearProgram, LpBasis, LpSolution, LpStatus } from "../engine/index.ts";
import { SIMPLEX_COLUMN_LIMIT, checkProgram, primalViolation } from "../engine/index.ts";

let runtime: Promise<Highs> | undefined;

/** Loads the HiGHS runtime once per thread. */
export function loadHighs(): Promise<Highs> {
  runtime ??= (highsLoader as unknown as () => Promise<Highs>)();
  return runtime;
}

const STATUS: Partial<Record<ModelStatusCode, [LpStatus, string]>> = {
  7: ["optimal", "optimal"],
  8: ["infeasible", "infeasible"],
  9: ["infeasible", "unbounded or infeasible"],
  10: ["unbounded", "unbounded"],
  13: ["time-limit", "time limit reached"],
  14: ["iteration-limit", "iteration limit reached"],
};

/**
 * The method for a program of this size: HiGHS's dual simplex up to 20,000 columns (exact vertex, reliable
 * duals); beyond, ioplan's own PDLP (src/engine/plan/pdlp.ts), because on this project's plan programs
 * HiGHS's interior point did not finish within 300 s at 50,000 columns, its WebAssembly heap is capped at
 * 2 GiB, and its own PDLP stalled at a tolerance of 1e-7 (200 sectors: no convergence in 24 s).
 */
export function chooseLpMethod(lp: LinearProgram): "simplex" | "ioplan-pdlp" {
  return lp.cost.length <= SIMPLEX_COLUMN_LIMIT ? "simplex" : "ioplan-pdlp";
}

/** Why {@link chooseLpMethod} chose what it did, for the solver's detail ("auto: …"). */
export function lpMethodReason(lp: LinearProgram): string {
  const cols = lp.cost.length.toLocaleString("en-US");
  return chooseLpMethod(lp) === "simplex"
    ? `auto: dual simplex (${cols} columns, at most 20,000: an exact vertex; a re-solve starts from the last basis)`
    : `auto: ioplan's PDLP (${cols} columns, past 20,000: ` +
        "HiGHS's simplex and interior point are too slow or past 2 GiB there)";
}

/**
 * Solves one linear program with HiGHS, synchronously (blocking). Returns a result for every outcome the
 * solver reaches (infeasible and unbounded are statuses); throws only when HiGHS rejects the model itself.
 * With `basis` (an earlier solution's, same rows and columns) the simplex starts from it: a re-solve with a bound
 * changed takes a few hundred iterations instead of thousands (bench/RESULTS.md). The simplex's optimal basis comes
 * back in the solution.
 */
export function solveWithHighs(
  h: Highs,
  lp: LinearProgram,
  options: { method?: "simplex" | "ipm" | "pdlp"; timeLimitSeconds?: number; basis?: LpBasis } = {},
): LpSolution {
  const t0 = performance.now();
  checkProgram(lp);
  const first = runHighs(h, lp, options, true);
  if (!INCONCLUSIVE.has(first.code)) return first.finish(t0, "");
  // HiGHS's presolve and postsolve can leave a program undecided (model status "unknown" after its cleanup): the
  // same program without presolve, from HiGHS's own start, decides it (a BEA-summary plan whose floors cannot be
  // held: "unknown" with presolve or from the years' bases, "infeasible" without presolve from a crash basis)
  first.dispose();
  const again = runHighs(h, lp, { ...options, basis: undefined }, false);
  const given = options.basis ? " from the given basis" : "";
  return again.finish(t0, `HiGHS's first run${given} ended "${first.detail}"; solved again without presolve: `);
}

/** HiGHS model statuses that decide nothing, by name. */
const INCONCLUSIVE = new Map<number, string>([
  [4, "solve error"],
  [5, "postsolve error"],
  [15, "unknown"],
]);

/** One HiGHS run on the program; `finish` reads its solution and disposes of the model. */
function runHighs(
  h: Highs,
  lp: LinearProgram,
  options: { method?: "simplex" | "ipm" | "pdlp"; timeLimitSeconds?: number; basis?: LpBasis },
  presolve: boolean,
) {
  const method = options.method ?? "simplex";
  const model = highsModelOf(h, lp);
  let code: number;
  let warm = false;
  try {
    const settings: Record<string, string | number | boolean> = { output_flag: false, solver: method };
    if (method === "pdlp") settings.pdlp_optimality_tolerance = 1e-7;
    if (options.timeLimitSeconds) settings.time_limit = options.timeLimitSeconds;
    if (!presolve) settings.presolve = "off";
    model.options.set(settings);
    warm =
      method === "simplex" &&
      options.basis !== undefined &&
      options.basis.colStatus.length === lp.cost.length &&
      options.basis.rowStatus.length === lp.rowLower.length;
    if (warm) model.setBasis({ colStatus: options.basis!.colStatus, rowStatus: options.basis!.rowStatus });
    code = model.run().modelStatus;
  } catch (e) {
    model.dispose();
    throw e;
  }
  const [status, detail] =
    STATUS[code as ModelStatusCode] ??
    (["error", `HiGHS model status ${code}${INCONCLUSIVE.has(code) ? ` (${INCONCLUSIVE.get(code)})` : ""}`] as [
      LpStatus,
      string,
    ]);
  return {
    code,
    detail,
    dispose: () => model.dispose(),
    finish: (t0: number, before: string): LpSolution => {
      try {
        return solutionOf(h, lp, model, { method, status, warm }, before + detail, t0);
      } finally {
        model.dispose();
      }
    },
  };
}

/** The solution of a finished run, with its status, detail (iterations, basis given) and basis (simplex optima). */
function solutionOf(
  h: Highs,
  lp: LinearProgram,
  model: ReturnType<Highs["createModel"]>,
  run: { method: string; status: LpStatus; warm: boolean },
  detail: string,
  t0: number,
): LpSolution {
  const { method, status, warm } = run;
  const sol = model.getSolution();
  const x = Float64Array.from(sol.colValue);
  const rowActivity = Float64Array.from(sol.rowValue);
  let gap: number;
  try {
    gap = Math.abs(Number(model.info.get("primal_dual_objective_error")));
  } catch {
    gap = 0;
  }
  const basis = method === "simplex" && status === "optimal" ? basisOf(model.getBasis()) : undefined;
  return {
    status,
    detail:
      method === "simplex"
        ? `${detail}, ${iterations(model)} simplex iterations${warm ? " from the given basis" : ""}`
        : detail,
    objective: status === "optimal" ? model.getObjectiveValue() : NaN,
    x,
    rowActivity,
    rowDual: Float64Array.from(sol.rowDual),
    colDual: Float64Array.from(sol.colDual),
    primalResidual: x.length ? primalViolation(lp, x, rowActivity) : 0,
    gap: Number.isFinite(gap) ? gap : 0,
    method: `HiGHS ${h.version.string} ${method}`,
    seconds: (performance.now() - t0) / 1000,
    basis,
  };
}

/** The program as a HiGHS model (CSC matrix, sense, offset); the caller deletes it when done. */
export function highsModelOf(h: Highs, lp: LinearProgram): ReturnType<Highs["createModel"]> {
  return h.createModel({
    numCols: lp.cost.length,
    numRows: lp.rowLower.length,
    sense: lp.sense === "maximize" ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
    offset: lp.offset ?? 0,
    colCost: lp.cost,
    colLower: lp.colLower,
    colUpper: lp.colUpper,
    rowLower: lp.rowLower,
    rowUpper: lp.rowUpper,
    matrix: {
      format: "csc",
      numRows: lp.rowLower.length,
      numCols: lp.cost.length,
      starts: lp.matrix.colStarts,
      indices: lp.matrix.rowIndices,
      values: lp.matrix.values,
    },
  });
}

function basisOf(b: { colStatus: Int32Array; rowStatus: Int32Array }): LpBasis {
  return { colStatus: Int32Array.from(b.colStatus), rowStatus: Int32Array.from(b.rowStatus) };
}

function iterations(model: { info: { get(name: string): number | bigint } }): string {
  try {
    return String(model.info.get("simplex_iteration_count"));
  } catch {
    return "?";
  }
}
