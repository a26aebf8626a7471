import type { DenseMatrix } from "../linalg/dense.ts";
import type { Matrix } from "../linalg/matrix.ts";
import type { Sector } from "../model.ts";

/**
 * A multi-regional input–output model (MRIO) in memory, laid out as pymrio lays out an `IOSystem`: every region
 * has the same sector list, and a (region, sector) pair is index `r·S + i` (regions outer, sectors inner) in
 * every vector and on both axes of Z and A. Final demand has one column per (destination region, category),
 * index `s·K + k`. Units are those of `unit` for money; each stressor carries its own unit.
 */
export interface MrioModel {
  name: string;
  /** Region codes (R), in order. */
  regions: string[];
  /** Region names, parallel to `regions` (the code when no name is known). */
  regionNames: string[];
  /** The sectors of every region (S), in order. */
  sectors: Sector[];
  /** Technical coefficients A ((R·S) × (R·S)): origin (r, i) per unit of output of destination (s, j). */
  A: Matrix;
  /** Gross output x (R·S). */
  x: Float64Array;
  /** Final demand Y ((R·S) × (R·K)): products of origin (r, i) bought by final demand category k of region s. */
  Y: DenseMatrix;
  /** Final-demand categories (K), the same in every region. */
  finalDemandCategories: string[];
  /** Satellite accounts (pymrio "extensions"): stressors emitted by industries (F) and by final demand (F_Y). */
  stressors: MrioStressor[];
  baseYear: number;
  unit: string;
  sources: { title: string; path?: string; licence?: string }[];
  notes: string[];
}

/** One stressor (emissions, employment, water…) of an MRIO: per (region, sector) and per final-demand column. */
export interface MrioStressor {
  code: string;
  name: string;
  unit: string;
  /** Emitted by industries, per (region, sector): F (R·S). */
  F: Float64Array;
  /** Emitted by final demand directly (households' own fuel burning), per (region, category): F_Y (R·K). */
  FY: Float64Array;
}

/**
 * Index of (region r, sector i) in an MRIO's vectors and matrices: regions outer, sectors inner.
 * @example
 * ```ts
 * console.log(mrioIndex(2, 1, 3)); // 7
 * ```
 */
export function mrioIndex(r: number, i: number, sectorCount: number): number {
  return r * sectorCount + i;
}
