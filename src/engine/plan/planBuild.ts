/** The state one build of a plan program shares among its steps (planProgram.ts, yearColumns.ts). */
import type { CscMatrix } from "../linalg/sparse.ts";
import type { LpBuilder } from "./linearProgram.ts";
import type { PlanIndex, PlanProgramMode } from "./planIndex.ts";
import type { PlanSpec } from "./planSpec.ts";

/** What the steps of one build share: the plan and its mode, the builder, the index so far and the rows they tie. */
export interface PlanBuild {
  plan: PlanSpec;
  mode: PlanProgramMode;
  n: number;
  T: number;
  b: LpBuilder;
  idx: PlanIndex;
  /** A sector as row and column names write it. */
  sc: (i: number) => string;
  /** Sector i's depreciation rate. */
  depOf: (i: number) => number;
  harmony: boolean;
  /** Whether capacity grows by investment (a capital matrix or a capital mix). */
  invest: boolean;
  /** What a unit of output, substitution or investment costs in the objective (a tiny cost, against the sense). */
  outputCost: number;
  /** The ranks in the harmony objective (all when undefined). */
  rankSet: Set<number> | undefined;
  byIndustry: { starts: Int32Array; pairs: Int32Array } | undefined;
  /** The floors on each sector's final deliveries, summed over categories (t·n + i). */
  floorTotal: Float64Array;
  Ac: CscMatrix;
  Bc: CscMatrix | undefined;
  /** Import coefficients, with import substitution. */
  Mc: CscMatrix | undefined;
  /** substitutable[i,t] rows (t·n + i; −1: none). */
  subRow: Int32Array;
  /** investSum[t] rows (with a capital mix). */
  investSumRow: Int32Array;
  /** rank[r] rows holding earlier ranks at what they reached. */
  rankRows: Map<number, number>;
  outputTargets: { starts: Int32Array; list: Int32Array };
  finalTargets: { starts: Int32Array; list: Int32Array };
  /** Shocks' extra coefficients per (year, column) t·n + j: [sector i, delta]. */
  extraA: Map<number, [number, number][]>;
  /** Shocks' extra limit coefficients per (year, column) t·n + j: [limit k, delta]. */
  extraLimit: Map<number, [number, number][]>;
}
