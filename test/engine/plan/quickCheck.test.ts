import assert from "node:assert/strict";
import { test } from "node:test";
import { createLeontiefSystem, denseMatrix, quickCheck } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";

// Miller & Blair §2.3: A = [[.15, .25], [.2, .05]], f = [600, 1500] → x = [1247.52, 1841.58]
const sys = createLeontiefSystem(
  denseMatrix([
    [0.15, 0.25],
    [0.2, 0.05],
  ]),
);

test("quick check: output from demand, capacity and resource use, and the attainable share of the demand", () => {
  const r = quickCheck(
    sys,
    {
      finalDemand: [600, 1500],
      capacity: [1000, 2000],
      resources: [{ id: "imp", label: "imports", perUnit: [0.1, 0.2], available: 500 }],
    },
    ["A", "B"],
  );
  assertClose(r.output[0], 126000 / 101, { rel: 1e-12 });
  // capacity of A: 1247.5 / 1000 = 1.2475 (binding); imports 0.1·1247.5 + 0.2·1841.6 = 493.1 of 500
  assert.equal(r.feasible, false);
  assert.equal(r.binding!.label, "capacity of A");
  assertClose(r.attainable, 1000 / (126000 / 101), { rel: 1e-12 });
  assert.deepEqual(
    r.constraints.map((c) => c.id),
    ["A"],
  );
  // the attainable share is feasible: scaling demand by it meets capacity A exactly
  const s = quickCheck(sys, { finalDemand: [600 * r.attainable, 1500 * r.attainable], capacity: [1000, 2000] });
  assertClose(s.output[0], 1000, { rel: 1e-12 });
  assert.equal(s.feasible, true);
  assert.ok(r.residual < 1e-14);
});

test("quick check refuses negative demand and vectors of the wrong size, naming them", () => {
  assert.throws(
    () => quickCheck(sys, { finalDemand: [-1, 0], capacity: [1, 1] }, ["A", "B"]),
    /final demand of A: value -1/,
  );
  assert.throws(() => quickCheck(sys, { finalDemand: [1], capacity: [1, 1] }), /final demand has 1 entries/);
});
