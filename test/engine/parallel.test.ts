import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { createLeontiefSystem, matTVec, matVec } from "../../src/engine/index.ts";
import { WasmArena } from "../../src/engine/linalg/wasm/spmv.ts";
import { ParallelCsr, sharedCsr, solveLeontiefParallel } from "../../src/solvers/parallelSparse.ts";
import { lcg, sparseEconomy } from "./economies.ts";

/** A random productive sparse economy: n sectors, k inputs each, column sums below 0.9. */
const economy = (n: number, k: number, seed: number) => sparseEconomy(n, k, lcg(seed));

for (const transposeCopy of [false, true]) test(`parallel sparse products (transposed by ${transposeCopy ? "a transposed copy" : "scattering"}) equal the single-threaded ones; a two-thread Leontief solve meets 1e-10 and agrees with the engine's`, async () => {
  const A = economy(20_000, 20, 7);
  const pc = new ParallelCsr(sharedCsr(A, { transposeCopy }));
  assert.equal(pc.transposed, transposeCopy ? "copy" : "scatter");
  try {
    const x = Float64Array.from({ length: A.rows }, (_, i) => Math.sin(i));
    const y = new Float64Array(A.rows);
    pc.mul(x, y);
    const want = matVec(A, x);
    for (let i = 0; i < A.rows; i++) assert.ok(Math.abs(y[i] - want[i]) <= 1e-12 * (1 + Math.abs(want[i])));
    pc.mulT(x, y);
    const wantT = matTVec(A, x);
    for (let i = 0; i < A.rows; i++) assert.ok(Math.abs(y[i] - wantT[i]) <= 1e-12 * (1 + Math.abs(wantT[i])));
    const d = new Float64Array(A.rows).fill(1);
    for (const transposed of [false, true]) {
      const r = solveLeontiefParallel(pc, d, { transposed });
      assert.ok(r.residual <= 1e-10, `residual ${r.residual}`);
      assert.equal(r.method, "bicgstab (2 threads)");
      const ref = transposed ? createLeontiefSystem(A).solveTransposed(d) : createLeontiefSystem(A).solve(d);
      // the same BiCGSTAB as the engine's, with the vector work compiled: the same iterations, give or take one
      assert.ok(Math.abs(r.iterations - ref.iterations) <= 1, `${r.iterations} iterations, the engine's ${ref.iterations}`);
      for (let i = 0; i < A.rows; i += 997) assert.ok(Math.abs(r.x[i] - ref.x[i]) <= 1e-8 * Math.abs(ref.x[i]));
      // started at the answer it stops at once; cut short it says so, with the true residual
      const again = pc.bicgstab(d, { transposed, initialGuess: r.x });
      assert.equal(again.iterations, 0);
      assert.equal(again.status, "converged");
      const short = pc.bicgstab(d, { transposed, maxIterations: 1 });
      assert.equal(short.status, "max-iterations");
      assert.ok(short.residual > 1e-10 && short.residual < 1);
    }
  } finally {
    await pc.close();
  }
});

test("the committed WebAssembly kernels are the ones spmv.wat compiles to (npm run build:wasm)", () => {
  const r = spawnSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("the compiled single-thread kernels give the JavaScript products, forward and transposed", () => {
  const A = economy(3_000, 7, 11);
  const n = A.rows;
  const nnz = A.values.length;
  const arena = new WasmArena(WasmArena.size((n + 1) * 4, nnz * 4, nnz * 8, n * 8, n * 8));
  const rs = arena.i32(n + 1);
  const ci = arena.i32(nnz);
  const v = arena.f64(nnz);
  rs.set(A.rowStarts);
  ci.set(A.colIndices);
  v.set(A.values);
  const x = arena.f64(n);
  const y = arena.f64(n);
  x.set(Float64Array.from({ length: n }, (_, i) => Math.cos(i)));
  arena.kernels.rowsMV(0, n, rs.byteOffset, ci.byteOffset, v.byteOffset, x.byteOffset, y.byteOffset);
  const want = matVec(A, x);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - want[i]) <= 1e-13 * (1 + Math.abs(want[i])));
  y.fill(0);
  arena.kernels.rowsMVT(0, n, rs.byteOffset, ci.byteOffset, v.byteOffset, x.byteOffset, y.byteOffset);
  const wantT = matTVec(A, x);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - wantT[i]) <= 1e-13 * (1 + Math.abs(wantT[i])));
  assert.throws(() => arena.f64(n), /arena is full/);
  assert.throws(() => new WasmArena(2 ** 33), /do not fit in a WebAssembly memory \(4 GiB\)/);
});
