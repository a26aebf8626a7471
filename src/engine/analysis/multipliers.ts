import { DimensionError, InvalidValueError } from "../errors.ts";
import type { LeontiefSolution, LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { createLeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { assertLength, entryTriplets } from "../linalg/matrix.ts";
import { cscFromTriplets } from "../linalg/sparse.ts";

/** A vector of multipliers, one per sector, with the solve that produced it. */
export interface MultiplierResult {
  values: Float64Array;
  solve: Pick<LeontiefSolution, "residual" | "iterations" | "method" | "status" | "converged">;
}

function solveInfo(s: LeontiefSolution): MultiplierResult["solve"] {
  return { residual: s.residual, iterations: s.iterations, method: s.method, status: s.status, converged: s.converged };
}

/**
 * Simple output multipliers m_j = Σ_i L_ij, the column sums of the Leontief inverse, computed by one
 * transposed solve (I − A)ᵀ·m = 1 (Miller & Blair 2009, §6.2.1), never by forming L.
 * @example
 * ```ts
 * // column sums of L = (I − A)⁻¹: 1.15/0.7575 and 1.1/0.7575 (Miller & Blair 2009, §6.2: 1.518 and 1.452)
 * const m = outputMultipliers(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * console.log(Array.from(m.values, (v) => v.toFixed(4)), m.solve.converged); // [ '1.5182', '1.4521' ] true
 * ```
 */
export function outputMultipliers(system: LeontiefSystem, options: LeontiefSolveOptions = {}): MultiplierResult {
  const s = system.solveTransposed(new Float64Array(system.n).fill(1), options);
  return { values: s.x, solve: solveInfo(s) };
}

/**
 * Multipliers of any satellite row (employment, value added, income, energy, emissions): with direct
 * intensities e_j (satellite per unit of output), the total requirement per unit of final demand is eᵀL,
 * computed as (I − A)ᵀ·μ = e (Miller & Blair 2009, §6.3–6.4, "total" multipliers). Divide by e_j for
 * Type I ratios ({@link typeIRatios}).
 *
 * @throws DimensionError when the intensity vector's length differs from the sector count.
 * @example
 * ```ts
 * // jobs per unit of output e = [0.3, 0.25]: jobs per unit of final demand eᵀL = [0.335, 0.2875] / 0.7575
 * const m = satelliteMultipliers(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])), [0.3, 0.25]);
 * console.log(Array.from(m.values, (v) => v.toFixed(4))); // [ '0.4422', '0.3795' ]
 * ```
 */
export function satelliteMultipliers(
  system: LeontiefSystem,
  intensities: ArrayLike<number>,
  options: LeontiefSolveOptions = {},
): MultiplierResult {
  assertLength(intensities, system.n, "satellite intensities");
  const s = system.solveTransposed(intensities, options);
  return { values: s.x, solve: solveInfo(s) };
}

/** Ratios μ_j / e_j (Type I income or employment multipliers); NaN where e_j is 0.
 * @example
 * ```ts
 * // Type I ratios: total effect per direct effect (here 0.4422/0.3 and 0.3795/0.25)
 * const ratios = typeIRatios([0.335 / 0.7575, 0.2875 / 0.7575], [0.3, 0.25]);
 * console.log(Array.from(ratios, (v) => v.toFixed(4))); // [ '1.4741', '1.5182' ]
 * ```
 */
export function typeIRatios(totals: ArrayLike<number>, intensities: ArrayLike<number>): Float64Array {
  const out = new Float64Array(totals.length);
  for (let j = 0; j < out.length; j++) out[j] = intensities[j] === 0 ? NaN : totals[j] / intensities[j];
  return out;
}

/** Type II (household-closed) results. */
export interface TypeIIResult {
  /** Column sums over the n industries of L̄ (household row excluded: Miller & Blair's "truncated" total). */
  outputMultipliers: Float64Array;
  /** The same including the household row (income generated per unit of final demand counted as output). */
  outputMultipliersWithHouseholds: Float64Array;
  /** Household row of L̄: total income per unit of final demand (Miller & Blair's "total income multipliers"). */
  incomeMultipliers: Float64Array;
  /** Type II income multipliers: incomeMultipliers_j / labourIncome_j. */
  typeIIIncomeRatios: Float64Array;
  solve: MultiplierResult["solve"];
}

/**
 * Type II multipliers: households made endogenous by appending a row of labour-income coefficients h_R
 * (income per unit of output) and a column of household consumption coefficients h_C (purchases from each
 * sector per unit of household income) to A (Miller & Blair 2009, §2.5 and §6.2.2):
 *
 *     Ā = [ A    h_C ]
 *         [ h_Rᵀ  h  ]
 *
 * Each quantity is one transposed solve on the (n+1)-sector closed system.
 *
 * @throws DimensionError when h_R or h_C has the wrong length.
 * @example
 * ```ts
 * // households closed: labour income per unit of output h_R = [0.3, 0.25], consumption per unit of income h_C = [0.4,
 * // 0.35]
 * const r = typeIIMultipliers(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), [0.3, 0.25], [0.4, 0.35]);
 * console.log(Array.from(r.outputMultipliers, (v) => v.toFixed(4))); // [ '2.2328', '2.0655' ]
 * console.log(Array.from(r.incomeMultipliers, (v) => v.toFixed(4))); // [ '0.6407', '0.5498' ]
 * ```
 */
export function typeIIMultipliers(
  A: Matrix,
  labourIncome: ArrayLike<number>,
  householdConsumption: ArrayLike<number>,
  options: LeontiefSolveOptions & { householdOwnUse?: number; labels?: readonly string[] } = {},
): TypeIIResult {
  const n = A.rows;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix A must be square; it is ${A.rows} × ${A.cols}`);
  assertLength(labourIncome, n, "labour-income coefficients");
  assertLength(householdConsumption, n, "household consumption coefficients");
  const closed = closeForHouseholds(A, labourIncome, householdConsumption, options.householdOwnUse ?? 0);
  const sys = createLeontiefSystem(closed, { labels: options.labels ? [...options.labels, "households"] : undefined });
  const rhs = new Float64Array(n + 1).fill(1);
  rhs[n] = 0;
  const truncated = sys.solveTransposed(rhs, options);
  const eh = new Float64Array(n + 1);
  eh[n] = 1;
  const income = sys.solveTransposed(eh, options);
  const outT = truncated.x.slice(0, n);
  const incomeRow = income.x.slice(0, n);
  const withH = new Float64Array(n);
  for (let j = 0; j < n; j++) withH[j] = outT[j] + incomeRow[j];
  const worst = truncated.residual >= income.residual ? truncated : income;
  return {
    outputMultipliers: outT,
    outputMultipliersWithHouseholds: withH,
    incomeMultipliers: incomeRow,
    typeIIIncomeRatios: typeIRatios(incomeRow, labourIncome),
    solve: solveInfo(worst),
  };
}

/** Ā: A bordered by the household row and column, as CSC (dense input stays cheap: n² stored at most).
 * @example
 * ```ts
 * const closed = closeForHouseholds(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), [0.3, 0.25], [0.4, 0.35]);
 * const rows = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
 * forEachEntry(closed, (i, j, v) => (rows[i][j] = v));
 * console.log(rows); // [ [ 0.15, 0.25, 0.4 ], [ 0.2, 0.05, 0.35 ], [ 0.3, 0.25, 0 ] ]
 * ```
 * @throws DimensionError when A is not square or h_R or h_C has the wrong length; InvalidValueError for a non-finite
 * own use.
 */
export function closeForHouseholds(A: Matrix, hR: ArrayLike<number>, hC: ArrayLike<number>, hh = 0): Matrix {
  const n = A.rows;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix A must be square; it is ${A.rows} × ${A.cols}`);
  assertLength(hR, n, "labour-income coefficients");
  assertLength(hC, n, "household consumption coefficients");
  if (!Number.isFinite(hh)) throw new InvalidValueError("households' own use", hh, "a finite number");
  const { rows, cols, values: vals } = entryTriplets(A);
  for (let j = 0; j < n; j++) {
    if (hR[j] !== 0) {
      rows.push(n);
      cols.push(j);
      vals.push(hR[j]);
    }
    if (hC[j] !== 0) {
      rows.push(j);
      cols.push(n);
      vals.push(hC[j]);
    }
  }
  if (hh !== 0) {
    rows.push(n);
    cols.push(n);
    vals.push(hh);
  }
  return cscFromTriplets(n + 1, n + 1, { rows, cols, values: vals }, { allowNegative: true });
}
