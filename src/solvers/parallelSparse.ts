/**
 * Leontief solves on both cores, in WebAssembly: the CSR arrays and the solver's vectors live in one shared
 * WebAssembly memory; the products run on two threads (rowSplit.ts: a worker takes half of the non-zeros),
 * and BiCGSTAB's vector updates run as fused compiled passes on the calling thread. (V8's own gather x[ci[p]]
 * stalls on each cache miss: on a random 10⁶-product economy one JavaScript product took 1.0 s, the
 * WebAssembly one 0.15 s, scipy's 0.21 s.) Memory: the matrix once, plus nine vectors of n doubles.
 */
import type { CsrMatrix, LinearOperator } from "../engine/index.ts";
import { gmres, relativeResidual } from "../engine/index.ts";
import type { SpmvKernels } from "../engine/linalg/wasm/spmv.ts";
import type { ArenaVectors } from "../engine/linalg/wasm/arenaBicgstab.ts";
import { arenaBicgstab, arenaVectorBytes, takeArenaVectors } from "../engine/linalg/wasm/arenaBicgstab.ts";
import { WasmArena } from "../engine/linalg/wasm/spmv.ts";
import type { SharedRows } from "./rowSplit.ts";
import { RowSplit } from "./rowSplit.ts";

/** The work vectors of the two-thread solver, as byte offsets into the shared memory: BiCGSTAB's, and the
 * worker's partial transposed product (scattering). */
export interface SharedWork extends ArenaVectors {
  part: number;
}

/** A CSR matrix whose arrays are views into a shared WebAssembly memory with room for the solver's vectors. */
export interface SharedCsr extends CsrMatrix {
  shared: true;
  memory: WebAssembly.Memory;
  work: SharedWork;
  /**
   * Room for the transpose in CSR (Aᵀ's rows = A's columns), when allocated with `transposeCopy`: transposed
   * products then gather like forward ones (about 2.4× faster than scattering at 10⁶) for twice the memory.
   */
  transpose?: { rowStarts: Int32Array; colIndices: Int32Array; values: Float64Array; filled: boolean };
}

/**
 * Allocates a shared CSR matrix of n rows and nnz entries (arrays to fill), with its work vectors (nine of n
 * doubles: 72 bytes a sector against about 244 for a matrix of 20 inputs a sector).
 * WebAssembly memories hold at most 4 GiB: about 3.2 × 10⁸ entries with 10⁷ rows.
 * @throws RangeError when the matrix and its vectors do not fit.
 */
export function allocateSharedCsr(rows: number, cols: number, nnz: number, options: { transposeCopy?: boolean } = {}): SharedCsr {
  const n = Math.max(rows, cols);
  let arena: WasmArena;
  const t = options.transposeCopy ? [(cols + 1) * 4, nnz * 4, nnz * 8] : [];
  try {
    arena = new WasmArena(WasmArena.size((rows + 1) * 4, nnz * 4, nnz * 8, ...arenaVectorBytes(n), n * 8, ...t), true);
  } catch (e) {
    throw new RangeError(`a shared sparse matrix of ${rows} rows and ${nnz} entries does not fit: ${(e as Error).message}`, { cause: e });
  }
  const rowStarts = arena.i32(rows + 1);
  const colIndices = arena.i32(nnz);
  const values = arena.f64(nnz);
  const work: SharedWork = { ...takeArenaVectors(arena, n), part: arena.f64(n).byteOffset };
  const transpose = options.transposeCopy ? { rowStarts: arena.i32(cols + 1), colIndices: arena.i32(nnz), values: arena.f64(nnz), filled: false } : undefined;
  return { kind: "csr", rows, cols, rowStarts, colIndices, values, shared: true, memory: arena.memory, work, transpose };
}

/** Fills the transposed copy of a shared CSR matrix allocated with `transposeCopy` (a counting sort, O(nnz)). */
export function fillTranspose(A: SharedCsr): void {
  const t = A.transpose;
  if (!t) throw new Error("this shared matrix was allocated without room for its transpose (transposeCopy)");
  const { rowStarts: rs, colIndices: ci, values: v } = A;
  const ts = t.rowStarts;
  ts.fill(0);
  const nnz = rs[A.rows];
  for (let p = 0; p < nnz; p++) ts[ci[p] + 1]++;
  for (let j = 0; j < A.cols; j++) ts[j + 1] += ts[j];
  const next = ts.slice(0, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let p = rs[i]; p < rs[i + 1]; p++) {
      const q = next[ci[p]]++;
      t.colIndices[q] = i;
      t.values[q] = v[p];
    }
  }
  t.filled = true;
}

/** Copies a CSR matrix into shared WebAssembly memory (or returns it when it already is there). */
export function sharedCsr(A: CsrMatrix | SharedCsr, options: { transposeCopy?: boolean } = {}): SharedCsr {
  if ("shared" in A) return A;
  const S = allocateSharedCsr(A.rows, A.cols, A.values.length, options);
  S.rowStarts.set(A.rowStarts);
  S.colIndices.set(A.colIndices);
  S.values.set(A.values);
  if (S.transpose) fillTranspose(S);
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
  private readonly w: SharedWork;
  private readonly vec: (offset: number) => Float64Array;
  private readonly k: SpmvKernels;
  private readonly threads: RowSplit;
  /** How transposed products are made: by gathering from the transposed copy, or by scattering A's rows. */
  readonly transposed: "copy" | "scatter";

  constructor(readonly A: SharedCsr) {
    const n = A.rows;
    if (A.cols !== n) throw new RangeError(`a Leontief matrix is square; this one is ${A.rows} × ${A.cols}`);
    this.n = n;
    const T = A.transpose?.filled ? A.transpose : undefined;
    this.transposed = T ? "copy" : "scatter";
    this.w = A.work;
    this.vec = (offset) => new Float64Array(A.memory.buffer, offset, n);
    const warm = [A.work.p, A.work.v] as const;
    const mats: SharedRows[] = [{ starts: A.rowStarts, idx: A.colIndices, val: A.values, warm }];
    if (T) mats.push({ starts: T.rowStarts, idx: T.colIndices, val: T.values, warm });
    this.threads = new RowSplit(A.memory, mats, { part: { at: A.work.part, length: n }, leontief: true });
    this.k = this.threads.kernels;
  }

  /** out = A·x. */
  mul(x: Float64Array, out: Float64Array): void {
    this.through(false, false, x, out);
  }

  /**
   * out = Aᵀ·x: rows of the transposed copy when there is one; otherwise each thread scatters its rows of A into
   * its own accumulator and the two are summed.
   */
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
   * (both in the shared memory), the rows split between the two threads.
   */
  private product(transposed: boolean, leontief: boolean, input: number, output: number): void {
    if (!transposed) this.threads.rows(0, leontief, input, output);
    else if (this.transposed === "copy") this.threads.rows(1, leontief, input, output);
    else {
      const out = this.vec(output);
      out.fill(0);
      this.threads.scatter(input, output);
      const part = this.w.part;
      if (leontief) this.k.leontiefCombine(0, this.n, input, output, part);
      else {
        const p = this.vec(part);
        for (let j = 0; j < this.n; j++) out[j] += p[j];
      }
    }
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
  bicgstab(d: Float64Array, o: { transposed?: boolean; tolerance?: number; maxIterations?: number; initialGuess?: Float64Array } = {}): ParallelSolve {
    const n = this.n;
    if (d.length !== n) throw new RangeError(`the right-hand side has ${d.length} values; the matrix has ${n} rows`);
    const tr = o.transposed ?? false;
    const tol = o.tolerance ?? 1e-10;
    const L = (input: number, output: number) => this.product(tr, true, input, output);
    const r = arenaBicgstab(this.k, this.A.memory, this.w, n, L, d, { tolerance: tol, maxIterations: o.maxIterations ?? 2000, initialGuess: o.initialGuess });
    // the true residual, from one more product (the solution is still at w.x, the right-hand side at w.b)
    const { b, x, t } = this.w;
    L(x, t);
    const bnorm = Math.sqrt(this.k.dot(b, b, n));
    const residual = bnorm === 0 ? 0 : Math.sqrt(this.k.residual(t, b, n)) / bnorm;
    return { x: r.x, residual, iterations: r.iterations, method: "bicgstab (2 threads)", status: residual <= tol ? "converged" : r.status === "converged" ? "stagnated" : r.status };
  }

  async close(): Promise<void> {
    await this.threads.close();
  }
}

/**
 * A Leontief solve on two threads: BiCGSTAB in the shared memory ({@link ParallelCsr.bicgstab}); GMRES(60)
 * through the same products if it fails. The residual is the true relative residual.
 */
export function solveLeontiefParallel(pc: ParallelCsr, d: Float64Array, o: { transposed?: boolean; tolerance?: number; initialGuess?: Float64Array } = {}): ParallelSolve {
  const tolerance = o.tolerance ?? 1e-10;
  const first = pc.bicgstab(d, o);
  if (first.residual <= tolerance) return first;
  const op = pc.leontief(o.transposed ?? false);
  const r = gmres(op, d, { tolerance, initialGuess: first.x, restart: 60, maxIterations: 2000 });
  const residual = relativeResidual(pc.A, d, r.x, o.transposed);
  return { x: r.x, residual, iterations: first.iterations + r.iterations, method: "gmres (2 threads)", status: residual <= tolerance ? "converged" : r.status };
}
