import { norm2 } from "../linalg/operator.ts";
import { checkProgram } from "./programCheck.ts";
import type { LinearProgram, LpSolution } from "./linearProgram.ts";
import type { PdhgVectors } from "./pdlpIteration.ts";
import { halpernStep, pdhgStep, pdhgVector, pdhgVectors, productOfStep } from "./pdlpIteration.ts";
import type { Kkt, KktContext } from "./pdlpKkt.ts";
import { kktOf, kktScore } from "./pdlpKkt.ts";
import type { Epoch } from "./pdlpRestarts.ts";
import { firstEpoch, rebalancedWeight, restartAt, restartDue } from "./pdlpRestarts.ts";
import type { Scaled } from "./pdlpScaling.ts";
import { map64, mulA, mulAt, normEstimate, scale, toArena } from "./pdlpScaling.ts";

/**
 * PDLP's default relative tolerance: #23's 1e-6. On BEA detail × 5 years PDLP's objective there is within 2.5·10⁻⁶ of
 * the simplex's (the harmony optimum and the elastic check alike); at 1e-4 it was up to 6.5·10⁻⁴ off, for a third of
 * the iterations (bench/RESULTS.md). `--tolerance` sets another.
 * @example
 * ```ts
 * console.log(PDLP_DEFAULT_TOLERANCE); // 0.000001
 * ```
 */
export const PDLP_DEFAULT_TOLERANCE = 1e-6;

/** Options of {@link solvePdlp}. */
export interface PdlpOptions {
  /** Stop when the relative primal residual, dual residual and duality gap are all at most this (default 1e-6). */
  tolerance?: number;
  maxIterations?: number;
  timeLimitSeconds?: number;
  /** Iterations between evaluations of the stopping and restart criteria (default 64). */
  checkEvery?: number;
  /** Use the compiled (WebAssembly) products when the matrix fits in 4 GiB (default true). */
  compiled?: boolean;
  /**
   * More threads for the products (Node: `pdlpProductsOnTwoThreads` of src/workers). When given,
   * the arena is a shared memory and the factory may return products that run on several threads.
   */
  products?: PdlpProductsFactory;
  /** Called at every evaluation with the current (unscaled) residuals. */
  onProgress?: (p: PdlpProgress) => void;
  /** Clock in ms (default Date.now; tests pass their own). */
  now?: () => number;
}

/** Where a first-order solve stands: relative residuals and gap of the best candidate, in the original units. */
export interface PdlpProgress {
  iteration: number;
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
  restarts: number;
  seconds: number;
}

/** A compressed matrix in the arena: starts, indices, values (CSR of A, or CSC of A = CSR of Aᵀ). */
export interface ArenaCompressed {
  starts: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

/** Products by byte offsets into the arena: y = A·x and x = Aᵀ·y. */
export interface PdlpProducts {
  mulA(x: number, y: number): void;
  mulAt(y: number, x: number): void;
  close(): void;
}

/**
 * Makes multi-threaded products over the arena's (shared) memory, or returns undefined to keep them on one thread.
 * `warm` gives byte offsets of scratch vectors of n (columns) and m (rows) doubles.
 */
export type PdlpProductsFactory = (
  memory: WebAssembly.Memory,
  csr: ArenaCompressed,
  csc: ArenaCompressed,
  warm: { n: number; m: number },
) => PdlpProducts | undefined;

/**
 * Solves a linear program with ioplan's own first-order method: restarted reflected Halpern PDHG (Lu & Yang,
 * "Restarted Halpern PDHG for linear programming", 2024; as in cuPDLPx, Lu, Peng & Yang 2025) on the
 * preconditioned problem (column magnitudes, Ruiz, Pock–Chambolle, then objective and bound scaling: pdlpScaling.ts):
 *
 * - each iteration takes a PDHG step ẑ = T(z) with the constant step η = 0.998 / ‖A‖₂ split by the primal
 *   weight ω (τ = η/ω, σ = ηω), reflects it (2ẑ − z) and pulls it towards the epoch's anchor z⁰ with weight
 *   1/(k + 2) (Halpern) (pdlpIteration.ts);
 * - an epoch ends (restart: the anchor becomes ẑ) when the fixed-point error ‖z − T(z)‖ in the PDHG metric falls
 *   to 0.2 of the anchor's, or below 0.8 of it and rising, or after 0.36 of all iterations; at a restart the
 *   primal weight moves by √(primal residual ÷ dual residual), at most a factor of 2, to balance the two
 *   (pdlpRestarts.ts).
 *
 * Pure, and single-threaded unless `products` brings more threads; memory is A twice (CSC and CSR) plus
 * seventeen vectors (eight of n doubles, nine of m). Every evaluation
 * reports the relative primal residual (‖Ax − proj_[lo,hi] Ax‖ / (1 + ‖finite row bounds‖)), dual residual
 * (reduced costs no bound can absorb, / (1 + ‖c‖)) and duality gap (|p − d| / (1 + |p| + |d|)), measured at
 * the PDHG iterate in the preconditioned problem before objective and bound scaling.
 *
 * Status: "optimal" when all three are within `tolerance`; "iteration-limit" or "time-limit" otherwise
 * (the best point found is returned with its residuals). Duals follow HiGHS's sign convention.
 * @example
 * ```ts
 * // maximise x + y subject to x + 2y ≤ 4 and 3x + y ≤ 6: the optimum is x = 1.6, y = 1.2
 * const b = new LpBuilder();
 * const r1 = b.addRow("r1", -Infinity, 4);
 * const r2 = b.addRow("r2", -Infinity, 6);
 * b.addCol("x", 1, 0, Infinity, [[r1, 1], [r2, 3]]);
 * b.addCol("y", 1, 0, Infinity, [[r1, 2], [r2, 1]]);
 * const s = solvePdlp(b.build("maximize"), { tolerance: 1e-9 });
 * const x = Array.from(s.x, (v) => v.toFixed(4));
 * console.log(s.status, s.objective.toFixed(4), x); // optimal 2.8000 [ '1.6000', '1.2000' ]
 * ```
 */
export function solvePdlp(lp: LinearProgram, options: PdlpOptions = {}): LpSolution {
  checkProgram(lp);
  const now = options.now ?? Date.now;
  const t0 = now();
  const s = scale(lp);
  if (options.compiled !== false) toArena(s, options.products !== undefined);
  const first = { tmpM: pdhgVector(s, s.m), tmpN: pdhgVector(s, s.n), xHat: pdhgVector(s, s.n) };
  if (s.arena && options.products)
    s.products = options.products(s.arena.memory, s.csr, s.csc, { n: first.tmpN.byteOffset, m: first.tmpM.byteOffset });
  try {
    // (scratch vectors: compiled products when in the arena)
    const eta = 0.998 / normEstimate(s, first.xHat, first.tmpM, first.tmpN);
    const ctx = kktContext(lp, s, first);
    const v = pdhgVectors(s, ctx.thetaB, ctx.thetaC, first);
    const run = iterate(s, v, ctx, eta, options, t0);
    return solutionOf(lp, s, v, ctx, run, now() - t0);
  } finally {
    s.products?.close(); // (the worker, when there is one)
  }
}

/** The norms and the objective and bound scaling (HPR-LP, cuPDLPx): the iteration runs on x′ = θb·x, y′ = θc·y. */
function kktContext(lp: LinearProgram, s: Scaled, first: { tmpM: Float64Array; tmpN: Float64Array }): KktContext {
  const { m, lo, hi } = s;
  const cs = norm2(s.c);
  let bs = 0;
  for (let i = 0; i < m; i++)
    bs += (Number.isFinite(lo[i]) ? lo[i] ** 2 : 0) + (Number.isFinite(hi[i]) && hi[i] !== lo[i] ? hi[i] ** 2 : 0);
  bs = Math.sqrt(bs);
  return { lp, s, thetaB: 1 / (1 + bs), thetaC: 1 / (1 + cs), bs, cs, tmpM: first.tmpM, tmpN: first.tmpN };
}

interface Run {
  it: number;
  restarts: number;
  status: LpSolution["status"];
  best: { x: Float64Array; y: Float64Array; k: Kkt };
}

/** The restarted reflected Halpern PDHG iteration until the KKT measures are within tolerance or a limit is met. */
function iterate(s: Scaled, v: PdhgVectors, ctx: KktContext, eta: number, o: PdlpOptions, t0: number): Run {
  const now = o.now ?? Date.now;
  const eps = o.tolerance ?? PDLP_DEFAULT_TOLERANCE;
  const maxIt = o.maxIterations ?? 1_000_000;
  const every = o.checkEvery ?? 64;
  const timeLimit = o.timeLimitSeconds ?? Infinity;
  const epoch: Epoch = firstEpoch();
  let omega = 1;
  let it = 0;
  let restartKkt: Kkt | undefined;
  let best: Run["best"] | undefined;
  let status: LpSolution["status"] = "iteration-limit";
  while (it < maxIt) {
    const r = pdhgStep(s, v, eta / omega, eta * omega);
    if (epoch.k === 0) epoch.rAnchor = r;
    it++;
    let restart = false;
    if (it % every === 0 || it === maxIt) {
      productOfStep(v, ctx.tmpM); // A x̂
      const kc = kktOf(ctx, v.xHat, v.yHat, ctx.tmpM);
      restartKkt = kc;
      if (!best || kktScore(kc) < kktScore(best.k)) best = { x: v.xHat.slice(), y: v.yHat.slice(), k: kc };
      const seconds = (now() - t0) / 1000;
      o.onProgress?.({ iteration: it, ...kc, restarts: epoch.restarts, seconds });
      if (kc.primalResidual <= eps && kc.dualResidual <= eps && kc.gap <= eps) {
        best = { x: v.xHat.slice(), y: v.yHat.slice(), k: kc };
        status = "optimal";
        break;
      }
      if (seconds > timeLimit) {
        status = "time-limit";
        break;
      }
      restart = restartDue(epoch, r, it);
    }
    if (restart) {
      omega = rebalancedWeight(omega, restartKkt);
      restartAt(s, v, epoch);
      continue;
    }
    halpernStep(s, v, epoch.k);
    epoch.k++;
  }
  return { it, restarts: epoch.restarts, status, best: best ?? { x: v.x, y: v.y, k: kktOf(ctx, v.x, v.y) } };
}

/** The best point unscaled (x = C x̃ / θb, y = R ỹ / θc), with row activities, duals (HiGHS's signs) and measures. */
function solutionOf(lp: LinearProgram, s: Scaled, v: PdhgVectors, ctx: KktContext, run: Run, ms: number): LpSolution {
  const { m, c, colScale: C, rowScale: R } = s;
  const { thetaB, thetaC, tmpM, tmpN } = ctx;
  const { best: b, it, restarts, status } = run;
  const sign = lp.sense === "maximize" ? -1 : 1;
  const X = map64(b.x, (w, j) => (w * C[j]) / thetaB);
  const Y = map64(b.y, (w, i) => (sign * w * R[i]) / thetaC);
  // the last two products from the working vectors, so that they are the compiled ones when there is an arena
  v.xHat.set(b.x);
  v.yHat.set(b.y);
  mulA(s, v.xHat, tmpM);
  const rowActivity = map64(tmpM, (w, i) => w / R[i] / thetaB);
  mulAt(s, v.yHat, tmpN);
  const colDual = map64(tmpN, (w, j) => (sign * (c[j] - w / thetaC)) / C[j]);
  let viol = 0;
  for (let i = 0; i < m; i++) viol = Math.max(viol, lp.rowLower[i] - rowActivity[i], rowActivity[i] - lp.rowUpper[i]);
  const k = b.k;
  return {
    status,
    detail:
      `ioplan PDLP (restarted Halpern PDHG): ${it} iterations, ${restarts} restarts; relative primal residual ` +
      `${k.primalResidual.toExponential(2)}, dual residual ${k.dualResidual.toExponential(2)}, ` +
      `gap ${k.gap.toExponential(2)}`,
    objective: k.primalObjective,
    x: X,
    rowActivity,
    rowDual: Y,
    colDual,
    primalResidual: Math.max(0, viol),
    gap: k.gap,
    method: "ioplan-pdlp",
    seconds: ms / 1000,
  };
}
