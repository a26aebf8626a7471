/**
 * The untried levers of #23, each against the default dual simplex in this one process (BEA detail × 5 years, the
 * benchmark's harmony plan, bench/planPrograms.ts; or the synthetic economy of `--n 2000`):
 *
 * - `eliminated`: the program with balance rows and output columns eliminated through the Leontief inverse (all
 *   capacity rows kept, dense), HiGHS's dual simplex;
 * - `rowgen`: the same, capacity rows added only where the last solution violates them, each round from the last basis;
 * - `pdlp`: ioplan's PDLP to 1e-6 on the eliminated program (the structure-aware first-order lever, products with
 *   the rows h·L formed once, i.e. LU instead of Krylov solves), against PDLP on the original program;
 * - `years`: the year programs alone, the investment fixed at the default's optimum (the best case of any
 *   decomposition by year), then moved 1 %, warm and cold (the cost of a master iteration);
 * - `benders`: Benders decomposition by year (bench/levers/yearBenders.ts);
 * - `yearstart`, `yearstart-nochain`, `yearstart-primal`: the whole program's simplex started from the years' optimal
 *   bases without investment (src/engine/plan/yearStart.ts), the years chained or not, the whole by dual or primal
 *   simplex;
 * - `worker`: the engine's path as `method: "auto"` would take it, HiGHS in its worker thread: a cold solve, then
 *   solveFromYearStart.
 *
 * Prints seconds (elimination included), simplex iterations, rounds, and the objective's relative difference from the
 * default's; every solution is expanded back to the original columns and its largest bound violation checked there.
 *
 * usage: nice -n 5 npx tsx bench/levers/run.ts [eliminated] [rowgen] [pdlp] [years] [benders] [yearstart ...]
 *        [--n 2000] [--limit seconds] [--again: the default once more at the end]
 */
import { join, resolve } from "node:path";
import type { Highs } from "highs";
import { leverSolver, simplex } from "./simplexRun.ts";
import type { LinearProgram, PlanIndex } from "../../src/engine/index.ts";
import { buildPlanProgram, solvePdlp, totalFinalDemand } from "../../src/engine/index.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { loadHighs } from "../../src/solvers/highs.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { planFor, syntheticEconomy } from "../planPrograms.ts";
import type { EliminatedProgram } from "./leontiefElimination.ts";
import { eliminateBalances, withRows } from "./leontiefElimination.ts";
import type { SimplexBasis } from "./simplexRun.ts";
import { solveByYears } from "./yearBenders.ts";
import { solveFromYearStart, splitByYear } from "../../src/engine/plan/yearStart.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const nArg = args.indexOf("--n");
const limitArg = args.indexOf("--limit");
const asked = new Set(args.filter((a, k) => !a.startsWith("--") && !["--n", "--limit"].includes(args[k - 1])));
/** HiGHS's time limit on every simplex solve of the years levers and the reference (--limit seconds) */
const limits: Record<string, number> = limitArg >= 0 ? { time_limit: Number(args[limitArg + 1]) } : {};

function program(): { lp: LinearProgram; index: PlanIndex; name: string } {
  if (nArg >= 0) {
    const n = Number(args[nArg + 1]);
    const { A, x, d } = syntheticEconomy(join(process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench", `sparse-${n}`), n);
    return { ...buildPlanProgram(A, planFor(A, x, d, n), { kind: "harmony" }), name: `synthetic ${n} × 5 years` };
  }
  const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
  const plan = planFor(m.A, m.x, totalFinalDemand(m), 7);
  return { ...buildPlanProgram(m.A, plan, { kind: "harmony" }), name: "BEA detail × 5 years" };
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

/** Objective and largest row violation of an original-column point, relative to 1 + the row's Σ|a·x| and bound. */
function check(lp: LinearProgram, x: Float64Array) {
  const act = new Float64Array(lp.rowLower.length);
  const mag = new Float64Array(lp.rowLower.length);
  const { colStarts, rowIndices, values } = lp.matrix;
  let obj = lp.offset ?? 0;
  let colViolation = 0;
  for (let c = 0; c < x.length; c++) {
    obj += lp.cost[c] * x[c];
    colViolation = Math.max(colViolation, lp.colLower[c] - x[c], x[c] - lp.colUpper[c]);
    for (let p = colStarts[c]; p < colStarts[c + 1]; p++) {
      act[rowIndices[p]] += values[p] * x[c];
      mag[rowIndices[p]] += Math.abs(values[p] * x[c]);
    }
  }
  let rel = 0;
  for (let r = 0; r < act.length; r++) {
    const bound = Math.max(Math.abs(lp.rowLower[r]) || 0, Math.abs(lp.rowUpper[r]) || 0);
    const scale = 1 + Math.max(mag[r], Number.isFinite(bound) ? bound : 0);
    rel = Math.max(rel, Math.max(lp.rowLower[r] - act[r], act[r] - lp.rowUpper[r], 0) / scale);
  }
  return { obj, relViolation: rel, colViolation };
}

/** Row generation over the eliminated program's capacity rows. */
function rowGeneration(h: Highs, e: EliminatedProgram) {
  const keep = new Uint8Array(e.lp.rowLower.length).fill(1);
  const lazy = [...e.capacityRows, ...e.nonnegativeRows];
  for (const q of lazy) keep[q] = 0;
  const { colStarts, rowIndices, values } = e.lp.matrix;
  let basis: { colStatus: Int32Array; rowStatus: Int32Array } | undefined;
  let lastRows: Int32Array | undefined;
  let its = 0;
  let solveSeconds = 0;
  const log: string[] = [];
  for (let round = 1; ; round++) {
    const sub = withRows(e.lp, keep);
    let start: typeof basis;
    if (basis && lastRows) {
      // the last basis, new rows basic (their slacks): dual feasible, primal infeasible where the new rows bite
      const rowStatus = new Int32Array(sub.rows.length).fill(1);
      const pos = new Map<number, number>();
      sub.rows.forEach((q, k) => pos.set(q, k));
      lastRows.forEach((q, k) => (rowStatus[pos.get(q)!] = basis!.rowStatus[k]));
      start = { colStatus: basis.colStatus, rowStatus };
    }
    const s = simplex(h, sub.lp, start);
    its += s.iterations;
    solveSeconds += s.seconds;
    basis = s.basis;
    lastRows = sub.rows;
    // activities of the rows left out
    const act = new Float64Array(e.lp.rowLower.length);
    for (let c = 0; c < s.z.length; c++)
      if (s.z[c] !== 0) for (let p = colStarts[c]; p < colStarts[c + 1]; p++) act[rowIndices[p]] += values[p] * s.z[c];
    let added = 0;
    const tol = (v: number) => 1e-9 * (1 + Math.abs(v));
    for (const q of lazy)
      if (
        !keep[q] &&
        (act[q] > e.lp.rowUpper[q] + tol(e.lp.rowUpper[q]) || act[q] < e.lp.rowLower[q] - tol(e.lp.rowLower[q]))
      ) {
        keep[q] = 1;
        added++;
      }
    log.push(`round ${round}: ${sub.rows.length} rows, ${s.iterations} it, ${s.seconds.toFixed(2)} s, +${added} rows`);
    if (added === 0 || s.status !== 7) return { ...s, iterations: its, solveSeconds, log };
  }
}

const { lp, index, name } = program();
console.log(
  `${name}: ${lp.cost.length} columns, ${lp.rowLower.length} rows, ${lp.matrix.values.length} non-zeros (${new Date().toISOString()})`,
);
const h = await loadHighs();
const ref = simplex(h, lp, undefined, limits);
console.log(
  `  default dual simplex                      ${ref.seconds.toFixed(2).padStart(7)} s  ${ref.iterations} it  objective ${ref.objective.toPrecision(13)}${ref.status === 7 ? "" : ` (HiGHS status ${ref.status}: not optimal)`}`,
);
const line = (label: string, seconds: number, its: string, objective: number, x: Float64Array, extra = "") => {
  const c = check(lp, x);
  console.log(
    `  ${label.padEnd(40)} ${seconds.toFixed(2).padStart(7)} s  ${(seconds / ref.seconds).toFixed(2)}×  ${its}  objective ${objective.toPrecision(13)} (${(Math.abs(objective - ref.objective) / Math.abs(ref.objective)).toExponential(1)} off; expanded ${(Math.abs(c.obj - ref.objective) / Math.abs(ref.objective)).toExponential(1)} off, rows violated by ${c.relViolation.toExponential(1)} rel, columns by ${c.colViolation.toExponential(1)}) ${extra}`,
  );
};
let t0 = performance.now();
const elimination = ["eliminated", "rowgen", "pdlp"].some((l) => asked.has(l))
  ? eliminateBalances(lp, index)
  : undefined;
const elimSeconds = secs(t0);
if (typeof elimination === "string") throw new Error(`the elimination does not apply to this program: ${elimination}`);
const e = elimination!;
if (elimination)
  console.log(
    `  eliminated in ${elimSeconds.toFixed(2)} s: ${e.lp.cost.length} columns, ${e.lp.rowLower.length} rows (${e.capacityRows.length} capacity, ${e.nonnegativeRows.length} x ≥ 0 not implied), ${e.lp.matrix.values.length} non-zeros`,
  );
if (asked.has("eliminated")) {
  const s = simplex(h, e.lp);
  line("eliminated, all capacity rows", elimSeconds + s.seconds, `${s.iterations} it`, s.objective, e.expand(s.z));
}
if (asked.has("rowgen")) {
  t0 = performance.now();
  const s = rowGeneration(h, e);
  line("eliminated, capacity rows generated", elimSeconds + secs(t0), `${s.iterations} it`, s.objective, e.expand(s.z));
  for (const l of s.log) console.log(`      ${l}`);
}
if (asked.has("pdlp")) {
  const limit = Number(process.env.IOPLAN_PDLP_LIMIT ?? 120);
  // without the few x ≥ 0 rows that are not implied, as measured on 7 Dec (with them PDLP's dual residual was NaN: the
  // eliminated program's matrix declared only the kept rows, and PDLP read the x ≥ 0 rows' bounds past its row scaling;
  // fixed in leontiefElimination.ts, and solvers now refuse such a program: checkProgram): the expanded point's column
  // violation shows whether x went negative
  const keep = new Uint8Array(e.lp.rowLower.length).fill(1);
  for (const q of e.nonnegativeRows) keep[q] = 0;
  const reduced = withRows(e.lp, keep).lp;
  for (const [label, prog, back] of [
    ["PDLP 1e-6, original program", lp, (z: Float64Array) => z],
    ["PDLP 1e-6, eliminated program", reduced, (z: Float64Array) => e.expand(z)],
  ] as const) {
    t0 = performance.now();
    const s = solvePdlp(prog, { tolerance: 1e-6, timeLimitSeconds: limit });
    const extra = prog === reduced ? elimSeconds : 0;
    line(label, extra + secs(t0), `${s.status}, ${s.detail}`, s.objective, back(s.x));
  }
}
if (asked.has("years")) {
  // the best case of any decomposition by year: the investment already right (the default's), one pass
  t0 = performance.now();
  const split = splitByYear(lp, index);
  const cut = secs(t0);
  const pass = (fixed: Float64Array, bases?: SimplexBasis[]) => {
    const t1 = performance.now();
    const full = Float64Array.from(fixed);
    let objective = 0;
    let its = 0;
    const per: string[] = [];
    const out = split.at(fixed).map((blp, t) => {
      const s = simplex(h, blp, bases?.[t]);
      objective += s.objective;
      its += s.iterations;
      per.push(`${s.iterations} it ${s.seconds.toFixed(2)} s`);
      split.blocks[t].cols.forEach((c, k) => (full[c] = s.z[k]));
      return s;
    });
    return { seconds: secs(t1), objective, its, per, full, bases: out.map((s) => s.basis) };
  };
  const first = pass(ref.z);
  line("by year, investment fixed at the optimum", first.seconds, `${first.its} it`, first.objective, first.full);
  console.log(`      years (cut out once in ${cut.toFixed(2)} s): ${first.per.join("; ")}`);
  // a master iteration moves the investment: every investment 1 % lower, each year from its last basis, and cold
  const moved = Float64Array.from(ref.z);
  for (const c of split.linkingCols) moved[c] *= 0.99;
  const warm = pass(moved, first.bases);
  console.log(
    `  by year, investment 1 % lower, warm       ${warm.seconds.toFixed(2).padStart(7)} s  ${warm.its} it (${warm.per.join("; ")}), objective ${warm.objective.toPrecision(13)}`,
  );
  const cold = pass(moved);
  console.log(
    `  by year, investment 1 % lower, cold       ${cold.seconds.toFixed(2).padStart(7)} s  ${cold.its} it (${cold.per.join("; ")}), objective ${cold.objective.toPrecision(13)}`,
  );
}
if (asked.has("benders")) {
  t0 = performance.now();
  const s = solveByYears(h, lp, index, { log: (l) => console.log(`      ${l}`) });
  line(
    "Benders by year (investment in the master)",
    secs(t0),
    `${s.iterations} it, ${s.rounds} rounds`,
    s.objective,
    s.x,
  );
}
for (const [lever, options, chain] of [
  ["yearstart-nochain", {}, false],
  ["yearstart", {}, true],
  ["yearstart-primal", { simplex_strategy: 4 }, true],
] as const) {
  if (!asked.has(lever)) continue;
  const count = { whole: 0, parts: 0, partSeconds: 0 };
  t0 = performance.now();
  const s = await solveFromYearStart(lp, index, leverSolver(h, lp.cost.length, count, { ...options, ...limits }), {
    chain,
  });
  line(
    `whole from the years' bases${chain ? " (chained)" : ""}${lever.endsWith("primal") ? ", primal" : ""}`,
    secs(t0),
    `${count.parts} + ${count.whole} it`,
    s.objective,
    s.x,
  );
  console.log(
    `      the years without investment: ${count.parts} it, ${count.partSeconds.toFixed(2)} s in HiGHS; then the whole: ${count.whole} it; ${s.detail}`,
  );
}
if (asked.has("worker")) {
  // the engine's path as `auto` would take it: HiGHS in its worker thread, the cold solve and the years' start
  const worker = new WorkerLpSolver();
  try {
    t0 = performance.now();
    const cold = await worker.solve(lp, { method: "auto" });
    const coldSeconds = secs(t0);
    t0 = performance.now();
    const started = await solveFromYearStart(lp, index, worker);
    const startedSeconds = secs(t0);
    console.log(`  worker, cold (auto)                       ${coldSeconds.toFixed(2).padStart(7)} s  ${cold.detail}`);
    line("worker, years' start", startedSeconds, started.detail, started.objective, started.x);
  } finally {
    worker.close();
  }
}
if (args.includes("--again")) {
  // the reference once more, after the levers: the load moves during a run, and this brackets it
  const again = simplex(h, lp, undefined, limits);
  console.log(
    `  default dual simplex, again               ${again.seconds.toFixed(2).padStart(7)} s  ${again.iterations} it  objective ${again.objective.toPrecision(13)}`,
  );
}
