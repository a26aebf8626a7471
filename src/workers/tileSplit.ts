/**
 * Products of a tiled matrix (src/kernels/tiles.ts) on two threads over one shared WebAssembly memory:
 * the calling thread and one worker (tileWorker.mjs) each take about half of the non-zeros, by blocks of rows
 * for A·x and by blocks of columns for Aᵀ·x, so each writes only its own part of the output (no second
 * accumulator, no summing pass), each entry of it summed in the same order as on one thread. Leontief products
 * (I − A)·x and (I − A)ᵀ·x (A square) start each part from x. Used by the Leontief solver (parallelSparse.ts).
 * (PDLP keeps CSR and CSC products, rowSplit.ts: on its plan programs, whose rows and columns are far from
 * random, tiles were slower, 3,968 iterations in 60 s on the 10⁴-sector plan against 5,312.)
 */
import type { SparseKernels, TiledMatrix } from "../kernels/index.ts";
import { halfway, sparseModule } from "../kernels/index.ts";
import { Handshake } from "./handshake.ts";
import { half, warmHalf } from "./tileHalf.mjs";

/** Where each thread's work starts and ends: tiles (or list positions) and output entries. */
export interface TileHalves {
  forward: { tiles: [number, number, number]; out: [number, number, number] };
  transposed: { tiles: [number, number, number]; out: [number, number, number] };
}

/** The split of a tiled matrix's work in two halves of about equal non-zeros. */
export function tileHalves(T: TiledMatrix): TileHalves {
  const { rowBlocks: nr, colBlocks: nc, rowBits, colBits, rows, cols, tiles } = T.shape;
  const rb = T.rowSplit;
  const cb = halfway(T.colBlockNnz);
  return {
    forward: { tiles: [0, rb * nc, tiles], out: [0, Math.min(rows, rb * 2 ** rowBits), rows] },
    transposed: { tiles: [0, cb * nr, tiles], out: [0, Math.min(cols, cb * 2 ** colBits), cols] },
  };
}

/** Offsets of a tiled matrix's arrays in the shared memory, and its halves (what the worker needs). */
export interface TileJob {
  table: number;
  forward: number;
  transposed: number;
  entries: number;
  values: number;
  colBits: number;
  halves: TileHalves;
}

export class TileSplit {
  readonly kernels: SparseKernels;
  private readonly job: TileJob;
  private readonly meet: Handshake;
  private readonly memory: WebAssembly.Memory;

  /**
   * `warm`: byte offsets of a vector as long as the matrix has columns and one as long as it has rows, to warm the
   * kernels up on (their contents are lost).
   */
  constructor(memory: WebAssembly.Memory, T: TiledMatrix, warm: { cols: number; rows: number }) {
    const module = sparseModule(true);
    const k = (this.kernels = new WebAssembly.Instance(module, { env: { memory } })
      .exports as unknown as SparseKernels);
    this.memory = memory;
    const job: TileJob = (this.job = {
      table: T.table.byteOffset,
      forward: T.forward.byteOffset,
      transposed: T.transposed.byteOffset,
      entries: T.entries.byteOffset,
      values: T.values.byteOffset,
      colBits: T.shape.colBits,
      halves: tileHalves(T),
    });
    // optimised code before the first full product; the worker warms up on its own half of the same tiles, and
    // the constructor waits for it
    this.meet = new Handshake(new URL("./tileWorker.mjs", import.meta.url), { module, memory, job, warm }, () =>
      warmHalf(k, job, 0, warm),
    );
  }

  /**
   * output = A·input, Aᵀ·input, (I − A)·input or (I − A)ᵀ·input (byte offsets into the shared memory; the
   * vectors must not overlap).
   */
  product(transposed: boolean, leontief: boolean, input: number, output: number): void {
    this.meet.post(transposed ? 1 : 0, input, output, leontief ? 1 : 0);
    half(this.kernels, this.memory, this.job, 0, transposed, leontief, input, output);
    this.meet.wait();
  }

  /** Stops the worker. */
  close(): Promise<number> {
    return this.meet.close();
  }
}
