/** The plan program's index (what each row and column means), its modes, and the tiny output cost. */
import type { StockIndex } from "./capitalStocks.ts";

/** What each column and row of a plan program means, so results can be explained in economic terms. */
export interface PlanIndex {
  n: number;
  T: number;
  /** column of x (output) for year t, sector i: xCol[t * n + i] */
  xCol: Int32Array;
  yCol: Int32Array;
  /** investment started in year t in sector j (−1 without investment) */
  invCol: Int32Array;
  balanceRow: Int32Array;
  capacityRow: Int32Array;
  /** per limit k, year t: limitRow[k * T + t] (−1 where the year has no limit) */
  limitRow: Int32Array;
  /** per target m, year t: targetRow[m * T + t] (−1 where no target) */
  targetRow: Int32Array;
  /** elastic slack columns: target shortfall (and excess for exact targets), limit excess */
  targetShortCol: Int32Array;
  targetExcessCol: Int32Array;
  limitExcessCol: Int32Array;
  /**
   * First of the harmony-segment columns of target m, year t (−1 in the elastic program): HARMONY_PIECES.length
   * consecutive columns s_k with φ = Σ s_k and h(φ) = Σ slope_k·s_k (see {@link fulfilmentOf}).
   */
  segmentCol: Int32Array;
  /**
   * What the harmony program maximises (the plan's `objective`): with `bundle`, segmentCol of every target of a rank
   * in a year is the same single column, the bundle's common fulfilment φ.
   */
  objective?: "harmony" | "bundle";
  /** Rows and columns of capital stocks per (good, industry), when the plan keeps them. */
  stocks?: StockIndex;
  /** Import substitution (t·n + i): imports of product i replaced at home in year t (−1 without substitution). */
  substitutionCol: Int32Array;
  /** Floor on final deliveries (t·n + i): y_it ≥ Σ floors (−1 where no floor). */
  floorRow: Int32Array;
  /**
   * Per floor f, (f·T + t)·n + i: how much of floor f gave in the elastic program (−1 in the optimum or where
   * none).
   */
  floorShortCol: Int32Array;
}

/** The mode of a plan program. */
export type PlanProgramMode =
  | { kind: "elastic" }
  | {
      kind: "harmony";
      ranks?: readonly number[];
      fixedRanks?: readonly { rank: number; atLeast: number }[];
      capAtTarget?: boolean;
    };

/** Tiny cost per unit of output and investment, so the program picks the least output that does the job. */
export const OUTPUT_COST = 1e-7;
