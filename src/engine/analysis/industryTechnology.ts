import { DimensionError, InvalidValueError, nameOf } from "../errors.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import { denseMatrix, denseMultiply } from "../linalg/dense.ts";
import { compensatedSum } from "../linalg/sum.ts";

/** Make and Use tables of a supply–use system, as dense matrices with their codes. */
export interface SupplyUseTables {
  /** Make table V: industries × commodities (industry i's output of commodity c). */
  make: DenseMatrix;
  /** Use table U: commodities × industries (commodity c used by industry j). */
  use: DenseMatrix;
  /** Final uses E: commodities × final-demand categories. */
  finalUse: DenseMatrix;
  industries: readonly string[];
  commodities: readonly string[];
  finalDemandCategories: readonly string[];
}

/** An industry-by-industry table derived from Make and Use. */
export interface IndustryTable {
  /** Intermediate flows Z = D·U, industries × industries. */
  Z: DenseMatrix;
  /** Final demand F = D·E, industries × categories. */
  F: DenseMatrix;
  /** Industry gross output g (row sums of the Make table). */
  x: Float64Array;
  /** Market shares D = V·diag(q)⁻¹, industries × commodities. */
  marketShares: DenseMatrix;
  /** Commodity output q (column sums of the Make table). */
  commodityOutput: Float64Array;
  /** Commodities that no industry makes (q = 0) but that are used: their use rows cannot be allocated. */
  unallocatedCommodities: { code: string; intermediateUse: number; finalUse: number }[];
  /**
   * Negative Make entries, kept (statistical offices publish them: BEA's 2023 summary table has −28 for government
   * enterprises × 4A0); each gives a negative market share, which the caller reports. Productivity is checked on A.
   */
  negativeMakeEntries: { industry: string; commodity: string; value: number }[];
}

/**
 * Industry-by-industry table by the industry-technology assumption (BEA, *Concepts and Methods of the U.S.
 * Input–Output Accounts*, 2009, ch. 12; Miller & Blair 2009, §5.3): market shares D = V·diag(q)⁻¹,
 * Z = D·U, F = D·E, and the output of each industry g = V·1. Then A = Z·diag(g)⁻¹ gives an economy where
 * g = Z·1 + F·1 holds to the tables' own rounding. For the domestic variant pass U and E with the import
 * matrix already subtracted. O(industries · commodities²).
 *
 * @throws DimensionError when the tables' shapes do not agree.
 * @throws InvalidValueError naming the industry and commodity for a NaN or infinite Make entry (negative ones are kept
 *   and listed in `negativeMakeEntries`).
 * @example
 * ```ts
 * // two industries, two commodities; industry 1 also makes 10 of commodity 2 (a secondary product). Market shares
 * // D = V·diag(q)⁻¹ with q = [90, 110]: Z = D·U, e.g. z₁₁ = 20 + (10/110)·10 = 20.909
 * const t = industryTechnology({
 *   make: denseMatrix([[90, 10], [0, 100]]), // industries × commodities
 *   use: denseMatrix([[20, 30], [10, 40]]), // commodities × industries
 *   finalUse: denseMatrix([[40], [60]]), // commodities × categories
 *   industries: ["I1", "I2"], commodities: ["C1", "C2"], finalDemandCategories: ["F"],
 * });
 * const Z = denseToRows(t.Z).map((r) => r.map((v) => v.toFixed(3)));
 * console.log(Array.from(t.x), Z); // [ 100, 100 ] [ [ '20.909', '33.636' ], [ '9.091', '36.364' ] ]
 * ```
 */
export function industryTechnology(t: SupplyUseTables): IndustryTable {
  const { make: V, use: U, finalUse: E } = t;
  const ni = V.rows;
  const nc = V.cols;
  if (U.rows !== nc || U.cols !== ni) {
    throw new DimensionError(
      `use table is ${U.rows} × ${U.cols}; ` +
        `with a ${ni} × ${nc} make table it must be ${nc} commodities × ${ni} industries`,
    );
  }
  if (E.rows !== nc)
    throw new DimensionError(`final-use table has ${E.rows} rows; it must have one per commodity (${nc})`);
  if (t.industries.length !== ni)
    throw new DimensionError(`${t.industries.length} industry codes for ${ni} make-table rows`);
  if (t.commodities.length !== nc)
    throw new DimensionError(`${t.commodities.length} commodity codes for ${nc} make-table columns`);
  const negative: IndustryTable["negativeMakeEntries"] = [];
  for (let i = 0; i < ni; i++) {
    for (let c = 0; c < nc; c++) {
      const v = V.data[i * nc + c];
      if (!Number.isFinite(v))
        throw new InvalidValueError(
          `make table industry ${nameOf(i, t.industries)}, commodity ${nameOf(c, t.commodities)}`,
          v,
          "a finite number",
        );
      if (v < 0) negative.push({ industry: t.industries[i], commodity: t.commodities[c], value: v });
    }
  }
  const q = new Float64Array(nc);
  const g = new Float64Array(ni);
  for (let c = 0; c < nc; c++) {
    const col = new Float64Array(ni);
    for (let i = 0; i < ni; i++) col[i] = V.data[i * nc + c];
    q[c] = compensatedSum(col);
  }
  for (let i = 0; i < ni; i++) g[i] = compensatedSum(V.data.subarray(i * nc, (i + 1) * nc));
  const D = denseMatrix(ni, nc);
  for (let i = 0; i < ni; i++)
    for (let c = 0; c < nc; c++) D.data[i * nc + c] = q[c] === 0 ? 0 : V.data[i * nc + c] / q[c];
  const unallocated: IndustryTable["unallocatedCommodities"] = [];
  for (let c = 0; c < nc; c++) {
    if (q[c] !== 0) continue;
    const iu = compensatedSum(U.data.subarray(c * ni, (c + 1) * ni));
    const fu = compensatedSum(E.data.subarray(c * E.cols, (c + 1) * E.cols));
    if (iu !== 0 || fu !== 0) unallocated.push({ code: t.commodities[c], intermediateUse: iu, finalUse: fu });
  }
  return {
    Z: denseMultiply(D, U),
    F: denseMultiply(D, E),
    x: g,
    marketShares: D,
    commodityOutput: q,
    unallocatedCommodities: unallocated,
    negativeMakeEntries: negative,
  };
}
