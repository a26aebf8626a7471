import { DimensionError, InvalidValueError, NON_NEGATIVE_ENTRY, nameOf } from "../errors.ts";

/**
 * A dense matrix: `rows × cols` values in row-major order (`data[i * cols + j]` is row i, column j).
 * The layout is explicit so kernels can loop over the typed array without indirection.
 */
export interface DenseMatrix {
  readonly kind: "dense";
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * Creates a dense matrix from row-major data (copied unless it is already a Float64Array of the right size,
 * which is then shared) or from an array of rows.
 *
 * @throws DimensionError when the data do not fill `rows × cols` or rows are ragged.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * console.log(A.rows, A.cols, A.data[1]); // 2 2 0.25
 * console.log(denseMatrix(2, 3).data.length); // 6
 * ```
 */
export function denseMatrix(rowsOrData: readonly (readonly number[])[]): DenseMatrix;
export function denseMatrix(rows: number, cols: number, data?: ArrayLike<number>): DenseMatrix;
export function denseMatrix(
  a: number | readonly (readonly number[])[],
  cols?: number,
  data?: ArrayLike<number>,
): DenseMatrix {
  if (typeof a !== "number") {
    const rows = a.length;
    const c = rows === 0 ? 0 : a[0].length;
    const out = new Float64Array(rows * c);
    for (let i = 0; i < rows; i++) {
      if (a[i].length !== c) {
        throw new DimensionError(`row ${i} has ${a[i].length} values; row 0 has ${c}: rows must be the same length`);
      }
      out.set(a[i], i * c);
    }
    return { kind: "dense", rows, cols: c, data: out };
  }
  const rows = a;
  const c = cols ?? rows;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(c) || c < 0) {
    throw new DimensionError(`matrix shape ${rows} × ${c} is not valid: both must be whole numbers ≥ 0`);
  }
  if (data === undefined) return { kind: "dense", rows, cols: c, data: new Float64Array(rows * c) };
  if (data.length !== rows * c) {
    throw new DimensionError(`data has ${data.length} values; a ${rows} × ${c} matrix needs ${rows * c}`);
  }
  const arr = data instanceof Float64Array ? data : Float64Array.from(data);
  return { kind: "dense", rows, cols: c, data: arr };
}

/** The n × n identity matrix.
 * @example
 * ```ts
 * console.log(Array.from(identity(2).data)); // [ 1, 0, 0, 1 ]
 * ```
 */
export function identity(n: number): DenseMatrix {
  const m = denseMatrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Value at row i, column j (no bounds check: for tests and small code paths, not inner loops).
 * @example
 * ```ts
 * console.log(denseGet(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), 1, 0)); // 0.2
 * ```
 */
export function denseGet(m: DenseMatrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** Rows of a dense matrix as plain arrays (for display, JSON and tests).
 * @example
 * ```ts
 * console.log(denseToRows(denseMatrix(2, 2, [1, 2, 3, 4]))); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export function denseToRows(m: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** The transpose, as a new dense matrix. O(rows·cols).
 * @example
 * ```ts
 * console.log(denseToRows(denseTranspose(denseMatrix([[1, 2, 3]])))); // [ [ 1 ], [ 2 ], [ 3 ] ]
 * ```
 */
export function denseTranspose(m: DenseMatrix): DenseMatrix {
  const t = denseMatrix(m.cols, m.rows);
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
  return t;
}

/** C = A·B for dense matrices. O(n·m·k); for tests and small sizes.
 * @example
 * ```ts
 * const a = denseMatrix([[1, 2], [3, 4]]);
 * console.log(denseToRows(denseMultiply(a, identity(2)))); // [ [ 1, 2 ], [ 3, 4 ] ]
 * console.log(denseToRows(denseMultiply(a, a))); // [ [ 7, 10 ], [ 15, 22 ] ]
 * ```
 */
export function denseMultiply(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) throw new DimensionError(`cannot multiply ${a.rows} × ${a.cols} by ${b.rows} × ${b.cols}`);
  const c = denseMatrix(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return c;
}

/**
 * Checks every value is finite and, unless `allowNegative`, non-negative.
 *
 * @throws InvalidValueError naming the row and column (with labels when given) and the value.
 * @example
 * ```ts
 * try {
 *   assertFiniteMatrix(denseMatrix([[1, NaN]]), "flows", { colLabels: ["farms", "mills"] });
 * } catch (e) {
 *   const [what, expected] = (e as Error).message.split("; ");
 *   console.log(what); // flows row index 0, column mills (index 1): value NaN is not allowed
 *   console.log(expected); // expected a finite number ≥ 0 (negative entries must be declared allowed)
 * }
 * ```
 */
export function assertFiniteMatrix(
  m: DenseMatrix,
  what: string,
  options: { allowNegative?: boolean; rowLabels?: readonly string[]; colLabels?: readonly string[] } = {},
): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (!Number.isFinite(v) || (!options.allowNegative && v < 0)) {
        throw new InvalidValueError(
          `${what} row ${nameOf(i, options.rowLabels)}, column ${nameOf(j, options.colLabels)}`,
          v,
          options.allowNegative ? "a finite number" : NON_NEGATIVE_ENTRY,
        );
      }
    }
  }
}
