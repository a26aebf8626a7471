import type { CscMatrix } from "../linalg/sparse.ts";

/**
 * A linear program in the form HiGHS takes: minimise (or maximise) cᵀx subject to rowLower ≤ A·x ≤ rowUpper
 * and colLower ≤ x ≤ colUpper, A in CSC. Infinite bounds are ±Infinity. Names are for explanations and
 * exports; they do not affect the solve.
 */
export interface LinearProgram {
  sense: "minimize" | "maximize";
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: CscMatrix;
  colNames: string[];
  rowNames: string[];
  offset?: number;
}

/** How a solve ended. `optimal` is the only status whose solution is optimal; the others are results too. */
export type LpStatus = "optimal" | "infeasible" | "unbounded" | "time-limit" | "iteration-limit" | "error";

/** The answer to an LP: status, values and duals (sign convention of HiGHS: ∂objective/∂bound). */
export interface LpSolution {
  status: LpStatus;
  /** HiGHS's own status text, for the record. */
  detail: string;
  objective: number;
  x: Float64Array;
  rowActivity: Float64Array;
  rowDual: Float64Array;
  colDual: Float64Array;
  /** Largest violation of a row or column bound by the returned point, absolute. */
  primalResidual: number;
  /** Relative duality gap |primal − dual| / max(1, |primal|) where the method reports it; 0 for simplex optima. */
  gap: number;
  method: string;
  seconds: number;
}

/** How to solve: HiGHS's simplex, interior point or PDLP, ioplan's own PDLP, or chosen by size ("auto"). */
export type LpMethod = "simplex" | "ipm" | "pdlp" | "ioplan-pdlp" | "auto";

/** Where a first-order solve stands (ioplan's PDLP reports it at every evaluation). */
export interface LpProgress {
  iteration: number;
  primalResidual: number;
  dualResidual: number;
  gap: number;
  seconds: number;
}

export interface LpSolveOptions {
  method?: LpMethod;
  timeLimitSeconds?: number;
  /** Relative tolerance of first-order methods (residuals and gap; default 1e-4). */
  tolerance?: number;
  onProgress?: (p: LpProgress) => void;
}

/** Something that solves linear programs: HiGHS in a worker, or an engine of ioplan's own. */
export interface LpSolver {
  solve(lp: LinearProgram, options?: LpSolveOptions): Promise<LpSolution>;
}

/** A solver that always passes these options (a method chosen on the command line, a progress display). */
export function withLpOptions(solver: LpSolver, options: LpSolveOptions): LpSolver {
  return { solve: (lp, o = {}) => solver.solve(lp, { ...o, ...options }) };
}

/** Builds a LinearProgram column by column: each column's entries are (row, value) pairs. O(nnz). */
export class LpBuilder {
  private readonly colStarts: number[] = [0];
  private readonly rowIdx: number[] = [];
  private readonly vals: number[] = [];
  readonly cost: number[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly colNames: string[] = [];
  readonly rowNames: string[] = [];

  /** Adds a row and returns its index; entries are added later through columns. */
  addRow(name: string, lower: number, upper: number): number {
    this.rowNames.push(name);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowNames.length - 1;
  }

  /** Adds a column with its entries (duplicates within a column are summed) and returns its index. */
  addCol(name: string, cost: number, lower: number, upper: number, entries: readonly (readonly [number, number])[]): number {
    const sorted = [...entries].sort((a, b) => a[0] - b[0]);
    for (const [r, v] of sorted) {
      if (v === 0) continue;
      const last = this.rowIdx.length - 1;
      if (this.rowIdx.length > this.colStarts[this.colStarts.length - 1] && this.rowIdx[last] === r) this.vals[last] += v;
      else {
        this.rowIdx.push(r);
        this.vals.push(v);
      }
    }
    this.colStarts.push(this.rowIdx.length);
    this.cost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.colNames.push(name);
    return this.colNames.length - 1;
  }

  build(sense: LinearProgram["sense"]): LinearProgram {
    const nCols = this.colNames.length;
    return {
      sense,
      cost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.colLower),
      colUpper: Float64Array.from(this.colUpper),
      rowLower: Float64Array.from(this.rowLower),
      rowUpper: Float64Array.from(this.rowUpper),
      matrix: { kind: "csc", rows: this.rowNames.length, cols: nCols, colStarts: Int32Array.from(this.colStarts), rowIndices: Int32Array.from(this.rowIdx), values: Float64Array.from(this.vals) },
      colNames: [...this.colNames],
      rowNames: [...this.rowNames],
    };
  }
}

/** Largest bound violation of a point: max over rows and columns of how far it lies outside its bounds. */
export function primalViolation(lp: LinearProgram, x: Float64Array, rowActivity: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < x.length; j++) worst = Math.max(worst, lp.colLower[j] - x[j], x[j] - lp.colUpper[j]);
  for (let i = 0; i < rowActivity.length; i++) worst = Math.max(worst, lp.rowLower[i] - rowActivity[i], rowActivity[i] - lp.rowUpper[i]);
  return Math.max(0, worst);
}
