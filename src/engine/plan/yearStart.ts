import type { LinearProgram, LpBasis, LpSolution, LpSolver } from "./linearProgram.ts";
import type { PlanIndex } from "./planIndex.ts";

/** One year's program inside a plan program, and where its rows and columns sit in the whole. */
export interface YearBlock {
  /** The year's program without the linking columns (their contribution is added by {@link YearSplit.at}). */
  lp: LinearProgram;
  rows: Int32Array;
  cols: Int32Array;
}

/** A plan program split by year: the year programs, the columns that link years, and the rows only they touch. */
export interface YearSplit {
  blocks: YearBlock[];
  /** Columns whose entries reach more than one year, or rows of no year (investment): fixed in the year programs. */
  linkingCols: Int32Array;
  /** Rows touched by linking columns only (the investment sums). */
  linkingRows: Int32Array;
  /** Year of each row of the whole program (−1: a linking row). */
  rowYear: Int32Array;
  /**
   * The year programs with the linking columns at `fixed` (values over the whole program's columns): their entries
   * move into the row bounds, their cost and the program's offset into year 0's offset, so that the year optima
   * add up to the whole program's objective at that point.
   */
  at(fixed: Float64Array): LinearProgram[];
}

/**
 * Splits a multi-year plan program ({@link buildPlanProgram}) by year. A row belongs to year t when year t's output
 * or final-delivery columns touch it (a row that two years' touch belongs to none); a column belongs to year t when
 * every row it touches is year t's (targets' harmony pieces, elastic slacks, import substitution); every other column
 * links years (investment: it draws on one year's balances and adds to later years' capacity). O(non-zeros).
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const target = (sector: number, v: number) => ({
 *   id: `f${sector}`, label: `f${sector}`, sector, on: "final" as const, kind: "min" as const,
 *   values: Float64Array.of(v, v * 1.1), unit: "$", factor: 1, weight: 1, rank: 1,
 * });
 * const plan: PlanSpec = {
 *   name: "two sectors, two years", years: [2025, 2026], targets: [target(0, 600), target(1, 1500)], limits: [],
 *   capacity: {
 *     initial: Float64Array.of(1200, 2000), leadTime: 1, depreciation: 0,
 *     capitalMix: { ratio: 2, mix: Float64Array.of(0.5, 0.5) },
 *   },
 * };
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" });
 * const split = splitByYear(lp, index);
 * const sizes = split.blocks.map((b) => b.cols.length);
 * console.log(sizes, split.linkingCols.length, split.linkingRows.length); // [ 14, 14 ] 6 2
 * ```
 */
export function splitByYear(lp: LinearProgram, index: PlanIndex): YearSplit {
  const { n, T } = index;
  const nc = lp.cost.length;
  const nr = lp.rowLower.length;
  const { colStarts, rowIndices, values } = lp.matrix;
  // rows: the year of the output and final-delivery columns that touch them (−2 where two years meet)
  const rowYear = new Int32Array(nr).fill(-1);
  for (let k = 0; k < T * n; k++) {
    const t = Math.floor(k / n);
    for (const c of [index.xCol[k], index.yCol[k]]) {
      if (c < 0) continue;
      for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
        const r = rowIndices[p];
        rowYear[r] = rowYear[r] === -1 || rowYear[r] === t ? t : -2;
      }
    }
  }
  for (let r = 0; r < nr; r++) if (rowYear[r] === -2) rowYear[r] = -1;
  // columns: a year's own when every row they touch is that year's
  const colYear = new Int32Array(nc).fill(-1);
  for (let c = 0; c < nc; c++) {
    let t = colStarts[c] < colStarts[c + 1] ? rowYear[rowIndices[colStarts[c]]] : -1;
    for (let p = colStarts[c]; p < colStarts[c + 1] && t >= 0; p++) if (rowYear[rowIndices[p]] !== t) t = -1;
    colYear[c] = t;
  }
  const local = new Int32Array(nr).fill(-1);
  const blocks = Array.from({ length: T }, (_, t) => yearBlock(lp, rowYear, colYear, local, t));
  const linkingCols = indicesWhere(nc, (c) => colYear[c] < 0);
  const linkingRows = indicesWhere(nr, (r) => rowYear[r] < 0);
  const at = (fixed: Float64Array): LinearProgram[] => {
    const shift = new Float64Array(nr);
    let offset = lp.offset ?? 0;
    for (const c of linkingCols) {
      if (fixed[c] === 0) continue;
      offset += lp.cost[c] * fixed[c];
      for (let p = colStarts[c]; p < colStarts[c + 1]; p++) shift[rowIndices[p]] += values[p] * fixed[c];
    }
    return blocks.map((b, t) => ({
      ...b.lp,
      rowLower: Float64Array.from(b.rows, (r) => lp.rowLower[r] - shift[r]),
      rowUpper: Float64Array.from(b.rows, (r) => lp.rowUpper[r] - shift[r]),
      offset: t === 0 ? offset : 0,
    }));
  };
  return { blocks, linkingCols, linkingRows, rowYear, at };
}

/** Year t's rows and own columns as a program of their own (`local` is scratch: row → its place in the year). */
function yearBlock(
  lp: LinearProgram,
  rowYear: Int32Array,
  colYear: Int32Array,
  local: Int32Array,
  t: number,
): YearBlock {
  const { colStarts, rowIndices, values } = lp.matrix;
  const rows = indicesWhere(rowYear.length, (r) => rowYear[r] === t);
  rows.forEach((r, q) => (local[r] = q));
  const cols = indicesWhere(colYear.length, (c) => colYear[c] === t);
  const starts = new Int32Array(cols.length + 1);
  let nnz = 0;
  cols.forEach((c, k) => (starts[k + 1] = nnz += colStarts[c + 1] - colStarts[c]));
  const idx = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  cols.forEach((c, k) => {
    for (let p = colStarts[c], q = starts[k]; p < colStarts[c + 1]; p++, q++) {
      idx[q] = local[rowIndices[p]];
      val[q] = values[p];
    }
  });
  return {
    rows,
    cols,
    lp: {
      sense: lp.sense,
      cost: Float64Array.from(cols, (c) => lp.cost[c]),
      colLower: Float64Array.from(cols, (c) => lp.colLower[c]),
      colUpper: Float64Array.from(cols, (c) => lp.colUpper[c]),
      rowLower: Float64Array.from(rows, (r) => lp.rowLower[r]),
      rowUpper: Float64Array.from(rows, (r) => lp.rowUpper[r]),
      matrix: { kind: "csc", rows: rows.length, cols: cols.length, colStarts: starts, rowIndices: idx, values: val },
    },
  };
}

function indicesWhere(length: number, keep: (k: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < length; k++) if (keep(k)) out.push(k);
  return Int32Array.from(out);
}

/**
 * Solves a multi-year plan program with the simplex started from its years (lever 3 of #23, bench/RESULTS.md): each
 * year's program is solved with every linking column (investment) at its lower bound, the years' optimal bases are put
 * together (linking columns nonbasic at that bound, linking rows basic) and the whole program's simplex starts there:
 * a vertex of the whole program from which only the investment remains to be found. HiGHS's dual simplex does not
 * exploit the block structure on its own: on BEA detail × 5 years the five year programs (investment fixed) take 0.12×
 * the whole's time, and the whole from their bases needs 1,701 dual simplex iterations instead of 5,913: 0.33–0.61×
 * the cold solve's time in the same runs (bench/RESULTS.md, "the three untried levers").
 * The answer is the whole program's simplex optimum, as a cold solve's (the start changes the path, not the optimum).
 * A year whose program is not optimal without investment (a floor or hard limit it cannot meet on its capacity) takes a
 * slack basis in the start (its rows basic, its columns at a bound) and the detail says so; falls back to a cold solve
 * when a linking column has no finite lower bound, when no year is optimal, or when the solver returns no basis.
 * `chain` (default true): each year program starts from the year before's optimal basis (same shape: same sectors,
 * limits and targets every year), which the years resemble.
 * Blocking in the solver's own thread (a worker for HiGHS); the year solves run one after another.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const target = (sector: number, v: number) => ({
 *   id: `f${sector}`, label: `f${sector}`, sector, on: "final" as const, kind: "min" as const,
 *   values: Float64Array.of(v, v * 1.1), unit: "$", factor: 1, weight: 1, rank: 1,
 * });
 * const plan: PlanSpec = {
 *   name: "two sectors, two years", years: [2025, 2026], targets: [target(0, 600), target(1, 1500)], limits: [],
 *   capacity: {
 *     initial: Float64Array.of(1200, 2000), leadTime: 1, depreciation: 0,
 *     capitalMix: { ratio: 2, mix: Float64Array.of(0.5, 0.5) },
 *   },
 * };
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" });
 * const solver = { solve: async (p: typeof lp) => solvePdlp(p, { tolerance: 1e-9 }) };
 * const s = await solveFromYearStart(lp, index, solver);
 * console.log(s.status, s.objective.toFixed(3)); // optimal 10.924
 * ```
 */
export async function solveFromYearStart(
  lp: LinearProgram,
  index: PlanIndex,
  solver: LpSolver,
  options: { chain?: boolean } = {},
): Promise<LpSolution> {
  const chain = options.chain ?? true;
  const split = splitByYear(lp, index);
  const fixed = new Float64Array(lp.cost.length);
  const colStatus = new Int32Array(lp.cost.length);
  for (const c of split.linkingCols) {
    if (!Number.isFinite(lp.colLower[c])) return solver.solve(lp, { method: "simplex" });
    fixed[c] = lp.colLower[c];
    colStatus[c] = 0; // nonbasic at its lower bound
  }
  const rowStatus = new Int32Array(lp.rowLower.length).fill(1); // linking rows basic
  const years = split.at(fixed);
  const t0 = Date.now();
  let previous: LpBasis | undefined;
  const slack: number[] = [];
  for (let t = 0; t < years.length; t++) {
    // a year starts from the year before's optimal basis when their programs have the same shape (the usual case:
    // the same sectors, limits and targets every year); the solver ignores a basis of another shape
    const s = await solver.solve(years[t], { method: "simplex", basis: chain ? previous : undefined });
    const block = split.blocks[t];
    if (s.status === "optimal" && !s.basis) return solver.solve(lp, { method: "simplex" }); // a solver without bases
    if (s.status === "optimal" && s.basis) {
      previous = s.basis;
      block.cols.forEach((c, k) => (colStatus[c] = s.basis!.colStatus[k]));
      block.rows.forEach((r, k) => (rowStatus[r] = s.basis!.rowStatus[k]));
    } else {
      // a year that needs investment to be feasible at all (a floor or a hard limit past its capacity): a slack basis
      // there (its rows basic, its columns at a bound), the other years' bases as they are
      slack.push(t);
      block.cols.forEach((c) => (colStatus[c] = slackStatus(lp.colLower[c], lp.colUpper[c])));
      block.rows.forEach((r) => (rowStatus[r] = 1));
    }
  }
  if (slack.length === years.length) return solver.solve(lp, { method: "simplex" });
  const yearsSeconds = (Date.now() - t0) / 1000;
  const basis: LpBasis = { colStatus, rowStatus };
  const whole = await solver.solve(lp, { method: "simplex", basis });
  const slackNote = slack.length
    ? `; year ${slack.map((t) => t + 1).join(", ")} infeasible without investment: a slack start there`
    : "";
  return {
    ...whole,
    detail:
      `${whole.detail} (the start: ${years.length} year programs without investment, ` +
      `${yearsSeconds.toFixed(2)} s${slackNote})`,
    seconds: whole.seconds + yearsSeconds,
  };
}

/** A column's status in a slack basis (HiGHS's codes): at its lower bound (0), else its upper (2), else free (3). */
function slackStatus(lower: number, upper: number): number {
  if (Number.isFinite(lower)) return 0;
  return Number.isFinite(upper) ? 2 : 3;
}
