import { norm2 } from "../linalg/operator.ts";
import type { LinearProgram, LpSolution } from "./linearProgram.ts";
import { map64, mulA, mulAt, normEstimate, scale, toArena } from "./pdlpScaling.ts";

/** Options of {@link solvePdlp}. */
export interface PdlpOptions {
  /** Stop when the relative primal residual, dual residual and duality gap are all at most this (default 1e-4). */
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

interface Kkt {
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
}

/**
 * Solves a linear program with ioplan's own first-order method: restarted reflected Halpern PDHG (Lu & Yang,
 * "Restarted Halpern PDHG for linear programming", 2024; as in cuPDLPx, Lu, Peng & Yang 2025) on the
 * preconditioned problem (column magnitudes, Ruiz, Pock–Chambolle, then objective and bound scaling):
 *
 * - each iteration takes a PDHG step ẑ = T(z) with the constant step η = 0.998 / ‖A‖₂ split by the primal
 *   weight ω (τ = η/ω, σ = ηω), reflects it (2ẑ − z) and pulls it towards the epoch's anchor z⁰ with weight
 *   1/(k + 2) (Halpern);
 * - an epoch ends (restart: the anchor becomes ẑ) when the fixed-point error ‖z − T(z)‖ in the PDHG metric falls
 *   to 0.2 of the anchor's, or below 0.8 of it and rising, or after 0.36 of all iterations; at a restart the
 *   primal weight moves by √(primal residual ÷ dual residual), at most a factor of 2, to balance the two.
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
 * console.log(s.status, s.objective.toFixed(4), Array.from(s.x, (v) => v.toFixed(4))); // optimal 2.8000 [ '1.6000', '1.2000' ]
 * ```
 */
export function solvePdlp(lp: LinearProgram, options: PdlpOptions = {}): LpSolution {
  const now = options.now ?? Date.now;
  const t0 = now();
  const eps = options.tolerance ?? 1e-4;
  const maxIt = options.maxIterations ?? 1_000_000;
  const every = options.checkEvery ?? 64;
  const timeLimit = options.timeLimitSeconds ?? Infinity;
  const s = scale(lp);
  if (options.compiled !== false) toArena(s, options.products !== undefined);
  const { m, n, c, lo, hi, l, u, colScale: C, rowScale: R } = s;
  // working vectors that meet the matrix live in the arena (ARENA_VECTORS of each length)
  const vecN = () => s.arena?.f64(n) ?? new Float64Array(n);
  const vecM = () => s.arena?.f64(m) ?? new Float64Array(m);
  const sign = lp.sense === "maximize" ? -1 : 1;
  const tmpM = vecM();
  const tmpN = vecN();
  const xHat = vecN();
  if (s.arena && options.products)
    s.products = options.products(s.arena.memory, s.csr, s.csc, { n: tmpN.byteOffset, m: tmpM.byteOffset });
  try {
    const eta = 0.998 / normEstimate(s, xHat, tmpM, tmpN); // (scratch vectors: compiled products when in the arena)
    const cs = norm2(c);
    let bs = 0;
    for (let i = 0; i < m; i++)
      bs += (Number.isFinite(lo[i]) ? lo[i] ** 2 : 0) + (Number.isFinite(hi[i]) && hi[i] !== lo[i] ? hi[i] ** 2 : 0);
    bs = Math.sqrt(bs);
    // objective and bound scaling (HPR-LP, cuPDLPx): the iteration runs on x′ = θb·x, y′ = θc·y
    const thetaB = 1 / (1 + bs);
    const thetaC = 1 / (1 + cs);
    const scaled = (v: Float64Array, by: number, into: Float64Array) => {
      for (let i = 0; i < v.length; i++) into[i] = v[i] * by;
      return into;
    };
    const cw = scaled(c, thetaC, vecN());
    const low = scaled(lo, thetaB, vecM());
    const hiw = scaled(hi, thetaB, vecM());
    const lw = scaled(l, thetaB, vecN());
    const uw = scaled(u, thetaB, vecN());
    let omega = 1;

    /** KKT measures of the working point (px, py) (θ-scaled), in the preconditioned problem; objectives in original units. */
    const kkt = (px: Float64Array, py: Float64Array, pAx?: Float64Array): Kkt => {
      if (!pAx) mulA(s, px, tmpM);
      else if (pAx !== tmpM) tmpM.set(pAx);
      let rp = 0;
      let pobj = 0;
      for (let i = 0; i < m; i++) {
        const a = tmpM[i] / thetaB;
        const v = a < lo[i] ? lo[i] - a : a > hi[i] ? a - hi[i] : 0;
        rp += v * v;
      }
      mulAt(s, py, tmpN);
      let rd = 0;
      let dobj = 0;
      for (let j = 0; j < n; j++) {
        pobj += (c[j] * px[j]) / thetaB;
        const lam = c[j] - tmpN[j] / thetaC; // reduced cost (scaled)
        let absorbed = 0;
        if (lam > 0) absorbed = Number.isFinite(l[j]) ? lam : 0;
        else if (lam < 0) absorbed = Number.isFinite(u[j]) ? lam : 0;
        const viol = lam - absorbed;
        rd += viol * viol;
        if (absorbed > 0) dobj += absorbed * l[j];
        else if (absorbed < 0) dobj += absorbed * u[j];
      }
      for (let i = 0; i < m; i++) {
        const v = py[i] / thetaC;
        if (v > 0 && Number.isFinite(lo[i])) dobj += v * lo[i];
        else if (v < 0 && Number.isFinite(hi[i])) dobj += v * hi[i];
      }
      const offset = lp.offset ?? 0;
      return {
        primalResidual: Math.sqrt(rp) / (1 + bs),
        dualResidual: Math.sqrt(rd) / (1 + cs),
        gap: Math.abs(pobj - dobj) / (1 + Math.abs(pobj) + Math.abs(dobj)),
        primalObjective: sign * pobj + offset,
        dualObjective: sign * dobj + offset,
      };
    };
    const score = (k: Kkt) => Math.hypot(k.primalResidual, k.dualResidual, k.gap);

    const x = vecN();
    for (let j = 0; j < n; j++) x[j] = 0 < lw[j] ? lw[j] : 0 > uw[j] ? uw[j] : 0;
    const y = vecM();
    const x0 = vecN();
    x0.set(x);
    const y0 = vecM();
    const yHat = vecM();
    const Ax = vecM(); // A x of the current iterate
    const Ax0 = vecM();
    // the fused compiled passes, when every vector is in the arena (else the JavaScript loops below, which do the
    // same operations in the same order)
    const K = s.arena?.kernels;
    const at = (v: Float64Array) => v.byteOffset;
    const scratch = s.arena?.f64(2); // (the dual pass's cross term comes back through memory)
    const AxBar = vecM();
    const Aty = vecN();
    mulA(s, x, Ax);
    Ax0.set(Ax);
    mulAt(s, y, Aty);

    let it = 0;
    let k = 0; // iterations in this epoch
    let restarts = 0;
    let rAnchor = NaN;
    let rPrev = Infinity;
    let restartKkt: Kkt | undefined;
    let best: { x: Float64Array; y: Float64Array; k: Kkt } | undefined;
    let status: LpSolution["status"] = "iteration-limit";
    while (it < maxIt) {
      const tau = eta / omega;
      const sigma = eta * omega;
      // PDHG step ẑ = T(z)
      let dx2 = 0;
      if (K) dx2 = K.pdhgPrimal(at(x), at(cw), at(Aty), at(lw), at(uw), tau, at(xHat), at(tmpN), n);
      else
        for (let j = 0; j < n; j++) {
          const xj = x[j];
          const v = xj - tau * (cw[j] - Aty[j]);
          const h = v < lw[j] ? lw[j] : v > uw[j] ? uw[j] : v;
          xHat[j] = h;
          tmpN[j] = 2 * h - xj;
          dx2 += (xj - h) * (xj - h);
        }
      mulA(s, tmpN, AxBar);
      let dy2 = 0;
      let cross = 0;
      if (K) {
        dy2 = K.pdhgDual(at(y), at(AxBar), at(Ax), at(low), at(hiw), sigma, at(yHat), at(scratch!), m);
        cross = scratch![0];
      } else
        for (let i = 0; i < m; i++) {
          const a = AxBar[i];
          const yi = y[i];
          const p = yi + sigma * (low[i] - a);
          const q = yi + sigma * (hiw[i] - a);
          const v = (p > 0 ? p : 0) + (q < 0 ? q : 0);
          yHat[i] = v;
          const dy = yi - v;
          dy2 += dy * dy;
          // A(x − x̂) = (A x − A x̄) / 2
          cross += dy * ((Ax[i] - a) / 2);
        }
      // fixed-point error ‖z − T z‖_P, P = [I/τ, Aᵀ; A, I/σ]
      const r = Math.sqrt(Math.max(0, dx2 / tau + dy2 / sigma + 2 * cross));
      if (k === 0) rAnchor = r;
      it++;

      const evaluate = it % every === 0 || it === maxIt;
      let restart = false;
      if (evaluate) {
        for (let i = 0; i < m; i++) tmpM[i] = (AxBar[i] + Ax[i]) / 2; // A x̂
        const kc = kkt(xHat, yHat, tmpM);
        restartKkt = kc;
        if (!best || score(kc) < score(best.k)) best = { x: xHat.slice(), y: yHat.slice(), k: kc };
        const seconds = (now() - t0) / 1000;
        options.onProgress?.({ iteration: it, ...kc, restarts, seconds });
        if (kc.primalResidual <= eps && kc.dualResidual <= eps && kc.gap <= eps) {
          best = { x: xHat.slice(), y: yHat.slice(), k: kc };
          status = "optimal";
          break;
        }
        if (seconds > timeLimit) {
          status = "time-limit";
          break;
        }
        restart = r <= 0.2 * rAnchor || (r <= 0.8 * rAnchor && r > rPrev) || k + 1 >= 0.36 * it;
        rPrev = r;
      }
      if (restart) {
        // rebalance the primal weight by the residuals at the restart point: a larger ω (larger dual steps) closes
        // the primal residual faster, a smaller one the dual residual; at most a factor of 2 per restart. (On the
        // 2,000-sector benchmark plan this took 8,064 iterations to 1e-4; cuPDLPx's PI control of the distances
        // moved took 11,840, the best fixed weight 7,300–8,700.)
        if (restartKkt && restartKkt.primalResidual > 0 && restartKkt.dualResidual > 0)
          omega *= Math.min(2, Math.max(0.5, Math.sqrt(restartKkt.primalResidual / restartKkt.dualResidual)));
        x.set(xHat);
        y.set(yHat);
        x0.set(x);
        y0.set(y);
        for (let i = 0; i < m; i++) Ax[i] = (AxBar[i] + Ax[i]) / 2;
        Ax0.set(Ax);
        mulAt(s, y, Aty);
        k = 0;
        rPrev = Infinity;
        restarts++;
        continue;
      }
      // reflected Halpern step: z ← (k+1)/(k+2)·(2ẑ − z) + 1/(k+2)·z⁰
      const wk = (k + 1) / (k + 2);
      const wa = 1 / (k + 2);
      if (K) {
        K.halpern(at(x), at(xHat), at(x0), wk, wa, n);
        K.halpern(at(y), at(yHat), at(y0), wk, wa, m);
        K.combine(at(Ax), wk, at(AxBar), wa, at(Ax0), m);
      } else {
        for (let j = 0; j < n; j++) x[j] = wk * (2 * xHat[j] - x[j]) + wa * x0[j];
        for (let i = 0; i < m; i++) {
          y[i] = wk * (2 * yHat[i] - y[i]) + wa * y0[i];
          Ax[i] = wk * AxBar[i] + wa * Ax0[i]; // A(2x̂ − x) = A x̄
        }
      }
      mulAt(s, y, Aty);
      k++;
    }
    const b = best ?? { x, y, k: kkt(x, y) };
    // unscale: x = C x̃ / θb, y = R ỹ / θc; HiGHS's duals are ∂objective/∂bound, in the problem's sense
    const X = map64(b.x, (v, j) => (v * C[j]) / thetaB);
    const Y = map64(b.y, (v, i) => (sign * v * R[i]) / thetaC);
    // the last two products from the working vectors, so that they are the compiled ones when there is an arena
    xHat.set(b.x);
    yHat.set(b.y);
    mulA(s, xHat, tmpM);
    const rowActivity = map64(tmpM, (v, i) => v / R[i] / thetaB);
    mulAt(s, yHat, tmpN);
    const colDual = map64(tmpN, (v, j) => (sign * (c[j] - v / thetaC)) / C[j]);
    let viol = 0;
    for (let i = 0; i < m; i++) viol = Math.max(viol, lp.rowLower[i] - rowActivity[i], rowActivity[i] - lp.rowUpper[i]);
    return {
      status,
      detail: `ioplan PDLP (restarted Halpern PDHG): ${it} iterations, ${restarts} restarts; relative primal residual ${b.k.primalResidual.toExponential(2)}, dual residual ${b.k.dualResidual.toExponential(2)}, gap ${b.k.gap.toExponential(2)}`,
      objective: b.k.primalObjective,
      x: X,
      rowActivity,
      rowDual: Y,
      colDual,
      primalResidual: Math.max(0, viol),
      gap: b.k.gap,
      method: "ioplan-pdlp",
      seconds: (now() - t0) / 1000,
    };
  } finally {
    s.products?.close(); // (the worker, when there is one)
  }
}
