/**
 * `npm run bench`: Leontief solves (output for a demand vector plus all output multipliers) by ioplan and by
 * its peers, in the same run, on the same numbers. Each case runs in its own process (bench/cases.ts for ours,
 * bench/peers/leontief_peer.py for numpy/scipy) so peak memory is per case. Prints a table with times, the
 * ratio ours ÷ peer (below 1: we are faster), true residuals and working memory (peak RSS − RSS before the
 * solve), and writes bench/results/leontief.json.
 *
 * Sparse cases also run ioplan's two-thread solver (worker threads over shared memory) and compare the time
 * per matrix–vector product with the memory-bandwidth bound measured in the same run (bench/bandwidth.ts).
 * usage: npm run bench [-- --quick] [-- --1e7]   (--quick skips n = 5,000 dense and 10⁶ sparse; --1e7 adds 10⁷ sparse)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beaModel } from "../src/app/beaModel.ts";
import { totalFinalDemand } from "../src/engine/index.ts";
import { tileShape } from "../src/kernels/index.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = process.env.IOPLAN_BENCH_DIR ?? "/tmp/ioplan-bench";
const DATA = process.env.IOPLAN_DATA ?? resolve(ROOT, "..", "shared", "data");
const quick = process.argv.includes("--quick");
const PEER_TIMEOUT_S = Number(process.env.IOPLAN_PEER_TIMEOUT ?? 120);

interface Run {
  seconds: number;
  residual_x: number;
  residual_m: number;
  iterations: number;
  peak_rss: number;
  base_rss: number;
  method?: string;
  status?: string;
  matrix_bytes?: number;
}
type Outcome = { ok: true; run: Run } | { ok: false; why: string };

/** Peers run with OpenBLAS's core-type override removed (see the env skill: it slows a current numpy). */
function peerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function runJson(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutS: number): Outcome {
  const r = spawnSync(cmd, args, { encoding: "utf8", env, timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT")
    return { ok: false, why: `did not finish in ${timeoutS} s` };
  if (r.status !== 0) {
    // the error's own line (Node prints its version after the stack), else the last line
    const lines = (r.stderr || r.stdout || `exit ${r.status} ${r.signal ?? ""}`).trim().split("\n");
    return { ok: false, why: lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[lines.length - 1] };
  }
  return { ok: true, run: JSON.parse(r.stdout.trim().split("\n").pop()!) };
}

const ours = (kind: string, dir: string, method: string, reps: number) =>
  runJson(
    process.execPath,
    ["--import", "tsx", join(ROOT, "bench", "cases.ts"), kind, dir, method, String(reps)],
    process.env,
    1800,
  );
const peer = (kind: string, dir: string, method: string, reps: number) =>
  runJson(
    "python3",
    [join(ROOT, "bench", "peers", "leontief_peer.py"), kind, dir, method, String(reps)],
    peerEnv(),
    PEER_TIMEOUT_S,
  );

function ensure(dir: string, make: () => void): string {
  if (!existsSync(join(dir, "shape.txt"))) make();
  return dir;
}
function python(script: string, ...args: string[]): void {
  const r = spawnSync("python3", [join(ROOT, "bench", "peers", script), ...args], { stdio: "inherit", env: peerEnv() });
  if (r.status !== 0) throw new Error(`${script} failed`);
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const fmtS = (s: number) =>
  s < 0.01 ? `${(s * 1000).toFixed(2)} ms` : s < 10 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(1)} s`;

interface CaseSpec {
  name: string;
  kind: "dense" | "sparse";
  dir: string;
  reps: number;
  ours: string[];
  peers: string[];
}

const cases: CaseSpec[] = [];
// Real: BEA detail 2017, domestic requirements (402 industries), written as a dense matrix both sides read.
const beaDir = join(WORK, "bea-detail-2017");
ensure(beaDir, () => {
  const m = beaModel({ dir: join(DATA, "us_bea"), year: 2017, level: "detail", domestic: true });
  mkdirSync(beaDir, { recursive: true });
  if (m.A.kind !== "dense") throw new Error("BEA model is dense");
  writeFileSync(join(beaDir, "A.f64"), m.A.data);
  writeFileSync(join(beaDir, "d.f64"), totalFinalDemand(m));
  writeFileSync(join(beaDir, "shape.txt"), `${m.A.rows}\n`);
});
cases.push({
  name: "BEA detail 2017 (402, real)",
  kind: "dense",
  dir: beaDir,
  reps: 25,
  ours: ["auto", "lu"],
  peers: ["numpy-solve", "pymrio"],
});
for (const n of quick ? [2000] : [2000, 5000]) {
  const dir = ensure(join(WORK, `dense-${n}`), () => python("dense_economy.py", join(WORK, `dense-${n}`), String(n)));
  cases.push({
    name: `dense synthetic n = ${n}`,
    kind: "dense",
    dir,
    reps: n <= 2000 ? 3 : 1,
    ours: ["auto"],
    peers: ["numpy-solve", "pymrio"],
  });
}
for (const n of quick ? [100_000] : [100_000, 1_000_000]) {
  const dir = ensure(join(WORK, `sparse-${n}`), () =>
    python("sparse_economy.py", join(WORK, `sparse-${n}`), String(n)),
  );
  cases.push({
    name: `sparse synthetic n = ${n.toLocaleString("en-US")}, 20 inputs`,
    kind: "sparse",
    dir,
    reps: n <= 100_000 ? 3 : 1,
    ours: ["auto", "parallel", "gmres"],
    peers: ["gmres", "bicgstab", "spsolve"],
  });
}
if (process.argv.includes("--1e7")) {
  // 10⁷ products: 2·10⁸ non-zeros (2.4 GB); ours on two threads only, scipy's BiCGSTAB (GMRES and spsolve take far longer)
  const n = 10_000_000;
  const dir = ensure(join(WORK, `sparse-${n}`), () =>
    python("sparse_economy.py", join(WORK, `sparse-${n}`), String(n)),
  );
  cases.push({
    name: `sparse synthetic n = ${n.toLocaleString("en-US")}, 20 inputs`,
    kind: "sparse",
    dir,
    reps: 1,
    ours: ["parallel"],
    peers: ["bicgstab"],
  });
}

// the machine's memory bandwidth, measured in this run (bench/bandwidth.ts): the bound for sparse products
const bw = JSON.parse(
  spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench", "bandwidth.ts")], {
    encoding: "utf8",
  }).stdout.trim(),
) as { js_one_thread: number; js_two_threads: number; numpy: number };
const bandwidth = Math.max(bw.js_two_threads, bw.numpy, bw.js_one_thread);
console.log(
  `memory bandwidth (triad, this run): ${(bw.js_one_thread / 1e9).toFixed(1)} GB/s JS one thread, ${(bw.js_two_threads / 1e9).toFixed(1)} GB/s JS two threads, ${(bw.numpy / 1e9).toFixed(1)} GB/s numpy → bound uses ${(bandwidth / 1e9).toFixed(1)} GB/s\n`,
);

// the native reference for one product (bench/peers/spmv_native.c, gcc -O3; CSR on one thread, tiles on two), when gcc is here
const nativeBin = join(WORK, "spmv_native");
const native =
  spawnSync(
    "gcc",
    ["-O3", "-march=native", "-fopenmp", "-o", nativeBin, join(ROOT, "bench", "peers", "spmv_native.c")],
    { encoding: "utf8" },
  ).status === 0;
if (!native) console.log("(gcc not found or failed: no native product reference in this run)\n");

const results: unknown[] = [];
console.log(
  `ioplan Leontief benchmark: output for one demand vector + all output multipliers (two solves), to relative residual 1e-10`,
);
console.log(
  `node ${process.version}; peers in the same run: numpy/scipy (python3); working memory = peak RSS − RSS before the solve (tiling and the worker included), on top of the matrix\n`,
);
for (const c of cases) {
  console.log(`▸ ${c.name}`);
  const peerRuns = c.peers.map((p) => ({ name: p, out: peer(c.kind, c.dir, p, c.reps) }));
  const ourRuns = c.ours.map((m) => ({ name: m, out: ours(c.kind, c.dir, m, c.reps) }));
  const okPeers = peerRuns.filter((p) => p.out.ok) as { name: string; out: { ok: true; run: Run } }[];
  const best = okPeers.reduce<{ name: string; run: Run } | undefined>(
    (b, p) => (!b || p.out.run.seconds < b.run.seconds ? { name: p.name, run: p.out.run } : b),
    undefined,
  );
  for (const p of peerRuns) {
    if (!p.out.ok) console.log(`    peer ${p.name.padEnd(12)} ${p.out.why}`);
    else {
      const r = p.out.run;
      console.log(
        `    peer ${p.name.padEnd(12)} ${fmtS(r.seconds).padStart(9)}   residuals ${r.residual_x.toExponential(1)} / ${r.residual_m.toExponential(1)}   iterations ${String(r.iterations).padStart(4)}   memory ${mb(r.peak_rss - r.base_rss)}`,
      );
    }
  }
  for (const o of ourRuns) {
    if (!o.out.ok) {
      console.log(`    ioplan ${o.name.padEnd(10)} FAILED: ${o.out.why}`);
      continue;
    }
    const r = o.out.run;
    const ratios = okPeers.map((p) => `${(r.seconds / p.out.run.seconds).toFixed(2)}× ${p.name}`).join(", ");
    const working = r.peak_rss - r.base_rss;
    const memRatio = r.matrix_bytes ? ` (${(working / r.matrix_bytes).toFixed(2)}× the matrix)` : "";
    console.log(
      `    ioplan ${o.name.padEnd(10)} ${fmtS(r.seconds).padStart(9)}   residuals ${r.residual_x.toExponential(1)} / ${r.residual_m.toExponential(1)}   iterations ${String(r.iterations).padStart(4)}   memory ${mb(working)}${memRatio}   [${r.method}, ${r.status}]`,
    );
    console.log(`      ratio ours ÷ peer: ${ratios}`);
    const setup = (r as Run & { setup_seconds?: number }).setup_seconds;
    if (setup !== undefined)
      console.log(
        `      (reordering the matrix into tiles and starting the worker took ${fmtS(setup)}, once, not counted above)`,
      );
    if (c.kind === "sparse" && (r as Run & { nnz?: number }).nnz) {
      // bytes one product must move: values and column indices (12 per non-zero), row starts, y written, x read once
      const rr = r as Run & { nnz: number; n: number; matvecs: number };
      const bytes = 12 * rr.nnz + 20 * rr.n;
      const bound = bytes / bandwidth;
      const per = r.seconds / rr.matvecs;
      console.log(
        `      bandwidth bound: ${(bytes / 2 ** 20).toFixed(0)} MiB per product ÷ ${(bandwidth / 1e9).toFixed(1)} GB/s = ${fmtS(bound)}; measured ${fmtS(per)} per product (whole solve ÷ ${rr.matvecs} products) = ${(per / bound).toFixed(2)}× the bound`,
      );
    }
  }
  if (c.kind === "sparse") {
    // one product alone: ours (tiled, two threads) beside native C's tiled and CSR loops, against the bound
    const [n, nnz] = readFileSync(join(c.dir, "shape.txt"), "utf8").trim().split(/\s+/).map(Number);
    const bound = (12 * nnz + 20 * n) / bandwidth;
    const x = (ms: number) => `${ms.toFixed(1)} ms (${(ms / 1e3 / bound).toFixed(1)}×)`;
    const mine = ours("sparse", c.dir, "products", 1);
    const shape = tileShape(n, n, nnz);
    const nat = native
      ? runJson(nativeBin, [c.dir, String(shape.rowBits), String(shape.colBits)], process.env, 600)
      : undefined;
    console.log(`    one product, best of 10 (× the bound, ${fmtS(bound)}):`);
    if (mine.ok) {
      const r = mine.run as unknown as { forward_ms: number; transposed_ms: number };
      console.log(`      ioplan tiled, two threads:   A·x ${x(r.forward_ms)}, Aᵀ·x ${x(r.transposed_ms)}`);
    } else console.log(`      ioplan tiled: FAILED: ${mine.why}`);
    if (nat?.ok) {
      const r = nat.run as unknown as {
        forward_ms: number;
        scatter_ms: number;
        sequential_ms: number;
        sequential2_ms: number;
        tiled_ms: number;
        tiledT_ms: number;
      };
      console.log(
        `      native C, the same tiles (2^${shape.rowBits} × 2^${shape.colBits}), two threads: A·x ${x(r.tiled_ms)}, Aᵀ·x ${x(r.tiledT_ms)}`,
      );
      console.log(`      native C CSR, one thread:    A·x ${x(r.forward_ms)}, Aᵀ·x by scattering ${x(r.scatter_ms)}`);
      console.log(
        `      native C, the same bytes read in order (no random access): ${x(r.sequential_ms)} one thread, ${x(r.sequential2_ms)} two`,
      );
      results.push({ case: `${c.name}: one product`, ours: mine, native: nat.run });
    } else if (nat) console.log(`      native C: ${nat.why}`);
  }
  results.push({ case: c.name, peers: peerRuns, ours: ourRuns, bestPeer: best?.name });
  console.log("");
}
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "results", "leontief.json"),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2),
);
console.log("wrote bench/results/leontief.json");
