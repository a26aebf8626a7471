import assert from "node:assert/strict";
import { test } from "node:test";
import {
  aggregateMrio,
  ConcordanceError,
  csrFromTriplets,
  denseMatrix,
  denseToRows,
  mrioAccounts,
  mrioFromFlows,
  mrioGrossTrade,
  toCsr,
} from "../../../src/engine/index.ts";
import type { MrioAccounts } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import type { ReferenceAccounts } from "../../support/mrioFixture.ts";
import { reference, syntheticMrio } from "../../support/mrioFixture.ts";

// Expected numbers: test/fixtures/mrio_reference.json, written by scripts/fixtures/mrio_reference.py with numpy by
// pymrio's own method (L = inv(I − A), Y_diag = diagonalize_blocks(Y_agg, S), x_diag = L·Y_diag, …) on a synthetic
// MRIO of 3 regions × 4 sectors with 2 stressors that have F_Y (seed 24).
const TOL = { rel: 1e-10, abs: 1e-12 };
const KEYS = ["S", "M", "MDown", "Dcba", "Dpba", "Dimp", "Dexp", "DcbaReg", "DpbaReg", "DimpReg", "DexpReg"] as const;

function assertAccounts(actual: MrioAccounts, expected: ReferenceAccounts): void {
  assertClose(actual.xFromDemand, expected.xFromDemand, TOL, "xFromDemand");
  assert.equal(actual.stressors.length, expected.stressors.length);
  expected.stressors.forEach((e, k) => {
    for (const key of KEYS) assertClose(actual.stressors[k][key], e[key], TOL, `stressor ${k}: ${key}`);
  });
}

test("mrioAccounts reproduces pymrio's S, M, M_down and D_cba/D_pba/D_imp/D_exp by sector and by region (numpy, to 1e-10)", () => {
  const accounts = mrioAccounts(syntheticMrio());
  assert.equal(accounts.solve.method, "lu");
  assert.ok(accounts.solve.converged && accounts.solve.residual < 1e-14, `residual ${accounts.solve.residual}`);
  assertAccounts(accounts, reference.synthetic.accounts);
});

test("F_Y is added to D_cba_reg and D_pba_reg only, as pymrio adds it", () => {
  const m = syntheticMrio();
  const withFY = mrioAccounts(m).stressors[0];
  const without = mrioAccounts({
    ...m,
    stressors: m.stressors.map((s) => ({ ...s, FY: new Float64Array(s.FY.length) })),
  }).stressors[0];
  assertClose(
    Array.from(withFY.DcbaReg, (v, r) => v - without.DcbaReg[r]),
    Array.from(withFY.FYReg),
    TOL,
  );
  assertClose(
    Array.from(withFY.DpbaReg, (v, r) => v - without.DpbaReg[r]),
    Array.from(withFY.FYReg),
    TOL,
  );
  assertClose(withFY.DimpReg, without.DimpReg, TOL);
  assertClose(withFY.DexpReg, without.DexpReg, TOL);
});

test("the identity D_cba = D_pba + D_imp − D_exp holds per region to rounding, and its residual is reported", () => {
  for (const s of mrioAccounts(syntheticMrio()).stressors) {
    const scale = Math.max(...s.DcbaReg.map(Math.abs));
    for (const r of s.identityResidual) assert.ok(Math.abs(r) <= 1e-12 * scale, `residual ${r} against ${scale}`);
  }
});

test("the accounts after aggregating regions and sectors are pymrio's accounts of the aggregated system", () => {
  const agg = aggregateMrio(syntheticMrio(), {
    regions: { R0: "AB", R1: "AB", R2: "C" },
    sectors: { s0: "P", s1: "P", s2: "Q", s3: "Q" },
  });
  const expected = reference.synthetic.aggregated;
  assert.deepEqual(agg.regions, expected.regions);
  assert.deepEqual(
    agg.sectors.map((s) => s.code),
    expected.sectors,
  );
  assert.equal(agg.A.kind, "dense");
  assertClose(denseToRows(agg.A as Parameters<typeof denseToRows>[0]), expected.accounts.A, TOL, "A");
  assertClose(agg.x, expected.accounts.x, TOL, "x");
  assertAccounts(mrioAccounts(agg), expected.accounts);
});

test("aggregation keeps territorial totals: D_pba of a merged region is the sum of its members' (a balanced model)", () => {
  const m = syntheticMrio();
  const before = mrioAccounts(m).stressors[0].DpbaReg;
  const after = mrioAccounts(aggregateMrio(m, { regions: { R0: "AB", R1: "AB", R2: "C" } })).stressors[0].DpbaReg;
  assertClose(Array.from(after), [before[0] + before[1], before[2]], TOL);
});

test("aggregateMrio refuses a concordance that leaves codes out, naming them", () => {
  assert.throws(
    () => aggregateMrio(syntheticMrio(), { sectors: { s0: "P", s1: "P" } }),
    (e: unknown) =>
      e instanceof ConcordanceError && e.missing.join() === "s2,s3" && /does not map s2, s3/.test(e.message),
  );
  assert.throws(() => aggregateMrio(syntheticMrio(), { regions: { R0: "A" } }), /does not map R1, R2/);
});

test("mrioGrossTrade reproduces pymrio's calc_gross_trade (bilateral flows, gross exports and imports)", () => {
  const t = mrioGrossTrade(syntheticMrio());
  const e = reference.synthetic.accounts.grossTrade;
  assertClose(denseToRows(t.bilateral), e.bilateral, TOL, "bilateral");
  assertClose(t.exports, e.exports, TOL, "exports");
  assertClose(t.imports, e.imports, TOL, "imports");
});

test("a model whose stressor has a NaN is refused by name, not turned into NaN accounts", () => {
  const m = syntheticMrio();
  m.stressors[1].F[3] = NaN;
  assert.throws(() => mrioAccounts(m), /stressor e1: F at 3: value NaN/);
});

test("aggregating a large MRIO keeps A sparse, and an identity concordance gives back the same coefficients", () => {
  const S = 1001;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 2 * S; i++) {
    rows.push(i, i);
    cols.push((i + 1) % (2 * S), (i * 7 + 3) % (2 * S));
    values.push(0.1, 0.05);
  }
  const m = mrioFromFlows({
    name: "large",
    regions: ["N", "S"],
    sectors: Array.from({ length: S }, (_, i) => ({ code: `s${i}`, name: `s${i}` })),
    Z: csrFromTriplets(2 * S, 2 * S, { rows, cols, values }),
    Y: denseMatrix(2 * S, 2, new Float64Array(4 * S).fill(1)),
    finalDemandCategories: ["h"],
  });
  const same = aggregateMrio(m, { regions: { N: "N", S: "S" } });
  assert.equal(same.A.kind, "csr");
  assertClose(Array.from(toCsr(same.A).values), Array.from(toCsr(m.A).values), { rel: 1e-15 });
  assert.deepEqual(Array.from(toCsr(same.A).colIndices), Array.from(toCsr(m.A).colIndices));
  assert.equal(aggregateMrio(m, { regions: { N: "all", S: "all" } }).A.kind, "dense");
});
