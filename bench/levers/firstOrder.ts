/**
 * First-order levers of #23 measured on 7 Dec 2026 (the 2,000 × 5 goal: 1e-6 in 30 s), each against ioplan's PDLP on
 * the program `plan optimise` builds, in this one process (BEA detail × 5 years, the benchmark's harmony plan,
 * bench/planPrograms.ts; or the synthetic economy of `--n N`):
 *
 * - `compact`: PDLP on the program without final-delivery columns. y_i appears only in its balance row (−1) and its
 *   target row (+1), so y = (I − A)x − κ·mix·V and the two rows become one inequality, (I − A)x − κ·mix·V − T·Σφ ≥ 0
 *   (balance rows of untargeted sectors become ≥ 0): a third fewer rows, an eighth fewer columns, the same optimum;
 * - `crossover`: PDLP to `--tolerance` (default 1e-4), then HiGHS's crossover (WebAssembly, `Model.crossover`) from its
 *   primal point, then HiGHS's dual simplex from the basis crossover leaves, against the cold dual simplex. (Crossover
 *   from the primal and dual point is refused by IPX, flag 105: its start must lie exactly within every row bound and
 *   be exactly complementary, and a first-order point has residuals.)
 *
 * Prints seconds, iterations and the objective's relative difference from the reference (the cold simplex for
 * `crossover`; PDLP on the original program for `compact`).
 *
 * usage: nice -n 5 npx tsx bench/levers/firstOrder.ts [compact] [crossover] [--n 2000] [--tolerance 1e-6]
 */
import { join, resolve } from "node:path";
import type { CscMatrix, LinearProgram, LpSolution, PlanIndex } from "../../src/engine/index.ts";
import { buildPlanProgram, solvePdlp, totalFinalDemand } from "../../src/engine/index.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { highsModelOf, loadHighs, solveWithHighs } from "../../src/solvers/highs.ts";
import { pdlpProductsOnTwoThreads } from "../../src/workers/index.ts";
import { planFor, syntheticEconomy } from "../planPrograms.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const n = Number(flag("--n", "0"));
const tolerance = Number(flag("--tolerance", "1e-6"));

function program(): { lp: LinearProgram; index: PlanIndex; name: string } {
  if (n > 0) {
    const { A, x, d } = syntheticEconomy(join(process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench", `sparse-${n}`), n);
    return { ...buildPlanProgram(A, planFor(A, x, d, n), { kind: "harmony" }), name: `synthetic ${n} × 5 years` };
  }
  const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
  const plan = planFor(m.A, m.x, totalFinalDemand(m), 7);
  return { ...buildPlanProgram(m.A, plan, { kind: "harmony" }), name: "BEA detail × 5 years" };
}

/** The program without final-delivery columns: each y folded into its balance row, which takes its target row. */
export function withoutFinalColumns(lp: LinearProgram, index: PlanIndex): LinearProgram {
  const M = lp.matrix;
  const isY = new Uint8Array(M.cols);
  for (const c of index.yCol) if (c >= 0) isY[c] = 1;
  const into = new Int32Array(M.rows).fill(-1); // a target row → its balance row
  const balance = new Uint8Array(M.rows);
  for (let c = 0; c < M.cols; c++) {
    if (!isY[c]) continue;
    let bal = -1;
    const others: number[] = [];
    for (let p = M.colStarts[c]; p < M.colStarts[c + 1]; p++)
      if (M.values[p] === -1) bal = M.rowIndices[p];
      else others.push(M.rowIndices[p]);
    if (bal < 0 || others.length > 1 || others.some((r) => lp.rowLower[r] !== 0 || lp.rowUpper[r] !== Infinity))
      throw new Error(`final-delivery column ${c} is not a balance slack with one target row`);
    balance[bal] = 1;
    for (const r of others) into[r] = bal;
  }
  const newRow = new Int32Array(M.rows);
  let rows = 0;
  for (let r = 0; r < M.rows; r++) newRow[r] = into[r] < 0 ? rows++ : -1;
  for (let r = 0; r < M.rows; r++) if (into[r] >= 0) newRow[r] = newRow[into[r]];
  const rowLower = new Float64Array(rows);
  const rowUpper = new Float64Array(rows);
  for (let r = 0; r < M.rows; r++)
    if (into[r] < 0)
      [rowLower[newRow[r]], rowUpper[newRow[r]]] = balance[r] ? [0, Infinity] : [lp.rowLower[r], lp.rowUpper[r]];
  const keep: number[] = [];
  const starts = [0];
  const idx: number[] = [];
  const val: number[] = [];
  for (let c = 0; c < M.cols; c++) {
    if (isY[c]) continue;
    keep.push(c);
    const acc = new Map<number, number>();
    for (let p = M.colStarts[c]; p < M.colStarts[c + 1]; p++)
      acc.set(newRow[M.rowIndices[p]], (acc.get(newRow[M.rowIndices[p]]) ?? 0) + M.values[p]);
    for (const [r, v] of [...acc].sort((a, b) => a[0] - b[0]))
      if (v !== 0) {
        idx.push(r);
        val.push(v);
      }
    starts.push(idx.length);
  }
  const matrix: CscMatrix = {
    kind: "csc",
    rows,
    cols: keep.length,
    colStarts: Int32Array.from(starts),
    rowIndices: Int32Array.from(idx),
    values: Float64Array.from(val),
  };
  const pick = (v: Float64Array) => Float64Array.from(keep, (c) => v[c]);
  return {
    sense: lp.sense,
    cost: pick(lp.cost),
    colLower: pick(lp.colLower),
    colUpper: pick(lp.colUpper),
    rowLower,
    rowUpper,
    matrix,
  };
}

const secs = (t0: number) => (performance.now() - t0) / 1000;
const pdlp = (lp: LinearProgram, tol: number): LpSolution =>
  solvePdlp(lp, { tolerance: tol, products: pdlpProductsOnTwoThreads(), timeLimitSeconds: 600 });
const size = (lp: LinearProgram) =>
  `${lp.rowLower.length} rows, ${lp.cost.length} columns, ${lp.matrix.values.length} nnz`;
const line = (what: string, s: LpSolution, t: number, ref: number) =>
  console.log(
    `  ${what}: ${t.toFixed(2)} s, ${s.status}, ${s.detail}; objective ${s.objective} (${((s.objective - ref) / Math.abs(ref)).toExponential(1)} from the reference)`,
  );

const { lp, index, name } = program();
console.log(`${name}: ${size(lp)}`);
if (args.includes("compact")) {
  let t0 = performance.now();
  const full = pdlp(lp, tolerance);
  line(`PDLP to ${tolerance}, the program as built`, full, secs(t0), full.objective);
  const small = withoutFinalColumns(lp, index);
  console.log(`  without final-delivery columns: ${size(small)}`);
  t0 = performance.now();
  const s = pdlp(small, tolerance);
  line(`PDLP to ${tolerance}, without final-delivery columns`, s, secs(t0), full.objective);
}
if (args.includes("crossover")) {
  const h = await loadHighs();
  let t0 = performance.now();
  const cold = solveWithHighs(h, lp, { method: "simplex" });
  line("dual simplex, cold (the reference)", cold, secs(t0), cold.objective);
  t0 = performance.now();
  const p = pdlp(lp, Number(flag("--tolerance", "1e-4")));
  line("PDLP", p, secs(t0), cold.objective);
  t0 = performance.now();
  const model = highsModelOf(h, lp);
  let basis;
  try {
    model.options.set({ output_flag: false });
    const r = model.crossover({ colValue: p.x });
    basis = model.getBasis();
    console.log(
      `  crossover from PDLP's primal point: ${secs(t0).toFixed(2)} s, ${JSON.stringify(r)}, HiGHS model status ${model.getModelStatus()}`,
    );
  } finally {
    model.dispose();
  }
  t0 = performance.now();
  const s = solveWithHighs(h, lp, {
    method: "simplex",
    basis: { colStatus: basis.colStatus, rowStatus: basis.rowStatus } as never,
  });
  line("dual simplex from the crossover's basis", s, secs(t0), cold.objective);
}
