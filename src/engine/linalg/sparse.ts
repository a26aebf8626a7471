import { DimensionError, IndexRangeError, InvalidValueError, NON_NEGATIVE_ENTRY } from "../errors.ts";

/**
 * A sparse matrix in compressed sparse column form: column j's entries are
 * `rowIndices[colStarts[j] .. colStarts[j+1])` with `values` alongside; row indices are sorted within a column.
 * This is the layout HiGHS takes for constraint matrices.
 */
export interface CscMatrix {
  readonly kind: "csc";
  readonly rows: number;
  readonly cols: number;
  readonly colStarts: Int32Array;
  readonly rowIndices: Int32Array;
  readonly values: Float64Array;
}

/** A sparse matrix in compressed sparse row form (the transpose's CSC layout). */
export interface CsrMatrix {
  readonly kind: "csr";
  readonly rows: number;
  readonly cols: number;
  readonly rowStarts: Int32Array;
  readonly colIndices: Int32Array;
  readonly values: Float64Array;
}

/** Entries as coordinate triplets: `values[k]` sits at `(rows[k], cols[k])`. */
export interface Triplets {
  readonly rows: ArrayLike<number>;
  readonly cols: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Options for building from triplets. */
export interface TripletOptions {
  /** Accept negative values (default false: coefficient matrices are non-negative unless declared). */
  allowNegative?: boolean;
  /** Keep explicit zeros (default false: they are dropped). */
  keepZeros?: boolean;
}

/**
 * Builds a CSR matrix from triplets. Duplicate coordinates are summed. O(nnz + rows).
 *
 * @throws DimensionError when the three triplet arrays differ in length.
 * @throws IndexRangeError naming the entry when an index is outside the shape.
 * @throws InvalidValueError for NaN, infinite, or (unless allowed) negative values.
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, { rows: [0, 1], cols: [1, 0], values: [0.25, 0.2] });
 * console.log(Array.from(A.rowStarts), Array.from(A.colIndices)); // [ 0, 1, 2 ] [ 1, 0 ]
 * ```
 */
export function csrFromTriplets(rows: number, cols: number, t: Triplets, options: TripletOptions = {}): CsrMatrix {
  const c = compress(rows, cols, t.rows, t.cols, t.values, options, "row", "column");
  return { kind: "csr", rows, cols, rowStarts: c.starts, colIndices: c.indices, values: c.values };
}

/** Builds a CSC matrix from triplets; the same checks as {@link csrFromTriplets}.
 * @example
 * ```ts
 * const A = cscFromTriplets(2, 2, { rows: [0, 1], cols: [1, 0], values: [0.25, 0.2] });
 * const [starts, rows] = [Array.from(A.colStarts), Array.from(A.rowIndices)];
 * console.log(starts, rows, Array.from(A.values)); // [ 0, 1, 2 ] [ 1, 0 ] [ 0.2, 0.25 ]
 * ```
 */
export function cscFromTriplets(rows: number, cols: number, t: Triplets, options: TripletOptions = {}): CscMatrix {
  const c = compress(cols, rows, t.cols, t.rows, t.values, options, "column", "row");
  return { kind: "csc", rows, cols, colStarts: c.starts, rowIndices: c.indices, values: c.values };
}

/** The CSR form of a CSC matrix (the same matrix; O(nnz)).
 * @example
 * ```ts
 * const csc = cscFromTriplets(2, 2, { rows: [0, 0, 1], cols: [0, 1, 0], values: [0.15, 0.25, 0.2] });
 * const csr = cscToCsr(csc);
 * console.log(Array.from(csr.rowStarts), Array.from(csr.values)); // [ 0, 2, 3 ] [ 0.15, 0.25, 0.2 ]
 * ```
 */
export function cscToCsr(m: CscMatrix): CsrMatrix {
  const t = transposeCompressed(m.cols, m.rows, m.colStarts, m.rowIndices, m.values);
  return { kind: "csr", rows: m.rows, cols: m.cols, rowStarts: t.starts, colIndices: t.indices, values: t.values };
}

/** The CSC form of a CSR matrix (the same matrix; O(nnz)).
 * @example
 * ```ts
 * const csr = csrFromTriplets(2, 2, { rows: [0, 0, 1], cols: [0, 1, 0], values: [0.15, 0.25, 0.2] });
 * const csc = csrToCsc(csr);
 * console.log(Array.from(csc.colStarts), Array.from(csc.values)); // [ 0, 2, 3 ] [ 0.15, 0.2, 0.25 ]
 * ```
 */
export function csrToCsc(m: CsrMatrix): CscMatrix {
  const t = transposeCompressed(m.rows, m.cols, m.rowStarts, m.colIndices, m.values);
  return { kind: "csc", rows: m.rows, cols: m.cols, colStarts: t.starts, rowIndices: t.indices, values: t.values };
}

/** Number of stored entries.
 * @example
 * ```ts
 * console.log(nnz(csrFromTriplets(3, 3, { rows: [0, 2], cols: [1, 2], values: [0.1, 0.3] }))); // 2
 * ```
 */
export function nnz(m: CscMatrix | CsrMatrix): number {
  return m.values.length;
}

/** Compresses (major, minor, value) triplets into starts/indices/values, sorting minors and summing duplicates. */
function compress(
  nMajor: number,
  nMinor: number,
  major: ArrayLike<number>,
  minor: ArrayLike<number>,
  vals: ArrayLike<number>,
  options: TripletOptions,
  majorName: string,
  minorName: string,
): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
  const n = vals.length;
  if (major.length !== n || minor.length !== n) {
    throw new DimensionError(
      `triplets have ${major.length} ${majorName} indices, ${minor.length} ${minorName} indices and ${n} values: ` +
        "all three must be equal",
    );
  }
  const t = { nMajor, nMinor, major, minor, vals, majorName, minorName };
  const counts = countsPerMajor(t, options);
  for (let i = 0; i < nMajor; i++) counts[i + 1] += counts[i];
  const { idx, val } = scatter(t, counts);
  // Sort each major slice by minor index (insertion sort: slices are short) and merge duplicates.
  const starts = new Int32Array(nMajor + 1);
  let w = 0;
  for (let i = 0; i < nMajor; i++) {
    sortSlice(idx, val, counts[i], counts[i + 1]);
    starts[i] = w;
    w = mergeSlice(idx, val, counts[i], counts[i + 1], w);
    if (!options.keepZeros) w = dropZeros(idx, val, starts[i], w);
  }
  starts[nMajor] = w;
  return w === n
    ? { starts, indices: idx, values: val }
    : { starts, indices: idx.slice(0, w), values: val.slice(0, w) };
}

/** Triplets with their dimensions and what their two indices are called in errors. */
interface NamedTriplets {
  nMajor: number;
  nMinor: number;
  major: ArrayLike<number>;
  minor: ArrayLike<number>;
  vals: ArrayLike<number>;
  majorName: string;
  minorName: string;
}

/**
 * Entries per major index at [i + 1], every triplet checked (indices in range, values finite, ≥ 0 unless allowed).
 */
function countsPerMajor(t: NamedTriplets, options: TripletOptions): Int32Array {
  const { nMajor, nMinor, major, minor, vals, majorName, minorName } = t;
  const counts = new Int32Array(nMajor + 1);
  for (let k = 0; k < vals.length; k++) {
    const i = major[k];
    const j = minor[k];
    const v = vals[k];
    if (!(i >= 0 && i < nMajor) || !Number.isInteger(i))
      throw new IndexRangeError(`triplet ${k} ${majorName}`, i, nMajor);
    if (!(j >= 0 && j < nMinor) || !Number.isInteger(j))
      throw new IndexRangeError(`triplet ${k} ${minorName}`, j, nMinor);
    if (!Number.isFinite(v) || (!options.allowNegative && v < 0)) {
      throw new InvalidValueError(
        `triplet ${k} at ${majorName} ${i}, ${minorName} ${j}`,
        v,
        options.allowNegative ? "a finite number" : NON_NEGATIVE_ENTRY,
      );
    }
    counts[i + 1]++;
  }
  return counts;
}

/** The triplets' minor indices and values placed in their major slices (in the order given). */
function scatter({ nMajor, major, minor, vals }: NamedTriplets, starts: Int32Array) {
  const n = vals.length;
  const next = starts.slice(0, nMajor);
  const idx = new Int32Array(n);
  const val = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = next[major[k]]++;
    idx[p] = minor[k];
    val[p] = vals[k];
  }
  return { idx, val };
}

/** Sorts the slice [lo, hi) by minor index (insertion sort: slices are short; stable). */
function sortSlice(idx: Int32Array, val: Float64Array, lo: number, hi: number): void {
  for (let p = lo + 1; p < hi; p++) {
    const ki = idx[p];
    const kv = val[p];
    let q = p - 1;
    while (q >= lo && idx[q] > ki) {
      idx[q + 1] = idx[q];
      val[q + 1] = val[q];
      q--;
    }
    idx[q + 1] = ki;
    val[q + 1] = kv;
  }
}

/** Copies the sorted slice [lo, hi) to w onwards, summing duplicates in order; returns the new end. */
function mergeSlice(idx: Int32Array, val: Float64Array, lo: number, hi: number, w: number): number {
  const start = w;
  for (let p = lo; p < hi; p++) {
    if (w > start && idx[w - 1] === idx[p]) val[w - 1] += val[p];
    else {
      idx[w] = idx[p];
      val[w] = val[p];
      w++;
    }
  }
  return w;
}

/** Drops the zeros of [from, to); returns the new end. */
function dropZeros(idx: Int32Array, val: Float64Array, from: number, to: number): number {
  let w2 = from;
  for (let p = from; p < to; p++) {
    if (val[p] !== 0) {
      idx[w2] = idx[p];
      val[w2] = val[p];
      w2++;
    }
  }
  return w2;
}

function transposeCompressed(
  nMajor: number,
  nMinor: number,
  starts: Int32Array,
  indices: Int32Array,
  values: Float64Array,
): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
  const nz = values.length;
  const tStarts = new Int32Array(nMinor + 1);
  for (let p = 0; p < nz; p++) tStarts[indices[p] + 1]++;
  for (let i = 0; i < nMinor; i++) tStarts[i + 1] += tStarts[i];
  const next = tStarts.slice(0, nMinor);
  const tIdx = new Int32Array(nz);
  const tVal = new Float64Array(nz);
  for (let j = 0; j < nMajor; j++) {
    for (let p = starts[j]; p < starts[j + 1]; p++) {
      const q = next[indices[p]]++;
      tIdx[q] = j;
      tVal[q] = values[p];
    }
  }
  return { starts: tStarts, indices: tIdx, values: tVal };
}
