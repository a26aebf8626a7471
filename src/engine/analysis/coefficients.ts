import { DimensionError, InvalidValueError, nameOf } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { assertLength, assertSquare, forEachEntry, mapEntries } from "../linalg/matrix.ts";

/** Technical coefficients with the sectors whose output is zero listed (their columns are zero). */
export interface CoefficientsResult {
  A: Matrix;
  /** Indices of sectors with zero output: their coefficient column is set to 0 (no production, no inputs). */
  zeroOutputSectors: number[];
}

/** Options for coefficient computations. */
export interface CoefficientOptions {
  /** Sector codes for error messages. */
  labels?: readonly string[];
  /** Allow negative flows (e.g. BEA's subsidy effects, scrap rows); default false. */
  allowNegative?: boolean;
}

/**
 * Technical coefficients A = Z·diag(x)⁻¹ (Miller & Blair 2009, eq. 2.4): a_ij is sector i's input per unit of
 * sector j's output. A sector with zero output and no inputs gets a zero column and is listed in
 * `zeroOutputSectors`; one with zero output but positive inputs is an error (the table is inconsistent).
 * Keeps Z's layout (dense, CSC or CSR). O(nnz).
 *
 * @throws DimensionError when Z is not square or x has the wrong length.
 * @throws InvalidValueError naming the sector for NaN/infinite/negative output, inputs to a zero-output
 *   sector, or (unless allowed) negative flows.
 * @example
 * ```ts
 * // Miller & Blair (2009), Table 2.3: Z = [[150, 500], [200, 100]], x = [1000, 2000]
 * const { A } = technicalCoefficients(denseMatrix([[150, 500], [200, 100]]), [1000, 2000]);
 * console.log(entryTriplets(A).values); // [ 0.15, 0.25, 0.2, 0.05 ]
 * ```
 */
export function technicalCoefficients(
  Z: Matrix,
  x: ArrayLike<number>,
  options: CoefficientOptions = {},
): CoefficientsResult {
  const n = assertSquare(Z, "flow matrix Z");
  assertLength(x, n, "gross output x");
  const labels = options.labels;
  const zero: number[] = [];
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x[j]) || x[j] < 0) {
      throw new InvalidValueError(`gross output of sector ${nameOf(j, labels)}`, x[j], "a finite number ≥ 0");
    }
    if (x[j] === 0) zero.push(j);
  }
  forEachEntry(Z, (i, j, v) => {
    if (!Number.isFinite(v) || (!options.allowNegative && v < 0)) {
      throw new InvalidValueError(
        `flow Z from sector ${nameOf(i, labels)} to sector ${nameOf(j, labels)}`,
        v,
        options.allowNegative
          ? "a finite number"
          : "a finite number ≥ 0 (declare negative flows allowed if they are real)",
      );
    }
    if (x[j] === 0 && v !== 0) {
      throw new InvalidValueError(
        `flow Z from sector ${nameOf(i, labels)} to sector ${nameOf(j, labels)}, whose gross output is 0,`,
        v,
        "0 (a sector with no output uses no inputs)",
      );
    }
  });
  const A = mapEntries(Z, (_i, j, v) => (x[j] === 0 ? 0 : v / x[j]));
  // an output so small that a flow divided by it overflows (1e-320, a typo for a number) is not an answer
  forEachEntry(A, (i, j, v) => {
    if (!Number.isFinite(v))
      throw new InvalidValueError(
        `gross output of sector ${nameOf(j, labels)} (which divides the flow from ${nameOf(i, labels)})`,
        x[j],
        "an output large enough that every input coefficient is a finite number",
      );
  });
  return { A, zeroOutputSectors: zero };
}

/**
 * Allocation (output) coefficients B = diag(x)⁻¹·Z for the Ghosh model (Miller & Blair 2009, eq. 12.1):
 * b_ij is the share of sector i's output sold to sector j. Rows of zero-output sectors are zero.
 * @example
 * ```ts
 * // b_ij = z_ij / x_i: what share of sector i's output goes to sector j
 * const { A: B } = allocationCoefficients(denseMatrix([[150, 500], [200, 100]]), [1000, 2000]);
 * console.log(entryTriplets(B).values); // [ 0.15, 0.5, 0.1, 0.05 ]
 * ```
 */
export function allocationCoefficients(
  Z: Matrix,
  x: ArrayLike<number>,
  options: CoefficientOptions = {},
): CoefficientsResult {
  const n = assertSquare(Z, "flow matrix Z");
  assertLength(x, n, "gross output x");
  // Same checks as technicalCoefficients, by rows: validate through it on the transpose's terms.
  const zero: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || x[i] < 0)
      throw new InvalidValueError(`gross output of sector ${nameOf(i, options.labels)}`, x[i], "a finite number ≥ 0");
    if (x[i] === 0) zero.push(i);
  }
  forEachEntry(Z, (i, j, v) => {
    if (!Number.isFinite(v) || (!options.allowNegative && v < 0)) {
      throw new InvalidValueError(
        `flow Z from sector ${nameOf(i, options.labels)} to sector ${nameOf(j, options.labels)}`,
        v,
        "a finite number ≥ 0",
      );
    }
    if (x[i] === 0 && v !== 0) {
      throw new InvalidValueError(
        `flow Z from sector ${nameOf(i, options.labels)}, whose gross output is 0,`,
        v,
        "0 (a sector with no output sells nothing)",
      );
    }
  });
  return { A: mapEntries(Z, (i, _j, v) => (x[i] === 0 ? 0 : v / x[i])), zeroOutputSectors: zero };
}

/** Allocation coefficients from technical coefficients and output: b_ij = a_ij·x_j / x_i.
 * @example
 * ```ts
 * const B = allocationFromTechnical(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), [1000, 2000]);
 * console.log(entryTriplets(B).values); // [ 0.15, 0.5, 0.1, 0.05 ]
 * ```
 */
export function allocationFromTechnical(A: Matrix, x: ArrayLike<number>): Matrix {
  const n = assertSquare(A, "coefficient matrix A");
  if (x.length !== n) throw new DimensionError(`gross output has length ${x.length}; expected ${n}`);
  return mapEntries(A, (i, j, v) => (x[i] === 0 ? 0 : (v * x[j]) / x[i]));
}
