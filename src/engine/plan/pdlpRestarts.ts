import type { Kkt } from "./pdlpKkt.ts";
import type { PdhgVectors } from "./pdlpIteration.ts";
import { productOfStep } from "./pdlpIteration.ts";
import type { Scaled } from "./pdlpScaling.ts";
import { mulAt } from "./pdlpScaling.ts";

/** Where the current epoch stands: its iterations and the fixed-point errors the restart criteria compare. */
export interface Epoch {
  /** iterations in this epoch */
  k: number;
  restarts: number;
  /** the error at the epoch's anchor, and at the last evaluation */
  rAnchor: number;
  rPrev: number;
}

/** The epoch at the start of a solve. */
export function firstEpoch(): Epoch {
  return { k: 0, restarts: 0, rAnchor: NaN, rPrev: Infinity };
}

/**
 * Whether an epoch ends at this evaluation (Lu & Yang's criteria): the fixed-point error r fell to 0.2 of the anchor's
 * (sufficient decay), or below 0.8 of it and rising (necessary decay without progress), or the epoch has run 0.36 of
 * all `iterations` (artificial restart). Records r for the next evaluation.
 */
export function restartDue(e: Epoch, r: number, iterations: number): boolean {
  const due = r <= 0.2 * e.rAnchor || (r <= 0.8 * e.rAnchor && r > e.rPrev) || e.k + 1 >= 0.36 * iterations;
  e.rPrev = r;
  return due;
}

/**
 * The primal weight ω after a restart, rebalanced by the residuals at the restart point: a larger ω (larger dual
 * steps) closes the primal residual faster, a smaller one the dual residual; by √(primal ÷ dual), at most a factor of 2
 * per restart. (On the 2,000-sector benchmark plan, with the magnitude scaling before 7 Dec 2026, this took 8,064
 * iterations to 1e-4; cuPDLPx's PI control of the distances moved took 11,840, the best fixed weight 7,300–8,700.)
 */
export function rebalancedWeight(omega: number, at: Kkt | undefined): number {
  if (at && at.primalResidual > 0 && at.dualResidual > 0)
    return omega * Math.min(2, Math.max(0.5, Math.sqrt(at.primalResidual / at.dualResidual)));
  return omega;
}

/** Restarts at ẑ: it becomes the iterate and the new epoch's anchor (with its products). */
export function restartAt(s: Scaled, v: PdhgVectors, e: Epoch): void {
  v.x.set(v.xHat);
  v.y.set(v.yHat);
  v.x0.set(v.x);
  v.y0.set(v.y);
  productOfStep(v, v.Ax);
  v.Ax0.set(v.Ax);
  mulAt(s, v.y, v.Aty);
  e.k = 0;
  e.rPrev = Infinity;
  e.restarts++;
}
