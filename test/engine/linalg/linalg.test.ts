import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  CompensatedAccumulator,
  DimensionError,
  IndexRangeError,
  InvalidValueError,
  SingularMatrixError,
  compensatedSum,
  cscFromTriplets,
  cscToCsr,
  csrFromTriplets,
  csrToCsc,
  denseMatrix,
  denseMultiply,
  denseToRows,
  identity,
  luFactor,
  luInverse,
  luSolve,
  luSolveTransposed,
  matTVec,
  matVec,
  spectralRadiusBounds,
} from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { fixtureJson } from "../../paths.ts";

const SEED = 20261129;

test("compensated summation is exact where a naive loop loses every digit", () => {
  assert.equal(compensatedSum([1e100, 1, -1e100]), 1);
  assert.equal(compensatedSum([1, 1e100, 1, -1e100]), 2);
  const acc = new CompensatedAccumulator();
  for (const v of [1e100, 1, -1e100, 2]) acc.add(v);
  assert.equal(+acc, 3);
});

test("compensated sums do not depend on row order (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
      const a = compensatedSum(xs);
      const b = compensatedSum([...xs].reverse());
      const scale = xs.reduce((s, v) => s + Math.abs(v), 0);
      return Math.abs(a - b) <= 4 * Number.EPSILON * scale;
    }),
    { seed: SEED, numRuns: 200 },
  );
});

test("sparse matrices from triplets sum duplicates, drop zeros and agree with dense products", () => {
  const t = { rows: [0, 2, 2, 1, 0, 2], cols: [1, 0, 0, 2, 1, 2], values: [1, 2, 3, 4, 0.5, 0] };
  const csr = csrFromTriplets(3, 3, t);
  const csc = cscFromTriplets(3, 3, t);
  const dense = denseMatrix([
    [0, 1.5, 0],
    [0, 0, 4],
    [5, 0, 0],
  ]);
  assert.deepEqual(Array.from(csr.rowStarts), [0, 1, 2, 3]);
  assert.equal(csr.values.length, 3);
  const v = new Float64Array([1, 2, 3]);
  for (const m of [csr, csc, cscToCsr(csc), csrToCsc(csr), dense]) {
    assertClose(Array.from(matVec(m, v)), [3, 12, 5]);
    assertClose(Array.from(matTVec(m, v)), [15, 1.5, 8]);
  }
});

test("random sparse products match dense products, both ways (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -5, max: 5, noNaN: true })), { maxLength: 60 }),
      (r, c, entries) => {
        const t = {
          rows: entries.map((e) => e[0] % r),
          cols: entries.map((e) => e[1] % c),
          values: entries.map((e) => e[2]),
        };
        const d = denseMatrix(r, c);
        t.rows.forEach((i, k) => (d.data[i * c + t.cols[k]] += t.values[k]));
        const csr = csrFromTriplets(r, c, t, { allowNegative: true });
        const csc = cscFromTriplets(r, c, t, { allowNegative: true });
        const x = Float64Array.from({ length: c }, (_, j) => j - 1.5);
        const y = Float64Array.from({ length: r }, (_, i) => 0.5 * i + 1);
        assertClose(Array.from(matVec(csr, x)), Array.from(matVec(d, x)), { abs: 1e-12, rel: 1e-12 });
        assertClose(Array.from(matVec(csc, x)), Array.from(matVec(d, x)), { abs: 1e-12, rel: 1e-12 });
        assertClose(Array.from(matTVec(csr, y)), Array.from(matTVec(d, y)), { abs: 1e-12, rel: 1e-12 });
        assertClose(Array.from(matTVec(csc, y)), Array.from(matTVec(d, y)), { abs: 1e-12, rel: 1e-12 });
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});

test("bad triplets are typed errors naming the entry and value", () => {
  assert.throws(
    () => csrFromTriplets(2, 2, { rows: [0, 5], cols: [0, 1], values: [1, 1] }),
    (e: unknown) =>
      e instanceof IndexRangeError &&
      /triplet 1 row: index 5 is out of range; valid indices are 0 to 1/.test(e.message),
  );
  assert.throws(() => csrFromTriplets(2, 2, { rows: [0], cols: [0, 1], values: [1] }), DimensionError);
  assert.throws(
    () => csrFromTriplets(2, 2, { rows: [1], cols: [0], values: [NaN] }),
    (e: unknown) => e instanceof InvalidValueError && /triplet 0 at row 1, column 0: value NaN/.test(e.message),
  );
  assert.throws(
    () => cscFromTriplets(2, 2, { rows: [1], cols: [0], values: [-0.2] }),
    (e: unknown) => e instanceof InvalidValueError && /negative entries must be declared/.test(e.message),
  );
  assert.doesNotThrow(() => cscFromTriplets(2, 2, { rows: [1], cols: [0], values: [-0.2] }, { allowNegative: true }));
  assert.throws(() => denseMatrix([[1, 2], [3]]), /row 1 has 1 values; row 0 has 2/);
  assert.throws(() => matVec(denseMatrix(2, 3), new Float64Array(2)), /vector has length 2; the matrix has 3 columns/);
});

test("LU solves, transposed solves and inverts random well-conditioned systems (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
      let s = seed;
      const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const M = denseMatrix(n, n, Array.from({ length: n * n }, rand));
      for (let i = 0; i < n; i++) M.data[i * n + i] += n; // diagonally dominant: well conditioned
      const b = Float64Array.from({ length: n }, rand);
      const f = luFactor(M);
      const x = luSolve(f, b);
      const xt = luSolveTransposed(f, b);
      assertClose(Array.from(matVec(M, x)), Array.from(b), { abs: 1e-12 });
      assertClose(Array.from(matTVec(M, xt)), Array.from(b), { abs: 1e-12 });
      assertClose(denseToRows(denseMultiply(M, luInverse(f))), denseToRows(identity(n)), { abs: 1e-12 });
    }),
    { seed: SEED, numRuns: 60 },
  );
});

test("LU needs pivoting and says which column is singular", () => {
  const f = luFactor(
    denseMatrix([
      [0, 1],
      [1, 0],
    ]),
  );
  assertClose(Array.from(luSolve(f, [2, 3])), [3, 2]);
  assert.throws(
    () =>
      luFactor(
        denseMatrix([
          [1, 2],
          [2, 4],
        ]),
        ["steel", "coal"],
      ),
    (e: unknown) => e instanceof SingularMatrixError && /column 1 \(coal\)/.test(e.message),
  );
  assert.throws(() => luFactor(denseMatrix(2, 3)), /square/);
});

test("spectral-radius bounds bracket numpy's eigenvalue result (fixture)", () => {
  // test/fixtures/balancing_reference.json from scripts/fixtures/balancing_reference.py (numpy.linalg.eigvals)
  const fx = fixtureJson("balancing_reference.json");
  const A = denseMatrix(fx.spectral.A);
  const r = spectralRadiusBounds(A, { tolerance: 1e-9, maxIterations: 5000 });
  assert.ok(
    r.lower <= fx.spectral.rho + 1e-12 && fx.spectral.rho <= r.upper + 1e-12,
    `[${r.lower}, ${r.upper}] vs ${fx.spectral.rho}`,
  );
  assertClose(r.estimate, fx.spectral.rho, { rel: 1e-6 });
});
