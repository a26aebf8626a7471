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
  /** Names for explanations and exports; absent in programs built without names (millions of columns). */
  colNames?: string[];
  rowNames?: string[];
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
  /**
   * The optimal basis, where the method has one (HiGHS's simplex): a start for re-solves
   * ({@link LpSolveOptions.basis}).
   */
  basis?: LpBasis;
}

/**
 * A simplex basis in HiGHS's codes (0 at the lower bound, 1 basic, 2 at the upper bound, 3 free at zero, 4
 * nonbasic), one per column and one per row. A re-solve of a program with the same rows and columns (a bound or a
 * right-hand side changed: a scenario, a bottleneck raised) starts from it and needs a few iterations, not thousands.
 */
export interface LpBasis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
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

/** How a solver is asked to solve: the method, a time limit, the tolerance, and a progress callback. */
export interface LpSolveOptions {
  method?: LpMethod;
  timeLimitSeconds?: number;
  /** Relative tolerance of first-order methods (residuals and gap; default {@link PDLP_DEFAULT_TOLERANCE}, 1e-6). */
  tolerance?: number;
  /**
   * Start the simplex from this basis (an earlier solution's {@link LpSolution.basis}); ignored when its sizes do
   * not match the program, and by methods without a basis (interior point, PDLP).
   */
  basis?: LpBasis;
  onProgress?: (p: LpProgress) => void;
}

/** Something that solves linear programs: HiGHS in a worker, or an engine of ioplan's own. */
export interface LpSolver {
  solve(lp: LinearProgram, options?: LpSolveOptions): Promise<LpSolution>;
  /**
   * True when `auto` runs a simplex that takes {@link LpSolveOptions.basis} and returns {@link LpSolution.basis} (HiGHS
   * in ioplan's worker): plan programs then start from their years ({@link solvePlanProgram}). Absent: cold solves.
   */
  readonly warmStarts?: boolean;
}

/**
 * The most columns for which `auto` picks HiGHS's dual simplex (an exact vertex, reliable duals, warm starts); beyond
 * it, ioplan's PDLP (bench/RESULTS.md: HiGHS's simplex and interior point too slow or past its 2 GiB heap there).
 * @example
 * ```ts
 * const b = new LpBuilder();
 * b.addCol("x", 1, 0, 1, []);
 * console.log(b.build("minimize").cost.length <= SIMPLEX_COLUMN_LIMIT); // true
 * ```
 */
export const SIMPLEX_COLUMN_LIMIT = 20_000;

/** A solver that always passes these options (a method chosen on the command line, a progress display).
 * @example
 * ```ts
 * const methods: unknown[] = [];
 * const solver = {
 *   solve: async (lp: Parameters<typeof solvePdlp>[0], o?: { method?: string }) => {
 *     methods.push(o?.method);
 *     return solvePdlp(lp);
 *   },
 * };
 * const b = new LpBuilder();
 * b.addCol("x", 1, 0, 1, []);
 * await withLpOptions(solver, { method: "ioplan-pdlp" }).solve(b.build("minimize"));
 * console.log(methods); // [ 'ioplan-pdlp' ]
 * ```
 */
export function withLpOptions(solver: LpSolver, options: LpSolveOptions): LpSolver {
  // a method forced other than the simplex takes no basis: the plan's years' start would be wasted
  const warmStarts =
    solver.warmStarts && (!options.method || options.method === "auto" || options.method === "simplex");
  return { solve: (lp, o = {}) => solver.solve(lp, { ...o, ...options }), warmStarts };
}

/** A growable typed array (doubling), so programs of tens of millions of entries build without JS arrays. */
class Grow<T extends Float64Array | Int32Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }
  reserve(n: number, exact = false): void {
    if (n <= this.data.length) return;
    const next = this.make(exact ? n : Math.max(n, Math.min(this.data.length * 2, this.data.length + (1 << 26))));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** A copy of exactly the filled part. */
  take(): T {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

/** A name, or a function that makes it (only called when the builder keeps names). */
export type LpName = string | (() => string);

/**
 * Builds a LinearProgram column by column in typed arrays. O(nnz); a column's entries may come in any order
 * (they are sorted and duplicates summed when the column ends; zeros are dropped). With `names: false` no
 * row or column names are made or kept, which is what programs of millions of columns need.
 * @example
 * ```ts
 * // minimise −x subject to 2x ≤ 10, x ≥ 0
 * const b = new LpBuilder();
 * const row = b.addRow("capacity", -Infinity, 10);
 * b.addCol("x", -1, 0, Infinity, [[row, 2]]);
 * const s = solvePdlp(b.build("minimize"), { tolerance: 1e-9 });
 * console.log(s.status, s.x[0].toFixed(4)); // optimal 5.0000
 * ```
 */
export class LpBuilder {
  private readonly colStarts = new Grow((n) => new Int32Array(n));
  private readonly rowIdx = new Grow((n) => new Int32Array(n));
  private readonly vals = new Grow((n) => new Float64Array(n));
  private readonly cost = new Grow((n) => new Float64Array(n));
  private readonly colLower = new Grow((n) => new Float64Array(n));
  private readonly colUpper = new Grow((n) => new Float64Array(n));
  private readonly rowLower = new Grow((n) => new Float64Array(n));
  private readonly rowUpper = new Grow((n) => new Float64Array(n));
  private readonly colNames: string[] | undefined;
  private readonly rowNames: string[] | undefined;
  /** The open column's entries, before sorting. */
  private pendingRows = new Int32Array(64);
  private pendingVals = new Float64Array(64);
  private pending = 0;

  constructor(options: { names?: boolean } = {}) {
    const names = options.names ?? true;
    this.colNames = names ? [] : undefined;
    this.rowNames = names ? [] : undefined;
    this.colStarts.push(0);
  }

  /** Makes room for this many more columns, rows and entries (saves the doubling copies of a big build). */
  reserve(more: { cols?: number; rows?: number; nnz?: number }): void {
    const c = this.cost.length + (more.cols ?? 0);
    for (const g of [this.cost, this.colLower, this.colUpper]) g.reserve(c, true);
    this.colStarts.reserve(c + 1, true);
    const r = this.rowLower.length + (more.rows ?? 0);
    this.rowLower.reserve(r, true);
    this.rowUpper.reserve(r, true);
    const z = this.rowIdx.length + (more.nnz ?? 0);
    this.rowIdx.reserve(z, true);
    this.vals.reserve(z, true);
  }

  get rows(): number {
    return this.rowLower.length;
  }
  get cols(): number {
    return this.cost.length;
  }

  /** Adds a row and returns its index; entries are added later through columns. */
  addRow(name: LpName, lower: number, upper: number): number {
    this.rowNames?.push(typeof name === "string" ? name : name());
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  /** Adds an entry (row, value) to the column being built; finish it with {@link endCol}. */
  entry(row: number, value: number): void {
    if (this.pending === this.pendingRows.length) {
      const r = new Int32Array(this.pending * 2);
      r.set(this.pendingRows);
      this.pendingRows = r;
      const v = new Float64Array(this.pending * 2);
      v.set(this.pendingVals);
      this.pendingVals = v;
    }
    this.pendingRows[this.pending] = row;
    this.pendingVals[this.pending++] = value;
  }

  /** Ends the column whose entries were given by {@link entry} and returns its index. */
  endCol(name: LpName, cost: number, lower: number, upper: number): number {
    const rows = this.pendingRows;
    const vals = this.pendingVals;
    const k = this.pending;
    // insertion sort by row: columns are short and nearly always sorted already
    for (let a = 1; a < k; a++) {
      const r = rows[a];
      if (rows[a - 1] <= r) continue;
      const v = vals[a];
      let b = a - 1;
      while (b >= 0 && rows[b] > r) {
        rows[b + 1] = rows[b];
        vals[b + 1] = vals[b];
        b--;
      }
      rows[b + 1] = r;
      vals[b + 1] = v;
    }
    const start = this.rowIdx.length;
    this.rowIdx.reserve(start + k);
    this.vals.reserve(start + k);
    let len = start;
    const ri = this.rowIdx.data;
    const vv = this.vals.data;
    for (let a = 0; a < k; a++) {
      if (len > start && ri[len - 1] === rows[a]) vv[len - 1] += vals[a];
      else {
        ri[len] = rows[a];
        vv[len++] = vals[a];
      }
    }
    // drop zeros (given, or from summed duplicates)
    let w = start;
    for (let a = start; a < len; a++) {
      if (vv[a] === 0) continue;
      ri[w] = ri[a];
      vv[w++] = vv[a];
    }
    this.rowIdx.length = w;
    this.vals.length = w;
    this.pending = 0;
    this.colStarts.push(w);
    this.cost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.colNames?.push(typeof name === "string" ? name : name());
    return this.cost.length - 1;
  }

  /** Adds a column with its entries (duplicates within a column are summed) and returns its index. */
  addCol(
    name: LpName,
    cost: number,
    lower: number,
    upper: number,
    entries: readonly (readonly [number, number])[],
  ): number {
    for (const [r, v] of entries) this.entry(r, v);
    return this.endCol(name, cost, lower, upper);
  }

  build(sense: LinearProgram["sense"]): LinearProgram {
    const rows = this.rowLower.length;
    for (let k = 0; k < this.rowIdx.length; k++) {
      const r = this.rowIdx.data[k];
      if (r < 0 || r >= rows) throw new RangeError(`LP entry ${k} refers to row ${r}; the program has ${rows} rows`);
    }
    return {
      sense,
      cost: this.cost.take(),
      colLower: this.colLower.take(),
      colUpper: this.colUpper.take(),
      rowLower: this.rowLower.take(),
      rowUpper: this.rowUpper.take(),
      matrix: {
        kind: "csc",
        rows,
        cols: this.cost.length,
        colStarts: this.colStarts.take(),
        rowIndices: this.rowIdx.take(),
        values: this.vals.take(),
      },
      colNames: this.colNames ? [...this.colNames] : undefined,
      rowNames: this.rowNames ? [...this.rowNames] : undefined,
    };
  }
}

/** Largest bound violation of a point: max over rows and columns of how far it lies outside its bounds.
 * @example
 * ```ts
 * const b = new LpBuilder();
 * const row = b.addRow("capacity", -Infinity, 10);
 * b.addCol("x", -1, 0, Infinity, [[row, 2]]);
 * const lp = b.build("minimize");
 * console.log(primalViolation(lp, Float64Array.of(6), Float64Array.of(12))); // 2
 * ```
 */
export function primalViolation(lp: LinearProgram, x: Float64Array, rowActivity: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < x.length; j++) worst = Math.max(worst, lp.colLower[j] - x[j], x[j] - lp.colUpper[j]);
  for (let i = 0; i < rowActivity.length; i++)
    worst = Math.max(worst, lp.rowLower[i] - rowActivity[i], rowActivity[i] - lp.rowUpper[i]);
  return Math.max(0, worst);
}
