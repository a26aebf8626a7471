import assert from "node:assert/strict";
import { test } from "node:test";
import { denseToRows, interregionalMultipliers } from "../../../src/engine/index.ts";
import { assertClose } from "../../support/assertClose.ts";
import { millerBlairMrio, reference, syntheticMrio } from "../../support/mrioFixture.ts";

// Expected numbers: test/fixtures/mrio_reference.json (scripts/fixtures/mrio_reference.py, numpy): block column
// sums of L = inv(I − A), column sums of inv(I − A^rr), and the shares of L·y^s, as Miller & Blair (2009, §3.3)
// define intraregional, spillover and feedback effects. The two-region example has the shape of the book's
// illustration (3 + 2 sectors) but its flows were written from memory, not checked against the printed book.
const TOL = { rel: 1e-10, abs: 1e-13 };

test("interregional multipliers of a two-region example shaped like Miller & Blair's (§3.3): intraregional, feedback, spillover as numpy computes them", () => {
  const im = interregionalMultipliers(millerBlairMrio());
  const e = reference.millerBlair.interregional;
  for (const key of ["total", "intraregional", "ownRegionOnly", "feedback", "spillover"] as const)
    assertClose(im[key], e[key], TOL, key);
  assertClose(denseToRows(im.toRegion), e.toRegion, TOL, "toRegion");
  assertClose(
    im.summaries.map((s) => s.interdependence),
    e.interdependence,
    TOL,
    "interdependence",
  );
});

test("in the two-region example the feedback is small and positive, the spillover larger (as Miller & Blair find, §3.3.2)", () => {
  const im = interregionalMultipliers(millerBlairMrio());
  // the five real sectors (index 5 is region s's empty padding sector)
  for (const j of [0, 1, 2, 3, 4]) {
    assert.ok(im.feedback[j] > 0 && im.feedback[j] < 0.1 * im.intraregional[j], `feedback ${im.feedback[j]} at ${j}`);
    assert.ok(im.spillover[j] > im.feedback[j], `spillover ${im.spillover[j]} at ${j}`);
  }
  assertClose(im.total[5], 1, { rel: 1e-15 }, "the empty sector only produces itself");
});

test("intraregional plus spillover is the total output multiplier (column sums of L), per (region, sector)", () => {
  const im = interregionalMultipliers(syntheticMrio());
  const e = reference.synthetic.interregional;
  assertClose(im.total, e.total, TOL, "total");
  assertClose(
    Array.from(im.intraregional, (v, j) => v + im.spillover[j]),
    e.total,
    TOL,
  );
  assertClose(
    Array.from(im.ownRegionOnly, (v, j) => v + im.feedback[j]),
    e.intraregional,
    TOL,
  );
  assertClose(im.feedback, e.feedback, TOL, "feedback");
  assertClose(denseToRows(im.toRegion), e.toRegion, TOL, "toRegion");
});

test("regional summaries are the means of their sectors, and interdependence the share of output other regions' final demand drives", () => {
  const im = interregionalMultipliers(syntheticMrio());
  const e = reference.synthetic.interregional;
  const S = im.sectors.length;
  im.summaries.forEach((s, r) => {
    const mean = (v: number[]): number => v.slice(r * S, (r + 1) * S).reduce((a, b) => a + b, 0) / S;
    assertClose(s.spillover, mean(e.spillover), TOL, `${s.region} spillover`);
    assertClose(s.feedback, mean(e.feedback), TOL, `${s.region} feedback`);
    assertClose(s.interdependence, e.interdependence[r], TOL, `${s.region} interdependence`);
    assert.ok(s.interdependence > 0 && s.interdependence < 1);
  });
});
