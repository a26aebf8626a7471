import { DimensionError } from "../errors.ts";
import type { LeontiefSolveOptions, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { DENSE_LU_LIMIT } from "../linalg/leontiefSystem.ts";
import { compensatedSum } from "../linalg/sum.ts";
import type { AnalysisConvention } from "./convention.ts";
import { forEachLeontiefColumn } from "./leontiefColumns.ts";

/** Coefficients of variation beside Rasmussen's power and sensitivity of dispersion, one per sector. */
export interface DispersionVariation {
  /** Whose definition the two vectors follow (`fio` and `leontief` share one). */
  convention: AnalysisConvention;
  /** Per sector j: variability of the power of dispersion (column j of L, in the `ioplan` convention). */
  power: Float64Array;
  /** Per sector i: variability of the sensitivity of dispersion (row i of L, in the `ioplan` convention). */
  sensitivity: Float64Array;
  /** The largest residual among the solves used. */
  residual: number;
  converged: boolean;
}

/**
 * Rasmussen's (1956) coefficients of variation of the power and sensitivity of dispersion: a low value says a
 * sector's pull (or push) is spread evenly over many sectors, a high one that it rests on a few. In the `ioplan`
 * convention, as Hazari (1970) and Vale & Perobelli (2020, the reference fio cites) write them, with
 * L = (I − A)⁻¹:
 *
 * - power of sector j:       V_j = sqrt( Σ_i (L_ij − L̄_·j)² / (n − 1) ) / L̄_·j,  L̄_·j = (1/n) Σ_i L_ij
 * - sensitivity of sector i: V_i = sqrt( Σ_j (L_ij − L̄_i·)² / (n − 1) ) / L̄_i·,  L̄_i· = (1/n) Σ_j L_ij
 *
 * `fio` and `leontief` give what those packages compute (fio's `compute_power_dispersion_cv`, leontief's
 * `power_dispersion_cv`, and the sensitivity twins), which pairs the indices differently:
 * power_i = sqrt( Σ_j (L_ij − L̄_·j)² / (n − 1) ) / L̄_·i and sensitivity_j = sqrt( Σ_i
 * (L_ij − L̄_i·)² / (n − 1) ) / L̄_j·.
 *
 * L is never held: one solve for its row sums, then one per column, each column used and dropped (n + 1 solves,
 * O(n) memory; by LU up to {@link DENSE_LU_LIMIT} sectors, about a second at 1,000 sectors).
 * @throws DimensionError for fewer than two sectors (a spread needs two).
 * @example
 * ```ts
 * // Miller & Blair's two sectors: L = [[1.2541, 0.3300], [0.2640, 1.1221]]
 * const cv = dispersionVariation(createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]])));
 * const show = (x: ArrayLike<number>) => Array.from(x, (v) => v.toFixed(4));
 * console.log(show(cv.power), show(cv.sensitivity)); // [ '0.9223', '0.7714' ] [ '0.8250', '0.8755' ]
 * ```
 */
export function dispersionVariation(
  system: LeontiefSystem,
  options: LeontiefSolveOptions & { convention?: AnalysisConvention } = {},
): DispersionVariation {
  const n = system.n;
  if (n < 2) throw new DimensionError(`dispersion needs at least two sectors; the model has ${n}`);
  const { convention = "ioplan", ...solveOptions } = options;
  const opts: LeontiefSolveOptions = {
    ...solveOptions,
    method: solveOptions.method ?? (n <= DENSE_LU_LIMIT ? "lu" : "auto"),
  };
  const rows = system.solve(new Float64Array(n).fill(1), opts);
  const rowMean = rows.x.map((r) => r / n);
  const colMean = new Float64Array(n);
  const columnSpread = new Float64Array(n); // Σ_i (L_ij − L̄_·j)², column j
  const rowSpread = new Float64Array(n); // Σ_j (L_ij − L̄_i·)², row i
  const peerPower = new Float64Array(n); // Σ_j (L_ij − L̄_·j)², row i against each column's mean
  const peerSensitivity = new Float64Array(n); // Σ_i (L_ij − L̄_i·)², column j against each row's mean
  const columns = forEachLeontiefColumn(system, opts, (j, L) => {
    const mean = compensatedSum(L) / n;
    colMean[j] = mean;
    let own = 0;
    let againstRows = 0;
    for (let i = 0; i < n; i++) {
      const dc = L[i] - mean;
      const dr = L[i] - rowMean[i];
      own += dc * dc;
      peerPower[i] += dc * dc;
      rowSpread[i] += dr * dr;
      againstRows += dr * dr;
    }
    columnSpread[j] = own;
    peerSensitivity[j] = againstRows;
  });
  const residual = Math.max(rows.residual, columns.residual);
  const converged = rows.converged && columns.converged;
  const cv = (spread: number, mean: number) => Math.sqrt(spread / (n - 1)) / mean;
  const ioplan = convention === "ioplan";
  const power = Float64Array.from({ length: n }, (_, k) => cv(ioplan ? columnSpread[k] : peerPower[k], colMean[k]));
  const sensitivity = Float64Array.from({ length: n }, (_, k) =>
    cv(ioplan ? rowSpread[k] : peerSensitivity[k], rowMean[k]),
  );
  return { convention, power, sensitivity, residual, converged };
}
