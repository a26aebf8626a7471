/**
 * Typed errors of the engine. Each names the thing that was wrong (sector, row, column, index), the bad
 * value and what would be valid, so that callers at the edge (CLI, HTTP, file importers) can show it as is.
 *
 * Results that are failures of the *problem* rather than of the input (a solve that did not converge, an
 * infeasible plan) are returned with a status, not thrown.
 */

/** Base class of every error the engine throws on purpose. `code` is stable and machine-readable.
 * @example
 * ```ts
 * try {
 *   luFactor(denseMatrix([[1, 2], [2, 4]]));
 * } catch (e) {
 *   if (e instanceof IoplanError) console.log(e.code, e.name); // singular SingularMatrixError
 * }
 * ```
 */
export class IoplanError extends Error {
  readonly code: string;
  /**
   * The HTTP status the server answers with (422 by default: the request was understood but its content cannot be
   * used); the CLI exits 2 for every IoplanError. One mapping, in one place each (src/cli/main.ts, the server's
   * onError).
   */
  readonly httpStatus: number;
  constructor(code: string, message: string, httpStatus = 422) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** A number that is NaN, infinite, or outside its allowed range (e.g. a negative coefficient).
 * @example
 * ```ts
 * try {
 *   technicalCoefficients(denseMatrix([[1, -2], [3, 4]]), [10, 10]);
 * } catch (e) {
 *   if (e instanceof InvalidValueError) console.log(e.value); // -2
 * }
 * ```
 */
export class InvalidValueError extends IoplanError {
  readonly where: string;
  readonly value: number;
  constructor(where: string, value: number, allowed: string) {
    super("invalid-value", `${where}: value ${formatValue(value)} is not allowed; expected ${allowed}`);
    this.where = where;
    this.value = value;
  }
}

/** Shapes that do not fit together: a non-square matrix, a vector of the wrong length.
 * @example
 * ```ts
 * try {
 *   createLeontiefSystem(denseMatrix(2, 3));
 * } catch (e) {
 *   console.log(e instanceof DimensionError); // true
 * }
 * ```
 */
export class DimensionError extends IoplanError {
  constructor(message: string) {
    super("dimension", message);
  }
}

/** An index outside `[0, size)`.
 * @example
 * ```ts
 * try {
 *   csrFromTriplets(2, 2, { rows: [0, 5], cols: [0, 1], values: [0.1, 0.2] });
 * } catch (e) {
 *   if (e instanceof IndexRangeError) console.log(e.index); // 5
 * }
 * ```
 */
export class IndexRangeError extends IoplanError {
  readonly index: number;
  constructor(where: string, index: number, size: number) {
    super("index-range", `${where}: index ${index} is out of range; valid indices are 0 to ${size - 1}`);
    this.index = index;
  }
}

/** A matrix that cannot be factorised because it is singular (to working precision).
 * @example
 * ```ts
 * try {
 *   luFactor(denseMatrix([[1, 2], [2, 4]]));
 * } catch (e) {
 *   if (e instanceof SingularMatrixError) console.log(e.column); // 1
 * }
 * ```
 */
export class SingularMatrixError extends IoplanError {
  readonly column: number;
  constructor(column: number, label?: string) {
    super(
      "singular",
      `matrix is singular: no usable pivot in column ${column}${label ? ` (${label})` : ""}; ` +
        "check for a sector whose inputs and outputs are all zero or a row that repeats another",
    );
    this.column = column;
  }
}

/**
 * An economy that cannot sustain positive output: the spectral radius of A is ≥ 1 (Hawkins–Simon fails).
 * `sectors` names the columns whose coefficients sum to ≥ 1 and the sectors that dominate the Perron vector.
 * @example
 * ```ts
 * try {
 *   assertProductive(denseMatrix([[0.6, 0.5], [0.6, 0.5]]), ["farms", "mills"]);
 * } catch (e) {
 *   if (e instanceof NotProductiveError) console.log(e.spectralRadius >= 1, e.sectors); // true [ 'farms', 'mills' ]
 * }
 * ```
 */
export class NotProductiveError extends IoplanError {
  readonly spectralRadius: number;
  readonly sectors: readonly string[];
  constructor(spectralRadius: number, sectors: readonly string[], detail: string) {
    super(
      "not-productive",
      `economy is not productive: spectral radius of A is at least ${spectralRadius.toPrecision(6)} (must be < 1). ` +
        detail,
    );
    this.spectralRadius = spectralRadius;
    this.sectors = sectors;
  }
}

function formatValue(v: number): string {
  return Number.isNaN(v) ? "NaN" : String(v);
}

/** What a matrix entry must be when negative entries are not declared allowed (in errors naming a bad entry). */
export const NON_NEGATIVE_ENTRY = "a finite number ≥ 0 (negative entries must be declared allowed)";

/** Name of item `i` in error messages: its label if one is given, with the index. */
export function nameOf(i: number, labels?: readonly string[]): string {
  return labels && labels[i] !== undefined ? `${labels[i]} (index ${i})` : `index ${i}`;
}
