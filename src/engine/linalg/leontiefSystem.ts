import { DimensionError, InvalidValueError, nameOf } from "../errors.ts";
import { bicgstab } from "./bicgstab.ts";
import { CompiledLeontiefTiles } from "../../kernels/index.ts";
import type { DenseMatrix } from "./dense.ts";
import { denseMatrix } from "./dense.ts";
import { gaussSeidelLeontief } from "./gaussSeidel.ts";
import type { RowView } from "./gaussSeidel.ts";
import { neumannSeries } from "./gaussSeidel.ts";
import { gmres } from "./gmres.ts";
import type { LuFactorization } from "./lu.ts";
import { luFactor, luInverse, luSolve, luSolveTransposed } from "./lu.ts";
import type { Matrix } from "./matrix.ts";
import { assertSquare, matTVecUnchecked, matVecUnchecked } from "./matrix.ts";
import type { IterativeResult, LinearOperator, SolveStatus } from "./operator.ts";
import { norm2 } from "./operator.ts";
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
  const n = assertSquare(A, "coefficient matrix A");
  assertFiniteEntries(A, systemOptions.labels);
  const labels = systemOptions.labels;
  let lu: LuFactorization | undefined;
  let csr: CsrMatrix | undefined; // rows of A, for Gauss–Seidel
  let csrT: CsrMatrix | undefined; // rows of Aᵀ
  const tmp = new Float64Array(n);
  // compiled BiCGSTAB (both directions), made on first use (null: not for this matrix, or it did not fit)
  let compiled: CompiledLeontiefTiles | null | undefined;

  const getLu = (): LuFactorization => {
    if (!lu) lu = luFactor(identityMinus(A), labels);
    return lu;
  };
  const operator = (transposed: boolean): LinearOperator => ({
    n,
    apply(x, y) {
      if (transposed) matTVecUnchecked(A, x, y);
      else matVecUnchecked(A, x, y);
      for (let i = 0; i < n; i++) y[i] = x[i] - y[i];
    },
  });
  const rowsOf = (transposed: boolean): RowView => {
    if (!transposed) {
      if (!csr) csr = A.kind === "csr" ? A : A.kind === "csc" ? cscToCsr(A) : denseToCsr(A);
      return { n, starts: csr.rowStarts, indices: csr.colIndices, values: csr.values };
    }
    if (!csrT) {
      // Rows of Aᵀ are columns of A.
      const csc = A.kind === "csc" ? A : A.kind === "csr" ? csrToCsc(A) : csrToCsc(denseToCsr(A));
      csrT = {
        kind: "csr",
        rows: n,
        cols: n,
        rowStarts: csc.colStarts,
        colIndices: csc.rowIndices,
        values: csc.values,
      };
    }
    return { n, starts: csrT.rowStarts, indices: csrT.colIndices, values: csrT.values };
  };

  const compiledSystem = (): CompiledLeontiefTiles | null => {
    if (compiled === undefined) {
      compiled = null;
      if (A.kind !== "dense" && n >= COMPILED_FROM && typeof WebAssembly !== "undefined") {
        try {
          // a CSC matrix's columns are the rows of Aᵀ: tiled as they are, with the directions swapped
          compiled =
            A.kind === "csc"
              ? new CompiledLeontiefTiles({ n, starts: A.colStarts, indices: A.rowIndices, values: A.values }, true)
              : new CompiledLeontiefTiles(rowsOf(false));
        } catch (e) {
          if (!(e instanceof RangeError)) throw e; // past 4 GiB: the JavaScript products
        }
      }
    }
    return compiled;
  };

  const run = (rhs: ArrayLike<number>, transposed: boolean, options: LeontiefSolveOptions): LeontiefSolution => {
    if (rhs.length !== n) {
      throw new DimensionError(
        `${transposed ? "right-hand side" : "final demand"} has length ${rhs.length}; the model has ${n} sectors`,
      );
    }
    const d = Float64Array.from(rhs);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(d[i]))
        throw new InvalidValueError(
          `${transposed ? "right-hand side" : "final demand"} at ${nameOf(i, labels)}`,
          d[i],
          "a finite number",
        );
    }
    const tolerance = options.tolerance ?? 1e-10;
    const requested = options.method ?? systemOptions.method ?? "auto";
    const method = requested === "auto" ? chooseMethod(A) : requested;
    const iterOpts = {
      tolerance,
      maxIterations: options.maxIterations,
      initialGuess: options.initialGuess,
      onIteration: options.onIteration,
      restart: options.restart,
    };
    let result: IterativeResult;
    let used = method;
    if (method === "lu") {
      const f = getLu();
      result = {
        x: transposed ? luSolveTransposed(f, d) : luSolve(f, d),
        iterations: 0,
        residual: NaN,
        status: "converged",
      };
    } else if (method === "gmres") {
      result = gmres(operator(transposed), d, iterOpts);
    } else if (method === "bicgstab") {
      const c = compiledSystem();
      result = c ? c.bicgstab(d, transposed, iterOpts) : bicgstab(operator(transposed), d, iterOpts);
    } else if (method === "gauss-seidel") {
      result = gaussSeidelLeontief(rowsOf(transposed), d, iterOpts);
    } else {
      result = neumannSeries(
        n,
        (x, y) => (transposed ? matTVecUnchecked(A, x, y) : matVecUnchecked(A, x, y)),
        d,
        iterOpts,
      );
    }
    // Automatic choice: if the Krylov method did not get there, try the other one, then LU where affordable.
    if (requested === "auto" && result.status !== "converged") {
      const retry = gmres(operator(transposed), d, { ...iterOpts, restart: 60, initialGuess: result.x });
      if (retry.status === "converged") result = retry;
      else if (n <= DENSE_LU_LIMIT) {
        const f = getLu();
        used = "lu";
        result = {
          x: transposed ? luSolveTransposed(f, d) : luSolve(f, d),
          iterations: 0,
          residual: NaN,
          status: "converged",
        };
      }
    }
    const residual = relativeResidual(A, d, result.x, transposed, tmp);
    let status: LeontiefSolution["status"] = result.status;
    if (used === "lu" && residual > tolerance) status = "inaccurate";
    if (result.status === "converged" && residual > tolerance && used !== "lu") status = "stagnated";
    // NaN or Infinity (an overflowing demand, a singular system) is never an answer, whatever the method said
    let finite = Number.isFinite(residual);
    for (let i = 0; finite && i < n; i++) finite = Number.isFinite(result.x[i]);
    if (!finite) status = "not-finite";
    return {
      x: result.x,
      residual,
      tolerance,
      iterations: result.iterations,
      method: used,
      status,
      converged: finite && residual <= tolerance,
    };
  };

  return {
    n,
    A,
    solve: (d, options = {}) => run(d, false, options),
    solveTransposed: (c, options = {}) => run(c, true, options),
    inverse: () => luInverse(getLu()),
  };
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

/** ‖(I − A)x − d‖ / ‖d‖ (or with Aᵀ), computed afresh. `tmp` is scratch of length n.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * console.log(relativeResidual(A, new Float64Array([350, 1700]), new Float64Array([1000, 2000]))); // 0
 * ```
 */
export function relativeResidual(
  A: Matrix,
  d: Float64Array,
  x: Float64Array,
  transposed = false,
  tmp = new Float64Array(d.length),
): number {
  if (transposed) matTVecUnchecked(A, x, tmp);
  else matVecUnchecked(A, x, tmp);
  let rr = 0;
  for (let i = 0; i < d.length; i++) {
    const r = x[i] - tmp[i] - d[i];
    rr += r * r;
  }
  const dn = norm2(d);
  return dn === 0 ? Math.sqrt(rr) : Math.sqrt(rr) / dn;
}

/** I − A as a new dense matrix.
 * @example
 * ```ts
 * console.log(Array.from(identityMinus(denseMatrix([[0.15, 0.25], [0.2, 0.05]])).data)); // [ 0.85, -0.25, -0.2, 0.95 ]
 * ```
 */
export function identityMinus(A: Matrix): DenseMatrix {
  const n = A.rows;
  const m = denseMatrix(n, n);
  const out = m.data;
  switch (A.kind) {
    case "dense":
      for (let k = 0; k < n * n; k++) out[k] = -A.data[k];
      break;
    case "csr":
      for (let i = 0; i < n; i++)
        for (let p = A.rowStarts[i]; p < A.rowStarts[i + 1]; p++) out[i * n + A.colIndices[p]] -= A.values[p];
      break;
    case "csc":
      for (let j = 0; j < n; j++)
        for (let p = A.colStarts[j]; p < A.colStarts[j + 1]; p++) out[A.rowIndices[p] * n + j] -= A.values[p];
      break;
  }
  for (let i = 0; i < n; i++) out[i * n + i] += 1;
  return m;
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
