import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { attributeShortfalls, denseMatrix, sumAttributions } from "../../src/engine/index.ts";
import { assertClose } from "../assertClose.ts";

// Coal (C), power (P), steel (S). Base year: x = [100, 50, 80];
// flows z_CP = 20, z_CS = 20, z_PS = 10, z_PC = 10, so a_CP = 0.4, a_CS = 0.25, a_PS = 0.125, a_PC = 0.1
// and the allocation (Ghosh) shares are b_C→P = 20/100, b_C→S = 20/100, b_P→S = 10/50, b_P→C = 10/50 — all 0.2.
const A = denseMatrix([
  [0, 0.4, 0.25],
  [0.1, 0, 0.125],
  [0, 0, 0],
]);
const base = {
  sectors: ["C", "P", "S"],
  A,
  x: [100, 50, 80],
  planned: [100, 50, 80],
  observed: [80, 45, 60],
  observedEvidence: [["coal, statistics office 2017"], ["power, statistics office 2017"], ["steel, statistics office 2017"]],
  finalDemand: [{ label: "exports", perUnit: [0.3, 0, 0.25], ratio: 0.6, evidence: ["exports, customs 2017"] }],
  imports: { label: "imports / foreign exchange", perUnit: [0, 0, 0.1], ratio: 0.5, evidence: ["imports, customs 2017"] },
  shocks: [{ sector: 2, share: 0.01, label: "flood", evidence: ["DIS-1"] }],
};

test("hand-computed attribution: steel's 20 = 8 exports + 4 coal + 1 power + 4 imports + 0.8 flood + 2.2 other", () => {
  const [coal, power, steel] = attributeShortfalls(base);
  const part = (a: typeof steel, label: string) => a.components.find((c) => c.label.includes(label))!.value;
  assert.equal(steel.shortfall, 20);
  assertClose(part(steel, "exports"), 0.25 * 80 * 0.4, { rel: 1e-12 });
  assertClose(part(steel, "supplier C"), 4, { rel: 1e-12 });
  assertClose(part(steel, "supplier P"), 1, { rel: 1e-12 });
  assertClose(part(steel, "imports"), 4, { rel: 1e-12 });
  assertClose(part(steel, "flood"), 0.8, { rel: 1e-12 });
  assertClose(part(steel, "other"), 2.2, { rel: 1e-12 });
  // suppliers are listed largest first, each citing the observations of the supplier
  assert.deepEqual(steel.components.filter((c) => c.kind === "upstream").map((c) => [c.from, c.evidence]), [["C", ["coal, statistics office 2017"]], ["P", ["power, statistics office 2017"]]]);
  assertClose(part(coal, "exports"), 12, { rel: 1e-12 });
  assertClose(part(coal, "supplier P"), 1, { rel: 1e-12 });
  assertClose(part(coal, "other"), 7, { rel: 1e-12 });
  assertClose(part(power, "supplier C"), 4, { rel: 1e-12 });
  assertClose(part(power, "other"), 1, { rel: 1e-12 });
  for (const a of [coal, power, steel]) assert.ok(a.residual < 1e-12);
  const total = sumAttributions([coal, power, steel]);
  assert.equal(total.shortfall, 45);
  assertClose(total.byKind.upstream, 4 + 1 + 1 + 4, { rel: 1e-12 });
});

test("sectors not planned or not observed get no attribution and pass nothing upstream", () => {
  const r = attributeShortfalls({ ...base, observed: [NaN, 45, 60] });
  assert.deepEqual(r.map((a) => a.sector), ["P", "S"]);
  assert.deepEqual(r[1].components.filter((c) => c.kind === "upstream").map((c) => c.from), ["P"]);
});

test("property: the parts sum to the shortfall in every sector, whatever the figures", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 6, maxLength: 6 }), fc.double({ min: 0, max: 2, noNaN: true }), (v, rho) => {
      const r = attributeShortfalls({ ...base, planned: v.slice(0, 3), observed: v.slice(3), imports: { ...base.imports, ratio: rho } });
      for (const a of r) {
        const sum = a.components.reduce((s, c) => s + c.value, 0);
        assert.ok(Math.abs(sum - a.shortfall) <= 1e-9 * Math.max(1, Math.abs(a.shortfall)));
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

test("vectors of the wrong length are refused, naming them", () => {
  assert.throws(() => attributeShortfalls({ ...base, planned: [1, 2] }), /planned output has 2 entries; the model has 3 sectors/);
});
