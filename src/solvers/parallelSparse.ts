/**
 * Sparse matrix–vector products on both cores, in WebAssembly: the CSR arrays and the product vectors live in
 * one shared WebAssembly memory; a worker thread takes a share of the rows (balanced by non-zeros) and the
 * main thread the rest, both running the compiled kernels of `engine/linalg/wasm/spmv.wat`, and they meet on an Atomics
 * word. (V8's own gather x[ci[p]] stalls on each cache miss: on a random 10⁶-product economy one JavaScript
 * product took 1.0 s, the WebAssembly one 0.15 s, scipy's 0.21 s.) The products are synchronous, so the
 * engine's Krylov solvers (BiCGSTAB, GMRES) use them unchanged through a LinearOperator. Memory: the matrix
 * once, plus four vectors of n doubles (x, y and one partial transposed product per thread).
 */
import { Worker } from "node:worker_threads";
import type { CsrMatrix, LinearOperator } from "../engine/index.ts";
import { bicgstab, gmres } from "../engine/index.ts";
import type { SpmvKernels } from "../engine/linalg/wasm/spmv.ts";
import { spmvModule, WasmArena } from "../engine/linalg/wasm/spmv.ts";

/** A CSR matrix whose arrays are views into a shared WebAssembly memory with room for the product vectors. */
export interface SharedCsr extends CsrMatrix {
  shared: true;
  memory: WebAssembly.Memory;
  /** Byte offsets of the four work vectors: x, y, the worker's and the main thread's partial products. */
  work: readonly [x: number, y: number, part: number, mine: number];
  /**
   * Room for the transpose in CSR (Aᵀ's rows = A's columns), when allocated with `transposeCopy`: transposed
   * products then gather like forward ones (about 2.4× faster than scattering at 10⁶) for twice the memory.
   */
  transpose?: { rowStarts: Int32Array; colIndices: Int32Array; values: Float64Array; filled: boolean };
}

/**
 * Allocates a shared CSR matrix of n rows and nnz entries (arrays to fill), with its work vectors.
 * WebAssembly memories hold at most 4 GiB: about 3.3 × 10⁸ entries with 10⁷ rows.
 * @throws RangeError when the matrix and its vectors do not fit.
 */
export function allocateSharedCsr(rows: number, cols: number, nnz: number, options: { transposeCopy?: boolean } = {}): SharedCsr {
  const n = Math.max(rows, cols);
  let arena: WasmArena;
  const t = options.transposeCopy ? [(cols + 1) * 4, nnz * 4, nnz * 8] : [];
  try {
    arena = new WasmArena(WasmArena.size((rows + 1) * 4, nnz * 4, nnz * 8, n * 8, n * 8, n * 8, n * 8, ...t), true);
  } catch (e) {
    throw new RangeError(`a shared sparse matrix of ${rows} rows and ${nnz} entries does not fit: ${(e as Error).message}`, { cause: e });
  }
  const rowStarts = arena.i32(rows + 1);
  const colIndices = arena.i32(nnz);
  const values = arena.f64(nnz);
  const vector = () => arena.f64(n).byteOffset;
  const work: SharedCsr["work"] = [vector(), vector(), vector(), vector()];
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

/** y = A·x and y = Aᵀ·x on two threads (the calling thread and one worker). Call `close()` when done. */
export class ParallelCsr {
  readonly n: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(16));
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly part: Float64Array;
  private readonly mine: Float64Array;
  private readonly at: { rs: number; ci: number; v: number; x: number; y: number; part: number; mine: number; trs: number; tci: number; tv: number };
  private readonly k: SpmvKernels;
  private readonly split: number;
  private readonly splitT: number;
  /** How transposed products are made: by gathering from the transposed copy, or by scattering A's rows. */
  readonly transposed: "copy" | "scatter";
  private readonly worker: Worker;
  private gen = 0;

  constructor(readonly A: SharedCsr) {
    const n = A.rows;
    if (A.cols !== n) throw new RangeError(`a Leontief matrix is square; this one is ${A.rows} × ${A.cols}`);
    this.n = n;
    const buf = A.memory.buffer;
    const T = A.transpose?.filled ? A.transpose : undefined;
    this.transposed = T ? "copy" : "scatter";
    this.at = { rs: A.rowStarts.byteOffset, ci: A.colIndices.byteOffset, v: A.values.byteOffset, x: A.work[0], y: A.work[1], part: A.work[2], mine: A.work[3], trs: T?.rowStarts.byteOffset ?? -1, tci: T?.colIndices.byteOffset ?? -1, tv: T?.values.byteOffset ?? -1 };
    this.x = new Float64Array(buf, this.at.x, n);
    this.y = new Float64Array(buf, this.at.y, n);
    this.part = new Float64Array(buf, this.at.part, n);
    this.mine = new Float64Array(buf, this.at.mine, n);
    const module = spmvModule(true);
    this.k = new WebAssembly.Instance(module, { env: { memory: A.memory } }).exports as unknown as SpmvKernels;
    // the worker takes the second half of the non-zeros
    const halfway = (starts: Int32Array) => {
      const half = starts[n] / 2;
      let s = 0;
      while (s < n && starts[s] < half) s++;
      return s;
    };
    this.split = halfway(A.rowStarts);
    this.splitT = T ? halfway(T.rowStarts) : this.split;
    this.worker = new Worker(new URL("./csrWorker.mjs", import.meta.url), {
      workerData: { ctrl: this.ctrl.buffer, module, memory: A.memory, at: this.at, n, from: this.split, fromT: this.splitT },
    });
    this.worker.unref();
    // run the kernels a little so that V8 compiles them optimised before the first full product (the baseline
    // compiler's code is about 3× slower on a 10⁶ product)
    const rows = Math.min(this.split, 4096);
    for (let r = 0; r < 20; r++) {
      this.k.rowsMV(0, rows, this.at.rs, this.at.ci, this.at.v, this.at.x, this.at.y);
      this.k.rowsMVT(0, rows, this.at.rs, this.at.ci, this.at.v, this.at.x, this.at.mine);
    }
  }

  private kick(op: number): void {
    Atomics.store(this.ctrl, 1, 0);
    Atomics.store(this.ctrl, 2, op);
    Atomics.store(this.ctrl, 0, ++this.gen);
    Atomics.notify(this.ctrl, 0);
  }

  private wait(): void {
    while (Atomics.load(this.ctrl, 1) === 0) Atomics.wait(this.ctrl, 1, 0);
  }

  /** out = A·x. */
  mul(x: Float64Array, out: Float64Array): void {
    const a = this.at;
    this.x.set(x);
    this.kick(0);
    this.k.rowsMV(0, this.split, a.rs, a.ci, a.v, a.x, a.y);
    this.wait();
    out.set(this.y);
  }

  /**
   * out = Aᵀ·x: rows of the transposed copy when there is one; otherwise each thread scatters its rows of A into
   * its own accumulator and the two are summed.
   */
  mulT(x: Float64Array, out: Float64Array): void {
    const a = this.at;
    this.x.set(x);
    if (this.transposed === "copy") {
      this.kick(2);
      this.k.rowsMV(0, this.splitT, a.trs, a.tci, a.tv, a.x, a.y);
      this.wait();
      out.set(this.y);
      return;
    }
    this.kick(1);
    this.mine.fill(0);
    this.k.rowsMVT(0, this.split, a.rs, a.ci, a.v, a.x, a.mine);
    this.wait();
    const p = this.part;
    const m = this.mine;
    for (let j = 0; j < this.n; j++) out[j] = m[j] + p[j];
  }

  /** The operator (I − A) or (I − A)ᵀ for the engine's iterative solvers. */
  leontief(transposed = false): LinearOperator {
    const tmp = new Float64Array(this.n);
    return {
      n: this.n,
      apply: (x, y) => {
        if (transposed) this.mulT(x, tmp);
        else this.mul(x, tmp);
        for (let i = 0; i < this.n; i++) y[i] = x[i] - tmp[i];
      },
    };
  }

  async close(): Promise<void> {
    Atomics.store(this.ctrl, 2, 9);
    Atomics.store(this.ctrl, 0, ++this.gen);
    Atomics.notify(this.ctrl, 0);
    await this.worker.terminate();
  }
}

/** A Leontief solve on two threads: BiCGSTAB (GMRES(60) if it fails), with the true relative residual. */
export function solveLeontiefParallel(pc: ParallelCsr, d: Float64Array, o: { transposed?: boolean; tolerance?: number; initialGuess?: Float64Array } = {}): { x: Float64Array; residual: number; iterations: number; method: string; status: string } {
  const op = pc.leontief(o.transposed ?? false);
  const tolerance = o.tolerance ?? 1e-10;
  let r = bicgstab(op, d, { tolerance, initialGuess: o.initialGuess, maxIterations: 2000 });
  let method = "bicgstab (2 threads)";
  const trueResidual = (x: Float64Array) => {
    const y = new Float64Array(pc.n);
    op.apply(x, y);
    let num = 0;
    let den = 0;
    for (let i = 0; i < pc.n; i++) {
      num += (d[i] - y[i]) ** 2;
      den += d[i] * d[i];
    }
    return Math.sqrt(num) / (Math.sqrt(den) || 1);
  };
  let residual = trueResidual(r.x);
  if (!(residual <= tolerance)) {
    r = gmres(op, d, { tolerance, initialGuess: r.x, restart: 60, maxIterations: 2000 });
    method = "gmres (2 threads)";
    residual = trueResidual(r.x);
  }
  return { x: r.x, residual, iterations: r.iterations, method, status: residual <= tolerance ? "converged" : r.status };
}
