import assert from "node:assert/strict";
import { test } from "node:test";
import { createLeontiefSystem, matTVec, matVec } from "../../src/engine/index.ts";
import { Handshake, ParallelCsr, sharedCsr, solveLeontiefParallel } from "../../src/workers/index.ts";
import { lcg, sparseEconomy } from "../support/economies.ts";

/** A random productive sparse economy: n sectors, k inputs each, column sums below 0.9. */
const economy = (n: number, k: number, seed: number) => sparseEconomy(n, k, lcg(seed));

test("parallel tiled products equal the single-threaded CSR ones; a two-thread Leontief solve meets 1e-10 and agrees with the engine's", async () => {
  const A = economy(20_000, 20, 7);
  const S = sharedCsr(A);
  const pc = new ParallelCsr(S);
  // 20,000 rows in blocks of 2ⁱ⁰: 20 × 20 tiles, split between the threads near the middle
  assert.deepEqual([S.shape.rowBits, S.shape.colBits, S.shape.tiles], [10, 10, 400]);
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
      assert.ok(
        Math.abs(r.iterations - ref.iterations) <= 1,
        `${r.iterations} iterations, the engine's ${ref.iterations}`,
      );
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

test("a product that fails in the worker is an error on the calling thread, not a wait forever; arguments past 2³¹ arrive whole", async () => {
  const result = new SharedArrayBuffer(8);
  const meet = new Handshake(new URL("./failingWorker.mjs", import.meta.url), { result }, () => {});
  try {
    meet.post(1, 3_000_000_000, 5);
    meet.wait();
    assert.equal(new Float64Array(result)[0], 3_000_000_005);
    meet.post(2, 4_000_000_000);
    assert.throws(() => meet.wait(), /the product worker failed: RangeError: no such vector at byte 4000000000/);
    // and it keeps serving
    meet.post(1, 1, 2);
    meet.wait();
    assert.equal(new Float64Array(result)[0], 3);
  } finally {
    await meet.close();
  }
});
