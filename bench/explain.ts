/**
 * `npm run bench:explain`: the counterfactual explanation by ioplan and by a numpy peer, in the same run, on the
 * same numbers, each in its own process (bench/explainCase.ts, bench/peers/explain_peer.py):
 * - BEA detail 2017 (402 sectors) × 5 years, 8 channels (six final-demand categories, the import budget, a
 *   capacity loss): exact Shapley values over 256 runs a year; the totals of both sides are compared;
 * - 1,000 Monte Carlo draws of the worked example's explanation (every year 2016–2020, coefficients with a 10 %
 *   relative error): ours includes the review that gathers the observations; the peer's p50s are set beside ours.
 * Prints times, the ratio ours ÷ peer (below 1: we are faster) and peak memory; writes bench/results/explain.json.
 * usage: npm run bench:explain
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readModel } from "../src/formats/dataPackage.ts";
import { seededRandom, toCsr } from "../src/engine/index.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench";
mkdirSync(WORK, { recursive: true });

interface Run {
  seconds: number;
  totals: Record<string, unknown>[];
  peak_rss: number;
  years?: { year: number; imports: number | null; exports: number | null; capacity: [number, number] | null }[];
  substitution?: { share: number; cost: number };
  headroom?: number;
}

function runJson(cmd: string, args: string[]): Run {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  const r = spawnSync(cmd, args, { encoding: "utf8", env, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** The BEA case: the detail table's own categories as channels, ratios drawn once from a fixed seed. */
function beaCase(): string {
  const m = readModel(join(ROOT, "examples", "bea-detail-2017"));
  const n = m.sectors.length;
  const A = new Float64Array(n * n);
  const csr = toCsr(m.A);
  for (let i = 0; i < n; i++)
    for (let k = csr.rowStarts[i]; k < csr.rowStarts[i + 1]; k++) A[i * n + csr.colIndices[k]] = csr.values[k];
  const cats = ["F01000", "F02R00", "F02S00", "F04000", "F06C00", "F10C00"];
  const col = (c: string) =>
    Array.from(
      { length: n },
      (_, i) => m.finalDemand.data[i * m.finalDemand.cols + m.finalDemandCategories.indexOf(c)],
    );
  const other = Array.from({ length: n }, (_, i) =>
    m.finalDemandCategories.reduce(
      (a, c, k) => (cats.includes(c) ? a : a + m.finalDemand.data[i * m.finalDemand.cols + k]),
      0,
    ),
  );
  const imp = m.satellites.find((s) => s.code === "IMP")!.values;
  const va = new Float64Array(n);
  for (let k = 0; k < m.valueAddedRows.length; k++) for (let i = 0; i < n; i++) va[i] += m.valueAdded.data[k * n + i];
  const r = seededRandom(2017);
  const years = Array.from({ length: 5 }, () => ({
    ratios: Object.fromEntries(cats.map((c) => [c, 0.85 + 0.2 * r.uniform()])),
    importRatio: 0.8 + 0.2 * r.uniform(),
    capacity: { sector: Math.floor(r.uniform() * n), remaining: 0.9 },
    planned: Array.from(m.x),
    observed: Array.from(m.x, (x) => x * (0.93 + 0.06 * r.uniform())),
  }));
  const file = join(WORK, "explain-bea.json");
  writeFileSync(
    file,
    JSON.stringify({
      n,
      sectors: m.sectors.map((s) => s.code),
      A: Array.from(A),
      vpu: Array.from(va, (v, i) => (m.x[i] > 0 ? v / m.x[i] : 0)),
      other,
      imports: {
        perUnit: Array.from(imp, (v, i) => (m.x[i] > 0 ? v / m.x[i] : 0)),
        planned: imp.reduce((a, b) => a + b, 0),
      },
      categories: cats.map((c) => ({ id: c, planned: col(c) })),
      years,
    }),
  );
  return file;
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const file = beaCase();
const ours = runJson(process.execPath, ["--import", "tsx", join(ROOT, "bench", "explainCase.ts"), file, "10"]);
const peer = runJson("python3", [join(ROOT, "bench", "peers", "explain_peer.py"), "bea", file, "10"]);
let worst = 0;
ours.totals.forEach((t, y) => {
  for (const [k, v] of Object.entries(t)) {
    const p = (peer.totals[y] as Record<string, number>)[k];
    worst = Math.max(worst, Math.abs((v as number) - p) / Math.max(1, Math.abs(p)));
  }
});

const store = join(WORK, "explain-mc.sqlite");
rmSync(store, { force: true });
rmSync(`${store}-wal`, { force: true });
rmSync(`${store}-shm`, { force: true });
const mcOurs = runJson(process.execPath, [
  "--import",
  "tsx",
  join(ROOT, "bench", "explainCase.ts"),
  "mc",
  store,
  "1000",
  "0.1",
  "1",
]);
const mcCase = join(WORK, "explain-mc.json");
writeFileSync(
  mcCase,
  JSON.stringify({
    model: join(ROOT, "examples", "dprk", "model"),
    samples: 1000,
    rel: 0.1,
    seed: 1,
    years: mcOurs.years,
    substitution: mcOurs.substitution,
    headroom: mcOurs.headroom,
  }),
);
const mcPeer = runJson("python3", [join(ROOT, "bench", "peers", "explain_peer.py"), "mc", mcCase]);

console.log(`explain benchmark, ${new Date().toISOString()} (each side in its own process; ratio = ioplan ÷ numpy)\n`);
console.log("| case | ioplan | numpy | ratio | agreement | memory (ioplan / numpy) |");
console.log("|---|---|---|---|---|---|");
console.log(
  `| BEA detail 402 × 5 years, 8 channels (exact, 256 runs a year) | ${fmt(ours.seconds)} | ${fmt(peer.seconds)} | ${(ours.seconds / peer.seconds).toFixed(2)}× | totals within ${worst.toExponential(1)} | ${mib(ours.peak_rss)} / ${mib(peer.peak_rss)} |`,
);
const p50 = (mcOurs.totals[0] as { p50: Record<string, number> }).p50;
const peerP50 = (mcPeer.totals[0] as { p50: Record<string, number> }).p50;
const agreeMc = Object.keys(p50)
  .map((y) => `${y} ${p50[y].toFixed(2)}/${(peerP50[y] ?? NaN).toFixed(2)}`)
  .join(", ");
console.log(
  `| worked example, 1,000 draws × 5 years (coefficients ±10 %) | ${fmt(mcOurs.seconds)} | ${fmt(mcPeer.seconds)} | ${(mcOurs.seconds / mcPeer.seconds).toFixed(2)}× | p50 of modelled, ours/peer (different draws): ${agreeMc} | ${mib(mcOurs.peak_rss)} / ${mib(mcPeer.peak_rss)} |`,
);
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "results", "explain.json"),
  JSON.stringify(
    {
      when: new Date().toISOString(),
      bea: { ours: ours.seconds, peer: peer.seconds, agreement: worst },
      monteCarlo: { ours: mcOurs.seconds, peer: mcPeer.seconds },
    },
    null,
    2,
  ) + "\n",
);
