import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  InvalidValueError,
  NotProductiveError,
  aggregateFlows,
  aggregateVector,
  assertProductive,
  concordanceFromCodes,
  createLeontiefSystem,
  denseMatrix,
  denseToRows,
  gras,
  hypotheticalExtraction,
  industryTechnology,
  linkages,
  luFactor,
  luSolve,
  luSolveTransposed,
  identityMinus,
  outputMultipliers,
  productivityCheck,
  ras,
  satelliteMultipliers,
  technicalCoefficients,
} from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { lcg, randomEconomy } from "../../support/economies.ts";
import { fixtureJson } from "../../paths.ts";

const SEED = 20261129;

function explicitInverse(A: ReturnType<typeof denseMatrix>): number[][] {
  return denseToRows(createLeontiefSystem(A).inverse());
}

test("multipliers equal the column sums of an explicit inverse (property, small sizes)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 1e9 }), (n, seed) => {
      const A = randomEconomy(n, seed);
      const L = explicitInverse(A);
      const sys = createLeontiefSystem(A, { method: "gmres" });
      const m = outputMultipliers(sys).values;
      const r = lcg(seed);
      const e = Float64Array.from({ length: n }, () => r());
      const em = satelliteMultipliers(sys, e).values;
      for (let j = 0; j < n; j++) {
        let s = 0;
        let se = 0;
        for (let i = 0; i < n; i++) {
          s += L[i][j];
          se += e[i] * L[i][j];
        }
        assertClose(m[j], s, { rel: 1e-9 });
        assertClose(em[j], se, { rel: 1e-9 });
      }
    }),
    { seed: SEED, numRuns: 60 },
  );
});

test("linkages match Rasmussen's definitions on an explicit inverse (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 1e9 }), (n, seed) => {
      const A = randomEconomy(n, seed);
      const L = explicitInverse(A);
      const r = lcg(seed + 3);
      const x = Float64Array.from({ length: n }, () => 10 + 100 * r());
      const l = linkages(createLeontiefSystem(A), x);
      const total = L.flat().reduce((a, b) => a + b, 0);
      // Ghosh inverse G = diag(x)⁻¹ L diag(x)
      const gRows = L.map((row, i) => row.reduce((s, v, j) => s + (v * x[j]) / x[i], 0));
      const gTotal = gRows.reduce((a, b) => a + b, 0);
      for (let j = 0; j < n; j++) {
        assertClose(l.backward[j], (n * L.reduce((s, row) => s + row[j], 0)) / total, { rel: 1e-9 });
        assertClose(l.forward[j], (n * L[j].reduce((a, b) => a + b, 0)) / total, { rel: 1e-9 });
        assertClose(l.forwardGhosh[j], (n * gRows[j]) / gTotal, { rel: 1e-9 });
      }
      assertClose(l.backward.reduce((a, b) => a + b, 0) / n, 1, { rel: 1e-12 });
    }),
    { seed: SEED, numRuns: 40 },
  );
});

test("hypothetical extraction by Sherman–Morrison equals brute-force re-solves (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 1e9 }), (n, seed) => {
      const A = randomEconomy(n, seed);
      const r = lcg(seed + 5);
      const f = Float64Array.from({ length: n }, () => 1 + 50 * r());
      const ex = hypotheticalExtraction(createLeontiefSystem(A), f);
      const x = luSolve(luFactor(identityMinus(A)), f);
      const sumX = x.reduce((a, b) => a + b, 0);
      const B = denseMatrix(
        n,
        n,
        A.data.map((v, k) => (v * x[k % n]) / x[Math.floor(k / n)]),
      );
      const v = Float64Array.from(
        { length: n },
        (_, j) => x[j] - x.reduce((s, xi, i) => s + B.data[i * n + j] * xi, 0),
      );
      for (let k = 0; k < n; k++) {
        // total: drop row and column k and final demand k
        const At = denseMatrix(
          n,
          n,
          A.data.map((a, idx) => (Math.floor(idx / n) === k || idx % n === k ? 0 : a)),
        );
        const ft = Float64Array.from(f, (fi, i) => (i === k ? 0 : fi));
        const xt = luSolve(luFactor(identityMinus(At)), ft);
        assertClose(ex.total[k], sumX - xt.reduce((a, b) => a + b, 0), { rel: 1e-8 });
        // backward: column k zeroed but the diagonal
        const Ab = denseMatrix(
          n,
          n,
          A.data.map((a, idx) => (idx % n === k && Math.floor(idx / n) !== k ? 0 : a)),
        );
        const xb = luSolve(luFactor(identityMinus(Ab)), f);
        assertClose(ex.backward[k], sumX - xb.reduce((a, b) => a + b, 0), { rel: 1e-8, abs: 1e-9 });
        // forward (Ghosh): row k of B zeroed but the diagonal; xᵀ = vᵀ(I − B̄)⁻¹
        const Bf = denseMatrix(
          n,
          n,
          B.data.map((b, idx) => (Math.floor(idx / n) === k && idx % n !== k ? 0 : b)),
        );
        const xf = luSolveTransposed(luFactor(identityMinus(Bf)), v);
        assertClose(ex.forward[k], sumX - xf.reduce((a, b) => a + b, 0), { rel: 1e-8, abs: 1e-9 });
      }
      assert.ok(ex.converged);
    }),
    { seed: SEED, numRuns: 40 },
  );
});

test("RAS meets its margins and matches numpy's RAS (fixture)", () => {
  const fx = fixtureJson("balancing_reference.json");
  const r = ras(denseMatrix(fx.ras.X0), fx.ras.u, fx.ras.v);
  assert.ok(r.converged, `discrepancy ${r.maxDiscrepancy}`);
  assertClose(denseToRows(r.matrix), fx.ras.X, { rel: 1e-8 });
  const g = gras(denseMatrix(fx.gras.X0), fx.gras.u, fx.gras.v);
  assert.ok(g.converged, `discrepancy ${g.maxDiscrepancy}`);
  assertClose(denseToRows(g.matrix), fx.gras.X, { rel: 1e-7, abs: 1e-9 });
});

test("RAS meets its margins and GRAS keeps every sign (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }),
      fc.integer({ min: 2, max: 8 }),
      fc.integer({ min: 1, max: 1e9 }),
      (m, n, seed) => {
        const r = lcg(seed);
        const X0 = denseMatrix(
          m,
          n,
          Array.from({ length: m * n }, () => 1 + 9 * r()),
        );
        const u = Array.from(
          { length: m },
          (_, i) => X0.data.slice(i * n, (i + 1) * n).reduce((a, b) => a + b, 0) * (0.8 + 0.4 * r()),
        );
        const v0 = Array.from(
          { length: n },
          (_, j) => X0.data.filter((_, k) => k % n === j).reduce((a, b) => a + b, 0) * (0.8 + 0.4 * r()),
        );
        const scale = u.reduce((a, b) => a + b, 0) / v0.reduce((a, b) => a + b, 0);
        const v = v0.map((x) => x * scale);
        const res = ras(X0, u, v);
        assert.ok(res.converged);
        for (let i = 0; i < m; i++)
          assertClose(
            res.matrix.data.slice(i * n, (i + 1) * n).reduce((a, b) => a + b, 0),
            u[i],
            { rel: 1e-8 },
          );
        // GRAS on a table with negative entries
        const Xg = denseMatrix(
          m,
          n,
          Array.from({ length: m * n }, () => (r() < 0.2 ? -2 * r() : 1 + 9 * r())),
        );
        const ug = Array.from(
          { length: m },
          (_, i) => Xg.data.slice(i * n, (i + 1) * n).reduce((a, b) => a + b, 0) * (0.95 + 0.1 * r()),
        );
        const vg0 = Array.from(
          { length: n },
          (_, j) => Xg.data.filter((_, k) => k % n === j).reduce((a, b) => a + b, 0) * (0.95 + 0.1 * r()),
        );
        const sg = ug.reduce((a, b) => a + b, 0) / vg0.reduce((a, b) => a + b, 0);
        const g = gras(
          Xg,
          ug,
          vg0.map((x) => x * sg),
          { maxIterations: 20000 },
        );
        for (let k = 0; k < m * n; k++)
          assert.ok(Math.sign(g.matrix.data[k]) === Math.sign(Xg.data[k]), `sign flipped at ${k}`);
        if (g.converged)
          for (let i = 0; i < m; i++)
            assertClose(
              g.matrix.data.slice(i * n, (i + 1) * n).reduce((a, b) => a + b, 0),
              ug[i],
              { rel: 1e-7, abs: 1e-7 },
            );
      },
    ),
    { seed: SEED, numRuns: 60 },
  );
});

test("RAS refuses what it cannot do, naming the row, column or totals", () => {
  assert.throws(
    () =>
      ras(
        denseMatrix([
          [1, -1],
          [1, 1],
        ]),
        [1, 2],
        [2, 1],
      ),
    /row index 0, column index 1: value -1.*use gras/,
  );
  assert.throws(
    () =>
      ras(
        denseMatrix([
          [1, 1],
          [1, 1],
        ]),
        [1, 2],
        [2, 2],
      ),
    /row targets total 3, column targets total 4/,
  );
  assert.throws(
    () =>
      ras(
        denseMatrix([
          [0, 0],
          [1, 1],
        ]),
        [1, 2],
        [1.5, 1.5],
        { rowLabels: ["coal", "steel"] },
      ),
    /row target coal \(index 0\) for an all-zero prior row/,
  );
});

test("aggregation sums flows within groups and keeps totals", () => {
  const Z = denseMatrix([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
  const c = concordanceFromCodes(["a1", "a2", "b"], { a1: "A", a2: "A", b: "B" });
  assert.deepEqual(c.groups, ["A", "B"]);
  assert.deepEqual(denseToRows(aggregateFlows(Z, c)), [
    [12, 9],
    [15, 9],
  ]);
  assert.deepEqual(Array.from(aggregateVector([10, 20, 30], c)), [30, 30]);
  assert.throws(() => concordanceFromCodes(["a1", "zz"], { a1: "A" }), /sector zz \(index 1\) has no group/);
});

test("coefficients: zero-output sectors are listed; inconsistent and bad values are named", () => {
  const r = technicalCoefficients(
    denseMatrix([
      [1, 0],
      [2, 0],
    ]),
    [10, 0],
    { labels: ["coal", "idle"] },
  );
  assert.deepEqual(r.zeroOutputSectors, [1]);
  assert.throws(
    () =>
      technicalCoefficients(
        denseMatrix([
          [1, 1],
          [2, 0],
        ]),
        [10, 0],
        { labels: ["coal", "idle"] },
      ),
    /to sector idle \(index 1\), whose gross output is 0,: value 1/,
  );
  assert.throws(
    () =>
      technicalCoefficients(
        denseMatrix([
          [1, -1],
          [2, 0],
        ]),
        [10, 5],
      ),
    (e: unknown) => e instanceof InvalidValueError && /value -1/.test(e.message),
  );
  assert.throws(
    () =>
      technicalCoefficients(
        denseMatrix([
          [1, 1],
          [2, 0],
        ]),
        [10, NaN],
        { labels: ["a", "b"] },
      ),
    /gross output of sector b \(index 1\): value NaN/,
  );
  assert.throws(
    () =>
      technicalCoefficients(
        denseMatrix([
          [1, 1],
          [2, 0],
        ]),
        [10],
      ),
    /gross output x has length 1; expected 2/,
  );
});

test("an unproductive economy is an error naming its sectors; a productive one with a column over 1 passes", () => {
  const bad = denseMatrix([
    [0.6, 0.5, 0],
    [0.5, 0.6, 0],
    [0, 0, 0.1],
  ]); // ρ = 1.1
  assert.throws(
    () => assertProductive(bad, ["agri", "mining", "services"]),
    (e: unknown) =>
      e instanceof NotProductiveError &&
      e.spectralRadius >= 1 &&
      e.sectors.includes("agri") &&
      !e.sectors.includes("services") &&
      /agri \(column sum 1\.100\)/.test(e.message),
  );
  // a real subsidy-like column summing above 1 while the economy stays productive (as BEA's S00201)
  const ok = denseMatrix([
    [0.1, 0.6],
    [0.1, 0.5],
  ]);
  const r = productivityCheck(ok, ["transit", "other"]);
  assert.ok(r.productive && r.spectralRadius.upper < 1);
  assert.deepEqual(
    r.columnsSummingToOneOrMore.map((c) => c.code),
    ["other"],
  );
});

test("industry technology turns a small Make/Use system into a balanced industry table", () => {
  // 2 industries × 2 commodities; industry 1 makes some of commodity 2 (secondary product).
  const V = denseMatrix([
    [90, 10],
    [0, 100],
  ]);
  const U = denseMatrix([
    [20, 30],
    [10, 40],
  ]);
  const E = denseMatrix([[40], [60]]); // commodity balance: q = U·1 + E·1 = (90, 110)
  const t = industryTechnology({
    make: V,
    use: U,
    finalUse: E,
    industries: ["I1", "I2"],
    commodities: ["C1", "C2"],
    finalDemandCategories: ["F"],
  });
  // q = (90, 110), g = (100, 100); D = [[1, 10/110], [0, 100/110]]
  assertClose(Array.from(t.commodityOutput), [90, 110]);
  assertClose(Array.from(t.x), [100, 100]);
  // industry balance g = Z·1 + F·1 follows from the commodity balance
  const Zrow = denseToRows(t.Z).map((r) => r.reduce((a, b) => a + b, 0));
  const F = denseToRows(t.F).map((r) => r[0]);
  assertClose([Zrow[0] + F[0], Zrow[1] + F[1]], [100, 100], { rel: 1e-12 });
  assert.deepEqual(t.unallocatedCommodities, []);
  assertClose(
    denseToRows(t.marketShares),
    [
      [1, 10 / 110],
      [0, 100 / 110],
    ],
    { rel: 1e-12 },
  );
});
