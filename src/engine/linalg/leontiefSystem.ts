import { DimensionError, InvalidValueError, nameOf } from "../errors.ts";
import { bicgstab } from "./bicgstab.ts";
import { CompiledLeontiefTiles } from "../../kernels/index.ts";
import type { DenseMatrix } from "./dense.ts";
import { gaussSeidelLeontief } from "./gaussSeidel.ts";
import type { RowView } from "./gaussSeidel.ts";
import { neumannSeries } from "./gaussSeidel.ts";
import { gmres } from "./gmres.ts";
import { identityMinus, relativeResidual } from "./leontiefMatrix.ts";
import type { LuFactorization } from "./lu.ts";
import { luFactor, luInverse, luSolve, luSolveTransposed } from "./lu.ts";
import type { Matrix } from "./matrix.ts";
import { assertSquare, matTVecUnchecked, matVecUnchecked } from "./matrix.ts";
import type { IterativeResult, LinearOperator, SolveStatus } from "./operator.ts";
import type { CsrMatrix } from "./sparse.ts";
import { cscToCsr, csrToCsc } from "./sparse.ts";

/** Methods for (I − A)·x = d. `auto` picks by size and density (see {@link chooseMethod}). */
export type LeontiefMethod = "auto" | "lu" | "gmres" | "bicgstab" | "gauss-seidel" | "neumann";

/** Options of a Leontief solve. */
export interface LeontiefSolveOptions {
  method?: LeontiefMethod;
  /** Target relative residual ‖(I−A)x − d‖ / ‖d‖ (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
  /** Warm start for iterative methods (e.g. last year's output). */
  initialGuess?: Float64Array;
  /** GMRES restart length (default 30). */
  restart?: number;
  onIteration?: (iteration: number, residual: number) => void;
}

/**
 * The answer to one solve: the solution with the *true* relative residual ‖(I−A)x − d‖ / ‖d‖ recomputed
 * after the method finished, the iterations used (0 for LU), the method that produced it and a status.
 * `converged` is true exactly when `residual ≤ tolerance`. A failed solve is a result, never garbage
 * passed off as an answer: check `converged`.
 */
export interface LeontiefSolution {
  x: Float64Array;
  residual: number;
  tolerance: number;
  iterations: number;
  method: Exclude<LeontiefMethod, "auto">;
  status: SolveStatus | "inaccurate" | "not-finite";
  converged: boolean;
}

/**
 * Sparse systems from this many sectors run BiCGSTAB in compiled code (`wasm/arenaBicgstab.ts`: the matrix,
 * tiled, and the vectors in a WebAssembly memory, fused vector passes) where WebAssembly is available.
 * @example
 * ```ts
 * console.log(COMPILED_FROM); // 2000
 * ```
 */
export const COMPILED_FROM = 2000;

/** Above this size `auto` never factorises dense (the LU would need n² doubles and n³/3 flops).
 * @example
 * ```ts
 * console.log(DENSE_LU_LIMIT); // 3000
 * ```
 */
export const DENSE_LU_LIMIT = 3000;

/**
 * The automatic choice, by size and density: LU when its n³/3 flops cost no more than a Krylov solve's
 * ≈ 40·nnz (about 20 products with A) — small economies, or dense ones up to a few hundred sectors — and
 * BiCGSTAB otherwise (two products an iteration, six vectors), falling back to GMRES(60) from where it stopped,
 * then to LU where n ≤ {@link DENSE_LU_LIMIT}, if it does not converge. On the BEA summary table (71 sectors)
 * this picks LU; on the BEA detail table (402 sectors, 92 % dense; BiCGSTAB takes ~8 iterations) BiCGSTAB.
 * @example
 * ```ts
 * console.log(chooseMethod(denseMatrix([[0.15, 0.25], [0.2, 0.05]]))); // lu
 * ```
 */
export function chooseMethod(A: Matrix): Exclude<LeontiefMethod, "auto"> {
  const n = A.rows;
  const nnz = Math.max(A.kind === "dense" ? n * n : A.values.length, n);
  return n <= DENSE_LU_LIMIT && (n * n * n) / 3 <= 40 * nnz ? "lu" : "bicgstab";
}

/**
 * A Leontief system (I − A) for one coefficient matrix A, solved forward (output from final demand) and
 * transposed (multipliers, prices, Ghosh-type questions). Factorisations and transposed layouts are built
 * once, on first use, and reused. A is not copied and must not change while the system is in use.
 * @example
 * ```ts
 * const sys = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * console.log(Array.from(sys.solve([600, 1500]).x, (v) => v.toFixed(2))); // [ '1247.52', '1841.58' ]
 * console.log(Array.from(sys.solveTransposed([1, 1]).x, (v) => v.toFixed(4))); // [ '1.5182', '1.4521' ]
 * ```
 */
export interface LeontiefSystem {
  readonly n: number;
  readonly A: Matrix;
  /** Solves (I − A)·x = d. Blocking; O(n³) once then O(n²) per solve with LU, O(iterations·nnz) otherwise. */
  solve(d: ArrayLike<number>, options?: LeontiefSolveOptions): LeontiefSolution;
  /** Solves (I − A)ᵀ·x = c without forming the transpose's inverse. */
  solveTransposed(c: ArrayLike<number>, options?: LeontiefSolveOptions): LeontiefSolution;
  /** The Leontief inverse L = (I − A)⁻¹, dense. O(n³): only on explicit request. */
  inverse(): DenseMatrix;
}

/** Options fixed for the life of a system. */
export interface LeontiefSystemOptions {
  /** Sector codes, used in error messages. */
  labels?: readonly string[];
  /** Default method for solves (default `auto`). */
  method?: LeontiefMethod;
}

/**
 * Creates the system for A (square; finite values). Negative coefficients are allowed here: the productivity
 * of the economy is checked by `productivityCheck` in analysis, where it matters.
 *
 * @throws DimensionError when A is not square.
 * @throws InvalidValueError when A has a NaN or infinite entry (named by row and column).
 * @example
 * ```ts
 * const sys = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const s = sys.solve(new Float64Array([600, 1500]));
 * console.log(s.method, s.converged, Array.from(s.x, (v) => v.toFixed(2))); // lu true [ '1247.52', '1841.58' ]
 * ```
 */
export function createLeontiefSystem(A: Matrix, systemOptions: LeontiefSystemOptions = {}): LeontiefSystem {
  assertSquare(A, "coefficient matrix A");
  assertFiniteEntries(A, systemOptions.labels);
  return new SystemOfA(A, systemOptions);
}

/** The iterative methods' options of a solve. */
type IterOptions = Pick<LeontiefSolveOptions, "maxIterations" | "initialGuess" | "onIteration" | "restart"> & {
  tolerance: number;
};

/** A Leontief system with its factorisations and copies made on first use and kept. */
class SystemOfA implements LeontiefSystem {
  readonly n: number;
  private lu?: LuFactorization;
  private csr?: CsrMatrix; // rows of A, for Gauss–Seidel
  private csrT?: CsrMatrix; // rows of Aᵀ
  private readonly tmp: Float64Array<ArrayBuffer>;
  // compiled BiCGSTAB (both directions), made on first use (null: not for this matrix, or it did not fit)
  private compiled?: CompiledLeontiefTiles | null;

  constructor(
    readonly A: Matrix,
    private readonly systemOptions: LeontiefSystemOptions,
  ) {
    this.n = A.rows;
    this.tmp = new Float64Array(this.n);
  }

  solve(d: ArrayLike<number>, options: LeontiefSolveOptions = {}): LeontiefSolution {
    return this.run(d, false, options);
  }

  solveTransposed(c: ArrayLike<number>, options: LeontiefSolveOptions = {}): LeontiefSolution {
    return this.run(c, true, options);
  }

  inverse(): DenseMatrix {
    return luInverse(this.factorised());
  }

  private factorised(): LuFactorization {
    if (!this.lu) this.lu = luFactor(identityMinus(this.A), this.systemOptions.labels);
    return this.lu;
  }

  private operator(transposed: boolean): LinearOperator {
    const { A, n } = this;
    return {
      n,
      apply(x, y) {
        if (transposed) matTVecUnchecked(A, x, y);
        else matVecUnchecked(A, x, y);
        for (let i = 0; i < n; i++) y[i] = x[i] - y[i];
      },
    };
  }

  private rowsOf(transposed: boolean): RowView {
    const { A, n } = this;
    if (!transposed) {
      if (!this.csr) this.csr = A.kind === "csr" ? A : A.kind === "csc" ? cscToCsr(A) : denseToCsr(A);
      return { n, starts: this.csr.rowStarts, indices: this.csr.colIndices, values: this.csr.values };
    }
    if (!this.csrT) {
      // Rows of Aᵀ are columns of A.
      const csc = A.kind === "csc" ? A : A.kind === "csr" ? csrToCsc(A) : csrToCsc(denseToCsr(A));
      this.csrT = {
        kind: "csr",
        rows: n,
        cols: n,
        rowStarts: csc.colStarts,
        colIndices: csc.rowIndices,
        values: csc.values,
      };
    }
    return { n, starts: this.csrT.rowStarts, indices: this.csrT.colIndices, values: this.csrT.values };
  }

  private compiledSystem(): CompiledLeontiefTiles | null {
    const { A, n } = this;
    if (this.compiled === undefined) {
      this.compiled = null;
      if (A.kind !== "dense" && n >= COMPILED_FROM && typeof WebAssembly !== "undefined") {
        try {
          // a CSC matrix's columns are the rows of Aᵀ: tiled as they are, with the directions swapped
          this.compiled =
            A.kind === "csc"
              ? new CompiledLeontiefTiles({ n, starts: A.colStarts, indices: A.rowIndices, values: A.values }, true)
              : new CompiledLeontiefTiles(this.rowsOf(false));
        } catch (e) {
          if (!(e instanceof RangeError)) throw e; // past 4 GiB: the JavaScript products
        }
      }
    }
    return this.compiled;
  }

  /** The right-hand side as a Float64Array, checked: its length and finite entries. */
  private checked(rhs: ArrayLike<number>, transposed: boolean): Float64Array {
    const { n } = this;
    const what = transposed ? "right-hand side" : "final demand";
    if (rhs.length !== n) throw new DimensionError(`${what} has length ${rhs.length}; the model has ${n} sectors`);
    const d = Float64Array.from(rhs);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(d[i]))
        throw new InvalidValueError(`${what} at ${nameOf(i, this.systemOptions.labels)}`, d[i], "a finite number");
    }
    return d;
  }

  private luResult(d: Float64Array, transposed: boolean): IterativeResult {
    const f = this.factorised();
    return {
      x: transposed ? luSolveTransposed(f, d) : luSolve(f, d),
      iterations: 0,
      residual: NaN,
      status: "converged",
    };
  }

  /** One solve by the given method. */
  private byMethod(method: LeontiefMethod, d: Float64Array, transposed: boolean, o: IterOptions): IterativeResult {
    const A = this.A;
    if (method === "lu") return this.luResult(d, transposed);
    if (method === "gmres") return gmres(this.operator(transposed), d, o);
    if (method === "bicgstab") {
      const c = this.compiledSystem();
      return c ? c.bicgstab(d, transposed, o) : bicgstab(this.operator(transposed), d, o);
    }
    if (method === "gauss-seidel") return gaussSeidelLeontief(this.rowsOf(transposed), d, o);
    return neumannSeries(this.n, (x, y) => (transposed ? matTVecUnchecked(A, x, y) : matVecUnchecked(A, x, y)), d, o);
  }

  private run(rhs: ArrayLike<number>, transposed: boolean, options: LeontiefSolveOptions): LeontiefSolution {
    const { A, n } = this;
    const d = this.checked(rhs, transposed);
    const tolerance = options.tolerance ?? 1e-10;
    const requested = options.method ?? this.systemOptions.method ?? "auto";
    const method = requested === "auto" ? chooseMethod(A) : requested;
    const iterOpts: IterOptions = {
      tolerance,
      maxIterations: options.maxIterations,
      initialGuess: options.initialGuess,
      onIteration: options.onIteration,
      restart: options.restart,
    };
    let result = this.byMethod(method, d, transposed, iterOpts);
    let used = method;
    // Automatic choice: if the Krylov method did not get there, try the other one, then LU where affordable.
    if (requested === "auto" && result.status !== "converged") {
      const retry = gmres(this.operator(transposed), d, { ...iterOpts, restart: 60, initialGuess: result.x });
      if (retry.status === "converged") result = retry;
      else if (n <= DENSE_LU_LIMIT) {
        used = "lu";
        result = this.luResult(d, transposed);
      }
    }
    const residual = relativeResidual(A, d, result.x, transposed, this.tmp);
    let status: LeontiefSolution["status"] = result.status;
    if (used === "lu" && residual > tolerance) status = "inaccurate";
    if (result.status === "converged" && residual > tolerance && used !== "lu") status = "stagnated";
    // NaN or Infinity (an overflowing demand, a singular system) is never an answer, whatever the method said
    let finite = Number.isFinite(residual);
    for (let i = 0; finite && i < n; i++) finite = Number.isFinite(result.x[i]);
    if (!finite) status = "not-finite";
    const { iterations } = result;
    return {
      x: result.x,
      residual,
      tolerance,
      iterations,
      method: used,
      status,
      converged: finite && residual <= tolerance,
    };
  }
}

/**
 * Solves (I − A)·x = d once. For several right-hand sides, create a {@link LeontiefSystem} and reuse it.
 * @example
 * ```ts
 * // Miller & Blair (2009, §2.3): final demand [600, 1500] needs output [1247.52, 1841.58]
 * const s = solveLeontief(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), [600, 1500]);
 * console.log(Array.from(s.x, (v) => v.toFixed(2)), s.residual < 1e-12); // [ '1247.52', '1841.58' ] true
 * ```
 */
export function solveLeontief(A: Matrix, d: ArrayLike<number>, options: LeontiefSolveOptions = {}): LeontiefSolution {
  return createLeontiefSystem(A).solve(d, options);
}

function denseToCsr(A: DenseMatrix): CsrMatrix {
  const { rows, cols, data } = A;
  let nz = 0;
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) nz++;
  const starts = new Int32Array(rows + 1);
  const idx = new Int32Array(nz);
  const val = new Float64Array(nz);
  let w = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (v !== 0) {
        idx[w] = j;
        val[w++] = v;
      }
    }
    starts[i + 1] = w;
  }
  return { kind: "csr", rows, cols, rowStarts: starts, colIndices: idx, values: val };
}

function assertFiniteEntries(A: Matrix, labels?: readonly string[]): void {
  const n = A.cols;
  if (A.kind === "dense") {
    for (let k = 0; k < A.data.length; k++) {
      if (!Number.isFinite(A.data[k])) {
        throw new InvalidValueError(
          `coefficient matrix A row ${nameOf(Math.floor(k / n), labels)}, column ${nameOf(k % n, labels)}`,
          A.data[k],
          "a finite number",
        );
      }
    }
    return;
  }
  const starts = A.kind === "csr" ? A.rowStarts : A.colStarts;
  const idx = A.kind === "csr" ? A.colIndices : A.rowIndices;
  for (let major = 0; major < starts.length - 1; major++) {
    for (let p = starts[major]; p < starts[major + 1]; p++) {
      if (!Number.isFinite(A.values[p])) {
        const [i, j] = A.kind === "csr" ? [major, idx[p]] : [idx[p], major];
        throw new InvalidValueError(
          `coefficient matrix A row ${nameOf(i, labels)}, column ${nameOf(j, labels)}`,
          A.values[p],
          "a finite number",
        );
      }
    }
  }
}
