/**
 * Two threads over one shared WebAssembly memory: the calling thread and one worker (csrWorker.mjs) each take
 * half of the non-zeros of a CSR matrix's rows and run the compiled kernels of `src/kernels` on
 * them, meeting on an Atomics word (handshake.ts; about 20–50 µs a round). The products are synchronous, so PDLP
 * (through parallelPdlp.ts) stays synchronous. (The Leontief solver uses the tiled layout instead: tileSplit.ts.)
 */
import type { SparseKernels } from "../kernels/index.ts";
import { sparseModule } from "../kernels/index.ts";
import { Handshake } from "./handshake.ts";

/** A CSR matrix whose arrays are views into the shared memory, with two vectors of its sizes to warm up on. */
export interface SharedRows {
  starts: Int32Array;
  idx: Int32Array;
  val: Float64Array;
  /** byte offsets of a vector as long as the matrix has columns (read) and one as long as it has rows (written) */
  warm: readonly [input: number, output: number];
}

/** Products of CSR matrices on two threads, each row summed by the same kernel in the same order as on one. */
export class RowSplit {
  readonly kernels: SparseKernels;
  private readonly mats: { rs: number; ci: number; v: number; split: number; rows: number }[];
  private readonly meet: Handshake;

  constructor(memory: WebAssembly.Memory, matrices: readonly SharedRows[]) {
    const module = sparseModule(true);
    const k = (this.kernels = new WebAssembly.Instance(module, { env: { memory } })
      .exports as unknown as SparseKernels);
    this.mats = matrices.map((M) => {
      const rows = M.starts.length - 1;
      const half = M.starts[rows] / 2;
      let split = 0;
      while (split < rows && M.starts[split] < half) split++;
      return { rs: M.starts.byteOffset, ci: M.idx.byteOffset, v: M.val.byteOffset, split, rows };
    });
    const warm = matrices.map((M) => M.warm);
    // run the kernels a little so that V8 compiles them optimised before the first full product (the baseline
    // compiler's code is about 3× slower on a 10⁶ product); the worker does the same on its rows, on the same
    // vectors, and the constructor waits for it, so that nothing it writes there can land in a solve's vectors
    this.meet = new Handshake(
      new URL("./csrWorker.mjs", import.meta.url),
      { module, memory, mats: this.mats, warm },
      () =>
        this.mats.forEach((M, w) => {
          const rows = Math.min(M.split, 4096);
          const [input, output] = warm[w];
          for (let r = 0; r < 20; r++) {
            k.rowsMV(0, rows, M.rs, M.ci, M.v, input, output);
          }
        }),
    );
  }

  /** output = M·input for matrix `which` (vectors by byte offset). */
  rows(which: number, input: number, output: number): void {
    const M = this.mats[which];
    this.meet.post(0, input, output, which);
    this.kernels.rowsMV(0, M.split, M.rs, M.ci, M.v, input, output);
    this.meet.wait();
  }

  /** Stops the worker (it exits after its current product). */
  close(): Promise<number> {
    return this.meet.close();
  }
}
