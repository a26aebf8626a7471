/**
 * PDLP's scaled problem (src/engine/plan/pdlp.ts): diagonal preconditioning (Ruiz, then Pock–Chambolle), the matrix in
 * CSC and CSR (in a WebAssembly arena when it fits, for the compiled products), the products A·x and Aᵀ·y, and ‖A‖₂.
 */
import { norm2 } from "../linalg/operator.ts";
import type { CscMatrix } from "../linalg/sparse.ts";
import { cscToCsr } from "../linalg/sparse.ts";
import { WASM_MEMORY_LIMIT, WasmArena } from "../../kernels/index.ts";
import type { LinearProgram } from "./linearProgram.ts";
import type { PdlpProducts } from "./pdlp.ts";

/** The scaled problem PDHG works on: A in CSC and CSR, bounds, cost, and the scalings to undo. */
export interface Scaled {
  m: number;
  n: number;
  csc: { starts: Int32Array; idx: Int32Array; val: Float64Array };
  csr: { starts: Int32Array; idx: Int32Array; val: Float64Array };
  c: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  l: Float64Array;
  u: Float64Array;
  /** Original x = colScale · scaled x; original y = rowScale · scaled y. */
  colScale: Float64Array;
  rowScale: Float64Array;
  /** When the matrix fits a WebAssembly memory: both forms live there, with room for the working vectors. */
  arena?: WasmArena;
  /** Products on more threads, over the arena. */
  products?: PdlpProducts;
}

/** Working vectors of each length that {@link solvePdlp} keeps in the WebAssembly arena. */
export const ARENA_VECTORS = { n: 8, m: 9 };

/** Moves both forms of the matrix into a WebAssembly arena (compiled products) when it fits; else leaves them. */
export function toArena(s: Scaled, shared: boolean): void {
  const nnz = s.csc.val.length;
  const sizes = [
    (s.n + 1) * 4,
    nnz * 4,
    nnz * 8,
    (s.m + 1) * 4,
    nnz * 4,
    nnz * 8,
    ...Array(ARENA_VECTORS.n).fill(s.n * 8),
    ...Array(ARENA_VECTORS.m).fill(s.m * 8),
    16,
  ];
  const bytes = WasmArena.size(...sizes);
  if (bytes > WASM_MEMORY_LIMIT - 2 ** 26 || typeof WebAssembly === "undefined") return;
  const a = new WasmArena(bytes, shared);
  const move = <T extends Int32Array | Float64Array>(v: T): T => {
    const out = (v instanceof Int32Array ? a.i32(v.length) : a.f64(v.length)) as T;
    out.set(v as never);
    return out;
  };
  s.csc = { starts: move(s.csc.starts), idx: move(s.csc.idx), val: move(s.csc.val) };
  s.csr = { starts: move(s.csr.starts), idx: move(s.csr.idx), val: move(s.csr.val) };
  s.arena = a;
}

/** A new array of f(v, i) over src (a plain loop: Float64Array.from with a map function goes through the
 * iterator protocol, some 20× slower on the millions of entries of a large plan). */
export function map64(src: ArrayLike<number>, f: (v: number, i: number) => number): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i], i);
  return out;
}

/** A copy of the program's matrix (CSC) being scaled, with the row and column factors applied so far. */
interface Scaling {
  m: number;
  n: number;
  starts: Int32Array;
  idx: Int32Array;
  val: Float64Array;
  R: Float64Array;
  C: Float64Array;
}

/** Multiplies row i by r[i] and column j by cs[j], in the matrix and in the accumulated factors. */
function applyScaling(S: Scaling, r: Float64Array, cs: Float64Array): void {
  const { m, n, starts, idx, val, R, C } = S;
  for (let j = 0; j < n; j++) for (let k = starts[j]; k < starts[j + 1]; k++) val[k] *= r[idx[k]] * cs[j];
  for (let i = 0; i < m; i++) R[i] *= r[i];
  for (let j = 0; j < n; j++) C[j] *= cs[j];
}

/**
 * Magnitude scaling, first: each column in units of the smallest size its rows and bounds imply (|bound| ÷ |entry|:
 * the tightest bound the row would put on the column alone; a sector's output in units of its capacity, not of the
 * economy-wide labour total that its labour row's bound divided by its labour coefficient gives), so that variables of
 * 1 and of 10⁶ become alike before equilibration. Columns no nonzero bound sizes keep their units.
 *
 * Until 7 Dec 2026 this took the largest implied size, which made every output column as large as the whole economy
 * (the labour row): PDLP then needed 201,280 iterations for BEA detail × 5 years to 1e-6, 145,856 for the 2,000-sector
 * benchmark plan; with the smallest, 24,448 and 5,184 (bench/RESULTS.md).
 */
function magnitudeScaling(S: Scaling, lp: LinearProgram): void {
  const { m, n, starts, idx, val } = S;
  const mag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let best = Infinity;
    for (let k = starts[j]; k < starts[j + 1]; k++) {
      const i = idx[k];
      const a = Math.abs(val[k]);
      if (a > 0) {
        const lo = lp.rowLower[i];
        const hi = lp.rowUpper[i];
        if (Number.isFinite(lo) && lo !== 0) best = Math.min(best, Math.abs(lo) / a);
        if (Number.isFinite(hi) && hi !== 0) best = Math.min(best, Math.abs(hi) / a);
      }
    }
    const lo = lp.colLower[j];
    const hi = lp.colUpper[j];
    if (Number.isFinite(lo) && lo !== 0) best = Math.min(best, Math.abs(lo));
    if (Number.isFinite(hi) && hi !== 0) best = Math.min(best, Math.abs(hi));
    mag[j] = best < Infinity ? best : 1;
  }
  applyScaling(S, new Float64Array(m).fill(1), mag);
}

/** One Ruiz pass: rows and columns by the square root of their largest entry. */
function ruizPass(S: Scaling, rowMax: Float64Array): void {
  const { n, starts, idx, val } = S;
  rowMax.fill(0);
  const cs = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let mx = 0;
    for (let k = starts[j]; k < starts[j + 1]; k++) {
      const a = Math.abs(val[k]);
      if (a > mx) mx = a;
      if (a > rowMax[idx[k]]) rowMax[idx[k]] = a;
    }
    cs[j] = mx > 0 ? 1 / Math.sqrt(mx) : 1;
  }
  applyScaling(
    S,
    map64(rowMax, (v) => (v > 0 ? 1 / Math.sqrt(v) : 1)),
    cs,
  );
}

/** One Pock–Chambolle pass (α = 1): rows and columns by the square root of their absolute sums. */
function pockChambollePass(S: Scaling): void {
  const { m, n, starts, idx, val } = S;
  const rowSum = new Float64Array(m);
  const cs = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = starts[j]; k < starts[j + 1]; k++) {
      const a = Math.abs(val[k]);
      s += a;
      rowSum[idx[k]] += a;
    }
    cs[j] = s > 0 ? 1 / Math.sqrt(s) : 1;
  }
  applyScaling(
    S,
    map64(rowSum, (v) => (v > 0 ? 1 / Math.sqrt(v) : 1)),
    cs,
  );
}

/**
 * Diagonal preconditioning as PDLP does it: magnitude scaling, ten Ruiz equilibration passes (rows and columns by the
 * square root of their largest entry), then one Pock–Chambolle pass (α = 1: by the square root of the absolute sums).
 */
export function scale(lp: LinearProgram): Scaled {
  const M: CscMatrix = lp.matrix;
  const m = M.rows;
  const n = M.cols;
  const S: Scaling = {
    m,
    n,
    starts: M.colStarts.slice(),
    idx: M.rowIndices.slice(),
    val: M.values.slice(),
    R: new Float64Array(m).fill(1),
    C: new Float64Array(n).fill(1),
  };
  magnitudeScaling(S, lp);
  const rowMax = new Float64Array(m);
  for (let pass = 0; pass < 10; pass++) ruizPass(S, rowMax);
  pockChambollePass(S);
  const { starts, idx, val, R, C } = S;
  const sign = lp.sense === "maximize" ? -1 : 1;
  const csc = { starts, idx, val };
  const t = cscToCsr({ kind: "csc", rows: m, cols: n, colStarts: starts, rowIndices: idx, values: val });
  return {
    m,
    n,
    csc,
    csr: { starts: t.rowStarts, idx: t.colIndices, val: t.values },
    c: map64(lp.cost, (v, j) => sign * v * C[j]),
    lo: map64(lp.rowLower, (v, i) => v * R[i]),
    hi: map64(lp.rowUpper, (v, i) => v * R[i]),
    l: map64(lp.colLower, (v, j) => v / C[j]),
    u: map64(lp.colUpper, (v, j) => v / C[j]),
    colScale: C,
    rowScale: R,
  };
}

/** y = A x (CSR gather; compiled when the matrix and both vectors are in the arena). */
export function mulA(s: Scaled, x: Float64Array, y: Float64Array): void {
  const { starts, idx, val } = s.csr;
  const mem = s.arena?.memory.buffer;
  if (mem && x.buffer === mem && y.buffer === mem) {
    if (s.products) s.products.mulA(x.byteOffset, y.byteOffset);
    else s.arena!.kernels.rowsMV(0, s.m, starts.byteOffset, idx.byteOffset, val.byteOffset, x.byteOffset, y.byteOffset);
    return;
  }
  for (let i = 0; i < s.m; i++) {
    let acc = 0;
    for (let k = starts[i]; k < starts[i + 1]; k++) acc += val[k] * x[idx[k]];
    y[i] = acc;
  }
}

/** x = Aᵀ y (CSC gather; compiled when the matrix and both vectors are in the arena). */
export function mulAt(s: Scaled, y: Float64Array, x: Float64Array): void {
  const { starts, idx, val } = s.csc;
  const mem = s.arena?.memory.buffer;
  if (mem && x.buffer === mem && y.buffer === mem) {
    if (s.products) s.products.mulAt(y.byteOffset, x.byteOffset);
    else s.arena!.kernels.rowsMV(0, s.n, starts.byteOffset, idx.byteOffset, val.byteOffset, y.byteOffset, x.byteOffset);
    return;
  }
  for (let j = 0; j < s.n; j++) {
    let acc = 0;
    for (let k = starts[j]; k < starts[j + 1]; k++) acc += val[k] * y[idx[k]];
    x[j] = acc;
  }
}

/** ‖A‖₂ of the scaled matrix by power iteration on AᵀA (an upper estimate after 30 steps, times 1.01). */
export function normEstimate(s: Scaled, x: Float64Array, y: Float64Array, z: Float64Array): number {
  x.fill(1 / Math.sqrt(Math.max(1, s.n)));
  let lambda = 1;
  for (let it = 0; it < 30; it++) {
    mulA(s, x, y);
    mulAt(s, y, z);
    lambda = norm2(z);
    if (!(lambda > 0)) return 1;
    for (let j = 0; j < s.n; j++) x[j] = z[j] / lambda;
  }
  return Math.sqrt(lambda) * 1.01;
}

/**
 * KKT quantities of a point (x, y), measured in the scaled problem (every variable in units of its own size,
 * rows and columns equilibrated), where a relative residual of 1e-4 means the same for every variable; the
 * objectives are in the original units.
 */
