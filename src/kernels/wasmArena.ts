import { compiledModule } from "./compiledModule.ts";
import { SPARSE_WASM, SPARSE_WASM_SHARED } from "./sparseBytes.ts";

/**
 * The compiled sparse kernels (src/kernels/assembly: CSR gather y = A·x, tiled products both ways, the fused vector
 * passes of BiCGSTAB and PDLP's PDHG steps). Arguments are byte offsets into the memory the instance was made with.
 * Compiled code keeps many cache misses in flight where V8's JavaScript gather x[ci[p]] waits on each: on a random
 * 10⁶-product economy one JavaScript product took 1.0 s and the WebAssembly one 0.15 s (scipy's: 0.21 s).
 */
export interface SparseKernels {
  rowsMV(from: number, to: number, rs: number, ci: number, v: number, x: number, y: number): void;
  /** y = (I − A)·x on rows [from, to). */
  rowsLeontief(from: number, to: number, rs: number, ci: number, v: number, x: number, y: number): void;
  /** y[row0 + r] += s·v·x[col0 + c] over tiles list[from .. to), entries packed (r << colBits | c) (see tiles.ts) */
  tilesMV(
    tiles: number,
    list: number,
    from: number,
    to: number,
    e: number,
    v: number,
    x: number,
    y: number,
    s: number,
    colBits: number,
  ): void;
  /** y[col0 + c] += s·v·x[row0 + r] over tiles list[from .. to) (the transposed product) */
  tilesMVT(
    tiles: number,
    list: number,
    from: number,
    to: number,
    e: number,
    v: number,
    x: number,
    y: number,
    s: number,
    colBits: number,
  ): void;
  dot(a: number, b: number, n: number): number;
  /** p = r + β·(p − ω·v) */
  bicgP(p: number, r: number, v: number, beta: number, omega: number, n: number): void;
  /** s = r − α·v; returns ‖s‖² */
  bicgS(s: number, r: number, v: number, alpha: number, n: number): number;
  /** x += α·p + ω·s; r = s − ω·t; returns ‖r‖², stores rh·r at `out` */
  bicgX(
    x: number,
    r: number,
    p: number,
    s: number,
    t: number,
    alpha: number,
    omega: number,
    n: number,
    rh: number,
    out: number,
  ): number;
  /** returns t·t, stores t·s at `out` */
  dot2(t: number, s: number, n: number, out: number): number;
  /** r = b − r; returns ‖r‖² */
  residual(r: number, b: number, n: number): number;
  /** x += α·p */
  axpy(x: number, p: number, alpha: number, n: number): void;
  /** PDHG primal step (see assembly/vectors.ts); returns ‖x − x̂‖² */
  pdhgPrimal(
    x: number,
    c: number,
    aty: number,
    l: number,
    u: number,
    tau: number,
    xh: number,
    xb: number,
    n: number,
  ): number;
  /** PDHG dual step; returns ‖y − ŷ‖², stores the cross term at `out` */
  pdhgDual(
    y: number,
    axb: number,
    ax: number,
    lo: number,
    hi: number,
    sigma: number,
    yh: number,
    out: number,
    m: number,
  ): number;
  /** z = wk·(2ẑ − z) + wa·z⁰ */
  halpern(z: number, zh: number, z0: number, wk: number, wa: number, n: number): void;
  /** w = a·u + b·v */
  combine(w: number, a: number, u: number, b: number, v: number, n: number): void;
}

const modules: { shared?: WebAssembly.Module; plain?: WebAssembly.Module } = {};

/** The compiled module for a shared memory (threads) or an unshared one. The bytes are embedded; nothing is fetched. */
export function sparseModule(shared: boolean): WebAssembly.Module {
  if (shared) return (modules.shared ??= compiledModule(SPARSE_WASM_SHARED));
  return (modules.plain ??= compiledModule(SPARSE_WASM));
}

/** Largest WebAssembly (32-bit) memory: 4 GiB. */
export const WASM_MEMORY_LIMIT = 2 ** 32;

/**
 * A bump allocator over one WebAssembly memory sized up front: typed arrays carved from it can be passed to the
 * kernels by their byteOffset. Arrays are 64-byte aligned.
 */
export class WasmArena {
  readonly memory: WebAssembly.Memory;
  readonly kernels: SparseKernels;
  private next = 0;

  /** @throws RangeError when `bytes` exceeds the 4 GiB a WebAssembly memory can hold. */
  constructor(bytes: number, shared = false) {
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    if (pages > 65536)
      throw new RangeError(`${(bytes / 2 ** 30).toFixed(2)} GiB do not fit in a WebAssembly memory (4 GiB)`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
    this.kernels = new WebAssembly.Instance(sparseModule(shared), { env: { memory: this.memory } })
      .exports as unknown as SparseKernels;
  }

  /** Bytes an arena needs for arrays of these byte sizes (with alignment). */
  static size(...bytes: number[]): number {
    return bytes.reduce((a, b) => a + WasmArena.align(b), 0);
  }

  private static align(b: number): number {
    return Math.ceil(b / 64) * 64;
  }

  f64(n: number): Float64Array {
    const at = this.take(n * 8);
    return new Float64Array(this.memory.buffer, at, n);
  }

  i32(n: number): Int32Array {
    const at = this.take(n * 4);
    return new Int32Array(this.memory.buffer, at, n);
  }

  private take(bytes: number): number {
    const at = this.next;
    this.next += WasmArena.align(bytes);
    if (this.next > this.memory.buffer.byteLength)
      throw new RangeError(`the WebAssembly arena is full (${this.memory.buffer.byteLength} bytes)`);
    return at;
  }
}
