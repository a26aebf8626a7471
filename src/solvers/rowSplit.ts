/**
 * Two threads over one shared WebAssembly memory: the calling thread and one worker (csrWorker.mjs) each take
 * half of the non-zeros of a CSR matrix's rows and run the compiled kernels of `engine/linalg/wasm/spmv.wat` on
 * them, meeting on an Atomics word (about 20–50 µs a handshake). The products are synchronous, so the solvers
 * built on them (the Leontief BiCGSTAB of parallelSparse.ts, PDLP through parallelPdlp.ts) stay synchronous.
 */
import { Worker } from "node:worker_threads";
import type { SpmvKernels } from "../engine/linalg/wasm/spmv.ts";
import { spmvModule } from "../engine/linalg/wasm/spmv.ts";

/** A CSR matrix whose arrays are views into the shared memory, with two vectors of its sizes to warm up on. */
export interface SharedRows {
  starts: Int32Array;
  idx: Int32Array;
  val: Float64Array;
  /** byte offsets of a vector as long as the matrix has columns (read) and one as long as it has rows (written) */
  warm: readonly [input: number, output: number];
}

/** Worker operations: rows of a product of matrix `which`; the scattered transposed product of matrix 0. */
const Op = { Rows: 0, Scatter: 1, Stop: 9 } as const;

export class RowSplit {
  readonly kernels: SpmvKernels;
  /** gen, done, op, input, output, which, leontief, worker warmed up */
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(32));
  private readonly mats: { rs: number; ci: number; v: number; split: number; rows: number }[];
  private readonly worker: Worker;
  private gen = 0;

  /**
   * @param o.part byte offset and length of the worker's accumulator for {@link scatter} (as long as matrix 0 has
   *   columns), when scattered transposed products are wanted
   * @param o.leontief the matrices are square and (I − M)·x is wanted too (its kernel is warmed up as well)
   */
  constructor(memory: WebAssembly.Memory, matrices: readonly SharedRows[], o: { part?: { at: number; length: number }; leontief?: boolean } = {}) {
    const { part, leontief = false } = o;
    const module = spmvModule(true);
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SpmvKernels;
    this.mats = matrices.map((M) => {
      const rows = M.starts.length - 1;
      const half = M.starts[rows] / 2;
      let split = 0;
      while (split < rows && M.starts[split] < half) split++;
      return { rs: M.starts.byteOffset, ci: M.idx.byteOffset, v: M.val.byteOffset, split, rows };
    });
    const warm = matrices.map((M) => M.warm);
    this.worker = new Worker(new URL("./csrWorker.mjs", import.meta.url), {
      workerData: { ctrl: this.ctrl.buffer, module, memory, mats: this.mats, warm, part, leontief },
    });
    this.worker.unref();
    // run the kernels a little so that V8 compiles them optimised before the first full product (the baseline
    // compiler's code is about 3× slower on a 10⁶ product); the worker does the same on its rows
    const k = this.kernels;
    this.mats.forEach((M, w) => {
      const rows = Math.min(M.split, 4096);
      const [input, output] = warm[w];
      for (let r = 0; r < 20; r++) {
        k.rowsMV(0, rows, M.rs, M.ci, M.v, input, output);
        if (leontief) k.rowsLeontief(0, rows, M.rs, M.ci, M.v, input, output);
        // (the scatter writes anywhere in a vector of the matrix's columns: the input vector is one)
        if (part && w === 0) k.rowsMVT(0, rows, M.rs, M.ci, M.v, output, input);
      }
    });
    // the worker warms up on the same vectors: wait for it (about 0.1 s), so that nothing it writes there can
    // land in a solve's vectors (its 'error' event cannot arrive while this thread waits: hence the deadline)
    const deadline = Date.now() + 30_000;
    while (Atomics.load(this.ctrl, 7) === 0) {
      if (Date.now() > deadline) {
        void this.worker.terminate();
        throw new Error("the product worker (src/solvers/csrWorker.mjs) did not start within 30 s");
      }
      Atomics.wait(this.ctrl, 7, 0, 50);
    }
  }

  private kick(op: (typeof Op)[keyof typeof Op], input: number, output: number, which: number, leontief: boolean): void {
    const c = this.ctrl;
    Atomics.store(c, 1, 0);
    Atomics.store(c, 2, op);
    Atomics.store(c, 3, input);
    Atomics.store(c, 4, output);
    Atomics.store(c, 5, which);
    Atomics.store(c, 6, leontief ? 1 : 0);
    Atomics.store(c, 0, ++this.gen);
    Atomics.notify(c, 0);
  }

  private wait(): void {
    while (Atomics.load(this.ctrl, 1) === 0) Atomics.wait(this.ctrl, 1, 0);
  }

  /** output = M·input, or (I − M)·input with `leontief` (M square), for matrix `which`; vectors by byte offset. */
  rows(which: number, leontief: boolean, input: number, output: number): void {
    const M = this.mats[which];
    this.kick(Op.Rows, input, output, which, leontief);
    (leontief ? this.kernels.rowsLeontief : this.kernels.rowsMV)(0, M.split, M.rs, M.ci, M.v, input, output);
    this.wait();
  }

  /**
   * The transposed product of matrix 0 by scattering: this thread adds its rows into `output` (which the caller
   * has zeroed), the worker its rows into its accumulator `part`; the caller adds the two.
   */
  scatter(input: number, output: number): void {
    const M = this.mats[0];
    this.kick(Op.Scatter, input, output, 0, false);
    this.kernels.rowsMVT(0, M.split, M.rs, M.ci, M.v, input, output);
    this.wait();
  }

  /** Stops the worker (it exits after its current product). */
  close(): Promise<number> {
    this.kick(Op.Stop, 0, 0, 0, false);
    return this.worker.terminate();
  }
}
