import { DimensionError, InvalidValueError } from "../errors.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { mapEntries, rowSums } from "../linalg/matrix.ts";
import type { Sector } from "../model.ts";
import type { MrioModel, MrioStressor } from "./mrioModel.ts";

/** An MRIO given by its flows, as pymrio holds an `IOSystem` before `calc_system`. */
export interface MrioFlows {
  name: string;
  regions: string[];
  regionNames?: string[];
  sectors: Sector[];
  /** Intermediate flows Z ((R·S) × (R·S)), regions outer and sectors inner on both axes. */
  Z: Matrix;
  /** Final demand Y ((R·S) × (R·K)): columns (destination region, category), regions outer. */
  Y: DenseMatrix;
  finalDemandCategories: string[];
  /** Stressors with F (R·S) and F_Y (R·K; zeros when omitted). */
  stressors?: { code: string; name?: string; unit?: string; F: ArrayLike<number>; FY?: ArrayLike<number> }[];
  baseYear?: number;
  unit?: string;
}

/**
 * The MRIO of a set of flows: x = Z·1 + Y·1 (pymrio `calc_x`) and A = Z·x̂⁻¹ with a zero column where x is zero
 * (pymrio `calc_A`). O(nnz(Z) + n·R·K).
 *
 * @throws DimensionError when Z, Y, F or F_Y do not have the shapes the regions, sectors and categories give.
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "two regions", regions: ["N", "S"], sectors: [{ code: "goods", name: "Goods" }],
 *   Z: denseMatrix([[20, 10], [5, 30]]), Y: denseMatrix([[60, 10], [15, 50]]), finalDemandCategories: ["households"],
 * });
 * const A = Array.from(m.A.kind === "dense" ? m.A.data : []);
 * console.log(Array.from(m.x), A); // [ 100, 100 ] [ 0.2, 0.1, 0.05, 0.3 ]
 * ```
 */
export function mrioFromFlows(f: MrioFlows): MrioModel {
  const R = f.regions.length;
  const n = R * f.sectors.length;
  const K = f.finalDemandCategories.length;
  if (f.Z.rows !== n || f.Z.cols !== n)
    throw new DimensionError(
      `Z is ${f.Z.rows} × ${f.Z.cols}; ${R} regions × ${f.sectors.length} sectors need ${n} × ${n}`,
    );
  if (f.Y.rows !== n || f.Y.cols !== R * K)
    throw new DimensionError(
      `Y is ${f.Y.rows} × ${f.Y.cols}; it needs ${n} rows and ${R} regions × ${K} categories = ${R * K} columns`,
    );
  const x = rowSums(f.Z);
  const y = rowSums(f.Y);
  for (let i = 0; i < n; i++) x[i] += y[i];
  const A = mapEntries(f.Z, (_i, j, v) => (x[j] === 0 ? 0 : v / x[j]));
  const stressors: MrioStressor[] = (f.stressors ?? []).map((s) => ({
    code: s.code,
    name: s.name ?? s.code,
    unit: s.unit ?? "",
    F: Float64Array.from(s.F),
    FY: s.FY ? Float64Array.from(s.FY) : new Float64Array(R * K),
  }));
  const model: MrioModel = {
    name: f.name,
    regions: [...f.regions],
    regionNames: f.regionNames ? [...f.regionNames] : [...f.regions],
    sectors: f.sectors.map((s) => ({ ...s })),
    A,
    x,
    Y: f.Y,
    finalDemandCategories: [...f.finalDemandCategories],
    stressors,
    baseYear: f.baseYear ?? 0,
    unit: f.unit ?? "",
    sources: [],
    notes: [],
  };
  assertMrioShape(model);
  return model;
}

/**
 * Checks that an MRIO's parts fit its regions, sectors and categories and hold finite numbers (A, x, Y, F, F_Y).
 * O(nnz(A) + n·R·K).
 * @throws DimensionError naming the part of the wrong shape; InvalidValueError naming a non-finite value.
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "one", regions: ["N"], sectors: [{ code: "g", name: "g" }],
 *   Z: denseMatrix([[1]]), Y: denseMatrix([[1]]), finalDemandCategories: ["h"],
 * });
 * assertMrioShape(m);
 * try {
 *   assertMrioShape({ ...m, x: new Float64Array(2) });
 * } catch (e) {
 *   console.log((e as Error).message); // x has 2 values; 1 regions × 1 sectors need 1
 * }
 * ```
 */
export function assertMrioShape(m: MrioModel): void {
  const R = m.regions.length;
  const S = m.sectors.length;
  const n = R * S;
  const K = m.finalDemandCategories.length;
  const part = (what: string, v: ArrayLike<number>, len: number, lenText: string): void => {
    if (v.length !== len) throw new DimensionError(`${what} has ${v.length} values; ${lenText} need ${len}`);
    for (let k = 0; k < len; k++)
      if (!Number.isFinite(v[k])) throw new InvalidValueError(`${what} at ${k}`, v[k], "a finite number");
  };
  if (m.regionNames.length !== R)
    throw new DimensionError(`regionNames has ${m.regionNames.length} names for ${R} regions`);
  if (m.A.rows !== n || m.A.cols !== n)
    throw new DimensionError(`A is ${m.A.rows} × ${m.A.cols}; ${R} regions × ${S} sectors need ${n} × ${n}`);
  part("x", m.x, n, `${R} regions × ${S} sectors`);
  if (m.Y.rows !== n || m.Y.cols !== R * K)
    throw new DimensionError(
      `Y is ${m.Y.rows} × ${m.Y.cols}; it needs ${n} rows and ${R} regions × ${K} categories = ${R * K} columns`,
    );
  part("Y", m.Y.data, n * R * K, `${n} rows × ${R * K} columns`);
  part(
    "A",
    m.A.kind === "dense" ? m.A.data : m.A.values,
    m.A.kind === "dense" ? n * n : m.A.values.length,
    "its stored entries",
  );
  for (const s of m.stressors) {
    part(`stressor ${s.code}: F`, s.F, n, `${R} regions × ${S} sectors`);
    part(`stressor ${s.code}: F_Y`, s.FY, R * K, `${R} regions × ${K} categories`);
  }
}
