import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  bicgstab,
  COMPILED_FROM,
  DimensionError,
  InvalidValueError,
  createLeontiefSystem,
  csrToCsc,
  cscFromTriplets,
  denseMatrix,
  forEachEntry,
  gmres,
  matTVec,
  matVec,
  relativeResidual,
} from "../../../src/engine/index.ts";
import type { Matrix } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { lcg, randomEconomy, sparseEconomy } from "../../support/economies.ts";

const SEED = 20261129;
const METHODS = ["lu", "gmres", "bicgstab", "gauss-seidel", "neumann", "auto"] as const;

function toCsc(A: Matrix): Matrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  forEachEntry(A, (i, j, v) => {
    rows.push(i);
    cols.push(j);
    values.push(v);
  });
  return cscFromTriplets(A.rows, A.cols, { rows, cols, values });
}

test("every method solves random productive economies to a residual ≤ 1e-10 with non-negative output (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 1, max: 1e9 }),
      fc.constantFrom(...METHODS),
      fc.boolean(),
      (n, seed, method, sparse) => {
        const dense = randomEconomy(n, seed, 0.3);
        const A = sparse ? toCsc(dense) : dense;
        const r = lcg(seed + 1);
        const d = Float64Array.from({ length: n }, () => r() * 100);
        const sys = createLeontiefSystem(A);
        for (const transposed of [false, true]) {
          const s = transposed ? sys.solveTransposed(d, { method }) : sys.solve(d, { method });
          assert.ok(
            s.converged,
            `${method} ${transposed ? "transposed" : ""} status ${s.status}, residual ${s.residual}`,
          );
          assert.ok(s.residual <= 1e-10);
          assertClose(s.residual, relativeResidual(A, d, s.x, transposed), { rel: 1e-6, abs: 1e-18 });
          // Hawkins–Simon: (I − A)⁻¹ ≥ 0, so d ≥ 0 gives x ≥ d
          for (let i = 0; i < n; i++)
            assert.ok(s.x[i] >= d[i] * (1 - 1e-9) - 1e-9, `x[${i}] = ${s.x[i]} < d = ${d[i]}`);
        }
      },
    ),
    { seed: SEED, numRuns: 150 },
  );
});

test("a warm start from a nearby solution needs fewer iterations", () => {
  const A = randomEconomy(300, 7, 0.05, 0.8, 0.95);
  const sys = createLeontiefSystem(A);
  const d = new Float64Array(300).fill(1);
  const cold = sys.solve(d, { method: "gmres" });
  const d2 = d.map((v, i) => v * (1 + 0.001 * Math.sin(i)));
  const warm = sys.solve(d2, { method: "gmres", initialGuess: cold.x });
  const cold2 = sys.solve(d2, { method: "gmres" });
  assert.ok(warm.converged && cold2.converged);
  assert.ok(warm.iterations < cold2.iterations, `warm ${warm.iterations} vs cold ${cold2.iterations}`);
});

test("non-convergence is a status with the residual reached, never a silent answer", () => {
  const A = randomEconomy(50, 3, 0.5, 0.9, 0.99);
  const s = createLeontiefSystem(A).solve(new Float64Array(50).fill(1), { method: "neumann", maxIterations: 3 });
  assert.equal(s.status, "max-iterations");
  assert.equal(s.converged, false);
  assert.ok(s.residual > 1e-10 && Number.isFinite(s.residual));
  // an unproductive economy diverges under the Neumann series and says so
  const bad = denseMatrix([
    [0.6, 0.6],
    [0.6, 0.6],
  ]);
  const b = createLeontiefSystem(bad).solve([1, 1], { method: "neumann", maxIterations: 500 });
  assert.equal(b.converged, false);
  assert.notEqual(b.status, "converged");
});

test("the tolerance is an option and the result reports it", () => {
  const A = randomEconomy(30, 11);
  const loose = createLeontiefSystem(A).solve(new Float64Array(30).fill(1), { method: "gmres", tolerance: 1e-4 });
  assert.equal(loose.tolerance, 1e-4);
  assert.ok(loose.residual <= 1e-4 && loose.converged);
});

test("automatic choice: LU for small systems, BiCGSTAB for large ones", () => {
  assert.equal(createLeontiefSystem(randomEconomy(20, 1)).solve(new Float64Array(20).fill(1)).method, "lu");
  const big = toCsc(randomEconomy(500, 2, 0.01));
  const s = createLeontiefSystem(big).solve(new Float64Array(500).fill(1));
  assert.equal(s.method, "bicgstab");
  assert.ok(s.converged);
});

test("GMRES restarts without losing ground on a non-normal system", () => {
  const n = 200;
  const A = denseMatrix(n, n);
  for (let i = 0; i + 1 < n; i++) A.data[(i + 1) * n + i] = 0.95; // a long supply chain: nilpotent, non-normal
  const op = {
    n,
    apply: (x: Float64Array, y: Float64Array) => {
      matVec(A, x, y);
      for (let i = 0; i < n; i++) y[i] = x[i] - y[i];
    },
  };
  const r = gmres(op, new Float64Array(n).fill(1), { restart: 10, maxIterations: 5000 });
  assert.equal(r.status, "converged");
});

test("bad input to a solve names the sector and the value", () => {
  const A = denseMatrix([
    [0.1, 0.2],
    [0.3, NaN],
  ]);
  assert.throws(
    () => createLeontiefSystem(A, { labels: ["coal", "steel"] }),
    (e: unknown) =>
      e instanceof InvalidValueError && /row steel \(index 1\), column steel \(index 1\): value NaN/.test(e.message),
  );
  const sys = createLeontiefSystem(
    denseMatrix([
      [0.1, 0.2],
      [0.3, 0.1],
    ]),
    { labels: ["coal", "steel"] },
  );
  assert.throws(
    () => sys.solve([1, 2, 3]),
    (e: unknown) => e instanceof DimensionError && /length 3; the model has 2 sectors/.test(e.message),
  );
  assert.throws(() => sys.solve([1, Infinity]), /final demand at steel \(index 1\): value Infinity/);
  assert.throws(() => createLeontiefSystem(denseMatrix(2, 3)), /must be square; it is 2 × 3/);
});

test(`sparse systems of ${COMPILED_FROM} sectors or more solve BiCGSTAB in compiled code (tiled, CSR or CSC): the engine's JavaScript BiCGSTAB's iterations, forward and transposed, warm starts and limits included`, () => {
  const n = COMPILED_FROM + 500;
  const rand = lcg(SEED);
  const A = sparseEconomy(n, 8, rand);
  const d = Float64Array.from({ length: n }, () => rand());
  const sys = createLeontiefSystem(A);
  // (CSR tiles its rows; CSC tiles its columns, the rows of Aᵀ, with the directions swapped)
  for (const [M, transposed] of [
    [A, false],
    [A, true],
    [csrToCsc(A), false],
    [csrToCsc(A), true],
  ] as const) {
    const sys = createLeontiefSystem(M);
    const op = {
      n,
      apply: (x: Float64Array, y: Float64Array) => {
        const ax = transposed ? matTVec(A, x) : matVec(A, x);
        for (let i = 0; i < n; i++) y[i] = x[i] - ax[i];
      },
    };
    const js = bicgstab(op, d);
    const c = transposed ? sys.solveTransposed(d, { method: "bicgstab" }) : sys.solve(d, { method: "bicgstab" });
    assert.ok(c.converged && c.residual <= 1e-10, `residual ${c.residual}`);
    assert.ok(
      Math.abs(c.iterations - js.iterations) <= 1,
      `${c.iterations} iterations compiled, ${js.iterations} in JavaScript`,
    );
    for (let i = 0; i < n; i += 101) assertClose(c.x[i], js.x[i], { rel: 1e-8 });
    const warm = transposed
      ? sys.solveTransposed(d, { method: "bicgstab", initialGuess: c.x })
      : sys.solve(d, { method: "bicgstab", initialGuess: c.x });
    assert.equal(warm.iterations, 0);
  }
  const seen: number[] = [];
  const cut = sys.solve(d, { method: "bicgstab", maxIterations: 2, onIteration: (it) => seen.push(it) });
  assert.equal(cut.status, "max-iterations");
  assert.equal(cut.converged, false);
  assert.deepEqual(seen, [0, 1, 2]);
});
