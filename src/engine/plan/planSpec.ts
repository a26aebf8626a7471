import type { Matrix } from "../linalg/matrix.ts";

/**
 * A plan in model units, ready for the engine: what the plan file says, resolved against a model (sector
 * indices, per-year values, coefficients). Built by `src/formats/planFile.ts`; the engine never reads files.
 */
export interface PlanSpec {
  name: string;
  /** Plan years in order, e.g. [2021, 2022, 2023, 2024, 2025]. */
  years: number[];
  targets: TargetSpec[];
  limits: LimitSpec[];
  capacity: CapacitySpec;
  /** Year-specific changes to technical coefficients (shocks): a_ij in year index t becomes a_ij + delta. */
  coefficientDeltas?: { t: number; i: number; j: number; delta: number }[];
  /** Year-specific changes to limit coefficients: r_kj in year index t becomes r_kj + delta. */
  limitDeltas?: { k: number; t: number; j: number; delta: number }[];
  /**
   * Import substitution: imports counted against limit `limit` that fall short may be replaced by domestic output of
   * the same product, up to `share` of each product's imports (what bans leave of them) and at `cost` units of
   * domestic output per unit of import replaced; `imports` are the model's imported-input coefficients Aᴹ.
   */
  importSubstitution?: { limit: number; imports: Matrix; share: number; cost: number };
  /** Per year and product (t·n + i): the share of the product's imports banned by shocks (0–1). */
  importBanShare?: Float64Array;
  /**
   * Floors on final deliveries by category (household consumption, government…): in year t sector i's final
   * deliveries are at least Σ floors' values[t·n + i]. Hard in the optimum; in the feasibility check each floor may
   * give at a price (weight per cent of it), and the relaxation names the floor that gave.
   */
  floors?: FloorSpec[];
  /** The scenario applied, for the record (names and what each shock did). */
  scenario?: { name: string; applied: string[] };
  /**
   * What the optimum maximises (the feasibility check ignores it). `harmony` (default): Σ weight · h(φ) over targets
   * and years, each target with its own fulfilment φ and the concave harmony h (more of a short target counts more, φ
   * capped at `MAX_FULFILMENT`). `bundle`: the targets of a rank in a year form one bundle delivered in a common
   * proportion φ_t (y or x ≥ φ_t · target for each of them), and the optimum maximises Σ_t φ_t — Kantorovich's
   * assortment objective, and Cockshott & Cottrell's five-year plan's; weights do not apply, ranks do; φ is uncapped.
   */
  objective?: "harmony" | "bundle";
}

/** A target on one sector's output or final deliveries, per year (NaN where the year has none). */
export interface TargetSpec {
  id: string;
  label: string;
  sector: number;
  on: "output" | "final";
  kind: "min" | "exact";
  /** Per plan year, in model units; NaN = no target that year. */
  values: Float64Array;
  /** The unit the plan states the target in, and model units per one of it (for reporting back). */
  unit: string;
  factor: number;
  /** Weight in the harmony objective and in the elastic program (higher = more important). */
  weight: number;
  /** Lexicographic rank: 1 is met first. */
  rank: number;
}

/** A resource limit per year: Σ_i coefficients_i · x_i ≤ value (labour, imports/foreign exchange, energy…). */
export interface LimitSpec {
  id: string;
  label: string;
  unit: string;
  /** Use of the resource per unit of each sector's output (from a satellite row divided by output). */
  coefficients: Float64Array;
  /** Per plan year; Infinity = no limit that year. */
  values: Float64Array;
  /** Weight of relaxing this limit in the elastic program (per cent of the limit). */
  weight: number;
  /**
   * What can be paid for, per plan year (a foreign-exchange account: exports and other inflows, in the limit's
   * units). `values` never exceed it: shocks scale or set `uncapped` (what the limit would be with money enough:
   * its own values, a border closure's cut) and `values` = min(uncapped, ceiling).
   */
  ceiling?: LimitCeiling;
}

/** The funding side of a limit: imports are bounded by what the border lets through and by what can be paid for. */
export interface LimitCeiling {
  /** What pays, in words (e.g. "exports and other inflows (central)"). */
  label: string;
  /** What pays, part by part (exports, workers' earnings…), per plan year, in the limit's units. */
  parts: { id: string; label: string; values: Float64Array }[];
  /** Σ parts per plan year, in the limit's units. */
  values: Float64Array;
  /** The limit's values before the ceiling, per plan year (shocks act on these). */
  uncapped: Float64Array;
}

/** Productive capacity and how investment grows it (dynamic Leontief). */
export interface CapacitySpec {
  /** Capacity in the first plan year, per sector (Infinity = unconstrained). */
  initial: Float64Array;
  /** Capital coefficients B: capital goods from sector i per unit of new capacity in sector j. */
  capital?: Matrix;
  /**
   * The rank-one alternative when the model has no B: every unit of new capacity needs `ratio` units of capital
   * goods in the proportions `mix` (summing to 1, e.g. the base-year investment mix). Kept sparse in the program.
   * Neither `capital` nor `capitalMix` = no investment.
   */
  capitalMix?: { ratio: number; mix: Float64Array };
  /** Years between starting an investment and the capacity being usable (≥ 1). */
  leadTime: number;
  /**
   * Share of capacity lost each year: one rate for every sector, or one per sector (the capital of iron works wears
   * out slower than that of a farm). Capacity in sector i after s years is δ-discounted by (1 − δ_i)^s.
   */
  depreciation: number | Float64Array;
  /** Per sector and plan year, multiplicative capacity factor from shocks (1 = none); length years·n. */
  factor?: Float64Array;
  /**
   * Capital stocks per (capital good, using industry), as planners keep them: with them the program bounds output by
   * every stock an industry holds (b_ij·x_jt ≤ what is left of stock ij), each stock wearing out at its own rate and
   * grown by investment of good i delivered to industry j; per-sector `initial`, `capital`, `capitalMix` and
   * `depreciation` are then not used (`initial` should be Infinity).
   */
  stocks?: CapitalStocks;
}

/** Capital stocks per (good, using industry) pair p = (good[p], industry[p]); arrays parallel, one entry a pair. */
export interface CapitalStocks {
  /** The capital good (sector index whose output the stock is made of). */
  good: Int32Array;
  /** The industry holding the stock (sector index). */
  industry: Int32Array;
  /** b_ij: units of the stock per unit of the industry's output a year (stock ÷ the output it allows). */
  perUnit: Float64Array;
  /** The stock at the start of the first plan year, in the good's units. */
  initial: Float64Array;
  /** Share of the stock worn out each year (in [0, 1]). */
  depreciation: Float64Array;
  /** Whether the plan may invest (deliver good i to industry j's stock); off: stocks only wear out. */
  investment: boolean;
}

/** A floor on one final-demand category's deliveries, per year and sector. */
export interface FloorSpec {
  id: string;
  label: string;
  /** The final-demand category it holds up (for the record). */
  category: string;
  /** Per year and sector (t·n + i), in model units; 0 = no floor there. */
  values: Float64Array;
  /** Model unit of the values. */
  unit: string;
  /** Weight of cutting the floor by 1 % in the feasibility check (high: a floor gives last). */
  weight: number;
}
