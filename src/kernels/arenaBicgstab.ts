import type { TiledMatrix } from "./tiles.ts";
import { tileInPlace, tileShape } from "./tiles.ts";
import type { SparseKernels } from "./wasmArena.ts";
import { WasmArena } from "./wasmArena.ts";

/**
 * Options of the compiled solves, the same fields as the engine's `IterativeOptions` (so the engine passes its own
 * through): target relative residual (default 1e-10), iteration cap (default 1000), warm start (copied), progress.
 */
export interface IterativeOptions {
  tolerance?: number;
  maxIterations?: number;
  initialGuess?: Float64Array;
  onIteration?: (iteration: number, residual: number) => void;
}

/** How a compiled solve ended: the same shape as the engine's `IterativeResult`. */
export interface IterativeResult {
  x: Float64Array;
  iterations: number;
  /** Relative residual ‖b − M·x‖ / ‖b‖ as tracked by the recurrence (the caller recomputes the true one). */
  residual: number;
  status: "converged" | "max-iterations" | "breakdown" | "stagnated";
}

/** Byte offsets of BiCGSTAB's vectors (n doubles each) and of two scratch doubles, in one WebAssembly memory. */
export interface ArenaVectors {
  b: number;
  x: number;
  r: number;
  rh: number;
  p: number;
  v: number;
  s: number;
  t: number;
  scratch: number;
}

/** Bytes (with the arena's alignment) the vectors of {@link ArenaVectors} take for n unknowns. */
export function arenaVectorBytes(n: number): number[] {
  return [...new Array<number>(8).fill(n * 8), 16];
}

/** Carves the vectors of {@link ArenaVectors} out of an arena. */
export function takeArenaVectors(arena: WasmArena, n: number): ArenaVectors {
  const vector = () => arena.f64(n).byteOffset;
  return {
    b: vector(),
    x: vector(),
    r: vector(),
    rh: vector(),
    p: vector(),
    v: vector(),
    s: vector(),
    t: vector(),
    scratch: arena.f64(2).byteOffset,
  };
}

/**
 * BiCGSTAB for M·x = d with every vector in a WebAssembly memory: `apply(input, output)` writes M·input to
 * output (byte offsets), and the vector updates run as fused compiled passes (assembly/vectors.ts: V8 runs a JavaScript
 * dot product of 10⁵ doubles at about a third of the memory's speed, so there the vector work cost as much as
 * the products). The same iteration as the engine's `bicgstab` (two products an iteration; stops on the
 * recurrence residual); the solution is left at `w.x` and returned as a copy.
 */
export function arenaBicgstab(
  k: SparseKernels,
  memory: WebAssembly.Memory,
  w: ArenaVectors,
  n: number,
  apply: (input: number, output: number) => void,
  d: Float64Array,
  o: IterativeOptions = {},
): IterativeResult {
  const { b, x, r, rh, p, v, s, t, scratch } = w;
  const tol = o.tolerance ?? 1e-10;
  const maxIter = o.maxIterations ?? 1000;
  const vec = (offset: number) => new Float64Array(memory.buffer, offset, n);
  const mem = () => new Float64Array(memory.buffer, scratch, 1)[0];
  vec(b).set(d);
  if (o.initialGuess) vec(x).set(o.initialGuess);
  else vec(x).fill(0);
  const bnorm = Math.sqrt(k.dot(b, b, n));
  const done = (iterations: number, residual: number, status: IterativeResult["status"]): IterativeResult => ({
    x: vec(x).slice(),
    iterations,
    residual,
    status,
  });
  if (bnorm === 0) {
    vec(x).fill(0);
    return done(0, 0, "converged");
  }
  apply(x, r);
  let rel = Math.sqrt(k.residual(r, b, n)) / bnorm;
  o.onIteration?.(0, rel);
  if (rel <= tol) return done(0, rel, "converged");
  vec(rh).set(vec(r));
  vec(p).fill(0);
  vec(v).fill(0);
  let rho = 1;
  let alpha = 1;
  let omega = 1;
  let rhoNew = k.dot(rh, r, n);
  for (let it = 1; it <= maxIter; it++) {
    if (rhoNew === 0 || !Number.isFinite(rhoNew)) return done(it - 1, rel, "breakdown");
    const beta = (rhoNew / rho) * (alpha / omega);
    rho = rhoNew;
    k.bicgP(p, r, v, beta, omega, n);
    apply(p, v);
    const rv = k.dot(rh, v, n);
    if (rv === 0) return done(it - 1, rel, "breakdown");
    alpha = rho / rv;
    const snorm = Math.sqrt(k.bicgS(s, r, v, alpha, n));
    if (snorm / bnorm <= tol) {
      k.axpy(x, p, alpha, n);
      o.onIteration?.(it, snorm / bnorm);
      return done(it, snorm / bnorm, "converged");
    }
    apply(s, t);
    const tt = k.dot2(t, s, n, scratch);
    omega = tt === 0 ? 0 : mem() / tt;
    rel = Math.sqrt(k.bicgX(x, r, p, s, t, alpha, omega, n, rh, scratch)) / bnorm;
    rhoNew = mem();
    o.onIteration?.(it, rel);
    if (rel <= tol) return done(it, rel, "converged");
    if (omega === 0) return done(it, rel, "breakdown");
  }
  return done(maxIter, rel, "max-iterations");
}

/**
 * A sparse Leontief system in compiled code on the calling thread, both directions: A's rows and BiCGSTAB's
 * vectors copied into an unshared WebAssembly memory, the copy reordered into tiles (tiles.ts) so that (I − A)·x
 * and (I − A)ᵀ·x are both cache-friendly products of the same copy (before, the transposed solve took rows of
 * Aᵀ, a second copy built in JavaScript). Used by `createLeontiefSystem` for sparse matrices (in Node and in the
 * browser); about 1.5× the matrix's memory on top of the caller's copy.
 */
export class CompiledLeontiefTiles {
  private readonly arena: WasmArena;
  private readonly w: ArenaVectors;
  private readonly tiles: TiledMatrix;
  private readonly n: number;

  /**
   * @param rows the rows of A, or with `ofTranspose` those of Aᵀ (a CSC matrix's columns), whose tiles serve the
   *   same products with the directions swapped
   * @throws RangeError when the matrix and vectors do not fit in a WebAssembly memory (4 GiB).
   */
  constructor(
    rows: { n: number; starts: Int32Array; indices: Int32Array; values: Float64Array },
    private readonly ofTranspose = false,
  ) {
    const { n, starts, indices, values } = rows;
    const nnz = starts[n];
    const shape = tileShape(n, n, nnz);
    this.n = n;
    this.arena = new WasmArena(
      WasmArena.size((n + 1) * 4, nnz * 4, nnz * 8, shape.tiles * 16, shape.tiles * 8, ...arenaVectorBytes(n)),
    );
    const rs = this.arena.i32(n + 1);
    const ci = this.arena.i32(nnz);
    const v = this.arena.f64(nnz);
    rs.set(starts);
    ci.set(indices.subarray(0, nnz));
    v.set(values.subarray(0, nnz));
    this.tiles = tileInPlace(shape, rs, ci, v, this.arena.i32(shape.tiles * 4), this.arena.i32(shape.tiles * 2));
    this.w = takeArenaVectors(this.arena, n);
  }

  /** BiCGSTAB on (I − A)·x = d, or (I − A)ᵀ·x = d. */
  bicgstab(d: Float64Array, transposed: boolean, o: IterativeOptions = {}): IterativeResult {
    const n = this.n;
    const k = this.arena.kernels;
    const T = this.tiles;
    const buf = this.arena.memory.buffer;
    const [table, e, v, cb] = [T.table.byteOffset, T.entries.byteOffset, T.values.byteOffset, T.shape.colBits];
    const alongColumns = transposed !== this.ofTranspose;
    const list = (alongColumns ? T.transposed : T.forward).byteOffset;
    const product = alongColumns ? k.tilesMVT : k.tilesMV;
    const L = (input: number, output: number) => {
      new Float64Array(buf, output, n).set(new Float64Array(buf, input, n));
      product(table, list, 0, T.shape.tiles, e, v, input, output, -1, cb);
    };
    return arenaBicgstab(k, this.arena.memory, this.w, n, L, d, o);
  }
}
