/**
 * Lever 1 of #23: a presolve that eliminates the balance rows of a plan program through the Leontief inverse.
 *
 * Each year's balance rows say M_t·x_t + G_t·z = b_t, where M_t = I − A_t is the block of the balance rows on that
 * year's output columns and G_t the entries of every other column z (final deliveries y: −I; the investment total:
 * −κ·mix; import substitution: −cost). With L_t = M_t⁻¹ (one dense LU per year: BEA detail is 402 × 402) output is
 * x_t = L_t·(b_t − G_t·z), so the output columns and the balance rows leave the program: every other row h·x_t (capacity,
 * limits, output targets) becomes (h·L_t)·(b_t − G_t·z), and the output's cost cₓ·x_t moves onto z the same way.
 * x ≥ 0 must then be implied: it is when L_t·b_t ≥ 0 and −L_t·g ≥ 0 for every column g of G_t whose z is ≥ 0
 * (true of Leontief plans: L ≥ 0, final deliveries and investment draw on the balances with −1 and −κ·mix); otherwise
 * the elimination is refused (undefined).
 *
 * The price: a capacity row of sector i (x_it ≤ c_it) becomes row i of L_t, dense (402 entries a year on BEA detail).
 * "Where capacity is slack" is met by row generation ({@link solveByRowGeneration}): solve without the capacity rows,
 * add those the solution violates, re-solve from the last basis, until none is violated. Then the reduced optimum is
 * the full program's optimum (a relaxation whose optimum is feasible for every row).
 */
import type { LinearProgram, PlanIndex } from "../../src/engine/index.ts";
import { denseMatrix } from "../../src/engine/linalg/dense.ts";
import { luFactor, luInverse } from "../../src/engine/linalg/lu.ts";

/** The program without output columns and balance rows, and the way back to the original columns. */
export interface EliminatedProgram {
  lp: LinearProgram;
  /** reduced column k is original column cols[k]; reduced row q is original row rows[q] */
  cols: Int32Array;
  rows: Int32Array;
  /** reduced rows that were capacity rows (dense after the elimination; candidates for row generation) */
  capacityRows: Int32Array;
  /** reduced rows x_it ≥ 0 where they are not implied (L_t has negative entries), after the original ones */
  nonnegativeRows: Int32Array;
  /** The original program's columns from a reduced solution (output x_t = L_t·(b_t − G_t·z)). */
  expand(z: Float64Array): Float64Array;
}

/**
 * Eliminates the balance rows and output columns of a plan program (see the file's comment). O(T·n³) for the
 * inverses plus O(T·n·(rows with output entries)) for the new rows; blocking.
 * @returns why not (a string) when the program does not have the shape the elimination needs (balance rows not equalities,
 * output columns not in [0, ∞) or reaching another year's balances, or x ≥ 0 not implied).
 */
export function eliminateBalances(lp: LinearProgram, index: PlanIndex): EliminatedProgram | string {
  const { n, T } = index;
  const nc = lp.cost.length;
  const nr = lp.rowLower.length;
  const { colStarts, rowIndices, values } = lp.matrix;
  const xOf = new Int32Array(nc).fill(-1);
  for (let k = 0; k < T * n; k++) if (index.xCol[k] >= 0) xOf[index.xCol[k]] = k;
  const balOf = new Int32Array(nr).fill(-1);
  for (let k = 0; k < T * n; k++) balOf[index.balanceRow[k]] = k;
  const b = new Float64Array(T * n);
  for (let k = 0; k < T * n; k++) {
    const r = index.balanceRow[k];
    if (lp.rowLower[r] !== lp.rowUpper[r] || index.xCol[k] < 0)
      return `balance row ${r} is not an equality with an output column`;
    b[k] = lp.rowLower[r];
  }
  // M_t (row-major, balance row i × output column j) and the output entries h of every other row, by (row, year)
  const M = Array.from({ length: T }, () => new Float64Array(n * n));
  const h = new Map<number, Float64Array>(); // key r·T + t
  for (let c = 0; c < nc; c++) {
    const k = xOf[c];
    if (k < 0) continue;
    if (lp.colLower[c] !== 0 || lp.colUpper[c] !== Infinity) return `output column ${c} is not in [0, ∞)`;
    const t = Math.floor(k / n);
    const j = k % n;
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const r = rowIndices[p];
      const q = balOf[r];
      if (q >= 0) {
        if (Math.floor(q / n) !== t) return `output column ${c} reaches another year's balance row ${r}`;
        M[t][(q % n) * n + j] += values[p];
      } else {
        const key = r * T + t;
        if (!h.has(key)) h.set(key, new Float64Array(n));
        h.get(key)![j] += values[p];
      }
    }
  }
  const Linv = M.map((m) => luInverse(luFactor(denseMatrix(n, n, m))).data);
  // w = h·L_t for every row with output entries, grouped by year; and the output cost through L_t
  const byYear: { r: number; w: Float64Array }[][] = Array.from({ length: T }, () => []);
  for (const [key, hr] of h) {
    const t = key % T;
    byYear[t].push({ r: (key - t) / T, w: rowTimes(hr, Linv[t], n) });
  }
  // x_it ≥ 0 is implied when (L_t·b_t)_i ≥ 0 and no column z ≥ 0 lowers it (−(L_t·g)_i ≥ 0), as in a Leontief plan
  // with A ≥ 0; where A has negative entries some are not: each becomes a row x_it = (L_t·(b_t − G_t·z))_i ≥ 0 of its
  // own, numbered after the original rows (r ≥ nr)
  const flagged = new Uint8Array(T * n);
  for (let t = 0; t < T; t++) {
    const lb = colTimes(Linv[t], b.subarray(t * n, (t + 1) * n), n);
    for (let i = 0; i < n; i++) if (lb[i] < 0) flagged[t * n + i] = 1;
  }
  for (let c = 0; c < nc; c++) {
    if (xOf[c] >= 0) continue;
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const q = balOf[rowIndices[p]];
      if (q < 0) continue;
      const t = Math.floor(q / n);
      const k = q % n;
      for (let i = 0; i < n; i++) {
        const d = -Linv[t][i * n + k] * values[p];
        if (d < 0 || (d !== 0 && lp.colLower[c] < 0)) flagged[t * n + i] = 1;
      }
    }
  }
  const nonnegative: number[] = [];
  for (let k = 0; k < T * n; k++)
    if (flagged[k]) {
      const t = Math.floor(k / n);
      const i = k % n;
      byYear[t].push({ r: nr + nonnegative.push(k) - 1, w: Linv[t].slice(i * n, (i + 1) * n) });
    }
  const costW = Array.from({ length: T }, (_, t) => {
    const cx = new Float64Array(n);
    for (let j = 0; j < n; j++) cx[j] = lp.cost[index.xCol[t * n + j]];
    return rowTimes(cx, Linv[t], n);
  });
  // reduced rows: every row but the balances
  const newRow = new Int32Array(nr).fill(-1);
  const rows: number[] = [];
  for (let r = 0; r < nr; r++) if (balOf[r] < 0) newRow[r] = rows.push(r) - 1;
  const kept = rows.length;
  const newRowOf = Int32Array.from({ length: nr + nonnegative.length }, (_, r) => (r < nr ? newRow[r] : kept + r - nr));
  const rowLower = Float64Array.from({ length: kept + nonnegative.length }, (_, q) =>
    q < kept ? lp.rowLower[rows[q]] : 0,
  );
  const rowUpper = Float64Array.from({ length: kept + nonnegative.length }, (_, q) =>
    q < kept ? lp.rowUpper[rows[q]] : Infinity,
  );
  let offset = lp.offset ?? 0;
  for (let t = 0; t < T; t++) {
    const bt = b.subarray(t * n, (t + 1) * n);
    for (const { r, w } of byYear[t]) {
      const s = dot(w, bt);
      rowLower[newRowOf[r]] -= s;
      rowUpper[newRowOf[r]] -= s;
    }
    offset += dot(costW[t], bt);
  }
  // reduced columns: every column but the outputs, with their balance entries G turned into entries on the rows h
  const cols: number[] = [];
  const starts: number[] = [0];
  const idx: number[] = [];
  const val: number[] = [];
  const cost: number[] = [];
  const gStarts: number[] = [0];
  const gK: number[] = [];
  const gV: number[] = [];
  const acc = new Float64Array(rowLower.length);
  const mark = new Uint8Array(rowLower.length);
  const touched: number[] = [];
  const add = (q: number, v: number) => {
    if (!mark[q]) touched.push(q);
    mark[q] = 1;
    acc[q] += v;
  };
  for (let c = 0; c < nc; c++) {
    if (xOf[c] >= 0) continue;
    let cc = lp.cost[c];
    const years = new Map<number, [number, number][]>();
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const q = balOf[rowIndices[p]];
      if (q < 0) add(newRow[rowIndices[p]], values[p]);
      else {
        const t = Math.floor(q / n);
        if (!years.has(t)) years.set(t, []);
        years.get(t)!.push([q % n, values[p]]);
        gK.push(q);
        gV.push(values[p]);
      }
    }
    for (const [t, g] of years) {
      for (const { r, w } of byYear[t]) {
        let s = 0;
        for (const [k, v] of g) s += w[k] * v;
        if (s !== 0) add(newRowOf[r], -s);
      }
      for (const [k, v] of g) cc -= costW[t][k] * v;
    }
    touched.sort((a, z) => a - z);
    for (const q of touched) {
      if (acc[q] !== 0) {
        idx.push(q);
        val.push(acc[q]);
      }
      acc[q] = 0;
      mark[q] = 0;
    }
    touched.length = 0;
    starts.push(idx.length);
    gStarts.push(gK.length);
    cols.push(c);
    cost.push(cc);
  }
  const capacityRows = Int32Array.from(
    Array.from(index.capacityRow)
      .filter((r) => r >= 0)
      .map((r) => newRow[r]),
  );
  const nonnegativeRows = Int32Array.from(nonnegative, (_, k) => kept + k);
  const reduced: LinearProgram = {
    sense: lp.sense,
    cost: Float64Array.from(cost),
    colLower: Float64Array.from(cols, (c) => lp.colLower[c]),
    colUpper: Float64Array.from(cols, (c) => lp.colUpper[c]),
    rowLower,
    rowUpper,
    matrix: {
      kind: "csc",
      rows: rowLower.length, // the kept rows and the x ≥ 0 rows after them
      cols: cols.length,
      colStarts: Int32Array.from(starts),
      rowIndices: Int32Array.from(idx),
      values: Float64Array.from(val),
    },
    offset,
    colNames: lp.colNames ? cols.map((c) => lp.colNames![c]) : undefined,
    rowNames: lp.rowNames
      ? [...rows.map((r) => lp.rowNames![r]), ...nonnegative.map((k) => `x≥0[${k % n},${Math.floor(k / n)}]`)]
      : undefined,
  };
  const expand = (z: Float64Array): Float64Array => {
    const full = new Float64Array(nc);
    const rhs = Float64Array.from(b);
    for (let k = 0; k < cols.length; k++) {
      full[cols[k]] = z[k];
      for (let p = gStarts[k]; p < gStarts[k + 1]; p++) rhs[gK[p]] -= gV[p] * z[k];
    }
    for (let t = 0; t < T; t++) {
      const x = colTimes(Linv[t], rhs.subarray(t * n, (t + 1) * n), n);
      for (let i = 0; i < n; i++) full[index.xCol[t * n + i]] = x[i];
    }
    return full;
  };
  return {
    lp: reduced,
    cols: Int32Array.from(cols),
    rows: Int32Array.from(rows),
    capacityRows,
    nonnegativeRows,
    expand,
  };
}

/** hᵀ·L for a row-major n × n L. */
function rowTimes(hr: Float64Array, L: Float64Array, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = hr[j];
    if (v === 0) continue;
    const o = j * n;
    for (let i = 0; i < n; i++) w[i] += v * L[o + i];
  }
  return w;
}

/** L·v for a row-major n × n L. */
function colTimes(L: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += L[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The program restricted to the rows with keep[q] = 1 (columns unchanged). */
export function withRows(lp: LinearProgram, keep: Uint8Array): { lp: LinearProgram; rows: Int32Array } {
  const rows: number[] = [];
  const map = new Int32Array(keep.length).fill(-1);
  for (let q = 0; q < keep.length; q++) if (keep[q]) map[q] = rows.push(q) - 1;
  const { colStarts, rowIndices, values } = lp.matrix;
  const starts = new Int32Array(colStarts.length);
  const idx: number[] = [];
  const val: number[] = [];
  for (let c = 0; c + 1 < colStarts.length; c++) {
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++)
      if (map[rowIndices[p]] >= 0) {
        idx.push(map[rowIndices[p]]);
        val.push(values[p]);
      }
    starts[c + 1] = idx.length;
  }
  return {
    rows: Int32Array.from(rows),
    lp: {
      ...lp,
      rowLower: Float64Array.from(rows, (q) => lp.rowLower[q]),
      rowUpper: Float64Array.from(rows, (q) => lp.rowUpper[q]),
      matrix: {
        kind: "csc",
        rows: rows.length,
        cols: lp.cost.length,
        colStarts: starts,
        rowIndices: Int32Array.from(idx),
        values: Float64Array.from(val),
      },
      rowNames: lp.rowNames ? rows.map((q) => lp.rowNames![q]) : undefined,
    },
  };
}
