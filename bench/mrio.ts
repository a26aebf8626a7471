/**
 * MRIO footprint benchmark (#24): D_cba, D_pba, D_imp, D_exp (by sector and by region) for a few stressors of a
 * synthetic MRIO of EXIOBASE's shape (49 regions × 163 sectors, bench/mrioCase.ts says how it is drawn), by ioplan
 * (`mrioAccounts`: no inverse, block solves) and by pymrio's method in numpy (bench/peers/mrio_peer.py: L = inv(I − A),
 * x_diag = L·Y_diag, …) on the same numbers, written to a temporary folder. Both timed in the same run; the ratio
 * printed; the accounts compared (largest difference relative to the largest entry of each account).
 *
 * usage: npm run bench:mrio [-- --regions 49 --sectors 163 --partners 12 --input-share 0.3 --stressors 4 --seed 24]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mrioAccounts, toCsr } from "../src/engine/index.ts";
import type { MrioAccounts, MrioModel } from "../src/engine/index.ts";
import { describeCase, EXIOBASE_SHAPE, syntheticMrio } from "./mrioCase.ts";
import type { CaseOptions } from "./mrioCase.ts";

const ROOT = resolve(import.meta.dirname, "..");

function options(): CaseOptions {
  const o = { ...EXIOBASE_SHAPE };
  const args = process.argv.slice(2);
  const names: Record<string, keyof CaseOptions> = {
    "--regions": "regions",
    "--sectors": "sectors",
    "--partners": "partners",
    "--input-share": "inputShare",
    "--stressors": "stressors",
    "--seed": "seed",
  };
  for (let k = 0; k < args.length; k += 2) {
    const key = names[args[k]];
    if (!key || !Number.isFinite(Number(args[k + 1])))
      throw new Error(`unknown option ${args[k]} ${args[k + 1] ?? ""}; options: ${Object.keys(names).join(", ")}`);
    o[key] = Number(args[k + 1]);
  }
  return o;
}

function writeCase(dir: string, m: MrioModel): void {
  const A = toCsr(m.A);
  const f64 = (name: string, v: Float64Array) =>
    writeFileSync(join(dir, name), new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  writeFileSync(
    join(dir, "A_indptr.i32"),
    new Uint8Array(A.rowStarts.buffer, A.rowStarts.byteOffset, A.rowStarts.byteLength),
  );
  writeFileSync(
    join(dir, "A_indices.i32"),
    new Uint8Array(A.colIndices.buffer, A.colIndices.byteOffset, A.colIndices.byteLength),
  );
  f64("A_values.f64", A.values);
  f64("x.f64", m.x);
  f64("Y.f64", m.Y.data);
  const E = m.stressors.length;
  const F = new Float64Array(E * m.x.length);
  const FY = new Float64Array(E * m.Y.cols);
  m.stressors.forEach((s, k) => {
    F.set(s.F, k * m.x.length);
    FY.set(s.FY, k * m.Y.cols);
  });
  f64("F.f64", F);
  f64("FY.f64", FY);
  writeFileSync(
    join(dir, "header.json"),
    JSON.stringify({
      regions: m.regions.length,
      sectors: m.sectors.length,
      categories: m.finalDemandCategories.length,
      stressors: E,
    }),
  );
}

/** Largest |ours − peer| over an account, relative to the account's largest |entry|; worst over accounts. */
function compare(dir: string, a: MrioAccounts): { worst: number; where: string } {
  let worst = 0;
  let where = "";
  for (const key of ["Dcba", "Dpba", "Dimp", "Dexp", "M", "DcbaReg", "DpbaReg", "DimpReg", "DexpReg"] as const) {
    const b = readFileSync(join(dir, `peer_${key}.f64`));
    const peer = new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
    const len = peer.length / a.stressors.length;
    a.stressors.forEach((s, k) => {
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < len; i++) {
        diff = Math.max(diff, Math.abs(s[key][i] - peer[k * len + i]));
        scale = Math.max(scale, Math.abs(peer[k * len + i]));
      }
      const rel = scale > 0 ? diff / scale : diff;
      if (!(rel <= worst)) {
        worst = rel;
        where = `${s.code} ${key}`;
      }
    });
  }
  return { worst, where };
}

const o = options();
const dir = mkdtempSync(join(tmpdir(), "ioplan-bench-mrio-"));
try {
  const m = syntheticMrio(o);
  console.log(`MRIO accounts: ${describeCase(m, o)}`);
  writeCase(dir, m);
  const t0 = performance.now();
  const a = mrioAccounts(m);
  const ours = (performance.now() - t0) / 1000;
  const peerRun = spawnSync("python3", [join(ROOT, "bench", "peers", "mrio_peer.py"), dir], { encoding: "utf8" });
  if (peerRun.status !== 0) throw new Error(peerRun.stderr);
  const peer = JSON.parse(peerRun.stdout.trim().split("\n").pop()!) as {
    seconds: number;
    inverse_seconds: number;
    accounts_seconds: number;
    numpy: string;
    blas_threads: string;
  };
  const worstIdentity = Math.max(
    ...a.stressors.map((s) => Math.max(...s.identityResidual.map(Math.abs)) / Math.max(...s.DcbaReg.map(Math.abs))),
  );
  const { worst, where } = compare(dir, a);
  console.log(
    `  ioplan mrioAccounts       ${ours.toFixed(2).padStart(7)} s   ${a.solve.method}, ${a.solve.iterations} sweeps, residual ${a.solve.residual.toExponential(1)} (${a.solve.status}); also M and M_down`,
  );
  console.log(
    `  pymrio's method (numpy ${peer.numpy}, ${peer.blas_threads} BLAS threads) ${peer.seconds.toFixed(2).padStart(7)} s   inv(I − A) ${peer.inverse_seconds.toFixed(2)} s + accounts ${peer.accounts_seconds.toFixed(2)} s`,
  );
  console.log(`  ratio ours ÷ peer: ${(ours / peer.seconds).toFixed(2)}×`);
  console.log(
    `  agreement: largest difference ${worst.toExponential(2)} of the account's largest entry (${where}); identity D_cba = D_pba + D_imp − D_exp closes to ${worstIdentity.toExponential(1)} of D_cba`,
  );
  if (!(worst < 1e-8)) {
    console.error("ioplan and the peer disagree");
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
