import assert from "node:assert/strict";
import { test } from "node:test";
import { reviewTarget, rollUp } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";

// Hand computations: targets 100, 110, 120 for 2021–2023; observed 100 (2021) and 99 (2022).
const output = {
  id: "steel",
  label: "steel",
  direction: "ascending" as const,
  years: [2021, 2022, 2023],
  targets: [100, 110, 120],
};
const observed = new Map([
  [2021, 100],
  [2022, 99],
]);

test("per year: 100/100 met, 99/110 = 0.90 near, 2023 not observed", () => {
  const r = reviewTarget(output, observed);
  assert.deepEqual(
    r.years.map((y) => y.status),
    ["met", "near", "not-observed"],
  );
  assertClose(r.years[1].ratio!, 0.9, { rel: 1e-12 });
});

test("cumulative over the years observed: 199/210 = 0.948, near", () => {
  const r = reviewTarget(output, observed);
  assertClose(r.cumulative.ratio!, 199 / 210, { rel: 1e-12 });
  assert.equal(r.cumulative.status, "near");
  assert.equal(r.cumulative.yearsObserved, 2);
});

test("the plan end projected from the observed trend: −1 %/yr → 98.01 in 2023, 81.7 % of 120: missed", () => {
  const p = reviewTarget(output, observed).projection!;
  assertClose(p.annualGrowth, -0.01, { rel: 1e-12 });
  assertClose(p.value, 98.01, { rel: 1e-12 });
  assertClose(p.ratio, 98.01 / 120, { rel: 1e-12 });
  assert.equal(p.status, "missed");
});

test("descending indicators invert the ratio; thresholds are configurable; roll-up says missed in N of M", () => {
  const energy = {
    id: "energy",
    label: "energy per unit",
    direction: "descending" as const,
    years: [2021],
    targets: [50],
  };
  const e = reviewTarget(energy, new Map([[2021, 60]]));
  assertClose(e.years[0].ratio!, 50 / 60, { rel: 1e-12 });
  assert.equal(e.years[0].status, "missed");
  assert.equal(reviewTarget(energy, new Map([[2021, 60]]), { met: 1, near: 0.8 }).years[0].status, "near");
  const none = reviewTarget({ ...energy, id: "x" }, new Map());
  const r = rollUp([reviewTarget(output, observed), e, none]);
  assert.deepEqual([r.total, r.met, r.near, r.missed, r.notObserved], [3, 0, 1, 1, 1]);
  assert.equal(r.text, "missed in 1 of 2 targets observed (1 near); 1 not observed");
  assert.equal(rollUp([reviewTarget(output, observed)], { year: 2021 }).met, 1);
});
