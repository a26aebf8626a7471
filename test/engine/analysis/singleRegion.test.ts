import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import {
  DimensionError,
  IndexRangeError,
  InvalidValueError,
  createLeontiefSystem,
  denseMatrix,
  denseToRows,
  dispersionVariation,
  fieldOfInfluence,
  fieldOfInfluenceEntry,
  fioHypotheticalExtraction,
  largestInfluences,
  largestMultiplierProducts,
  linkages,
  multiplierProductEntry,
  multiplierProductMatrix,
  totalFinalDemand,
} from "../../../src/engine/index.ts";
import type { LeontiefSystem } from "../../../src/engine/index.ts";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { assertClose } from "../../support/assertClose.ts";
import { lcg, randomEconomy, sparseEconomy } from "../../support/economies.ts";
import { EXAMPLES, fixtureJson } from "../../paths.ts";

// Every expected number below is from test/fixtures/single_region_reference.json, written by
// scripts/fixtures/single_region_reference.py with numpy from the definitions (explicit inverse, brute-force
// re-solves), except fio's printed key-sector table, which is copied from fio's vignette (articles/getting_started).
interface Case {
  name: string;
  n: number;
  dispersion: Record<"ioplan" | "peer", { power: number[]; sensitivity: number[] }>;
  powerOfDispersion: number[];
  mpm: {
    rowSums: number[];
    columnSums: number[];
    total: number;
    largest: { row: number; column: number; value: number }[];
    leontiefEntry01: number;
  };
  field: {
    row: number;
    column: number;
    lji: number;
    total: number;
    sumOfSquares: number;
    entry: { k: number; l: number; value: number };
    fio: { epsilon: number; value: number };
  };
  fioExtraction: { backward: number[]; forward: number[]; totalProduction: number };
  leontiefLinkages: { backward: number[]; forward: number[] };
  Z?: number[][];
  x?: number[];
  f?: number[];
  v?: number[];
  printed?: Record<string, number[]>;
  fieldAll?: number[][];
  codes?: string[];
}
const fixture = fixtureJson("single_region_reference.json") as { cases: Case[] };
const [mb, fioVignette, fioTests, bea] = fixture.cases;

/** Each case's economy: A, x, final demand and primary inputs as the script took them. */
function economy(c: Case): { sys: LeontiefSystem; x: Float64Array; f: Float64Array; v: Float64Array } {
  if (c === bea) {
    const m = readModel(join(EXAMPLES, "bea-summary-2017"));
    assert.deepEqual(
      m.sectors.map((s) => s.code),
      c.codes,
    );
    const sys = createLeontiefSystem(m.A, { method: "lu" });
    const colSums = linkages(sys, m.x).directBackward;
    return { sys, x: m.x, f: totalFinalDemand(m), v: m.x.map((xj, j) => xj * (1 - colSums[j])) };
  }
  const Z =
    c === mb
      ? [
          [150, 500],
          [200, 100],
        ]
      : c.Z!;
  const x = Float64Array.from(c === mb ? [1000, 2000] : c.x!);
  const A = denseMatrix(Z.map((row) => row.map((z, j) => z / x[j])));
  const f = Float64Array.from(c === mb ? [350, 1700] : (c.f ?? new Array(c.n).fill(0)));
  const v = c === mb ? Float64Array.from([650, 1400]) : Float64Array.from(c.v ?? new Array(c.n).fill(0));
  return { sys: createLeontiefSystem(A), x, f, v };
}

test("dispersion CVs are the spread of each column (power) and row (sensitivity) of L over its mean, as numpy's std/mean gives them", () => {
  for (const c of fixture.cases) {
    const d = dispersionVariation(economy(c).sys);
    assert.equal(d.convention, "ioplan");
    assert.ok(d.converged, c.name);
    assertClose(Array.from(d.power), c.dispersion.ioplan.power, { rel: 1e-12 }, `${c.name} power`);
    assertClose(Array.from(d.sensitivity), c.dispersion.ioplan.sensitivity, { rel: 1e-12 }, `${c.name} sensitivity`);
  }
});

test("in the fio and leontief conventions, dispersion CVs reproduce the key-sector table fio's vignette prints", () => {
  const { sys } = economy(fioVignette);
  const printed = fioVignette.printed!;
  for (const convention of ["fio", "leontief"] as const) {
    const d = dispersionVariation(sys, { convention });
    assert.equal(d.convention, convention);
    // fio prints 7 significant digits
    assertClose(Array.from(d.power), printed.power_dispersion_cv, { rel: 5e-7 }, `${convention} power CV`);
    assertClose(
      Array.from(d.sensitivity),
      printed.sensitivity_dispersion_cv,
      { rel: 5e-7 },
      `${convention} sensitivity CV`,
    );
  }
  // and ioplan's power and sensitivity of dispersion are fio's two other columns
  const l = linkages(sys, Float64Array.from(fioVignette.x!));
  assertClose(Array.from(l.backward), printed.power_dispersion, { rel: 5e-7 });
  assertClose(Array.from(l.forward), printed.sensitivity_dispersion, { rel: 5e-7 });
  for (const c of [mb, fioTests, bea]) {
    const d = dispersionVariation(economy(c).sys, { convention: "fio" });
    assertClose(Array.from(d.power), c.dispersion.peer.power, { rel: 1e-12 }, `${c.name} peer power`);
    assertClose(Array.from(d.sensitivity), c.dispersion.peer.sensitivity, { rel: 1e-12 }, `${c.name} peer sensitivity`);
  }
});

test("dispersion needs two sectors and says so", () => {
  assert.throws(
    () => dispersionVariation(createLeontiefSystem(denseMatrix([[0.5]]))),
    (e: unknown) => e instanceof DimensionError && /at least two sectors; the model has 1/.test(e.message),
  );
});

test("the multiplier product matrix is L's row sums times its column sums over V (Sonis & Hewings); leontief's is its transpose", () => {
  for (const c of fixture.cases) {
    const { sys } = economy(c);
    const m = multiplierProductMatrix(sys);
    assertClose(Array.from(m.rowSums), c.mpm.rowSums, { rel: 1e-12 }, `${c.name} row sums`);
    assertClose(Array.from(m.columnSums), c.mpm.columnSums, { rel: 1e-12 }, `${c.name} column sums`);
    assertClose(m.total, c.mpm.total, { rel: 1e-12 });
    const largest = largestMultiplierProducts(m, c.mpm.largest.length);
    assert.deepEqual(
      largest.map((e) => [e.row, e.column]),
      c.mpm.largest.map((e) => [e.row, e.column]),
      c.name,
    );
    assertClose(
      largest.map((e) => e.value),
      c.mpm.largest.map((e) => e.value),
      { rel: 1e-12 },
    );
    const t = multiplierProductMatrix(sys, { convention: "leontief" });
    assertClose(multiplierProductEntry(t, 0, 1), c.mpm.leontiefEntry01, { rel: 1e-12 });
    assertClose(multiplierProductEntry(t, 0, 1), multiplierProductEntry(m, 1, 0), { rel: 1e-15 });
  }
});

test("the largest products of a multiplier product matrix are found without scanning it, and equal a full scan", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 25 }),
      fc.integer({ min: 1, max: 1e9 }),
      fc.integer({ min: 1, max: 40 }),
      (n, seed, top) => {
        const m = multiplierProductMatrix(createLeontiefSystem(randomEconomy(n, seed)));
        const all = [];
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) all.push(multiplierProductEntry(m, i, j));
        all.sort((a, b) => b - a);
        assertClose(
          largestMultiplierProducts(m, top).map((e) => e.value),
          all.slice(0, top),
          { rel: 1e-15 },
        );
      },
    ),
    { seed: 20261206, numRuns: 40 },
  );
});

test("a field of influence is column i of L times row j of L, and gives fio's finite-difference measure exactly", () => {
  for (const c of fixture.cases) {
    const { sys } = economy(c);
    const f = fieldOfInfluence(sys, c.field.row, c.field.column, { epsilon: c.field.fio.epsilon });
    assert.ok(f.converged, c.name);
    assertClose(f.lji, c.field.lji, { rel: 1e-12 }, `${c.name} L_ji`);
    assertClose(f.total, c.field.total, { rel: 1e-12 }, `${c.name} ΣF`);
    assertClose(f.sumOfSquares, c.field.sumOfSquares, { rel: 1e-12 }, `${c.name} ΣF²`);
    assertClose(fieldOfInfluenceEntry(f, c.field.entry.k, c.field.entry.l), c.field.entry.value, { rel: 1e-12 });
    // numpy's finite difference loses ~1e-13·/ε to cancellation; the exact form does not
    assertClose(f.finiteDifferenceSumOfSquares, c.field.fio.value, { rel: 1e-9 }, `${c.name} fio's measure`);
  }
  // fio's whole field_influence matrix on its own test data, entry by entry
  const { sys } = economy(fioTests);
  fioTests.fieldAll!.forEach((row, i) =>
    row.forEach((v, j) =>
      assertClose(
        fieldOfInfluence(sys, i, j, { epsilon: 0.001 }).finiteDifferenceSumOfSquares,
        v,
        { rel: 1e-9 },
        `fio field (${i}, ${j})`,
      ),
    ),
  );
});

test("a change ε of a_ij changes L by exactly ε/(1 − ε·L_ji) times the field (property, against an explicit re-inverse)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 1, max: 1e9 }),
      fc.nat(),
      fc.nat(),
      (n, seed, a, b) => {
        const A = randomEconomy(n, seed);
        const [i, j] = [a % n, b % n];
        const eps = 0.01;
        const f = fieldOfInfluence(createLeontiefSystem(A), i, j, { epsilon: eps });
        const L = denseToRows(createLeontiefSystem(A).inverse());
        const Ae = denseMatrix(
          n,
          n,
          A.data.map((v, k) => (k === i * n + j ? v + eps : v)),
        );
        const Le = denseToRows(createLeontiefSystem(Ae).inverse());
        const scale = eps / (1 - eps * f.lji);
        for (let k = 0; k < n; k++)
          for (let l = 0; l < n; l++)
            assertClose(scale * fieldOfInfluenceEntry(f, k, l), Le[k][l] - L[k][l], { rel: 1e-8, abs: 1e-13 });
        const top = largestInfluences(f, 3);
        assert.ok(top.every((e, k) => k === 0 || e.value <= top[k - 1].value));
      },
    ),
    { seed: 20261206, numRuns: 40 },
  );
});

test("a field of influence of a 200,000-sector sparse economy takes two iterative solves, not L, and the two agree on L_ji", () => {
  const n = 200_000;
  const sys = createLeontiefSystem(sparseEconomy(n, 6, lcg(7)));
  const f = fieldOfInfluence(sys, 123, 45_678);
  assert.ok(f.converged, `residual ${f.residual}`);
  assert.equal(f.leontiefColumn.length, n);
  // L_ji from the forward solve (column i of L at j) and from the transposed one (row j of L at i), each to its 1e-10 residual
  assertClose(f.leontiefRow[123], f.lji, { rel: 1e-6, abs: 1e-12 });
  assert.ok(f.leontiefColumn[123] >= 1 && f.leontiefRow[45_678] >= 1, "L has a diagonal of at least 1");
});

test("a field of influence refuses a sector index outside the model and a negative ε, naming them", () => {
  const sys = createLeontiefSystem(
    denseMatrix([
      [0.15, 0.25],
      [0.2, 0.05],
    ]),
  );
  assert.throws(
    () => fieldOfInfluence(sys, 2, 0),
    (e: unknown) => e instanceof IndexRangeError && /row i of the coefficient a_ij/.test(e.message),
  );
  assert.throws(
    () => fieldOfInfluence(sys, 0, -1),
    (e: unknown) => e instanceof IndexRangeError && /column j/.test(e.message),
  );
  assert.throws(
    () => fieldOfInfluence(sys, 0, 1, { epsilon: -0.1 }),
    (e: unknown) => e instanceof InvalidValueError && /ε/.test(e.message),
  );
});

test("fio's hypothetical extraction equals fio's brute-force re-solves: diagonal zeroed, measured against total production", () => {
  for (const c of fixture.cases) {
    const { sys, x, f, v } = economy(c);
    const e = fioHypotheticalExtraction(sys, x, f, v);
    assert.ok(e.converged, c.name);
    assertClose(e.totalProduction, c.fioExtraction.totalProduction, { rel: 1e-15 });
    const scale = { rel: 1e-9, abs: 1e-9 * c.fioExtraction.totalProduction };
    assertClose(Array.from(e.backward), c.fioExtraction.backward, scale, `${c.name} backward`);
    assertClose(Array.from(e.forward), c.fioExtraction.forward, scale, `${c.name} forward`);
    assertClose(
      Array.from(e.total),
      c.fioExtraction.backward.map((b, k) => b + c.fioExtraction.forward[k]),
      scale,
      `${c.name} total`,
    );
  }
});

test("leontief's linkages are the column and row sums of A, beside ioplan's Ghosh-based forward linkage", () => {
  for (const c of fixture.cases) {
    const { sys, x } = economy(c);
    const l = linkages(sys, x);
    assertClose(Array.from(l.directBackward), c.leontiefLinkages.backward, { rel: 1e-12, abs: 1e-15 }, c.name);
    assertClose(Array.from(l.rowSumsOfA), c.leontiefLinkages.forward, { rel: 1e-12, abs: 1e-15 }, c.name);
    assertClose(Array.from(l.backward), c.powerOfDispersion, { rel: 1e-12 }, c.name);
  }
});
