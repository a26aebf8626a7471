import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ALTERNATIVE_DONORS, dprkModel } from "../../../src/app/dprk/model.ts";
import { derivedObservationsCsv, tradeObservationsCsv } from "../../../src/app/dprk/observations.ts";
import { runDprkExample } from "../../../src/app/dprk/example.ts";
import { loadPlan } from "../../../src/app/planning.ts";
import { precedenceOf } from "../../../src/app/review.ts";
import { readPlanFile } from "../../../src/formats/planFile.ts";
import { reconcile, solveLeontief, totalFinalDemand } from "../../../src/engine/index.ts";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { openStore } from "../../../src/store/openStore.ts";
import { WorkerLpSolver } from "../../../src/solvers/index.ts";
import { DATA, EXAMPLES, FIXTURES, ROOT } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";
import { assertClose } from "../../support/assertClose.ts";

const ref = JSON.parse(readFileSync(join(FIXTURES, "dprk_reference.json"), "utf8"));
const DPRK = join(EXAMPLES, "dprk");

test("the DPRK model: value added at the Bank of Korea's 2015 level and 2016 shares, columns balanced, output reproduced", () => {
  const m = readModel(join(DPRK, "model"));
  const va = m.valueAdded.data.subarray(9, 18);
  const total = va.reduce((a, b) => a + b, 0);
  assertClose(total, ref.gni2015, { rel: 1e-9 });
  const s = ref.shares2016;
  const all = Object.values(s as Record<string, number>).reduce((a, b) => a + b, 0);
  const share = (codes: string[]) =>
    codes.reduce((a, c) => a + va[m.sectors.findIndex((x) => x.code === c)], 0) / total;
  assertClose(share(["AGR"]), s.agriculture_forestry_fishing / all, { rel: 1e-9 });
  assertClose(share(["MIN", "LGT", "MET", "CHE", "MAC"]), s.mining_and_manufacturing / all, { rel: 1e-9 });
  assertClose(
    share(["MIN"]) / share(["MIN", "LGT", "MET", "CHE", "MAC"]),
    ref.mining2017 / (ref.mining2017 + ref.manufacturing2017),
    { rel: 1e-9 },
  );
  assertClose(share(["EGW"]), s.electricity_gas_water / all, { rel: 1e-9 });
  // every column: domestic inputs + imported inputs + other primary + value added = output
  const A = m.A as { data: Float64Array; cols: number };
  const imp = m.satellites.find((x) => x.code === "IMP")!.values;
  for (let j = 0; j < 9; j++) {
    let dom = 0;
    for (let i = 0; i < 9; i++) dom += A.data[i * 9 + j] * m.x[j];
    assertClose(dom + imp[j] + m.valueAdded.data[j] + va[j], m.x[j], { rel: 1e-9 });
  }
  // rows: Leontief output from final demand reproduces gross output (RAS met the row margins)
  const r = solveLeontief(m.A, totalFinalDemand(m));
  for (let i = 0; i < 9; i++) assertClose(r.x[i], m.x[i], { rel: 1e-8 });
  // exports: 3.0 bn USD over a 27.412 bn USD GDP, as a share of value added
  const exp = m.finalDemandCategories.indexOf("EXP");
  let exports = 0;
  for (let i = 0; i < 9; i++) exports += m.finalDemand.data[i * m.finalDemand.cols + exp];
  assertClose(exports / total, 3.0 / 27.412, { rel: 1e-9 });
  assert.ok(m.notes.some((n) => /RAS/.test(n)) && m.notes.some((n) => /Assumption/.test(n)));
});

test("the committed example is what the sources give: model, trade and derived observations rebuild byte for byte", async () => {
  const m = await dprkModel({ wiodDir: join(DATA, "wiod2016"), dprkDir: join(DATA, "dprk") });
  const saved = readModel(join(DPRK, "model"));
  for (let i = 0; i < 9; i++) assertClose(m.x[i], saved.x[i], { rel: 1e-15 });
  assert.equal(
    tradeObservationsCsv(join(DATA, "dprk", "events.csv")),
    readFileSync(join(DPRK, "observations", "trade.csv"), "utf8"),
  );
  assert.equal(
    derivedObservationsCsv(join(DATA, "dprk", "indicators.csv"), saved, 2016, 2023),
    readFileSync(join(DPRK, "observations", "derived.csv"), "utf8"),
  );
  // the alternative donor tables, built by the same builder
  for (const donor of ALTERNATIVE_DONORS) {
    const alt = await dprkModel({ wiodDir: join(DATA, "wiod2016"), dprkDir: join(DATA, "dprk"), donor });
    const savedAlt = readModel(join(DPRK, "models", `${donor.country.toLowerCase()}-${donor.year}`));
    for (let i = 0; i < 9; i++) assertClose(alt.x[i], savedAlt.x[i], { rel: 1e-15 });
    assert.match(savedAlt.name, new RegExp(`WIOD ${donor.name} ${donor.year}`));
  }
  for (const f of ["indicators.csv", "events.csv"])
    assert.equal(
      readFileSync(join(DPRK, "observations", f), "utf8"),
      readFileSync(join(DATA, "dprk", f), "utf8"),
      `${f} is a copy of shared/data/dprk/${f}`,
    );
});

test("the worked example end to end: every row imported once, growth indexes, 6 of 7 series below 2015, explanations against numpy, the draft under the shocks", async () => {
  const store = await openStore(join(scratch(), "e.sqlite"));
  const solver = new WorkerLpSolver();
  try {
    const x = await runDprkExample(ROOT, store, solver);
    const csvRows =
      readFileSync(join(DATA, "dprk", "indicators.csv"), "utf8")
        .trim()
        .split("\n").length - 1;
    assert.equal(x.imported[0].rows, 287);
    assert.ok(csvRows >= 287);
    assert.equal(
      x.imported.reduce((a, f) => a + f.added, 0),
      x.imported.reduce((a, f) => a + f.rows, 0),
    );
    // a second run adds nothing
    const again = await runDprkExample(ROOT, store, solver);
    assert.equal(
      again.imported.reduce((a, f) => a + f.added, 0),
      0,
    );
    const r = x.strategy.review;
    // growth indexes against the independent chain (numpy script)
    const byId = (id: string) => r.targets.find((t) => t.id === id)!;
    const pairs: [string, string][] = [
      ["agr-growth", "AGR"],
      ["min-growth", "MIN"],
      ["lgt-growth", "L"],
      ["met-growth", "H"],
      ["egw-growth", "EGW"],
      ["con-growth", "CON"],
      ["srv-growth", "SRV"],
    ];
    for (const [id, k] of pairs)
      for (const y of r.years)
        assertClose(byId(id).years.find((q) => q.year === y)!.ratio!, ref.index[k][String(y)], { rel: 1e-5 }); // derived rates are stored to 4 decimals
    // counted by the Bank of Korea's series (heavy and chemical industry is one for metals, chemicals, machinery)
    assert.equal(x.strategy.categoriesBelow2015, ref.below2015in2020);
    assert.equal(x.strategy.categories.length, 7);
    const egw = x.strategy.categories.find((c) => c.sectors.includes("EGW"))!;
    assertClose(egw.ratio2014!, ref.egw2020on2014, { rel: 1e-9 });
    // the explanation, every year, against the independent numpy script (numpy's inverse, Shapley over all m! orders)
    for (const e of r.explanations) {
      const want = ref.explain[String(e.year)];
      assert.deepEqual(
        e.total.parts.map((p) => p.channel),
        want.channels,
        `${e.year} channels`,
      );
      for (const p of e.total.parts) assertClose(p.value, want.totalParts[p.channel], { rel: 1e-9, abs: 1e-9 });
      for (const p of e.valueAdded.parts)
        assertClose(p.value, want.valueAddedParts[p.channel], { rel: 1e-9, abs: 1e-9 });
      for (const s of e.sectors) {
        const k = ["AGR", "MIN", "LGT", "MET", "CHE", "MAC", "EGW", "CON", "SRV"].indexOf(s.code);
        for (const p of s.parts) assertClose(p.value, want.parts[p.channel][k], { rel: 1e-9, abs: 1e-9 });
        assertClose(s.observedWorld, want.observedWorld[k], { rel: 1e-9 });
        assertClose(s.plannedWorld, want.plannedWorld[k], { rel: 1e-9 });
        // observed outputs come from rates stored to 4 decimals (derived rows): 1e-5, as the indexes above
        assertClose(s.unexplained, want.unexplained[k], { rel: 1e-4, abs: 1e-4 });
        // efficiency: modelled is the sum of the parts, and with unexplained it is the shortfall
        assertClose(s.modelled + s.unexplained, s.shortfall, { rel: 1e-12, abs: 1e-12 });
      }
    }
    // the donor range: each alternative donor table's 2020 parts against the numpy script
    assert.equal(r.models.length, 4);
    ["chn-2014", "kor-2000", "kor-2014"].forEach((d, k) => {
      const want = ref.donors2020[d];
      assertClose(r.models[k + 1].total.modelled, want.modelled, { rel: 1e-9, abs: 1e-9 });
      for (const [c, v] of Object.entries(want.totalParts))
        assertClose(r.models[k + 1].parts[c], v as number, { rel: 1e-9, abs: 1e-9 });
      // in value added, which the summary's ranges use (the donors' gross outputs differ in scale)
      assertClose(r.models[k + 1].valueAdded.modelled, want.valueAddedModelled, { rel: 1e-9, abs: 1e-9 });
      for (const [c, v] of Object.entries(want.valueAddedParts))
        assertClose(r.models[k + 1].valueAddedParts[c], v as number, { rel: 1e-9, abs: 1e-9 });
    });
    const e20 = r.explanations.find((e) => e.year === 2020)!;
    assertClose(e20.channels.find((c) => c.id === "imports")!.ratio!, ref.importRatio2020, { rel: 1e-12 });
    assertClose(e20.channels.find((c) => c.id === "final:EXP")!.ratio!, ref.exportRatio2020, { rel: 1e-12 });
    assert.ok(
      e20.total.parts
        .find((p) => p.channel === "final:EXP")!
        .evidence.some((q) => /dprk_exports_to_china 2020/.test(q)),
    );
    assert.ok(
      e20.total.parts
        .find((p) => p.channel === "imports")!
        .evidence.some((q) => /dprk_imports_from_china 2020/.test(q)),
    );
    // the 2020 floods are a logged shock on agriculture, citing events.csv
    assert.ok(
      e20.total.parts.some(
        (p) => p.kind === "capacity" && /2020 floods/.test(p.label) && p.evidence.some((q) => /DIS-2020-14/.test(q)),
      ),
    );
    // 2019 has no trade figure: nothing is switched, and the review says so
    assert.deepEqual(r.explanations.find((e) => e.year === 2019)!.total.parts, []);
    assert.ok(r.warnings.some((w) => /2019: .*not observed/.test(w.message)));
    // the backcast is reported; with the calibrated import substitution the model does better than "no change"
    // one point per Bank of Korea series (heavy industry's three sectors summed) and year with an observed channel: 7 × 4
    assert.match(r.backcast.line, /Backcast: the model reproduces the 28 observed series-years/);
    assert.match(r.backcast.line, /2019: no observed channel, left out/);
    assert.ok(r.backcast.sectors.some((q) => q.code === "MET+CHE+MAC"));
    assert.ok(
      r.backcast.overall.mape < r.backcast.overall.naiveMape,
      `${r.backcast.overall.mape} vs ${r.backcast.overall.naiveMape}`,
    );
    // reconciliation under the plan's rule (the files declare no source types): the Bank of Korea's −4.5 % for 2020 is
    // preferred to IBK's −9.3 % and Fitch's projection of −8.5 %
    const gdp2020 = reconcile(
      await store.list({ indicator: "real_gdp_growth" }),
      precedenceOf(readPlanFile(join(EXAMPLES, "dprk", "plans", "2016-2020-strategy.yaml")).plan),
    ).find((q) => q.period === "2020")!;
    assert.equal(gdp2020.best.value, -4.5);
    assert.ok(gdp2020.conflicts.some((c) => c.value === -8.5 && c.kind === "projection"));
    // physical outputs over the whole period: coal 31.06 Mt in 2016 (implied by 2017's stated fall) → 19.0 in 2020
    const coal = x.strategy.physical.find((p) => p.indicator === "coal_production")!;
    assert.deepEqual([coal.first.year, coal.last.year], [2016, 2020]);
    assertClose([coal.first.value, coal.last.value], [ref.coal2016, ref.coal2020], { rel: 1e-4 });
    // growth by source and vintage: the Bank of Korea's −4.5 beside IBK's −9.3 (estimates) and Fitch's −8.5 (projection)
    const g20 = x.strategy.growth.filter((f) => f.year === 2020);
    assert.ok(g20.some((f) => f.kind === "estimate" && f.value === -4.5 && /Bank of Korea/.test(f.vintage)));
    assert.ok(g20.some((f) => f.kind === "estimate" && f.value === -9.3));
    assert.ok(g20.some((f) => f.kind === "projection" && f.value === -8.5 && f.vintage === "Dec 2020"));
    assertClose(x.strategy.gdp2020vs2011.ratio, ref.gdp2020on2011, { rel: 1e-12 });
    // living standards against need, quoted from FAO/WFP as events.csv logs them
    assert.deepEqual(
      x.strategy.food.map((f) => f.id),
      ["DIS-2018-04", "OTH-2021-04"],
    );
    assert.match(x.strategy.food[0].text, /^10\.1 million people \(40 %\) short in 2019 \(FAO\/WFP\)$/);
    // grain per head in one definition (FAO's): 5.6 Mt harvested, 1.1 Mt short of all use, over 25.48 million people
    // (Statistics Korea, 2021): 5600 ÷ 25.48 = 219.8 kg and 6700 ÷ 25.48 = 262.9 kg, by hand
    assert.match(
      x.strategy.food[1].text,
      /^FAO 2021, in its measure: harvest 5\.6 Mt, 1\.1 Mt short of all grain use \(food, feed, seed, losses\): 220 against 263 kg a head \(25\.48 million people, Statistics Korea\)$/,
    );
    // the draft: feasible without shocks, not under the shocks as recorded; imports bind first
    const [none, recorded, ease] = x.draft.comparison;
    assert.equal(none.feasible, true);
    assert.ok(ease.meanFulfilment >= recorded.meanFulfilment - 1e-9);
    // under the recorded shocks the verdict rests on import substitution: infeasible with fixed import coefficients
    // (imports bind first), feasible at the calibrated share
    const sub = x.draft.substitution;
    assert.equal(sub.points.find((p) => p.share === 0)!.feasible, false);
    assert.equal(sub.points.find((p) => p.share === sub.calibrated)!.feasible, recorded.feasible);
    assert.equal(recorded.feasible, true);
    // imports paid for by exports and other inflows: in 2025 under the record, exports 292 + workers 200 | 350 | 500 +
    // other 550 | 1,025 | 1,507 million USD pay for 1,042 | 1,667 | 2,299 of 2015's 3,230, by hand
    const fx = x.draft.foreignExchange;
    assert.deepEqual(
      fx.points.map((p) => p.inflows),
      ["low", "central", "high"],
    );
    assertClose(fx.points[0].funded[4].share, (292 + 200 + 550) / 3230, { rel: 1e-9 });
    assertClose(fx.points[1].funded[4].share, (292 + 350 + 1025) / 3230, { rel: 1e-9 });
    assertClose(fx.points[2].funded[4].share, (292 + 500 + 1507) / 3230, { rel: 1e-9 });
    // the inflows' ends come from the gaps on record (imports − exports, China's customs), each less workers' earnings at
    // the same end: 2015 750 − 200; the mean of 750, 790, 1,620, 2,007, 1,708 less 350; 2018 2,007 − 500
    const byYear = async (indicator: string) =>
      new Map(
        (await store.list({ indicator }))
          .filter((f) => /^\d{4}$/.test(f.period))
          .map((f) => [Number(f.period), f.value as number]),
      );
    const [imports, exports] = [await byYear("dprk_imports_from_china"), await byYear("dprk_exports_to_china")];
    const gap = (y: number) => (imports.get(y) ?? NaN) - (exports.get(y) ?? NaN);
    assertClose(
      [gap(2015) - 200, (gap(2015) + gap(2016) + gap(2017) + gap(2018) + gap(2023)) / 5 - 350, gap(2018) - 500],
      [550, 1025, 1507],
      { abs: 0.5 },
    );
    assert.equal(Math.max(gap(2015), gap(2016), gap(2017), gap(2018), gap(2023)), gap(2018));
    // the key links grow from their 2020 level: the plan's base is the heavy-and-chemical series' 2020 ÷ 2015 in the review
    const hci = x.strategy.categories.find((c) => c.sectors.includes("MET"))!;
    const metals = loadPlan(join(DPRK, "plans", "2021-2025-draft.yaml")).spec.targets.find((t) => t.id === "metals")!;
    const m = loadPlan(join(DPRK, "plans", "2021-2025-draft.yaml")).model;
    assertClose(metals.values[0] / (m.x[m.sectors.findIndex((q) => q.code === "MET")] * 1.05), hci.ratio2015, {
      rel: 2e-4,
    });
    assert.ok(fx.points.every((p) => p.funded[4].binds));
    // capacity lost by 2020 (no other shock): the one scenario that fails; the household floor holds, the targets give
    const lost = x.draft.comparison.find((c) => c.scenario === "capacity-as-2020")!;
    assert.equal(lost.feasible, false);
    assert.ok(lost.check.relaxations.every((q) => q.kind !== "floor"));
    assert.ok(x.draft.comparison.filter((c) => c !== lost).every((c) => c.feasible));
    // the draft's metals, chemicals and machinery share one observed series, and the roll-up says so
    assert.deepEqual(
      x.draft.review.rollUp.shared?.map((q) => [q.series, q.targets.length]),
      [["real_growth_heavy_chemical_industry", 3]],
    );
    assert.equal(x.draft.review.rollUp.series, 6);
    // the flats claim is reviewed over the plan as a whole
    const flats = x.draft.review.targets.find((t) => t.id === "flats")!;
    assert.equal(flats.spans[0].period, "2021-2025");
    assert.equal(flats.spans[0].status, "met");
    assert.ok(
      x.draft.claims.some((c) => c.indicator === "h1_2023_plan_fulfilment: non-ferrous metals" && c.value === 146),
    );
  } finally {
    await solver.close();
    await store.close();
  }
});

test("the example's plan files cite only events that exist in events.csv", () => {
  const ids = new Set(
    readFileSync(join(DATA, "dprk", "events.csv"), "utf8")
      .split("\n")
      .map((l) => l.split(",")[0]),
  );
  for (const f of readdirSync(join(DPRK, "plans"))) {
    const text = readFileSync(join(DPRK, "plans", f), "utf8");
    for (const m of text.matchAll(/\b((?:SAN|BOR|TRD|DIS|OTH)-[A-Z0-9-]+?)(?=[\s,;)"]|…)/g))
      assert.ok(
        ids.has(m[1]) || ids.has(m[1].replace(/\/\d+$/, "")),
        `${f} cites ${m[1]}, which events.csv does not have`,
      );
  }
});
