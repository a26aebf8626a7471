/**
 * Feasibility polishing (Applegate, Hinder, Lu & Lubin, "PDLP: a practical first-order method for large-scale linear
 * programming", 2025, §4): when PDLP's duality gap is already within tolerance but its residuals are not, the same
 * iteration on two easier problems closes them, each started from the point in hand:
 *
 * - primal: the program with a zero objective (any feasible point is optimal), from x̂, y = 0;
 * - dual: the program with every finite bound at zero (its dual's feasible points are the original's), from x = 0, ŷ.
 *
 * A feasibility problem converges much faster than the optimisation, and starting next to an almost optimal point it
 * moves that point little, so the polished pair keeps a small gap. The caller measures the pair on the original
 * program and accepts it only when all three measures are within its tolerance (pdlp.ts).
 */
import type { Kkt } from "./pdlpKkt.ts";
import type { PdhgVectors } from "./pdlpIteration.ts";
import type { Scaled } from "./pdlpScaling.ts";
import { mulA, mulAt } from "./pdlpScaling.ts";

/** Which of the two feasibility problems: the primal's (zero objective) or the dual's (zero bounds). */
export type PolishSide = "primal" | "dual";

/** The measure a polishing run drives down: the primal or the dual residual of the original program. */
export const polishResidual = (side: PolishSide, k: Kkt): number =>
  side === "primal" ? k.primalResidual : k.dualResidual;

/** The working vectors a polishing run overwrites, kept to be put back after it. */
const KEPT = ["x", "y", "x0", "y0", "xHat", "yHat", "Ax", "Ax0", "AxBar", "Aty", "cw", "low", "hiw", "lw", "uw"] as const;
type Kept = Record<(typeof KEPT)[number], Float64Array>;

/** Copies of the working vectors a polishing run changes. */
export function keepVectors(v: PdhgVectors): Kept {
  const kept = {} as Kept;
  for (const k of KEPT) kept[k] = v[k].slice();
  return kept;
}

/** Puts the kept vectors back (the main iteration resumes where it stood). */
export function restoreVectors(v: PdhgVectors, kept: Kept): void {
  for (const k of KEPT) v[k].set(kept[k]);
}

/**
 * Turns the working problem into one side's feasibility problem and starts it from (x̂, 0) (primal) or (0, ŷ) (dual),
 * θ-scaled as the iteration works; `from` is the main iteration's PDHG point.
 */
export function startPolish(s: Scaled, v: PdhgVectors, side: PolishSide, from: { x: Float64Array; y: Float64Array }) {
  const zero = (w: Float64Array) => {
    for (let i = 0; i < w.length; i++) if (Number.isFinite(w[i])) w[i] = 0;
  };
  if (side === "primal") {
    v.cw.fill(0);
    v.x.set(from.x);
    v.y.fill(0);
  } else {
    for (const w of [v.low, v.hiw, v.lw, v.uw]) zero(w);
    v.x.fill(0); // within every bound, now 0 or infinite
    v.y.set(from.y);
  }
  v.x0.set(v.x);
  v.y0.set(v.y);
  mulA(s, v.x, v.Ax);
  v.Ax0.set(v.Ax);
  mulAt(s, v.y, v.Aty);
}
