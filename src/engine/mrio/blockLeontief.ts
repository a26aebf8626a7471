import { DimensionError, InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { assertSquare } from "../linalg/matrix.ts";
import type { RegionBlocks } from "./regionBlocks.ts";
import { addDiagonalProduct, regionBlocks } from "./regionBlocks.ts";
import type { BlockWorkspace, SweepKernels } from "./blockKernels.ts";
import { jsKernels, wasmKernels } from "./blockKernels.ts";

/** How {@link createBlockLeontief} solves: one LU of I − A, or block Gauss–Seidel over regions. */
export type BlockLeontiefMethod = "auto" | "lu" | "block-gauss-seidel";

/** Options of a block Leontief system. */
export interface BlockLeontiefOptions {
  /** `auto` (default): LU up to {@link BLOCK_LU_LIMIT} rows or with one region, block Gauss–Seidel above. */
  method?: BlockLeontiefMethod;
  /** Target relative residual of every column, ‖(I−A)x − b‖₂ / ‖b‖₂ (default 1e-12). */
  tolerance?: number;
  /** Sweeps of block Gauss–Seidel before giving up (default 200). */
  maxIterations?: number;
  /** Row labels, used when a diagonal block is singular. */
  labels?: readonly string[];
  /**
   * Who runs the sweeps' row combinations: `auto` (default) compiled SIMD code (src/kernels/assembly/blockCombine.ts)
   * where WebAssembly has it, else JavaScript; `js` always JavaScript. Both give the same numbers up to the order of
   * additions.
   */
  kernels?: "auto" | "js";
}

/**
 * The answer to a block solve: `X` (n × m, row-major: column k of row i at `i·m + k`), the largest true relative
 * residual over the m columns, recomputed after the method stopped, the sweeps used (1 for LU) and a status.
 * `converged` is true exactly when the residual is finite and ≤ the tolerance.
 */
export interface BlockSolution {
  X: Float64Array;
  m: number;
  residual: number;
  tolerance: number;
  iterations: number;
  method: Exclude<BlockLeontiefMethod, "auto">;
  /** `inaccurate`: an LU solve whose residual is above the tolerance (an ill-conditioned I − A). */
  status: "converged" | "max-iterations" | "inaccurate" | "not-finite";
  converged: boolean;
}

/** A Leontief system (I − A) of an MRIO, solved for many right-hand sides at once, forward and transposed. */
export interface BlockLeontief {
  readonly n: number;
  readonly method: Exclude<BlockLeontiefMethod, "auto">;
  /** Solves (I − A)·X = B for B n × m row-major. Blocking. */
  solve(B: Float64Array, m: number): BlockSolution;
  /** Solves (I − A)ᵀ·X = C (multipliers: row i of X·… is a row of S·L). Blocking. */
  solveTransposed(C: Float64Array, m: number): BlockSolution;
}

/** Systems up to this many rows are factorised whole by `auto` (n³/3 flops: ~0.3 s at 1,000).
 * @example
 * ```ts
 * console.log(BLOCK_LU_LIMIT); // 1000
 * ```
 */
export const BLOCK_LU_LIMIT = 1000;

/**
 * A Leontief system for an MRIO's A, cut into regions of `regionSize` sectors, for many right-hand sides
 * (every region's final demand, every stressor's coefficients per region). No dense inverse is formed.
 *
 * Small systems (n ≤ {@link BLOCK_LU_LIMIT}, or one region) are factorised whole by LU: exact to rounding. Larger ones
 * run block Gauss–Seidel over regions (Golub & Van Loan, *Matrix Computations*, 4th ed., §11.2): each region's own
 * block I − A^rr is factorised once (S³/3 flops each) and every sweep solves X_r = (I − A^rr)⁻¹ (B_r + Σ_{s≠r} A^rs
 * X_s) for all m columns together, so one pass over the interregional coefficients serves them all. For a productive A
 * (non-negative, spectral radius < 1) the sweeps converge (I − A is a non-singular M-matrix and the block Gauss–Seidel
 * splitting a regular one: Varga, *Matrix Iterative Analysis*, ch. 3), faster the less regions trade; the true residual
 * decides when to stop, and a run that does not get there says so (`converged: false`). The row combinations of a sweep
 * run in compiled SIMD code (src/kernels/assembly/blockCombine.ts) where WebAssembly has it (3–4× the JavaScript loop),
 * else in JavaScript. Memory: the blocks (R·S² doubles), the sparse trade part (twice: rows and columns), a compiled
 * copy of both, and 3·n·m for B, X and a residual's product.
 *
 * @throws DimensionError when A is not square or n is not a multiple of `regionSize`.
 * @throws InvalidValueError for a NaN or infinite entry of A.
 * @throws SingularMatrixError when a block I − A^rr (or, for LU, I − A) is singular.
 * @example
 * ```ts
 * // two regions of one sector: (I − A)x = b and (I − A)ᵀm = 1 (the output multipliers)
 * const sys = createBlockLeontief(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), 1);
 * const x = sys.solve(Float64Array.from([600, 1500]), 1).X;
 * const m = sys.solveTransposed(Float64Array.from([1, 1]), 1).X;
 * console.log(Array.from(x, (v) => v.toFixed(2))); // [ '1247.52', '1841.58' ]
 * console.log(Array.from(m, (v) => v.toFixed(4))); // [ '1.5182', '1.4521' ]
 * ```
 */
export function createBlockLeontief(A: Matrix, regionSize: number, options: BlockLeontiefOptions = {}): BlockLeontief {
  const n = assertSquare(A, "coefficient matrix A");
  if (!Number.isInteger(regionSize) || regionSize < 1 || n % regionSize !== 0) {
    throw new DimensionError(`A has ${n} rows, which is not a whole number of regions of ${regionSize} sectors`);
  }
  const requested = options.method ?? "auto";
  const method =
    requested === "auto" ? (n <= BLOCK_LU_LIMIT || regionSize === n ? "lu" : "block-gauss-seidel") : requested;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = method === "lu" ? 1 : (options.maxIterations ?? 200);
  let blocks: RegionBlocks | undefined;
  let kernels: SweepKernels | undefined;
  const getBlocks = (): RegionBlocks => (blocks ??= regionBlocks(A, method === "lu" ? n : regionSize, options.labels));
  const getKernels = (b: RegionBlocks): SweepKernels =>
    (kernels ??= (options.kernels !== "js" ? wasmKernels(b) : null) ?? jsKernels(b));
  const run = (B: Float64Array, m: number, transposed: boolean): BlockSolution => {
    if (!Number.isInteger(m) || m < 0 || B.length !== n * m) {
      throw new DimensionError(`right-hand sides have ${B.length} values; ${m} columns of ${n} rows need ${n * m}`);
    }
    for (let k = 0; k < B.length; k++) {
      if (!Number.isFinite(B[k]))
        throw new InvalidValueError(
          `right-hand side row ${Math.floor(k / Math.max(m, 1))}, column ${k % m}`,
          B[k],
          "a finite number",
        );
    }
    const b = getBlocks();
    const settings = { tolerance, maxIterations, method };
    try {
      return solveBlocks(getKernels(b), b, B, m, transposed, settings);
    } catch (e) {
      if (!(e instanceof RangeError) || kernels?.name !== "wasm") throw e;
      kernels = jsKernels(b); // the workspace did not fit in a WebAssembly memory
      return solveBlocks(kernels, b, B, m, transposed, settings);
    }
  };
  assertFinite(A);
  return { n, method, solve: (B, m) => run(B, m, false), solveTransposed: (C, m) => run(C, m, true) };
}

function assertFinite(A: Matrix): void {
  const values = A.kind === "dense" ? A.data : A.values;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k]))
      throw new InvalidValueError(`coefficient matrix A, stored entry ${k}`, values[k], "a finite number");
  }
}

interface SweepSettings {
  tolerance: number;
  maxIterations: number;
  method: Exclude<BlockLeontiefMethod, "auto">;
}

function solveBlocks(
  kernels: SweepKernels,
  blocks: RegionBlocks,
  B: Float64Array,
  m: number,
  transposed: boolean,
  s: SweepSettings,
): BlockSolution {
  const w = kernels.workspace(m);
  for (let i = 0; i < blocks.n; i++) for (let k = 0; k < m; k++) w.B[i * w.m + k] = B[i * m + k];
  const bNorms = columnNorms(w.B, w.m);
  let iterations = 0;
  let residual = Infinity;
  for (; iterations < s.maxIterations;) {
    const change = sweep(kernels, blocks, w, transposed);
    iterations++;
    if (!Number.isFinite(change)) {
      residual = NaN;
      break;
    }
    if (change <= s.tolerance || iterations === s.maxIterations) {
      residual = trueResidual(kernels, blocks, w, transposed, bNorms);
      if (residual <= s.tolerance) break;
    }
  }
  const X = new Float64Array(blocks.n * m);
  for (let i = 0; i < blocks.n; i++) for (let k = 0; k < m; k++) X[i * m + k] = w.X[i * w.m + k];
  const finite = Number.isFinite(residual) && X.every(Number.isFinite);
  const converged = finite && residual <= s.tolerance;
  return {
    X,
    m,
    residual,
    tolerance: s.tolerance,
    iterations,
    method: s.method,
    status: converged ? "converged" : !finite ? "not-finite" : s.method === "lu" ? "inaccurate" : "max-iterations",
    converged,
  };
}

/** One block Gauss–Seidel sweep over the regions; returns the largest relative change of a column (∞-norms). */
function sweep(kernels: SweepKernels, blocks: RegionBlocks, w: BlockWorkspace, transposed: boolean): number {
  const { size, count } = blocks;
  const { m, T, X } = w;
  const delta = new Float64Array(m);
  const scale = new Float64Array(m);
  for (let r = 0; r < count; r++) {
    kernels.gather(r, transposed, w);
    kernels.solveBlock(r, transposed, w);
    const at = r * size * m;
    for (let i = 0; i < size * m; i++) {
      const k = i % m;
      const d = Math.abs(T[i] - X[at + i]);
      if (d > delta[k] || Number.isNaN(d)) delta[k] = d;
      const a = Math.abs(T[i]);
      if (a > scale[k]) scale[k] = a;
    }
    X.set(T, at);
  }
  let change = 0;
  for (let k = 0; k < m; k++) {
    const c = scale[k] > 0 ? delta[k] / scale[k] : delta[k];
    if (!(c <= change)) change = c;
  }
  return change;
}

/** max over columns of ‖B − (I − A)X‖₂ / ‖B‖₂ (0 for a zero column solved by zero). */
function trueResidual(
  kernels: SweepKernels,
  blocks: RegionBlocks,
  w: BlockWorkspace,
  transposed: boolean,
  bNorms: Float64Array,
): number {
  const { size, count, diag } = blocks;
  const { m, B, X, AX } = w;
  AX.fill(0);
  for (let r = 0; r < count; r++) addDiagonalProduct(diag[r], size, r, transposed, X, m, AX);
  kernels.addOff(transposed, w);
  const sums = new Float64Array(m);
  for (let i = 0; i < X.length; i++) {
    const d = B[i] - X[i] + AX[i];
    sums[i % m] += d * d;
  }
  let worst = 0;
  for (let k = 0; k < m; k++) {
    const r = bNorms[k] > 0 ? Math.sqrt(sums[k]) / bNorms[k] : Math.sqrt(sums[k]);
    if (!(r <= worst)) worst = r;
  }
  return worst;
}

function columnNorms(B: Float64Array, m: number): Float64Array {
  const sums = new Float64Array(m);
  for (let i = 0; i < B.length; i++) sums[i % m] += B[i] * B[i];
  return sums.map(Math.sqrt);
}
