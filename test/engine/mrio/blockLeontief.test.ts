import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createBlockLeontief,
  csrFromTriplets,
  denseMatrix,
  mrioAccounts,
  mrioFromFlows,
  seededRandom,
} from "../../../src/engine/index.ts";
import type { MrioModel } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";

/** A random MRIO (fixed seed): R regions × S sectors, every trade block with about a quarter of its entries. */
function randomMrio(R: number, S: number, seed: number): MrioModel {
  const rnd = seededRandom(seed);
  const n = R * S;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const domestic = Math.floor(i / S) === Math.floor(j / S);
      if (rnd.uniform() < (domestic ? 0.6 : 0.25)) {
        rows.push(i);
        cols.push(j);
        values.push(rnd.uniform() * (domestic ? 20 : 4));
      }
    }
  }
  const Y = denseMatrix(n, R * 2);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < R * 2; c++)
      Y.data[i * R * 2 + c] = rnd.uniform() * (Math.floor(c / 2) === Math.floor(i / S) ? 300 : 20);
  const F = (k: number): number[] => Array.from({ length: n }, () => rnd.uniform() * (k + 1) * 50);
  return mrioFromFlows({
    name: "random",
    regions: Array.from({ length: R }, (_, r) => `R${r}`),
    sectors: Array.from({ length: S }, (_, s) => ({ code: `s${s}`, name: `s${s}` })),
    Z: csrFromTriplets(n, n, { rows, cols, values }),
    Y,
    finalDemandCategories: ["h", "g"],
    stressors: [0, 1, 2].map((k) => ({
      code: `e${k}`,
      F: F(k),
      FY: Array.from({ length: R * 2 }, () => rnd.uniform()),
    })),
  });
}

test("block Gauss–Seidel over regions gives the LU accounts to 1e-10, and says how many sweeps it took", () => {
  const m = randomMrio(6, 12, 7);
  const lu = mrioAccounts(m, { method: "lu" });
  const gs = mrioAccounts(m, { method: "block-gauss-seidel" });
  assert.equal(gs.solve.method, "block-gauss-seidel");
  assert.ok(gs.solve.converged && gs.solve.residual <= 1e-12, `residual ${gs.solve.residual}`);
  assert.ok(gs.solve.iterations > 1 && gs.solve.iterations < 100, `${gs.solve.iterations} sweeps`);
  lu.stressors.forEach((e, k) => {
    for (const key of ["M", "MDown", "Dcba", "Dpba", "Dimp", "Dexp", "DcbaReg", "DimpReg"] as const)
      assertClose(gs.stressors[k][key], e[key], { rel: 1e-10, abs: 1e-10 }, `${e.code} ${key}`);
  });
});

test("a solve stopped before its tolerance says so: not converged, with its true residual", () => {
  const m = randomMrio(4, 8, 3);
  const sys = createBlockLeontief(m.A, 8, { method: "block-gauss-seidel", maxIterations: 2 });
  const r = sys.solve(
    m.x.map(() => 1),
    1,
  );
  assert.equal(r.converged, false);
  assert.equal(r.status, "max-iterations");
  assert.ok(r.residual > 1e-12 && Number.isFinite(r.residual), `residual ${r.residual}`);
});

test("an economy that is not productive never comes back converged from block Gauss–Seidel", () => {
  // two regions of one sector that each use more than they make once trade is counted: ρ(A) > 1
  const sys = createBlockLeontief(
    denseMatrix([
      [0.5, 0.9],
      [0.9, 0.5],
    ]),
    1,
    { method: "block-gauss-seidel", maxIterations: 2000 },
  );
  const r = sys.solve(Float64Array.from([1, 1]), 1);
  assert.equal(r.converged, false);
  assert.notEqual(r.status, "converged");
});

test("the forward and transposed block solves agree with LU on each column, for many right-hand sides at once", () => {
  const m = randomMrio(5, 6, 11);
  const n = m.x.length;
  const rnd = seededRandom(5);
  const B = Float64Array.from({ length: n * 7 }, () => rnd.uniform());
  const lu = createBlockLeontief(m.A, 6, { method: "lu" });
  const gs = createBlockLeontief(m.A, 6, { method: "block-gauss-seidel", tolerance: 1e-13 });
  assertClose(gs.solve(B, 7).X, lu.solve(B, 7).X, { rel: 1e-11, abs: 1e-13 });
  assertClose(gs.solveTransposed(B, 7).X, lu.solveTransposed(B, 7).X, { rel: 1e-11, abs: 1e-13 });
  assert.throws(() => lu.solve(B, 6), /right-hand sides have/);
});

test("the compiled SIMD row combinations give the JavaScript kernels' solutions, forward and transposed, odd column counts too", () => {
  const m = randomMrio(5, 7, 13);
  const n = m.x.length;
  const rnd = seededRandom(9);
  const B = Float64Array.from({ length: n * 5 }, () => rnd.uniform());
  for (const method of ["lu", "block-gauss-seidel"] as const) {
    const js = createBlockLeontief(m.A, 7, { method, kernels: "js" });
    const compiled = createBlockLeontief(m.A, 7, { method });
    const [a, b] = [compiled.solve(B, 5), js.solve(B, 5)];
    assert.ok(a.converged && b.converged);
    assertClose(a.X, b.X, { rel: 1e-12, abs: 1e-14 }, `${method} forward`);
    assertClose(
      compiled.solveTransposed(B, 5).X,
      js.solveTransposed(B, 5).X,
      { rel: 1e-12, abs: 1e-14 },
      `${method} transposed`,
    );
  }
});
