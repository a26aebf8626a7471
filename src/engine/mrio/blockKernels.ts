import type { BlockCombine } from "../../kernels/index.ts";
import { blockCombineKernel } from "../../kernels/index.ts";
import type { BlockProgram, RegionBlocks } from "./regionBlocks.ts";
import { addOffProduct, gatherRegion, luSolveRows, luSolveRowsTransposed } from "./regionBlocks.ts";

/** The arrays of one block solve: right-hand sides B, iterate X, products AX (n × m each) and a region's T (S × m). */
export interface BlockWorkspace {
  readonly m: number;
  readonly B: Float64Array;
  readonly X: Float64Array;
  readonly AX: Float64Array;
  readonly T: Float64Array;
}

/** The three steps of a block Gauss–Seidel sweep, in JavaScript or compiled (kernels/assembly/blockCombine.ts). */
export interface SweepKernels {
  readonly name: "js" | "wasm";
  /** A workspace for at least `m` columns (the compiled kernels round m up to even: two doubles a lane). */
  workspace(m: number): BlockWorkspace;
  /** w.T = B_r + Σ_{s≠r} A^rs·X_s (Aᵀ when transposed). */
  gather(r: number, transposed: boolean, w: BlockWorkspace): void;
  /** w.T = (I − A^rr)⁻¹·w.T (its transpose when transposed). */
  solveBlock(r: number, transposed: boolean, w: BlockWorkspace): void;
  /** w.AX += (off-diagonal A)·X (Aᵀ when transposed). */
  addOff(transposed: boolean, w: BlockWorkspace): void;
}

/** The JavaScript kernels (regionBlocks.ts), on arrays of their own. */
export function jsKernels(blocks: RegionBlocks): SweepKernels {
  const { n, size } = blocks;
  return {
    name: "js",
    workspace: (m) => ({
      m,
      B: new Float64Array(n * m),
      X: new Float64Array(n * m),
      AX: new Float64Array(n * m),
      T: new Float64Array(size * m),
    }),
    gather: (r, transposed, w) => gatherRegion(transposed ? blocks.offT : blocks.off, r, size, w.B, w.X, w.m, w.T),
    solveBlock: (r, transposed, w) => (transposed ? luSolveRowsTransposed : luSolveRows)(blocks.lu[r], w.T, 0, w.m),
    addOff: (transposed, w) => addOffProduct(transposed ? blocks.offT : blocks.off, n, w.X, w.m, w.AX),
  };
}

/** Byte offsets of a SparseRows copied into the memory. */
interface RowsAt {
  starts: number;
  idx: number;
  vals: number;
}

interface ProgramAt {
  lower: RowsAt;
  upper: RowsAt;
  upperT: RowsAt;
  lowerT: RowsAt;
  invDiag: number;
  pivots: Int32Array;
}

/**
 * The compiled kernels, with the blocks copied into one WebAssembly memory (the trade part both ways and every
 * block's LU programs: about 2·12 bytes a non-zero of A plus 4·12·S² a region); null where WebAssembly or its SIMD
 * is missing, or the blocks and a workspace would pass the 4 GiB a memory can hold (the caller then uses
 * {@link jsKernels}).
 */
export function wasmKernels(blocks: RegionBlocks): SweepKernels | null {
  if (typeof WebAssembly === "undefined") return null;
  const all = [blocks.off, blocks.offT, ...blocks.lu.flatMap((p) => [p.lower, p.upper, p.upperT, p.lowerT])];
  let bytes = 0;
  const take = (b: number): number => {
    const at = bytes;
    bytes += Math.ceil(b / 64) * 64;
    return at;
  };
  const placed = all.map((rows) => ({
    rows,
    at: {
      starts: take(rows.starts.byteLength),
      idx: take(rows.indices.byteLength),
      vals: take(rows.values.byteLength),
    },
  }));
  const invAt = blocks.lu.map((p) => take(p.invDiag.byteLength));
  const fixed = bytes;
  if (fixed > 2 ** 32 - 2 ** 28) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(fixed / 65536) + 1, maximum: 65536 });
  const combine = blockCombineKernel(memory);
  if (combine === null) return null;
  for (const { rows, at } of placed) {
    new Int32Array(memory.buffer, at.starts, rows.starts.length).set(rows.starts);
    new Int32Array(memory.buffer, at.idx, rows.indices.length).set(rows.indices);
    new Float64Array(memory.buffer, at.vals, rows.values.length).set(rows.values);
  }
  blocks.lu.forEach((p, r) => new Float64Array(memory.buffer, invAt[r], p.n).set(p.invDiag));
  const [off, offT] = [placed[0].at, placed[1].at];
  const programs: ProgramAt[] = blocks.lu.map((p: BlockProgram, r) => {
    const q = placed.slice(2 + 4 * r, 6 + 4 * r).map((x) => x.at);
    return { lower: q[0], upper: q[1], upperT: q[2], lowerT: q[3], invDiag: invAt[r], pivots: p.pivots };
  });
  return compiledKernels(blocks, memory, combine, fixed, off, offT, programs);
}

function compiledKernels(
  blocks: RegionBlocks,
  memory: WebAssembly.Memory,
  combine: BlockCombine,
  fixed: number,
  off: RowsAt,
  offT: RowsAt,
  programs: ProgramAt[],
): SweepKernels {
  const { n, size } = blocks;
  const run = (
    rows: RowsAt,
    from: number,
    to: number,
    descending: boolean,
    src: number,
    dst: number,
    dstOff: number,
    w: BlockWorkspace,
    init: number,
    invDiag: number,
  ): void =>
    combine(from, to, descending ? 1 : 0, rows.starts, rows.idx, rows.vals, src, dst, dstOff, w.m / 2, init, invDiag);
  return {
    name: "wasm",
    workspace(m0) {
      const m = m0 + (m0 % 2);
      const vector = Math.ceil((n * m * 8) / 64) * 64;
      const need = fixed + 3 * vector + size * m * 8;
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      const view = (at: number, len: number): Float64Array => new Float64Array(memory.buffer, at, len).fill(0);
      return {
        m,
        B: view(fixed, n * m),
        X: view(fixed + vector, n * m),
        AX: view(fixed + 2 * vector, n * m),
        T: view(fixed + 3 * vector, size * m),
      };
    },
    gather(r, transposed, w) {
      run(
        transposed ? offT : off,
        r * size,
        (r + 1) * size,
        false,
        w.X.byteOffset,
        w.T.byteOffset,
        r * size,
        w,
        w.B.byteOffset,
        0,
      );
    },
    solveBlock(r, transposed, w) {
      const p = programs[r];
      const T = w.T.byteOffset;
      if (!transposed) {
        for (let k = 0; k < size; k++) if (p.pivots[k] !== k) swapRows(w.T, k * w.m, p.pivots[k] * w.m, w.m);
        run(p.lower, 0, size, false, T, T, 0, w, 0, 0);
        run(p.upper, 0, size, true, T, T, 0, w, 0, p.invDiag);
        return;
      }
      run(p.upperT, 0, size, false, T, T, 0, w, 0, p.invDiag);
      run(p.lowerT, 0, size, true, T, T, 0, w, 0, 0);
      for (let k = size - 1; k >= 0; k--) if (p.pivots[k] !== k) swapRows(w.T, k * w.m, p.pivots[k] * w.m, w.m);
    },
    addOff(transposed, w) {
      run(transposed ? offT : off, 0, n, false, w.X.byteOffset, w.AX.byteOffset, 0, w, 0, 0);
    },
  };
}

function swapRows(T: Float64Array, a: number, b: number, m: number): void {
  for (let k = 0; k < m; k++) {
    const t = T[a + k];
    T[a + k] = T[b + k];
    T[b + k] = t;
  }
}
