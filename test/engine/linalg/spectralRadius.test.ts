import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { denseMatrix, formatSpectralRadius, spectralRadius } from "../../../src/engine/index.ts";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { EXAMPLES } from "../../paths.ts";

// ρ(|A|) confirmed in numpy: max(abs(np.linalg.eigvals(np.abs(A)))) with A read from each model's coefficients.csv
const NUMPY: [string, number, number][] = [
  ["dprk/model", 0.5643323545462764, 0],
  ["wiod-usa-2014", 0.4143853993388837, 0], // one sector buys nothing: a zero column of A
  ["bea-summary-2017", 0.42619292491280103, 2],
  ["bea-detail-2017", 0.43207827874304977, 20],
];

test("the spectral radius is computed to 1e-6 and agrees with numpy's eigenvalues on every shipped model", () => {
  for (const [dir, rho, negative] of NUMPY) {
    const r = spectralRadius(readModel(join(EXAMPLES, dir)).A);
    assert.equal(r.closed, true, `${dir}: bounds ${r.lower} … ${r.upper} did not meet`);
    assert.ok(Math.abs(r.value - rho) <= 1e-6 * rho, `${dir}: ${r.value} against numpy's ${rho}`);
    assert.ok(
      r.lower <= rho * (1 + 1e-12) && rho <= r.upper * (1 + 1e-12),
      `${dir}: numpy's ${rho} outside the proven bounds ${r.lower} … ${r.upper}`,
    );
    assert.equal(r.negativeCoefficients, negative);
    assert.equal(r.of, negative ? "|A|" : "A");
  }
});

test("a sector that buys nothing does not pin the lower bound at 0 (the bound is taken on the vector's support)", () => {
  // Miller & Blair's A with a third sector that buys nothing: ρ = 0.1 + √0.0525 = 0.329129
  const r = spectralRadius(
    denseMatrix([
      [0.15, 0.25, 0.1],
      [0.2, 0.05, 0.3],
      [0, 0, 0],
    ]),
  );
  assert.equal(r.closed, true);
  assert.ok(Math.abs(r.value - (0.1 + Math.sqrt(0.0525))) < 1e-7);
});

test("the text says ρ to six decimals when the bounds met, the bounds when they did not, and |A| when A has negative entries", () => {
  assert.equal(
    formatSpectralRadius({
      value: 0.4277917,
      lower: 0.4277915,
      upper: 0.4277919,
      closed: true,
      iterations: 167,
      negativeCoefficients: 0,
      of: "A",
    }),
    "0.427792",
  );
  assert.match(
    formatSpectralRadius({
      value: 0.42,
      lower: 0.4,
      upper: 0.44,
      closed: false,
      iterations: 200,
      negativeCoefficients: 5,
      of: "|A|",
    }),
    /^≈ 0\.42, between 0\.4 and 0\.44 \(the bounds did not meet in 200 iterations\) \(of \|A\|: A has 5 negative coefficients/,
  );
});
