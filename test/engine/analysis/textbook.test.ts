import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createLeontiefSystem,
  denseMatrix,
  denseToRows,
  ghoshOutput,
  allocationCoefficients,
  outputMultipliers,
  satelliteMultipliers,
  technicalCoefficients,
  typeIIMultipliers,
  typeIRatios,
  closeForHouseholds,
  csrFromTriplets,
  linkages,
} from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";

// Miller, R. E. & Blair, P. D. (2009), Input–Output Analysis: Foundations and Extensions, 2nd ed.,
// Cambridge University Press. §2.3, the two-sector example: Z = [[150, 500], [200, 100]], f = [350, 1700],
// x = [1000, 2000]; A = [[.15, .25], [.20, .05]]; L = [[1.254, .330], [.264, 1.122]];
// for f = [600, 1500], x = [1247.52, 1841.58]; output multipliers (§6.2.1) 1.518 and 1.452.
const Z = denseMatrix([
  [150, 500],
  [200, 100],
]);
const x = [1000, 2000];

test("technical coefficients reproduce Miller & Blair's two-sector A (§2.3)", () => {
  const { A, zeroOutputSectors } = technicalCoefficients(Z, x);
  assert.equal(A.kind, "dense");
  assertClose(
    denseToRows(A as ReturnType<typeof denseMatrix>),
    [
      [0.15, 0.25],
      [0.2, 0.05],
    ],
    { rel: 1e-15 },
  );
  assert.deepEqual(zeroOutputSectors, []);
});

for (const method of ["lu", "gmres", "bicgstab", "gauss-seidel", "neumann"] as const) {
  test(`Leontief output for f = (600, 1500) is (1247.52, 1841.58) by ${method} (M&B §2.3)`, () => {
    const { A } = technicalCoefficients(Z, x);
    const s = createLeontiefSystem(A).solve([600, 1500], { method });
    assert.equal(s.method, method);
    assert.ok(s.converged, `status ${s.status}`);
    assert.ok(s.residual <= 1e-10, `residual ${s.residual}`);
    assertClose(Array.from(s.x), [1247.52475, 1841.58416], { rel: 1e-8 });
  });
}

test("the Leontief inverse on request is M&B's L (§2.3)", () => {
  const L = createLeontiefSystem(technicalCoefficients(Z, x).A).inverse();
  assertClose(
    denseToRows(L),
    [
      [1.254125, 0.330033],
      [0.264026, 1.122112],
    ],
    { abs: 1e-6 },
  );
});

test("output multipliers are 1.518 and 1.452 (M&B §6.2.1), from one transposed solve", () => {
  const m = outputMultipliers(createLeontiefSystem(technicalCoefficients(Z, x).A));
  assertClose(Array.from(m.values), [1.518152, 1.452145], { abs: 1e-6 });
  assert.ok(m.solve.converged);
});

// M&B §2.5.2: households closed into the two-sector model. Labour-income coefficients h_R = (.30, .25),
// household consumption coefficients h_C = (.05, .40), households buying .05 of their own "output".
// Published L̄ = [[1.365, .425, .251], [.527, 1.348, .595], [.570, .489, 1.289]].
const hR = [0.3, 0.25];
const hC = [0.05, 0.4];

test("closing the model for households reproduces M&B's L̄ (§2.5.2)", () => {
  const { A } = technicalCoefficients(Z, x);
  const closed = closeForHouseholds(A, hR, hC, 0.05);
  const Lbar = denseToRows(createLeontiefSystem(closed).inverse());
  assertClose(
    Lbar,
    [
      [1.365, 0.425, 0.251],
      [0.527, 1.348, 0.595],
      [0.57, 0.489, 1.289],
    ],
    { abs: 6e-4 },
  );
});

test("closing for households refuses a non-square A and vectors of the wrong length, naming them", () => {
  const { A } = technicalCoefficients(Z, x);
  assert.throws(() => closeForHouseholds(A, [0.3], hC), /labour-income coefficients/);
  assert.throws(() => closeForHouseholds(A, hR, [0.05, 0.4, 0.1]), /household consumption coefficients/);
  assert.throws(
    () => closeForHouseholds(csrFromTriplets(2, 3, { rows: [0], cols: [2], values: [0.1] }), hR, hC),
    /must be square; it is 2 × 3/,
  );
  assert.throws(() => closeForHouseholds(A, hR, hC, NaN), /households' own use: value NaN is not allowed/);
});

test("Type II multipliers and income multipliers follow from L̄ (M&B §6.2.2, §6.3)", () => {
  const { A } = technicalCoefficients(Z, x);
  const t2 = typeIIMultipliers(A, hR, hC, { householdOwnUse: 0.05 });
  // truncated Type II output multipliers: column sums of L̄'s first two rows
  assertClose(Array.from(t2.outputMultipliers), [1.365086 + 0.527323, 0.42526 + 1.348076], { abs: 1e-5 });
  // total income multipliers: household row of L̄
  assertClose(Array.from(t2.incomeMultipliers), [0.569849, 0.48905], { abs: 1e-5 });
  // Type I income multipliers: (h_Rᵀ L)_j / h_Rj = (.4422/.3, .3795/.25)
  const sys = createLeontiefSystem(A);
  const simple = satelliteMultipliers(sys, hR).values;
  assertClose(Array.from(simple), [0.3 * 1.254125 + 0.25 * 0.264026, 0.3 * 0.330033 + 0.25 * 1.122112], { abs: 1e-6 });
  assertClose(Array.from(typeIRatios(simple, hR)), [1.474, 1.518], { abs: 1e-3 });
  // Type II income multipliers: L̄_household,j / h_Rj
  assertClose(Array.from(t2.typeIIIncomeRatios), [0.569849 / 0.3, 0.48905 / 0.25], { abs: 1e-5 });
  assert.ok(t2.solve.converged);
});

test("the Ghosh model recovers base-year output from base-year primary inputs (M&B §12.1)", () => {
  // Primary inputs v_j = x_j − Σ_i z_ij = (1000 − 350, 2000 − 600)
  const { A: B } = allocationCoefficients(Z, x);
  assertClose(
    denseToRows(B as ReturnType<typeof denseMatrix>),
    [
      [0.15, 0.5],
      [0.1, 0.05],
    ],
    { rel: 1e-15 },
  );
  const s = ghoshOutput(B, [650, 1400]);
  assertClose(Array.from(s.x), [1000, 2000], { rel: 1e-10 });
});

test("linkages of the two-sector example: sector 1 is backward-oriented, sector 2 weak or forward", () => {
  const { A } = technicalCoefficients(Z, x);
  const l = linkages(createLeontiefSystem(A), x);
  // L = [[1.254, .330], [.264, 1.122]]: column sums 1.518, 1.452; row sums 1.584, 1.386; total 2.970
  assertClose(Array.from(l.backward), [(2 * 1.518152) / 2.970297, (2 * 1.452145) / 2.970297], { abs: 1e-5 });
  assertClose(Array.from(l.forward), [(2 * 1.584158) / 2.970297, (2 * 1.386139) / 2.970297], { abs: 1e-5 });
  assert.deepEqual(l.keySector, ["key", "weak"]);
  assertClose(Array.from(l.directBackward), [0.35, 0.3], { rel: 1e-12 });
  assertClose(Array.from(l.directForward), [0.65, 0.15], { rel: 1e-12 });
});
