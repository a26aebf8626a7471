import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { reconcile } from "../../src/engine/index.ts";
import type { SourcedFigure } from "../../src/engine/index.ts";
import { readObservationsCsv } from "../../src/store/observationsCsv.ts";
import { DATA } from "../models/helpers.ts";

// The figures of shared/data/dprk/indicators.csv as the store would hand them over (one revision each).
const figures: SourcedFigure[] = readObservationsCsv(join(DATA, "dprk", "indicators.csv")).rows.map((r, k) => ({ ...r, id: k + 1, revision: 1 }));

test("2020 growth: the Bank of Korea's −4.5 % is the best estimate; Fitch's −8.5 % and the other figures are listed, not averaged", () => {
  const r = reconcile(figures).find((x) => x.indicator === "real_gdp_growth" && x.period === "2020")!;
  assert.equal(r.best.value, -4.5);
  assert.equal(r.best.rule, "statistics offices and central banks");
  assert.match(r.best.sourceName, /BoK|Bank of Korea/);
  assert.ok(r.conflicts.some((c) => c.value === -8.5 && c.kind === "projection" && c.rule === "projections"));
  // the range is of outcomes: Fitch's projections (−8.5, and +3.7 before COVID) are listed, not in it
  assert.deepEqual(r.range, { min: -9.3, max: -4.5 });
  assert.ok(r.sources >= 3);
  for (const c of r.conflicts) assert.equal(c.difference, (c.value as number) - -4.5);
});

test("a different rule picks a different best estimate; targets and text figures are never chosen", () => {
  const projectionsFirst = reconcile(figures, [{ label: "projections", kind: "projection" }, { label: "estimates", kind: "estimate" }]);
  const r2020 = projectionsFirst.find((x) => x.indicator === "real_gdp_growth" && x.period === "2020")!;
  assert.equal(r2020.best.kind, "projection");
  const all = reconcile(figures);
  assert.ok(all.every((x) => x.best.kind !== "target" && x.best.value !== null));
  assert.ok(!all.some((x) => x.indicator === "plan_2016_2020_outcome"), "text-only figures are not reconciled");
});

test("ties within a step go to the latest publication date, then the latest revision", () => {
  const base = { indicator: "coal", period: "2019", unit: "Mt", kind: "estimate" as const, revision: 1 };
  const r = reconcile([
    { ...base, id: 1, value: 20, sourceName: "Statistics Korea", published: "2020-12-01" },
    { ...base, id: 2, value: 21, sourceName: "Statistics Korea", published: "2021-12-01" },
    { ...base, id: 3, value: 19, sourceName: "Statistics Korea", published: "2021-12-01", revision: 2 },
  ]);
  assert.equal(r[0].best.id, 3);
  assert.deepEqual(r[0].conflicts.map((c) => c.id).sort(), [1, 2]);
});
