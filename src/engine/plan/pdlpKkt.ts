import type { LinearProgram } from "./linearProgram.ts";
import type { Scaled } from "./pdlpScaling.ts";
import { mulA, mulAt } from "./pdlpScaling.ts";

/** KKT measures of a PDHG point: relative residuals and gap, objectives in the problem's own units and sense. */
export interface Kkt {
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
}

/** What the KKT measure needs besides the point: the scaled problem, the θ scalings, norms and scratch vectors. */
export interface KktContext {
  lp: LinearProgram;
  s: Scaled;
  thetaB: number;
  thetaC: number;
  /** ‖finite row bounds‖ and ‖c‖ of the preconditioned problem */
  bs: number;
  cs: number;
  tmpM: Float64Array;
  tmpN: Float64Array;
}

/**
 * KKT measures of the working point (px, py) (θ-scaled), in the preconditioned problem before objective and bound
 * scaling: relative primal residual ‖Ax − proj_[lo,hi] Ax‖ / (1 + ‖finite row bounds‖), dual residual (reduced costs no
 * bound can absorb, / (1 + ‖c‖)) and duality gap |p − d| / (1 + |p| + |d|). `pAx`, when given, is A·px already.
 */
export function kktOf(ctx: KktContext, px: Float64Array, py: Float64Array, pAx?: Float64Array): Kkt {
  const { lp, s, thetaB, thetaC, tmpM, tmpN } = ctx;
  const { m, n, c, lo, hi, l, u } = s;
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
  const sign = lp.sense === "maximize" ? -1 : 1;
  return {
    primalResidual: Math.sqrt(rp) / (1 + ctx.bs),
    dualResidual: Math.sqrt(rd) / (1 + ctx.cs),
    gap: Math.abs(pobj - dobj) / (1 + Math.abs(pobj) + Math.abs(dobj)),
    primalObjective: sign * pobj + offset,
    dualObjective: sign * dobj + offset,
  };
}

/** One number for "how far from optimal" (to keep the best candidate): the length of the three measures. */
export function kktScore(k: Kkt): number {
  return Math.hypot(k.primalResidual, k.dualResidual, k.gap);
}
