/**
 * Sparse matrix–vector products on both cores: the CSR arrays live in SharedArrayBuffers, a worker thread
 * takes a share of the rows (balanced by non-zeros) and the main thread the rest; they meet on an Atomics word.
 * The products are synchronous, so the engine's Krylov solvers (BiCGSTAB, GMRES) use them unchanged through
 * a LinearOperator. Memory: the matrix once (shared), plus four vectors of n doubles (x, y and one partial
 * transposed product per thread).
 */
import { Worker } from "node:worker_threads";
import type { CsrMatrix, LinearOperator } from "../engine/index.ts";
import { bicgstab, csrRowsMV, gmres } from "../engine/index.ts";

/** A CSR matrix whose arrays are backed by SharedArrayBuffers (see {@link sharedCsr}). */
export interface SharedCsr extends CsrMatrix {
  shared: true;
}

/** Copies a CSR matrix into shared memory (or wraps arrays already shared). */
export function sharedCsr(A: CsrMatrix): SharedCsr {
  const share = <T extends Int32Array | Float64Array>(a: T, Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): T => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const out = new Ctor(new SharedArrayBuffer(a.length * Ctor.BYTES_PER_ELEMENT));
    out.set(a as never);
    return out;
  };
  return { ...A, rowStarts: share(A.rowStarts, Int32Array), colIndices: share(A.colIndices, Int32Array), values: share(A.values, Float64Array), shared: true };
}

/** y = A·x and y = Aᵀ·x on two threads (the calling thread and one worker). Call `close()` when done. */
export class ParallelCsr {
  readonly n: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(16));
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly part: Float64Array;
  private readonly mine: Float64Array;
  private readonly split: number;
  private readonly worker: Worker;
  private gen = 0;

  constructor(readonly A: SharedCsr) {
    const n = A.rows;
    this.n = n;
    this.x = new Float64Array(new SharedArrayBuffer(n * 8));
    this.y = new Float64Array(new SharedArrayBuffer(n * 8));
    this.part = new Float64Array(new SharedArrayBuffer(n * 8));
    this.mine = new Float64Array(n);
    // the worker takes the second half of the non-zeros
    const half = A.rowStarts[n] / 2;
    let s = 0;
    while (s < n && A.rowStarts[s] < half) s++;
    this.split = s;
    this.worker = new Worker(new URL("./csrWorker.mjs", import.meta.url), {
      workerData: { ctrl: this.ctrl.buffer, rowStarts: A.rowStarts.buffer, colIndices: A.colIndices.buffer, values: A.values.buffer, x: this.x.buffer, y: this.y.buffer, part: this.part.buffer, n, from: s, to: n },
    });
    this.worker.unref();
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
    const { rowStarts: rs, colIndices: ci, values: v } = this.A;
    this.x.set(x);
    this.kick(0);
    csrRowsMV(0, this.split, rs, ci, v, this.x, this.y);
    this.wait();
    out.set(this.y);
  }

  /** out = Aᵀ·x (each thread scatters its rows into its own accumulator; the two are summed). */
  mulT(x: Float64Array, out: Float64Array): void {
    const { rowStarts: rs, colIndices: ci, values: v } = this.A;
    this.x.set(x);
    this.kick(1);
    const acc = this.mine;
    acc.fill(0);
    for (let i = 0; i < this.split; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      let k = rs[i];
      const end = rs[i + 1];
      for (; k + 3 < end; k += 4) {
        acc[ci[k]] += v[k] * xi;
        acc[ci[k + 1]] += v[k + 1] * xi;
        acc[ci[k + 2]] += v[k + 2] * xi;
        acc[ci[k + 3]] += v[k + 3] * xi;
      }
      for (; k < end; k++) acc[ci[k]] += v[k] * xi;
    }
    this.wait();
    const p = this.part;
    for (let j = 0; j < this.n; j++) out[j] = acc[j] + p[j];
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
