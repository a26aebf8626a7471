/**
 * Plan benchmark: the weighted-harmony plan program (bench/planPrograms.ts) on sparse synthetic economies (20
 * inputs each; by default 200, 10⁴ and 10⁵ sectors × 5 years) and on the real BEA detail table.
 * The program is written twice: as raw arrays (bench/lpFiles.ts) for ioplan's solvers, and as the MPS file
 * `--write-mps` gives (src/formats/mps.ts, names by role, sector and year), which the peer reads: scipy's
 * linprog(method="highs") (native) solves the program read from that file. ioplan's HiGHS (WebAssembly) and ioplan's
 * own PDLP (to a relative gap and residuals of 1e-6: IOPLAN_PDLP_TOLERANCE) solve the same program, each in its own process; prints time,
 * peak memory, the objectives' difference and the ratios.
 *
 * usage: npm run bench:plan [-- --sizes 200,2000]   (IOPLAN_PDLP_LIMIT: PDLP's time limit in s, default 600;
 * IOPLAN_PEER_TIMEOUT: scipy's, default 600)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { LinearProgram, PlanIndex } from "../src/engine/index.ts";
import { buildPlanProgram, totalFinalDemand } from "../src/engine/index.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { writeMps } from "../src/formats/mps.ts";
import { writeLp, writePlanIndex } from "./lpFiles.ts";
import { planFor, syntheticPlan } from "./planPrograms.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench";
const sizesArg = process.argv.indexOf("--sizes");
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(",").map(Number) : [200, 2_000, 10_000];
/** Past this many non-zeros the MPS text (one string) would pass V8's string limit: the peer is not run. */
const MPS_NNZ_MAX = 4_000_000;

/** Writes the program for both sides: raw arrays (and the plan's index) for ioplan, the MPS file (with names) for the peer. */
function writeBoth(dir: string, { lp, index }: { lp: LinearProgram; index: PlanIndex }): void {
  writeLp(dir, lp);
  writePlanIndex(dir, index);
  if (lp.matrix.values.length <= MPS_NNZ_MAX) writeFileSync(join(dir, "program.mps"), writeMps(lp, "ioplan_bench"));
}
const TIMEOUT = Number(process.env.IOPLAN_PEER_TIMEOUT ?? 600);
/**
 * PDLP's relative tolerance (residuals and gap in the preconditioned problem; IOPLAN_PDLP_TOLERANCE), #23's 1e-6 by
 * default. Where the peer finishes, the objectives' difference shows how close that is to the exact optimum: on BEA
 * detail × 5 PDLP's objective at 1e-6 was 2.4·10⁻⁶ from the simplex's, at 1e-7 1.4·10⁻⁷ (bench/RESULTS.md).
 */
const PDLP_TOLERANCE = process.env.IOPLAN_PDLP_TOLERANCE ?? "1e-6";

interface Run {
  seconds: number;
  status: string;
  objective: number;
  peak_rss: number;
  base_rss: number;
  method?: string;
}
function child(cmd: string, args: string[], timeoutS = TIMEOUT): { ok: true; run: Run } | { ok: false; why: string } {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(cmd, args, { encoding: "utf8", env, timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT")
    return { ok: false, why: `did not finish in ${timeoutS} s` };
  if (r.status !== 0)
    return {
      ok: false,
      why: `failed (${r.signal ?? `exit ${r.status}`}): ${(r.stderr || "").trim().split("\n").filter(Boolean).slice(-1)[0] ?? ""}`,
    };
  return { ok: true, run: JSON.parse(r.stdout.trim().split("\n").pop()!) };
}

const cases: { name: string; dir: string; build: () => void }[] = [];
for (const n of sizes) {
  const econ = join(WORK, `sparse-${n}`);
  cases.push({
    name: `sparse synthetic, ${n.toLocaleString("en-US")} sectors × 5 years`,
    dir: join(WORK, `plan-lp-${n}`),
    build: () => writeBoth(join(WORK, `plan-lp-${n}`), syntheticPlan(econ, n)),
  });
}
cases.push({
  name: "BEA detail 2017 (402 sectors, real) × 5 years",
  dir: join(WORK, "plan-lp-bea-detail"),
  build: () => {
    const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
    const codes = m.sectors.map((s) => s.code);
    writeBoth(
      join(WORK, "plan-lp-bea-detail"),
      buildPlanProgram(m.A, planFor(m.A, m.x, totalFinalDemand(m), 7), { kind: "harmony" }, { sectorCodes: codes }),
    );
  },
});

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(
  "ioplan plan benchmark: weighted-harmony plan program; scipy linprog(method='highs') (native) vs ioplan's HiGHS (WebAssembly) and ioplan's own PDLP, same LP\n",
);
for (const c of cases) {
  c.build();
  const shape = JSON.parse(readFileSync(join(c.dir, "shape.json"), "utf8"));
  console.log(
    `▸ ${c.name}: ${shape.cols.toLocaleString("en-US")} columns, ${shape.rows.toLocaleString("en-US")} rows, ${shape.nnz.toLocaleString("en-US")} non-zeros`,
  );
  const mps = join(c.dir, "program.mps");
  const peer =
    shape.nnz <= MPS_NNZ_MAX
      ? child("python3", [join(ROOT, "bench", "peers", "plan_peer.py"), mps])
      : ({ ok: false, why: "not run (MPS text past the string limit)" } as const);
  if (peer.ok)
    console.log(
      `    (peer read ${mps} in ${(peer.run as Run & { read_seconds: number }).read_seconds.toFixed(1)} s: ${(peer.run as Run & { cols: number }).cols.toLocaleString("en-US")} columns)`,
    );
  const line = (who: string, o: ReturnType<typeof child>) =>
    o.ok
      ? `    ${who.padEnd(34)} ${o.run.seconds.toFixed(2).padStart(8)} s   ${o.run.status}   objective ${o.run.objective.toPrecision(10)}   peak RSS ${mib(o.run.peak_rss)}`
      : `    ${who.padEnd(34)} ${o.why}`;
  console.log(line(`scipy linprog(${peer.ok ? peer.run.method : "highs"}), native`, peer));
  const runs: [string, ReturnType<typeof child>][] = [];
  if (shape.cols <= 20_000)
    runs.push([
      "ioplan HiGHS wasm (simplex, cold)",
      child(process.execPath, ["--import", "tsx", join(ROOT, "bench", "planCase.ts"), c.dir, "simplex"]),
    ]);
  // what `plan optimise` runs (solvePlanProgram): the simplex started from the years' bases (#23, yearStart.ts)
  if (shape.cols <= 20_000)
    runs.push([
      "ioplan plan optimise (years' start)",
      child(process.execPath, ["--import", "tsx", join(ROOT, "bench", "planCase.ts"), c.dir, "plan"]),
    ]);
  // a re-solve with one bound raised (bottleneck effects, scenarios): from the first solve's basis; the peer has no warm start
  if (shape.cols <= 20_000)
    runs.push([
      "ioplan HiGHS wasm re-solve, warm",
      child(process.execPath, ["--import", "tsx", join(ROOT, "bench", "planCase.ts"), c.dir, "resolve"]),
    ]);
  runs.push([
    `ioplan PDLP (own, to ${PDLP_TOLERANCE})`,
    child(
      process.execPath,
      [
        "--max-old-space-size=16000",
        "--import",
        "tsx",
        join(ROOT, "bench", "planCase.ts"),
        c.dir,
        "ioplan-pdlp",
        PDLP_TOLERANCE,
      ],
      Number(process.env.IOPLAN_PDLP_LIMIT ?? 600) + 300,
    ),
  ]);
  for (const [who, ours] of runs) {
    console.log(line(who, ours));
    if (ours.ok && "detail" in ours.run) console.log(`      ${(ours.run as Run & { detail: string }).detail}`);
    if (ours.ok && peer.ok && who.includes("re-solve"))
      console.log(
        `      ratio ours ÷ the peer's cold solve of the first program: time ${(ours.run.seconds / peer.run.seconds).toFixed(2)}× (scipy's linprog takes no basis)`,
      );
    else if (ours.ok && peer.ok)
      console.log(
        `      ratio ours ÷ peer: time ${(ours.run.seconds / peer.run.seconds).toFixed(2)}×, memory ${(ours.run.peak_rss / peer.run.peak_rss).toFixed(2)}×, objectives differ by ${(Math.abs(ours.run.objective - peer.run.objective) / Math.max(1, Math.abs(peer.run.objective))).toExponential(1)} relative`,
      );
  }
  console.log("");
}
