/**
 * Whose definition a peer-sensitive quantity follows. `ioplan` is the textbook's (and ioplan's default); `fio` and
 * `leontief` reproduce those R packages where their code defines a quantity differently (see docs/checks.md):
 *
 * - dispersion coefficients of variation: fio and leontief pair row i's deviations from each column's mean with
 *   column i's mean (their code, and the numbers fio's vignette prints), not the spread of one column or row of L;
 * - forward linkage: leontief's `forward_linkage` is the row sums of A (`backward_linkage` the column sums of A);
 * - multiplier product matrix: leontief's is the transpose of Sonis & Hewings' (fio has none);
 * - hypothetical extraction: fio zeroes the whole column (row), diagonal included, and measures against the table's
 *   total production; field of influence: fio sums the squares of a finite-difference field.
 */
export type AnalysisConvention = "ioplan" | "fio" | "leontief";

/**
 * The conventions, default first.
 * @example
 * ```ts
 * console.log(ANALYSIS_CONVENTIONS); // [ 'ioplan', 'fio', 'leontief' ]
 * ```
 */
export const ANALYSIS_CONVENTIONS: readonly AnalysisConvention[] = ["ioplan", "fio", "leontief"];
