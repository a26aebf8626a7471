import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { precedenceOfTypes, reconcile } from "../../../src/engine/index.ts";
import type { SourcedFigure } from "../../../src/engine/index.ts";
import { readObservationsCsv } from "../../../src/formats/observationsCsv.ts";
import { DATA, EXAMPLES } from "../../paths.ts";
import { precedenceOf } from "../../../src/app/review.ts";
import { readPlanFile } from "../../../src/formats/planFile.ts";

// The figures of shared/data/dprk/indicators.csv as the store would hand them over (one revision each).
const figures: SourcedFigure[] = readObservationsCsv(join(DATA, "dprk", "indicators.csv")).rows.map((r, k) => ({
  ...r,
  id: k + 1,
  revision: 1,
}));

// shared/data declares no source types; the DPRK plans name their sources in their own rule (review.precedence)
const DPRK_RULE = precedenceOf(readPlanFile(join(EXAMPLES, "dprk", "plans", "2016-2020-strategy.yaml")).plan);

test("2020 growth under the DPRK plan's rule: the Bank of Korea's −4.5 % is the best estimate; Fitch's −8.5 % and the other figures are listed, not averaged", () => {
  const r = reconcile(figures, DPRK_RULE).find((x) => x.indicator === "real_gdp_growth" && x.period === "2020")!;
  assert.equal(r.best.value, -4.5);
  assert.equal(r.best.rule, "ROK central bank and statistics office estimates");
  assert.match(r.best.sourceName, /BoK|Bank of Korea/);
  assert.ok(r.conflicts.some((c) => c.value === -8.5 && c.kind === "projection" && c.rule === "projections"));
  // the range is of outcomes: Fitch's projections (−8.5, and +3.7 before COVID) are listed, not in it
  assert.deepEqual(r.range, { min: -9.3, max: -4.5 });
  assert.ok(r.sources >= 3);
  for (const c of r.conflicts) assert.equal(c.difference, (c.value as number) - -4.5);
});

test("a different rule picks a different best estimate; targets and text figures are never chosen", () => {
  const projectionsFirst = reconcile(figures, [
    { label: "projections", kind: "projection" },
    { label: "estimates", kind: "estimate" },
  ]);
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

test("sources ranked by their declared type: a statistics office's own reported figure beats a private estimate; undeclared figures come after every declared outcome", () => {
  const base = { indicator: "gdp", period: "2022", unit: "USD bn", revision: 1 };
  const figs: SourcedFigure[] = [
    {
      ...base,
      id: 1,
      value: 25_440,
      kind: "reported",
      sourceName: "BEA",
      sourceType: "official-statistics",
      published: "2023-03-30",
    },
    {
      ...base,
      id: 2,
      value: 25_500,
      kind: "estimate",
      sourceName: "A private forecaster",
      sourceType: "independent-estimate",
      published: "2023-06-01",
    },
    {
      ...base,
      id: 3,
      value: 25_300,
      kind: "estimate",
      sourceName: "A blog",
      sourceType: null,
      published: "2023-09-01",
    },
    {
      ...base,
      id: 4,
      value: 26_000,
      kind: "projection",
      sourceName: "IMF WEO Oct 2021",
      sourceType: "projection",
      published: "2021-10-12",
    },
  ];
  const [r] = reconcile(figs);
  assert.equal(r.best.id, 1);
  assert.equal(r.best.rule, "official statistics");
  assert.deepEqual(
    r.conflicts.map((c) => [c.id, c.rule]),
    [
      [2, "independent estimates"],
      [3, "outcomes whose source type was not declared"],
      [4, "projections"],
    ],
  );
  // the order of types is the user's: independent estimates first
  const [mine] = reconcile(figs, precedenceOfTypes(["independent-estimate", "official-statistics"]));
  assert.equal(mine.best.id, 2);
  // without any declared type, estimate and reported figures rank together, newest publication first
  const [undeclared] = reconcile(figs.map((f) => ({ ...f, sourceType: null })));
  assert.equal(undeclared.best.id, 3);
});
