import { DimensionError, InvalidValueError, nameOf } from "../errors.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import { compensatedSum } from "../linalg/sum.ts";

/** Options of {@link ras} and {@link gras}. */
export interface BalancingOptions {
  /**
   * Stop when the largest absolute margin discrepancy, relative to the largest target, is below this (default 1e-10).
   */
  tolerance?: number;
  maxIterations?: number;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
}

/** A balanced matrix with how the balancing went. */
export interface BalancingResult {
  matrix: DenseMatrix;
  /** Row multipliers r (for GRAS, those of the positive part). */
  r: Float64Array;
  /** Column multipliers s. */
  s: Float64Array;
  iterations: number;
  /** Largest |row sum − target| or |column sum − target| reached. */
  maxDiscrepancy: number;
  converged: boolean;
}

/**
 * RAS (biproportional) balancing: finds X = diag(r)·X0·diag(s) whose row and column sums are u and v
 * (Stone 1961; Bacharach 1970; Miller & Blair 2009, §7.4.2). X0 must be non-negative; u and v must have
 * the same total (checked to a relative 1e-9). A row or column of zeros with a non-zero target cannot be
 * met: that is an error naming it. Non-convergence is reported, not thrown.
 *
 * @throws InvalidValueError / DimensionError naming the offending row, column or total.
 * @example
 * ```ts
 * const r = ras(denseMatrix([[1, 2], [3, 4]]), [4, 6], [5, 5]);
 * const rs = Array.from(rowSums(r.matrix), (v) => v.toFixed(6));
 * const cs = Array.from(columnSums(r.matrix), (v) => v.toFixed(6));
 * console.log(r.converged, rs, cs); // true [ '4.000000', '6.000000' ] [ '5.000000', '5.000000' ]
 * ```
 */
export function ras(
  X0: DenseMatrix,
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  options: BalancingOptions = {},
): BalancingResult {
  checkMargins(X0, u, v, options);
  for (let k = 0; k < X0.data.length; k++) {
    if (X0.data[k] < 0) {
      throw new InvalidValueError(
        `RAS prior row ${nameOf(Math.floor(k / X0.cols), options.rowLabels)}, ` +
          `column ${nameOf(k % X0.cols, options.colLabels)}`,
        X0.data[k],
        "a value ≥ 0 (use gras for tables with negative entries)",
      );
    }
  }
  return gras(X0, u, v, options);
}

/**
 * GRAS: RAS generalised to matrices with negative entries (Junius & Oosterhaven 2003, ESR 15: 87–96, in
 * the corrected form of Lenzen, Wood & Gallego 2007, ESR 19: 461–465; Temurshoev, Miller & Bouwmeester
 * 2013, ESR 25: 361–367). With X0 = P − N (P, N ≥ 0), the result is x_ij = r_i·p_ij·s_j − n_ij/(r_i·s_j),
 * which keeps every entry's sign. Each update solves a quadratic in closed form:
 * r_i = (u_i + √(u_i² + 4·p_i(s)·n_i(s))) / (2·p_i(s)).
 * @example
 * ```ts
 * // a negative entry (a subsidy) keeps its sign while the totals are met
 * const r = gras(denseMatrix([[3, -1], [2, 4]]), [3, 5], [4, 4]);
 * const rs = Array.from(rowSums(r.matrix), (v) => v.toFixed(6));
 * console.log(r.converged, r.matrix.data[1] < 0, rs); // true true [ '3.000000', '5.000000' ]
 * ```
 */
export function gras(
  X0: DenseMatrix,
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  options: BalancingOptions = {},
): BalancingResult {
  checkMargins(X0, u, v, options);
  const { rows: m, cols: n, data } = X0;
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 10_000;
  const g: GrasState = {
    m,
    n,
    P: data.map((x) => (x > 0 ? x : 0)),
    N: data.map((x) => (x < 0 ? -x : 0)),
    r: new Float64Array(m).fill(1),
    s: new Float64Array(n).fill(1),
  };
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(u[i]));
  for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(v[j]));
  scale = scale || 1;
  let it: number;
  const pr = new Float64Array(m);
  const nr = new Float64Array(m);
  const pc = new Float64Array(n);
  const nc = new Float64Array(n);
  for (it = 1; it <= maxIter; it++) {
    rowStep(g, u, pr, nr);
    columnStep(g, v, pc, nc);
    // discrepancy of the rows after the column step (columns now fit exactly)
    if (rowDiscrepancy(g, u) <= tol * scale) break;
  }
  const out = balancedMatrix(g);
  const disc = marginDiscrepancy(out, m, n, u, v);
  return {
    matrix: { kind: "dense", rows: m, cols: n, data: out },
    r: g.r,
    s: g.s,
    iterations: Math.min(it, maxIter),
    maxDiscrepancy: disc,
    converged: disc <= tol * scale * 10,
  };
}

/** GRAS's prior split into its positive and negative parts (X0 = P − N), and the multipliers so far. */
interface GrasState {
  m: number;
  n: number;
  P: Float64Array;
  N: Float64Array;
  r: Float64Array;
  s: Float64Array;
}

/** The row multipliers that meet the row targets u at the current column multipliers. */
function rowStep({ m, n, P, N, r, s }: GrasState, u: ArrayLike<number>, pr: Float64Array, nr: Float64Array): void {
  pr.fill(0);
  nr.fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (P[k] !== 0) pr[i] += P[k] * s[j];
      if (N[k] !== 0) nr[i] += N[k] / s[j];
    }
    r[i] = solveMultiplier(u[i], pr[i], nr[i]);
  }
}

/** The column multipliers that meet the column targets v at the current row multipliers. */
function columnStep({ m, n, P, N, r, s }: GrasState, v: ArrayLike<number>, pc: Float64Array, nc: Float64Array): void {
  pc.fill(0);
  nc.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = r[i];
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (P[k] !== 0) pc[j] += P[k] * ri;
      if (N[k] !== 0) nc[j] += N[k] / ri;
    }
  }
  for (let j = 0; j < n; j++) s[j] = solveMultiplier(v[j], pc[j], nc[j]);
}

/** The largest distance of a row sum of r_i·p_ij·s_j − n_ij/(r_i·s_j) from its target. */
function rowDiscrepancy({ m, n, P, N, r, s }: GrasState, u: ArrayLike<number>): number {
  let disc = 0;
  for (let i = 0; i < m; i++) {
    let rs = 0;
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      rs += r[i] * P[k] * s[j] - N[k] / (r[i] * s[j]);
    }
    disc = Math.max(disc, Math.abs(rs - u[i]));
  }
  return disc;
}

/** The balanced matrix x_ij = r_i·p_ij·s_j − n_ij/(r_i·s_j) (row-major). */
function balancedMatrix({ m, n, P, N, r, s }: GrasState): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      out[k] = (P[k] !== 0 ? r[i] * P[k] * s[j] : 0) - (N[k] !== 0 ? N[k] / (r[i] * s[j]) : 0);
    }
  return out;
}

/** The largest distance of a row sum (compensated) or column sum of `out` from its target. */
function marginDiscrepancy(out: Float64Array, m: number, n: number, u: ArrayLike<number>, v: ArrayLike<number>) {
  let disc = 0;
  for (let i = 0; i < m; i++) disc = Math.max(disc, Math.abs(compensatedSum(out.subarray(i * n, (i + 1) * n)) - u[i]));
  for (let j = 0; j < n; j++) {
    let cs = 0;
    for (let i = 0; i < m; i++) cs += out[i * n + j];
    disc = Math.max(disc, Math.abs(cs - v[j]));
  }
  return disc;
}

/** Positive root of p·t² − target·t − q = 0 (p, q ≥ 0); the cases p = 0 or q = 0 in closed form. */
function solveMultiplier(target: number, p: number, q: number): number {
  if (p === 0 && q === 0) return 1;
  if (p === 0) return target === 0 ? 1 : -q / target;
  if (q === 0) return target / p || 1e-300;
  return (target + Math.sqrt(target * target + 4 * p * q)) / (2 * p);
}

function checkMargins(X0: DenseMatrix, u: ArrayLike<number>, v: ArrayLike<number>, o: BalancingOptions): void {
  if (u.length !== X0.rows)
    throw new DimensionError(`row targets have length ${u.length}; the matrix has ${X0.rows} rows`);
  if (v.length !== X0.cols)
    throw new DimensionError(`column targets have length ${v.length}; the matrix has ${X0.cols} columns`);
  for (let i = 0; i < u.length; i++)
    if (!Number.isFinite(u[i]))
      throw new InvalidValueError(`row target ${nameOf(i, o.rowLabels)}`, u[i], "a finite number");
  for (let j = 0; j < v.length; j++)
    if (!Number.isFinite(v[j]))
      throw new InvalidValueError(`column target ${nameOf(j, o.colLabels)}`, v[j], "a finite number");
  for (let k = 0; k < X0.data.length; k++) {
    if (!Number.isFinite(X0.data[k]))
      throw new InvalidValueError(
        `prior row ${nameOf(Math.floor(k / X0.cols), o.rowLabels)}, column ${nameOf(k % X0.cols, o.colLabels)}`,
        X0.data[k],
        "a finite number",
      );
  }
  const su = compensatedSum(u);
  const sv = compensatedSum(v);
  if (Math.abs(su - sv) > 1e-9 * Math.max(Math.abs(su), Math.abs(sv), 1)) {
    throw new InvalidValueError(
      "sum of row targets minus sum of column targets",
      su - sv,
      `0: row targets total ${su}, column targets total ${sv}; they must agree`,
    );
  }
  for (let i = 0; i < X0.rows; i++) {
    let any = false;
    for (let j = 0; j < X0.cols; j++) if (X0.data[i * X0.cols + j] !== 0) any = true;
    if (!any && u[i] !== 0)
      throw new InvalidValueError(
        `row target ${nameOf(i, o.rowLabels)} for an all-zero prior row`,
        u[i],
        "0 (an all-zero row cannot be scaled to a non-zero total)",
      );
  }
  for (let j = 0; j < X0.cols; j++) {
    let any = false;
    for (let i = 0; i < X0.rows; i++) if (X0.data[i * X0.cols + j] !== 0) any = true;
    if (!any && v[j] !== 0)
      throw new InvalidValueError(
        `column target ${nameOf(j, o.colLabels)} for an all-zero prior column`,
        v[j],
        "0 (an all-zero column cannot be scaled to a non-zero total)",
      );
  }
}
