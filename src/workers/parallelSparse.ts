/**
 * Leontief solves on both cores, in WebAssembly: the matrix and the solver's vectors live in one shared
 * WebAssembly memory; the matrix is reordered in place into tiles (src/kernels/tiles.ts), whose products
 * run on two threads (tileSplit.ts: the worker takes half of the non-zeros, by blocks of rows forward and by
 * blocks of columns transposed), and BiCGSTAB's vector updates run as fused compiled passes on the calling
 * thread. (V8's own gather x[ci[p]] stalls on each cache miss: on a random 10⁶-product economy one JavaScript
 * product took 1.0 s, a compiled CSR one 0.15 s, scipy's 0.21 s.) Memory: the matrix once, plus eight vectors of
 * n doubles and the tile table.
 */
import type { CsrMatrix, LinearOperator } from "../engine/index.ts";
import { gmres } from "../engine/index.ts";
import type { ArenaVectors, SparseKernels, TileShape, TiledMatrix } from "../kernels/index.ts";
import {
  WasmArena,
  arenaBicgstab,
  arenaVectorBytes,
  takeArenaVectors,
  tileInPlace,
  tileShape,
} from "../kernels/index.ts";
import { TileSplit } from "./tileSplit.ts";

/**
 * A CSR matrix whose arrays are views into a shared WebAssembly memory with room for its tile table and the
 * solver's vectors. Once a {@link ParallelCsr} has been made on it, its column indices and values are in tiles
 * (`tiled`), and its CSR arrays no longer describe it.
 */
export interface SharedCsr extends CsrMatrix {
  shared: true;
  memory: WebAssembly.Memory;
  work: ArenaVectors;
  shape: TileShape;
  /** the tile table and the two lists of tiles, to fill */
  table: Int32Array;
  lists: Int32Array;
  tiled?: TiledMatrix;
}

/**
 * Allocates a shared square-or-not CSR matrix of `rows` rows and nnz entries (arrays to fill), with its tile
 * table and work vectors (eight of n doubles: 64 bytes a sector against about 244 for a matrix of 20 inputs a
 * sector). WebAssembly memories hold at most 4 GiB: about 3.2 × 10⁸ entries with 10⁷ rows.
 * @throws RangeError when the matrix and its vectors do not fit.
 */
export function allocateSharedCsr(rows: number, cols: number, nnz: number): SharedCsr {
  const n = Math.max(rows, cols);
  const shape = tileShape(rows, cols, nnz);
  let arena: WasmArena;
  try {
    arena = new WasmArena(
      WasmArena.size((rows + 1) * 4, nnz * 4, nnz * 8, ...arenaVectorBytes(n), shape.tiles * 16, shape.tiles * 8),
      true,
    );
  } catch (e) {
    throw new RangeError(
      `a shared sparse matrix of ${rows} rows and ${nnz} entries does not fit: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const rowStarts = arena.i32(rows + 1);
  const colIndices = arena.i32(nnz);
  const values = arena.f64(nnz);
  const work = takeArenaVectors(arena, n);
  const table = arena.i32(shape.tiles * 4);
  const lists = arena.i32(shape.tiles * 2);
  return {
    kind: "csr",
    rows,
    cols,
    rowStarts,
    colIndices,
    values,
    shared: true,
    memory: arena.memory,
    work,
    shape,
    table,
    lists,
  };
}

/** Copies a CSR matrix into shared WebAssembly memory (or returns it when it already is there). */
export function sharedCsr(A: CsrMatrix | SharedCsr): SharedCsr {
  if ("shared" in A) return A;
  const S = allocateSharedCsr(A.rows, A.cols, A.values.length);
  S.rowStarts.set(A.rowStarts);
  S.colIndices.set(A.colIndices);
  S.values.set(A.values);
  return S;
}

/** What a two-thread solve returns: the solution and its true relative residual ‖d − (I − A)x‖ / ‖d‖. */
export interface ParallelSolve {
  x: Float64Array;
  residual: number;
  iterations: number;
  method: string;
  status: string;
}

/**
 * y = A·x, y = Aᵀ·x and Leontief solves on two threads (the calling thread and one worker). Call `close()`
 * when done.
 */
export class ParallelCsr {
  readonly n: number;
  private readonly w: ArenaVectors;
  private readonly vec: (offset: number) => Float64Array;
  private readonly k: SparseKernels;
  private readonly threads: TileSplit;

  /** Takes the matrix over: its CSR arrays are reordered into tiles where they lie (once; see {@link SharedCsr}). */
  constructor(readonly A: SharedCsr) {
    const n = A.rows;
    if (A.cols !== n) throw new RangeError(`a Leontief matrix is square; this one is ${A.rows} × ${A.cols}`);
    this.n = n;
    A.tiled ??= tileInPlace(A.shape, A.rowStarts, A.colIndices, A.values, A.table, A.lists);
    this.w = A.work;
    this.vec = (offset) => new Float64Array(A.memory.buffer, offset, n);
    this.threads = new TileSplit(A.memory, A.tiled, { cols: A.work.p, rows: A.work.v });
    this.k = this.threads.kernels;
  }

  /** out = A·x. */
  mul(x: Float64Array, out: Float64Array): void {
    this.through(false, false, x, out);
  }

  /** out = Aᵀ·x. */
  mulT(x: Float64Array, out: Float64Array): void {
    this.through(true, false, x, out);
  }

  /** A product of vectors outside the shared memory, through the work vectors p and v. */
  private through(transposed: boolean, leontief: boolean, x: Float64Array, out: Float64Array): void {
    const { p, v } = this.w;
    this.vec(p).set(x);
    this.product(transposed, leontief, p, v);
    out.set(this.vec(v));
  }

  /**
   * The vector at byte offset `output` becomes A·x, Aᵀ·x, (I − A)·x or (I − A)ᵀ·x of the vector at `input`
   * (both in the shared memory, e.g. two of `A.work`'s vectors), the tiles split between the two threads.
   */
  product(transposed: boolean, leontief: boolean, input: number, output: number): void {
    this.threads.product(transposed, leontief, input, output);
  }

  /** The operator (I − A) or (I − A)ᵀ for the engine's iterative solvers (GMRES, when BiCGSTAB fails). */
  leontief(transposed = false): LinearOperator {
    return { n: this.n, apply: (x, y) => this.through(transposed, true, x, y) };
  }

  /**
   * Solves (I − A)·x = d (or its transpose) by BiCGSTAB with every vector in the shared memory: the products on
   * both threads, (I − A) applied in the same pass as A, and the vector updates fused into compiled passes (V8
   * runs a JavaScript dot product of 10⁵ doubles at about a third of the memory's speed, which made the vector
   * work cost as much as the products at 10⁵). Returns the true relative residual, from one more product.
   */
  bicgstab(
    d: Float64Array,
    o: { transposed?: boolean; tolerance?: number; maxIterations?: number; initialGuess?: Float64Array } = {},
  ): ParallelSolve {
    const n = this.n;
    if (d.length !== n) throw new RangeError(`the right-hand side has ${d.length} values; the matrix has ${n} rows`);
    const tr = o.transposed ?? false;
    const tol = o.tolerance ?? 1e-10;
    const L = (input: number, output: number) => this.product(tr, true, input, output);
    const r = arenaBicgstab(this.k, this.A.memory, this.w, n, L, d, {
      tolerance: tol,
      maxIterations: o.maxIterations ?? 2000,
      initialGuess: o.initialGuess,
    });
    // the solution is still at w.x, the right-hand side at w.b
    const residual = this.residualInPlace(tr);
    return {
      x: r.x,
      residual,
      iterations: r.iterations,
      method: "bicgstab (2 threads)",
      status: residual <= tol ? "converged" : r.status === "converged" ? "stagnated" : r.status,
    };
  }

  /** The true relative residual ‖d − (I − A)·x‖ / ‖d‖ (or of the transposed system), by one more product. */
  residual(x: Float64Array, d: Float64Array, transposed = false): number {
    this.vec(this.w.x).set(x);
    this.vec(this.w.b).set(d);
    return this.residualInPlace(transposed);
  }

  /** {@link residual} of the vectors at w.x and w.b. */
  private residualInPlace(transposed: boolean): number {
    const { b, x, t } = this.w;
    this.product(transposed, true, x, t);
    const bnorm = Math.sqrt(this.k.dot(b, b, this.n));
    return bnorm === 0 ? 0 : Math.sqrt(this.k.residual(t, b, this.n)) / bnorm;
  }

  async close(): Promise<void> {
    await this.threads.close();
  }
}

/**
 * A Leontief solve on two threads: BiCGSTAB in the shared memory ({@link ParallelCsr.bicgstab}); GMRES(60)
 * through the same products if it fails. The residual is the true relative residual.
 */
export function solveLeontiefParallel(
  pc: ParallelCsr,
  d: Float64Array,
  o: { transposed?: boolean; tolerance?: number; initialGuess?: Float64Array } = {},
): ParallelSolve {
  const tolerance = o.tolerance ?? 1e-10;
  const first = pc.bicgstab(d, o);
  if (first.residual <= tolerance) return first;
  const op = pc.leontief(o.transposed ?? false);
  const r = gmres(op, d, { tolerance, initialGuess: first.x, restart: 60, maxIterations: 2000 });
  const residual = pc.residual(r.x, d, o.transposed);
  return {
    x: r.x,
    residual,
    iterations: first.iterations + r.iterations,
    method: "gmres (2 threads)",
    status: residual <= tolerance ? "converged" : r.status,
  };
}
