import type { Scaled } from "./pdlpScaling.ts";
import { mulA, mulAt } from "./pdlpScaling.ts";

/**
 * The working vectors of the reflected Halpern PDHG, θ-scaled (x′ = θb·x, y′ = θc·y): the iterate z = (x, y), the
 * epoch's anchor z⁰, the PDHG step ẑ, and the products the steps reuse (A x, A x⁰, A x̄, Aᵀy). Those that meet the
 * matrix live in PDLP's WebAssembly arena when it has one (ARENA_VECTORS of pdlpScaling.ts counts them).
 */
export interface PdhgVectors {
  cw: Float64Array;
  low: Float64Array;
  hiw: Float64Array;
  lw: Float64Array;
  uw: Float64Array;
  x: Float64Array;
  y: Float64Array;
  x0: Float64Array;
  y0: Float64Array;
  xHat: Float64Array;
  yHat: Float64Array;
  /** A x of the current iterate, and of the anchor */
  Ax: Float64Array;
  Ax0: Float64Array;
  /** A x̄, x̄ = 2x̂ − x */
  AxBar: Float64Array;
  Aty: Float64Array;
  /** scratch: x̄ during a step, and the KKT measure's products */
  tmpN: Float64Array;
  tmpM: Float64Array;
  /** two doubles of arena memory through which the compiled dual pass returns its cross term */
  scratch?: Float64Array;
}

/** The scratch vectors allocated first (the products' factory and the norm estimate use them before the rest). */
export interface PdhgScratch {
  tmpM: Float64Array;
  tmpN: Float64Array;
  xHat: Float64Array;
}

/** A vector of n doubles in the arena when there is one, else on the heap. */
export function pdhgVector(s: Scaled, n: number): Float64Array {
  return s.arena?.f64(n) ?? new Float64Array(n);
}

/** Allocates the other vectors (in the arena when there is one) and starts at x = proj[l,u](0), y = 0. */
export function pdhgVectors(s: Scaled, thetaB: number, thetaC: number, first: PdhgScratch): PdhgVectors {
  const { m, n } = s;
  const vecN = () => pdhgVector(s, n);
  const vecM = () => pdhgVector(s, m);
  const scaled = (v: Float64Array, by: number, into: Float64Array) => {
    for (let i = 0; i < v.length; i++) into[i] = v[i] * by;
    return into;
  };
  const { tmpM, tmpN, xHat } = first;
  const cw = scaled(s.c, thetaC, vecN());
  const low = scaled(s.lo, thetaB, vecM());
  const hiw = scaled(s.hi, thetaB, vecM());
  const lw = scaled(s.l, thetaB, vecN());
  const uw = scaled(s.u, thetaB, vecN());
  const x = vecN();
  for (let j = 0; j < n; j++) x[j] = 0 < lw[j] ? lw[j] : 0 > uw[j] ? uw[j] : 0;
  const y = vecM();
  const x0 = vecN();
  x0.set(x);
  const y0 = vecM();
  const yHat = vecM();
  const Ax = vecM();
  const Ax0 = vecM();
  const scratch = s.arena?.f64(2);
  const AxBar = vecM();
  const Aty = vecN();
  mulA(s, x, Ax);
  Ax0.set(Ax);
  mulAt(s, y, Aty);
  return { cw, low, hiw, lw, uw, x, y, x0, y0, xHat, yHat, Ax, Ax0, AxBar, Aty, tmpN, tmpM, scratch };
}

/** A vector's byte offset in the arena: how the compiled passes take it. */
const at = (v: Float64Array): number => v.byteOffset;

/**
 * One PDHG step ẑ = T(z) with steps τ (primal) and σ (dual), in the fused compiled passes when every vector is in the
 * arena, else in JavaScript loops that do the same operations in the same order (so both give the same iterates).
 * Leaves x̂, ŷ, A x̄; returns the fixed-point error ‖z − T z‖_P in the PDHG metric P = [I/τ, Aᵀ; A, I/σ].
 */
export function pdhgStep(s: Scaled, v: PdhgVectors, tau: number, sigma: number): number {
  const K = s.arena?.kernels;
  const { n, m } = s;
  const { x, cw, Aty, lw, uw, xHat, tmpN } = v;
  let dx2 = 0;
  if (K) dx2 = K.pdhgPrimal(at(x), at(cw), at(Aty), at(lw), at(uw), tau, at(xHat), at(tmpN), n);
  else
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      const p = xj - tau * (cw[j] - Aty[j]);
      const h = p < lw[j] ? lw[j] : p > uw[j] ? uw[j] : p;
      xHat[j] = h;
      tmpN[j] = 2 * h - xj;
      dx2 += (xj - h) * (xj - h);
    }
  mulA(s, tmpN, v.AxBar);
  const { y, AxBar, Ax, low, hiw, yHat } = v;
  let dy2 = 0;
  let cross = 0;
  if (K) {
    dy2 = K.pdhgDual(at(y), at(AxBar), at(Ax), at(low), at(hiw), sigma, at(yHat), at(v.scratch!), m);
    cross = v.scratch![0];
  } else
    for (let i = 0; i < m; i++) {
      const a = AxBar[i];
      const yi = y[i];
      const p = yi + sigma * (low[i] - a);
      const q = yi + sigma * (hiw[i] - a);
      const w = (p > 0 ? p : 0) + (q < 0 ? q : 0);
      yHat[i] = w;
      const dy = yi - w;
      dy2 += dy * dy;
      // A(x − x̂) = (A x − A x̄) / 2
      cross += dy * ((Ax[i] - a) / 2);
    }
  return Math.sqrt(Math.max(0, dx2 / tau + dy2 / sigma + 2 * cross));
}

/** The reflected Halpern step z ← (k+1)/(k+2)·(2ẑ − z) + 1/(k+2)·z⁰ (k: iterations in the epoch), then Aᵀy. */
export function halpernStep(s: Scaled, v: PdhgVectors, k: number): void {
  const K = s.arena?.kernels;
  const { n, m } = s;
  const { x, y, xHat, yHat, x0, y0, Ax, AxBar, Ax0 } = v;
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
  mulAt(s, y, v.Aty);
}

/** A x̂ = (A x̄ + A x) / 2 into `into` (the PDHG step's point, for the KKT measure and restarts). */
export function productOfStep(v: PdhgVectors, into: Float64Array): void {
  const { AxBar, Ax } = v;
  for (let i = 0; i < into.length; i++) into[i] = (AxBar[i] + Ax[i]) / 2;
}
