/**
 * Lever 3 of #23 as a method: Benders decomposition by year of a harmony plan program (maximised). The master holds
 * the investment columns (the only ones that tie years together) and one θ_t a year; year t's program, with the
 * investment fixed, gives its optimum Q_t and a supergradient from its row duals (Q_t is concave in the investment:
 * the investment moves only its row bounds), a cut θ_t ≤ Q_t(v̄) + gᵀ(v − v̄). A box around the incumbent (a trust
 * region, scaled by each column's capacity) keeps the master's steps where the cuts are good; a year program stays
 * feasible whatever the investment through one penalised column a year that undoes the investment's draw on its
 * balances (cost M a unit; zero at the optimum when M exceeds the balance duals). Each year program restarts from its
 * last basis. Stops when the master's bound (box not binding) is within `gap` of the incumbent.
 */
import type { Highs } from "highs";
import type { LinearProgram, PlanIndex } from "../../src/engine/index.ts";
import { simplex } from "./simplexRun.ts";
import type { SimplexBasis } from "./simplexRun.ts";
import { splitByYear } from "../../src/engine/plan/yearStart.ts";

export interface ByYearsResult {
  objective: number;
  x: Float64Array;
  rounds: number;
  iterations: number;
  /** master bound − incumbent, relative, at the end */
  gap: number;
}

/** Solves a maximised harmony plan program by Benders decomposition over its years (see the file's comment). */
export function solveByYears(
  h: Highs,
  lp: LinearProgram,
  index: PlanIndex,
  options: { gap?: number; maxRounds?: number; penalty?: number; log?: (line: string) => void } = {},
): ByYearsResult {
  if (lp.sense !== "maximize") throw new Error("solveByYears takes a maximised (harmony) program");
  const tol = options.gap ?? 1e-7;
  const M = options.penalty ?? 1e4;
  const split = splitByYear(lp, index);
  const { blocks, linkingCols: fixedCols, linkingRows: masterRows, rowYear } = split;
  const T = blocks.length;
  const F = fixedCols.length;
  const { colStarts, rowIndices, values } = lp.matrix;
  // penalised columns: per year and fixed column with entries on that year's equality rows, the negated entries
  const local = new Int32Array(lp.rowLower.length).fill(-1);
  for (const b of blocks) b.rows.forEach((r, q) => (local[r] = q));
  const undo: { t: number; rows: number[]; vals: number[] }[] = [];
  for (const c of fixedCols) {
    const byYear = new Map<number, { rows: number[]; vals: number[] }>();
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const r = rowIndices[p];
      const t = rowYear[r];
      if (t < 0 || lp.rowLower[r] !== lp.rowUpper[r]) continue;
      if (!byYear.has(t)) byYear.set(t, { rows: [], vals: [] });
      byYear.get(t)!.rows.push(local[r]);
      byYear.get(t)!.vals.push(-values[p]);
    }
    for (const [t, u] of byYear) undo.push({ t, ...u });
  }
  const withUndo = (yl: LinearProgram, t: number): LinearProgram => {
    const extra = undo.filter((u) => u.t === t);
    if (!extra.length) return { ...yl, offset: 0 };
    const m = yl.matrix;
    const starts = Array.from(m.colStarts);
    const idx = Array.from(m.rowIndices);
    const val = Array.from(m.values);
    for (const u of extra) {
      const order = u.rows.map((_, k) => k).sort((a, b) => u.rows[a] - u.rows[b]);
      for (const k of order) {
        idx.push(u.rows[k]);
        val.push(u.vals[k]);
      }
      starts.push(idx.length);
    }
    const k = extra.length;
    return {
      ...yl,
      offset: 0,
      cost: Float64Array.from([...yl.cost, ...new Array<number>(k).fill(-M)]),
      colLower: Float64Array.from([...yl.colLower, ...new Array<number>(k).fill(0)]),
      colUpper: Float64Array.from([...yl.colUpper, ...new Array<number>(k).fill(Infinity)]),
      matrix: {
        kind: "csc",
        rows: m.rows,
        cols: m.cols + k,
        colStarts: Int32Array.from(starts),
        rowIndices: Int32Array.from(idx),
        values: Float64Array.from(val),
      },
    };
  };
  // the bound θ_t ≤ U_t: every piece of harmony at its top
  const U = blocks.map((b) => {
    let u = 0;
    b.cols.forEach((c) => {
      if (lp.cost[c] > 0) u += lp.cost[c] * lp.colUpper[c];
    });
    return u;
  });
  // box scale of each fixed column: the largest |bound ÷ entry| over its rows (capacity for investment)
  const scale = Float64Array.from(fixedCols, (c) => {
    let best = 0;
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const r = rowIndices[p];
      const bnd = Number.isFinite(lp.rowUpper[r]) ? Math.abs(lp.rowUpper[r]) : 0;
      if (values[p] !== 0) best = Math.max(best, bnd / Math.abs(values[p]));
    }
    return best; // 0: not boxed
  });
  let bases: (SimplexBasis | undefined)[] = new Array(T).fill(undefined);
  let iterations = 0;
  const full = new Float64Array(lp.cost.length);
  /** Q_t and its supergradient over the fixed columns at v (values over the whole program's columns). */
  const evaluate = (v: Float64Array) => {
    const lps = split.at(v);
    const Q: number[] = [];
    const g: Float64Array[] = [];
    let undone = 0;
    const nb: SimplexBasis[] = [];
    lps.forEach((yl, t) => {
      const s = simplex(h, withUndo(yl, t), bases[t]);
      if (s.status !== 7) throw new Error(`year ${t}: HiGHS status ${s.status}`);
      iterations += s.iterations;
      nb.push(s.basis);
      Q.push(s.objective);
      const cols = blocks[t].cols;
      for (let k = 0; k < cols.length; k++) full[cols[k]] = s.z[k];
      for (let k = cols.length; k < s.z.length; k++) undone += s.z[k];
      const gt = new Float64Array(F);
      fixedCols.forEach((c, f) => {
        let d = 0;
        for (let p = colStarts[c]; p < colStarts[c + 1]; p++)
          if (rowYear[rowIndices[p]] === t) d -= values[p] * s.rowDual[local[rowIndices[p]]];
        gt[f] = d;
      });
      g.push(gt);
    });
    bases = nb;
    let value = lp.offset ?? 0;
    fixedCols.forEach((c) => (value += lp.cost[c] * v[c]));
    for (const q of Q) value += q;
    return { Q, g, value, undone };
  };
  // cuts: θ_t − gᵀv ≤ Q_t − gᵀv̄
  const cuts: { t: number; g: Float64Array; rhs: number }[] = [];
  const addCuts = (v: Float64Array, e: ReturnType<typeof evaluate>) =>
    e.g.forEach((g, t) => {
      let s = e.Q[t];
      fixedCols.forEach((c, f) => (s -= g[f] * v[c]));
      cuts.push({ t, g, rhs: s });
    });
  let vHat = new Float64Array(lp.cost.length);
  let eHat = evaluate(vHat);
  addCuts(vHat, eHat);
  let rho = 0.02;
  let nulls = 0;
  let gap = Infinity;
  let masterBasis: SimplexBasis | undefined;
  let rounds: number;
  let best = { value: eHat.value, x: Float64Array.from(full), undone: eHat.undone };
  for (rounds = 1; rounds <= (options.maxRounds ?? 100); rounds++) {
    const master = masterProgram(lp, fixedCols, masterRows, cuts, U, vHat, scale, rho);
    const ms = simplex(h, master.lp, masterBasis && grow(masterBasis, master.lp));
    masterBasis = ms.basis;
    const bound = ms.objective + (lp.offset ?? 0);
    const v = new Float64Array(lp.cost.length);
    let boxed = false;
    fixedCols.forEach((c, f) => {
      v[c] = ms.z[f];
      const lo = master.lp.colLower[f];
      const hi = master.lp.colUpper[f];
      if (scale[f] > 0 && ((hi < Infinity && v[c] >= hi - 1e-9 * (1 + hi)) || (lo > 0 && v[c] <= lo + 1e-9 * (1 + lo))))
        boxed = true;
    });
    const predicted = bound - eHat.value;
    if (!boxed) gap = Math.max(0, predicted) / Math.abs(eHat.value);
    if (!boxed && predicted <= tol * Math.abs(eHat.value)) break;
    const e = evaluate(v);
    addCuts(v, e);
    const serious = e.value >= eHat.value + 0.1 * predicted;
    options.log?.(
      `round ${rounds}: incumbent ${eHat.value.toPrecision(12)}, master ${bound.toPrecision(12)}${boxed ? " (box binds)" : ""}, new point ${e.value.toPrecision(12)} ${serious ? "taken" : "null step"}, box ${rho}, ${iterations} year iterations so far, master ${ms.iterations} it`,
    );
    if (serious) {
      vHat = v;
      eHat = e;
      best = { value: e.value, x: Float64Array.from(full), undone: e.undone };
      nulls = 0;
      if (boxed) rho *= 2;
    } else if (++nulls >= 3) {
      rho /= 2;
      nulls = 0;
    }
  }
  const x = best.x;
  fixedCols.forEach((c) => (x[c] = vHat[c]));
  if (best.undone > 0) options.log?.(`penalised columns at the incumbent: ${best.undone} (the penalty is too small)`);
  return { objective: eHat.value, x, rounds, iterations, gap };
}

/** A master basis grown by the rows (cuts) added since: the new rows basic. */
function grow(b: SimplexBasis, lp: LinearProgram): SimplexBasis {
  const rowStatus = new Int32Array(lp.rowLower.length).fill(1);
  rowStatus.set(b.rowStatus.subarray(0, Math.min(b.rowStatus.length, rowStatus.length)));
  return { colStatus: b.colStatus, rowStatus };
}

/** The master: fixed columns (boxed around v̂) and θ_t, the rows only they touch, and the cuts. */
function masterProgram(
  lp: LinearProgram,
  fixedCols: Int32Array,
  masterRows: Int32Array,
  cuts: { t: number; g: Float64Array; rhs: number }[],
  U: number[],
  vHat: Float64Array,
  scale: Float64Array,
  rho: number,
): { lp: LinearProgram } {
  const F = fixedCols.length;
  const T = U.length;
  const R = masterRows.length;
  const rowOf = new Map<number, number>();
  masterRows.forEach((r, q) => rowOf.set(r, q));
  const { colStarts, rowIndices, values } = lp.matrix;
  const starts: number[] = [0];
  const idx: number[] = [];
  const val: number[] = [];
  for (let f = 0; f < F; f++) {
    const c = fixedCols[f];
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      const q = rowOf.get(rowIndices[p]);
      if (q !== undefined) {
        idx.push(q);
        val.push(values[p]);
      }
    }
    cuts.forEach((cut, k) => {
      if (cut.g[f] !== 0) {
        idx.push(R + k);
        val.push(-cut.g[f]);
      }
    });
    starts.push(idx.length);
  }
  for (let t = 0; t < T; t++) {
    cuts.forEach((cut, k) => {
      if (cut.t === t) {
        idx.push(R + k);
        val.push(1);
      }
    });
    starts.push(idx.length);
  }
  return {
    lp: {
      sense: "maximize",
      cost: Float64Array.from([...Array.from(fixedCols, (c) => lp.cost[c]), ...new Array<number>(T).fill(1)]),
      colLower: Float64Array.from([
        ...Array.from(fixedCols, (c, f) =>
          scale[f] > 0 ? Math.max(lp.colLower[c], vHat[c] - rho * scale[f]) : lp.colLower[c],
        ),
        ...new Array<number>(T).fill(-Infinity),
      ]),
      colUpper: Float64Array.from([
        ...Array.from(fixedCols, (c, f) =>
          scale[f] > 0 ? Math.min(lp.colUpper[c], vHat[c] + rho * scale[f]) : lp.colUpper[c],
        ),
        ...U,
      ]),
      rowLower: Float64Array.from([
        ...Array.from(masterRows, (r) => lp.rowLower[r]),
        ...new Array<number>(cuts.length).fill(-Infinity),
      ]),
      rowUpper: Float64Array.from([...Array.from(masterRows, (r) => lp.rowUpper[r]), ...cuts.map((c) => c.rhs)]),
      matrix: {
        kind: "csc",
        rows: R + cuts.length,
        cols: F + T,
        colStarts: Int32Array.from(starts),
        rowIndices: Int32Array.from(idx),
        values: Float64Array.from(val),
      },
    },
  };
}
