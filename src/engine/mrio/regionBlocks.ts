import type { LuFactorization } from "../linalg/lu.ts";
import { luFactor } from "../linalg/lu.ts";
import { denseMatrix } from "../linalg/dense.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";

/** Rows of a sparse matrix (CSR arrays without the wrapper), here the part of A outside the diagonal blocks. */
export interface SparseRows {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * (I − A) cut into regions of `size` rows and columns: each diagonal block I − A^rr factorised by LU, the
 * off-diagonal entries of A kept as rows of A (`off`) and as rows of Aᵀ (`offT`). With one block of size n
 * this is a plain LU of I − A and the off-diagonal parts are empty.
 */
export interface RegionBlocks {
  readonly n: number;
  readonly size: number;
  readonly count: number;
  readonly lu: BlockProgram[];
  readonly off: SparseRows;
  readonly offT: SparseRows;
  /** Diagonal blocks of A, dense row-major (size × size each), for residuals. */
  readonly diag: Float64Array[];
}

/**
 * Cuts A (n × n, n a multiple of `size`) into region blocks. O(nnz + count·size³/3).
 * @throws SingularMatrixError when some I − A^rr has no usable pivot (labels name the column).
 */
export function regionBlocks(A: Matrix, size: number, labels?: readonly string[]): RegionBlocks {
  const n = A.rows;
  const count = n / size;
  const diag = Array.from({ length: count }, () => new Float64Array(size * size));
  const rowCount = new Int32Array(n + 1);
  const colCount = new Int32Array(n + 1);
  forEachEntry(A, (i, j) => {
    if (Math.floor(i / size) !== Math.floor(j / size)) {
      rowCount[i + 1]++;
      colCount[j + 1]++;
    }
  });
  for (let i = 0; i < n; i++) {
    rowCount[i + 1] += rowCount[i];
    colCount[i + 1] += colCount[i];
  }
  const total = rowCount[n];
  const off = { starts: rowCount, indices: new Int32Array(total), values: new Float64Array(total) };
  const offT = { starts: colCount, indices: new Int32Array(total), values: new Float64Array(total) };
  const rowFill = rowCount.slice(0, n);
  const colFill = colCount.slice(0, n);
  forEachEntry(A, (i, j, v) => {
    const r = Math.floor(i / size);
    if (r === Math.floor(j / size)) {
      diag[r][(i - r * size) * size + (j - r * size)] = v;
      return;
    }
    const p = rowFill[i]++;
    off.indices[p] = j;
    off.values[p] = v;
    const q = colFill[j]++;
    offT.indices[q] = i;
    offT.values[q] = v;
  });
  const lu = diag.map((d, r) => {
    const m = new Float64Array(size * size);
    for (let k = 0; k < m.length; k++) m[k] = -d[k];
    for (let i = 0; i < size; i++) m[i * size + i] += 1;
    return blockProgram(luFactor(denseMatrix(size, size, m), labels?.slice(r * size, (r + 1) * size)));
  });
  return { n, size, count, lu, off, offT, diag };
}

/**
 * One factorised block I − A^rr as four lists of row combinations (CSR-like, coefficients negated), so that every
 * step of a triangular solve adds a combination of whole rows: L's rows and U's rows for (I − A^rr)·t = b, U's and
 * L's columns for the transposed system; `invDiag` holds 1 / U's diagonal.
 */
export interface BlockProgram {
  readonly n: number;
  readonly pivots: Int32Array;
  readonly invDiag: Float64Array;
  readonly lower: SparseRows;
  readonly upper: SparseRows;
  readonly upperT: SparseRows;
  readonly lowerT: SparseRows;
}

/** The row programs of an LU factorisation (see {@link BlockProgram}). O(n²). */
export function blockProgram(f: LuFactorization): BlockProgram {
  const { n, lu, pivots } = f;
  const pick = (
    keep: (row: number, other: number) => boolean,
    at: (row: number, other: number) => number,
  ): SparseRows => {
    const starts = new Int32Array(n + 1);
    const idx: number[] = [];
    const val: number[] = [];
    for (let row = 0; row < n; row++) {
      for (let other = 0; other < n; other++) {
        const v = keep(row, other) ? lu[at(row, other)] : 0;
        if (v !== 0) {
          idx.push(other);
          val.push(-v);
        }
      }
      starts[row + 1] = idx.length;
    }
    return { starts, indices: Int32Array.from(idx), values: Float64Array.from(val) };
  };
  return {
    n,
    pivots,
    invDiag: Float64Array.from({ length: n }, (_, i) => 1 / lu[i * n + i]),
    lower: pick(
      (i, j) => j < i,
      (i, j) => i * n + j,
    ),
    upper: pick(
      (i, j) => j > i,
      (i, j) => i * n + j,
    ),
    upperT: pick(
      (j, i) => i < j,
      (j, i) => i * n + j,
    ),
    lowerT: pick(
      (j, i) => i > j,
      (j, i) => i * n + j,
    ),
  };
}

/**
 * Solves (I − A^rr)·T = T in place for the `m` right-hand sides held as rows `at … at + size` of a row-major
 * block with `m` columns (row operations on whole rows: the m columns go through the cache together).
 */
export function luSolveRows(f: BlockProgram, T: Float64Array, at: number, m: number): void {
  const { n, pivots, invDiag, lower, upper } = f;
  for (let k = 0; k < n; k++) if (pivots[k] !== k) swapRows(T, at + k * m, at + pivots[k] * m, m);
  for (let i = 1; i < n; i++) addCombination(T, at + i * m, lower, i, T, at, m);
  for (let i = n - 1; i >= 0; i--) {
    addCombination(T, at + i * m, upper, i, T, at, m);
    scaleRow(T, at + i * m, invDiag[i], m);
  }
}

/** Solves (I − A^rr)ᵀ·T = T in place, the rows as in {@link luSolveRows}; no transpose is formed. */
export function luSolveRowsTransposed(f: BlockProgram, T: Float64Array, at: number, m: number): void {
  const { n, pivots, invDiag, lowerT, upperT } = f;
  for (let j = 0; j < n; j++) {
    addCombination(T, at + j * m, upperT, j, T, at, m);
    scaleRow(T, at + j * m, invDiag[j], m);
  }
  for (let j = n - 2; j >= 0; j--) addCombination(T, at + j * m, lowerT, j, T, at, m);
  for (let k = n - 1; k >= 0; k--) if (pivots[k] !== k) swapRows(T, at + k * m, at + pivots[k] * m, m);
}

/**
 * T(rows of region r) = B(rows of r) + Σ_{s≠r} A^rs·X_s for `m` columns (or with Aᵀ when `rows` is `offT`):
 * the right-hand side of one block Gauss–Seidel step. Writes `size·m` values into T from offset 0.
 */
export function gatherRegion(
  rows: SparseRows,
  r: number,
  size: number,
  B: Float64Array,
  X: Float64Array,
  m: number,
  T: Float64Array,
): void {
  const first = r * size;
  for (let i = 0; i < size; i++) {
    const row = first + i;
    const t = i * m;
    const b = row * m;
    for (let k = 0; k < m; k++) T[t + k] = B[b + k];
    addCombination(T, t, rows, row, X, 0, m);
  }
}

/** Y += A·X (or Aᵀ·X) for the diagonal block of region r, `m` columns, rows of Y and X at the region. */
export function addDiagonalProduct(
  d: Float64Array,
  size: number,
  r: number,
  transposed: boolean,
  X: Float64Array,
  m: number,
  Y: Float64Array,
): void {
  const at = r * size * m;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const a = transposed ? d[j * size + i] : d[i * size + j];
      if (a !== 0) axpyInto(Y, at + i * m, a, X, at + j * m, m);
    }
  }
}

/** Y(rows) += (off-diagonal A)·X for every row: the rest of a residual's product. */
export function addOffProduct(rows: SparseRows, n: number, X: Float64Array, m: number, Y: Float64Array): void {
  for (let row = 0; row < n; row++) addCombination(Y, row * m, rows, row, X, 0, m);
}

/**
 * Y[to … to + m) += Σ_p values[p]·X[base + indices[p]·m …] over row `row` of `rows`: four source rows a pass, so
 * that the target row is loaded and stored once for four of them.
 */
function addCombination(
  Y: Float64Array,
  to: number,
  rows: SparseRows,
  row: number,
  X: Float64Array,
  base: number,
  m: number,
): void {
  const { starts, indices, values } = rows;
  const end = starts[row + 1];
  let p = starts[row];
  for (; p + 3 < end; p += 4) {
    const a0 = values[p];
    const a1 = values[p + 1];
    const a2 = values[p + 2];
    const a3 = values[p + 3];
    const b0 = base + indices[p] * m;
    const b1 = base + indices[p + 1] * m;
    const b2 = base + indices[p + 2] * m;
    const b3 = base + indices[p + 3] * m;
    for (let k = 0; k < m; k++) Y[to + k] += a0 * X[b0 + k] + a1 * X[b1 + k] + a2 * X[b2 + k] + a3 * X[b3 + k];
  }
  for (; p < end; p++) axpyInto(Y, to, values[p], X, base + indices[p] * m, m);
}

function axpyInto(Y: Float64Array, to: number, a: number, X: Float64Array, from: number, m: number): void {
  let k = 0;
  for (; k + 3 < m; k += 4) {
    Y[to + k] += a * X[from + k];
    Y[to + k + 1] += a * X[from + k + 1];
    Y[to + k + 2] += a * X[from + k + 2];
    Y[to + k + 3] += a * X[from + k + 3];
  }
  for (; k < m; k++) Y[to + k] += a * X[from + k];
}

function scaleRow(T: Float64Array, at: number, s: number, m: number): void {
  for (let k = 0; k < m; k++) T[at + k] *= s;
}

function swapRows(T: Float64Array, a: number, b: number, m: number): void {
  for (let k = 0; k < m; k++) {
    const t = T[a + k];
    T[a + k] = T[b + k];
    T[b + k] = t;
  }
}
