/**
 * Plan benchmark: the weighted-harmony plan program (bench/planPrograms.ts) on sparse synthetic economies (20
 * inputs each; by default 200, 10⁴ and 10⁵ sectors × 5 years) and on the real BEA detail table.
 * scipy's linprog(method="highs") (native), ioplan's HiGHS (WebAssembly, dual simplex, up to 20,000 columns)
 * and ioplan's own PDLP (to a relative gap and residuals of 1e-4) solve the same program, each in its own
 * process; prints time, peak memory, the objectives' difference and the ratios.
 *
 * usage: npm run bench:plan [-- --sizes 200,2000]   (IOPLAN_PDLP_LIMIT: PDLP's time limit in s, default 600;
 * IOPLAN_PEER_TIMEOUT: scipy's, default 600)
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildPlanProgram, totalFinalDemand } from "../src/engine/index.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { writeLp } from "./lpFiles.ts";
import { planFor, syntheticPlanProgram } from "./planPrograms.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench";
const sizesArg = process.argv.indexOf("--sizes");
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(",").map(Number) : [200, 10_000, 100_000];
const TIMEOUT = Number(process.env.IOPLAN_PEER_TIMEOUT ?? 600);

interface Run { seconds: number; status: string; objective: number; peak_rss: number; base_rss: number; method?: string }
function child(cmd: string, args: string[], timeoutS = TIMEOUT): { ok: true; run: Run } | { ok: false; why: string } {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(cmd, args, { encoding: "utf8", env, timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") return { ok: false, why: `did not finish in ${timeoutS} s` };
  if (r.status !== 0) return { ok: false, why: `failed (${r.signal ?? `exit ${r.status}`}): ${(r.stderr || "").trim().split("\n").filter(Boolean).slice(-1)[0] ?? ""}` };
  return { ok: true, run: JSON.parse(r.stdout.trim().split("\n").pop()!) };
}

const cases: { name: string; dir: string; build: () => void }[] = [];
for (const n of sizes) {
  const econ = join(WORK, `sparse-${n}`);
  cases.push({
    name: `sparse synthetic, ${n.toLocaleString("en-US")} sectors × 5 years`,
    dir: join(WORK, `plan-lp-${n}`),
    build: () => writeLp(join(WORK, `plan-lp-${n}`), syntheticPlanProgram(econ, n)),
  });
}
cases.push({
  name: "BEA detail 2017 (402 sectors, real) × 5 years",
  dir: join(WORK, "plan-lp-bea-detail"),
  build: () => {
    const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
    writeLp(join(WORK, "plan-lp-bea-detail"), buildPlanProgram(m.A, planFor(m.A, m.x, totalFinalDemand(m), 7), { kind: "harmony" }).lp);
  },
});

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log("ioplan plan benchmark: weighted-harmony plan program; scipy linprog(method='highs') (native) vs ioplan's HiGHS (WebAssembly) and ioplan's own PDLP, same LP\n");
for (const c of cases) {
  c.build();
  const shape = JSON.parse(readFileSync(join(c.dir, "shape.json"), "utf8"));
  console.log(`▸ ${c.name}: ${shape.cols.toLocaleString("en-US")} columns, ${shape.rows.toLocaleString("en-US")} rows, ${shape.nnz.toLocaleString("en-US")} non-zeros`);
  const peer = child("python3", [join(ROOT, "bench", "peers", "plan_peer.py"), c.dir]);
  const line = (who: string, o: ReturnType<typeof child>) =>
    o.ok ? `    ${who.padEnd(34)} ${o.run.seconds.toFixed(2).padStart(8)} s   ${o.run.status}   objective ${o.run.objective.toPrecision(10)}   peak RSS ${mib(o.run.peak_rss)}` : `    ${who.padEnd(34)} ${o.why}`;
  console.log(line(`scipy linprog(${peer.ok ? peer.run.method : "highs"}), native`, peer));
  const runs: [string, ReturnType<typeof child>][] = [];
  if (shape.cols <= 20_000) runs.push(["ioplan HiGHS wasm (simplex)", child(process.execPath, ["--import", "tsx", join(ROOT, "bench", "planCase.ts"), c.dir, "simplex"])]);
  runs.push(["ioplan PDLP (own, to 1e-4)", child(process.execPath, ["--max-old-space-size=16000", "--import", "tsx", join(ROOT, "bench", "planCase.ts"), c.dir, "ioplan-pdlp", "1e-4"], Number(process.env.IOPLAN_PDLP_LIMIT ?? 600) + 300)]);
  for (const [who, ours] of runs) {
    console.log(line(who, ours));
    if (ours.ok && "detail" in ours.run) console.log(`      ${(ours.run as Run & { detail: string }).detail}`);
    if (ours.ok && peer.ok) console.log(`      ratio ours ÷ peer: time ${(ours.run.seconds / peer.run.seconds).toFixed(2)}×, memory ${(ours.run.peak_rss / peer.run.peak_rss).toFixed(2)}×, objectives differ by ${(Math.abs(ours.run.objective - peer.run.objective) / Math.max(1, Math.abs(peer.run.objective))).toExponential(1)} relative`);
  }
  console.log("");
}
