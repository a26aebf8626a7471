/**
 * Import benchmark: a model of 10⁶ products and 2·10⁷ coefficient triplets (≈ 600 MB of CSV) read by
 * ioplan's streaming reader, and by the usual Python way (csv + scipy.sparse) in the same run. Prints time,
 * peak resident memory of each process and the ratio; the CSV text is never held whole by ioplan.
 *
 * usage: npm run bench:import [-- N]   (default N = 1,000,000; the model is generated once in /tmp/ioplan-bench)
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const n = Number(process.argv[2] ?? 1_000_000);
const dir = join(process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench", `model-${n}`);
if (!existsSync(join(dir, "datapackage.json"))) {
  const g = spawnSync("python3", [join(ROOT, "bench", "peers", "triplet_model.py"), dir, String(n)], {
    stdio: "inherit",
  });
  if (g.status !== 0) throw new Error("generating the model failed");
}
const csvBytes = statSync(join(dir, "coefficients.csv")).size;
const ours = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "-e",
    `
  const { readModel } = await import(${JSON.stringify(join(ROOT, "src/formats/dataPackage.ts"))});
  const { rss } = await import(${JSON.stringify(join(ROOT, "bench/procMemory.ts"))});
  const base = rss("VmRSS");
  const t0 = performance.now();
  const m = readModel(${JSON.stringify(dir)});
  const secs = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds: secs, nnz: m.A.values.length, peak_rss: rss("VmHWM"), base_rss: base }));
`,
  ],
  { encoding: "utf8", maxBuffer: 1 << 20 },
);
if (ours.status !== 0) throw new Error(ours.stderr);
const peer = spawnSync("python3", [join(ROOT, "bench", "peers", "triplet_read.py"), dir], { encoding: "utf8" });
if (peer.status !== 0) throw new Error(peer.stderr);
const o = JSON.parse(ours.stdout.trim().split("\n").pop()!);
const p = JSON.parse(peer.stdout.trim().split("\n").pop()!);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const matrixBytes = o.nnz * 12 + (n + 1) * 4;
console.log(
  `model import: ${n.toLocaleString("en-US")} products, ${o.nnz.toLocaleString("en-US")} coefficients, coefficients.csv ${mib(csvBytes)}; CSC matrix ${mib(matrixBytes)}`,
);
console.log(
  `  ioplan (streamed)      ${o.seconds.toFixed(1).padStart(6)} s   peak RSS ${mib(o.peak_rss)} (${(o.peak_rss / matrixBytes).toFixed(2)}× the matrix, ${(o.peak_rss / csvBytes).toFixed(2)}× the text)`,
);
console.log(`  python csv + scipy     ${p.seconds.toFixed(1).padStart(6)} s   peak RSS ${mib(p.peak_rss)}`);
console.log(
  `  ratio ours ÷ peer: time ${(o.seconds / p.seconds).toFixed(2)}×, peak memory ${(o.peak_rss / p.peak_rss).toFixed(2)}×`,
);
