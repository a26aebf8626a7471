/**
 * Plan benchmark: the weighted-harmony plan program (5 years; every sector's final deliveries a target
 * growing 2 % a year, a labour limit, capacity 5 % over base output, investment with a capital mix) on sparse
 * synthetic economies of 200, 2,000 and 20,000 sectors (20 inputs each) and on the real BEA detail table.
 * scipy's linprog(method="highs") (native), ioplan's HiGHS (WebAssembly, dual simplex, up to 20,000 columns)
 * and ioplan's own PDLP (to a relative gap and residuals of 1e-4) solve the same program, each in its own
 * process; prints time, peak memory, the objectives' difference and the ratios.
 *
 * usage: npm run bench:plan [-- --sizes 200,2000]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Matrix, PlanSpec } from "../src/engine/index.ts";
import { buildPlanProgram, totalFinalDemand } from "../src/engine/index.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { writeLp } from "./lpFiles.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench";
const sizesArg = process.argv.indexOf("--sizes");
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(",").map(Number) : [200, 10_000, 100_000];
const TIMEOUT = Number(process.env.IOPLAN_PEER_TIMEOUT ?? 600);

function planFor(A: Matrix, x: Float64Array, f: Float64Array, seed: number): PlanSpec {
  const n = x.length;
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const years = [2021, 2022, 2023, 2024, 2025];
  const labour = Float64Array.from({ length: n }, () => 0.2 + rand());
  const labourBase = labour.reduce((a, l, i) => a + l * x[i], 0);
  const mix = Float64Array.from({ length: n }, () => (rand() < 0.1 ? rand() : 0));
  const ms = mix.reduce((a, b) => a + b, 0);
  return {
    name: `bench ${n}`,
    years,
    targets: Array.from({ length: n }, (_, i) => i)
      .filter((i) => f[i] > 0)
      .map((i) => ({ id: `t${i}`, label: `t${i}`, sector: i, on: "final" as const, kind: "min" as const, values: Float64Array.from(years, (_, k) => f[i] * 1.02 ** (k + 1)), unit: "u", factor: 1, weight: 1 + (i % 3), rank: 1 })),
    limits: [{ id: "labour", label: "labour", unit: "u", coefficients: Float64Array.from(labour, (l, i) => (x[i] ? (l * x[i]) / x[i] : 0)), values: Float64Array.from(years, (_, k) => labourBase * 1.01 ** (k + 1)), weight: 10 }],
    capacity: { initial: Float64Array.from(x, (v) => v * 1.05), capitalMix: { ratio: 2, mix: mix.map((v) => v / ms) }, leadTime: 1, depreciation: 0.03 },
  };
}

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
    build: () => {
      if (!existsSync(join(econ, "shape.txt"))) {
        const g = spawnSync("python3", [join(ROOT, "bench", "peers", "sparse_economy.py"), econ, String(n)], { stdio: "inherit" });
        if (g.status !== 0) throw new Error("generator failed");
      }
      const f64 = (p: string) => { const b = readFileSync(join(econ, p)); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
      const i32 = (p: string) => { const b = readFileSync(join(econ, p)); return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
      const A: Matrix = { kind: "csr", rows: n, cols: n, rowStarts: i32("indptr.i32"), colIndices: i32("indices.i32"), values: f64("data.f64") };
      const d = f64("d.f64");
      // base output for the demand d: x = (I − A)⁻¹ d, by the Neumann series (column sums < 1)
      const x = Float64Array.from(d);
      const tmp = new Float64Array(n);
      for (let it = 0; it < 200; it++) {
        for (let i = 0; i < n; i++) { let s = 0; for (let p = A.rowStarts[i]; p < A.rowStarts[i + 1]; p++) s += A.values[p] * x[A.colIndices[p]]; tmp[i] = d[i] + s; }
        x.set(tmp);
      }
      writeLp(join(WORK, `plan-lp-${n}`), buildPlanProgram(A, planFor(A, x, d, n), { kind: "harmony" }).lp);
    },
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
