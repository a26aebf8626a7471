import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { EXAMPLES, ROOT } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";
import { assertClose } from "../../support/assertClose.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });

test("ioplan review: levels and chained growth rates against targets, per year, cumulative, with the roll-up (hand computation)", () => {
  const dir = scratch();
  const db = join(dir, "obs.sqlite");
  const obs = join(dir, "obs.csv");
  writeFileSync(
    obs,
    "indicator,period,value,unit,kind,source_name,source_type,source_url,published,status,note\n" +
      "metals_output,2015,300000,USD million,estimate,Statistics Office,official-statistics,,2016-03-01,estimated,\n" +
      "metals_output,2016,290000,USD million,estimate,Statistics Office,official-statistics,,2017-03-01,estimated,\n" +
      "metals_output,2016,320000,USD million,reported,Ministry claim,own-claim,,2017-04-10,provisional,\n" +
      "construction_growth,2015,2.0,percent,estimate,Statistics Office,official-statistics,,2016-03-01,estimated,\n" +
      "construction_growth,2016,3.0,percent,estimate,Statistics Office,official-statistics,,2017-03-01,estimated,\n" +
      // a forecast of 2017 made in 2016: a projection, not an outcome, so 2017 stays not observed
      "metals_output,2017,330000,USD million,projection,A forecaster,projection,,2016-06-01,provisional,\n",
  );
  assert.equal(run("observe", "import", obs, "--db", db).status, 0);
  const plan = join(dir, "plan.yaml");
  writeFileSync(
    plan,
    `name: reviewed\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2017 }\ntargets:\n` +
      `  - { id: metals, label: Metals, sector: C24, values: { "2015": 300000, "2016": 310000, "2017": 320000 }, observed: { indicator: metals_output } }\n` +
      `  - { id: construction, label: Construction, sector: F, values: { growth: 0.05 }, observed: { indicator: construction_growth, as: growth } }\n` +
      `  - { id: food, sector: C10-C12, values: { growth: 0.01 } }\n`,
  );
  const r = run("review", plan, "--db", db, "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const metals = j.targets.find((t: { id: string }) => t.id === "metals");
  // 2015: 300,000 / 300,000 met; 2016: the statistics office's 290,000 (not the ministry's 320,000) / 310,000 = 0.935 near
  assert.deepEqual(
    metals.years.map((y: { status: string }) => y.status),
    ["met", "near", "not-observed"],
  );
  assert.ok(
    j.warnings.some((w: { message: string }) =>
      /metals_output 2017: only a projection \(A forecaster\), not an outcome; not reviewed/.test(w.message),
    ),
  );
  assertClose(metals.years[1].ratio, 290000 / 310000, { rel: 1e-12 });
  // the statistics office wins by its declared type, though the ministry's claim was published later
  assert.match(
    metals.sources["2016"],
    /metals_output 2016 = 290000 USD million: Statistics Office \(estimate; official statistics; 1 other figure disagrees/,
  );
  // the user orders the types: --precedence, else the nearest ioplan.json, else the default
  const claimsFirst = JSON.parse(
    run("review", plan, "--db", db, "--json", "--precedence", "own-claim,official-statistics").stdout,
  );
  assert.equal(claimsFirst.targets.find((t: { id: string }) => t.id === "metals").years[1].observed, 320000);
  writeFileSync(join(dir, "ioplan.json"), JSON.stringify({ precedence: ["own-claim"] }));
  const fromConfig = JSON.parse(run("review", plan, "--db", db, "--json").stdout);
  assert.equal(fromConfig.targets.find((t: { id: string }) => t.id === "metals").years[1].observed, 320000);
  writeFileSync(join(dir, "ioplan.json"), JSON.stringify({ precedence: ["own-claims"] }));
  const bad = run("review", plan, "--db", db);
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /ioplan\.json: precedence: "own-claims" is not a source type; expected some of official-statistics, central-bank/,
  );
  assert.equal(run("review", plan, "--db", db, "--precedence", "statistics").status, 2);
  rmSync(join(dir, "ioplan.json"));
  // projected 2017 from −3.33 %/yr: 290,000 · (290/300) = 280,333 of 320,000
  assertClose(metals.projection.value, 290000 * (290000 / 300000), { rel: 1e-12 });
  const cons = j.targets.find((t: { id: string }) => t.id === "construction");
  const xF = readModel(join(EXAMPLES, "wiod-usa-2014")).x[
    readModel(join(EXAMPLES, "wiod-usa-2014")).sectors.findIndex((s) => s.code === "F")
  ];
  // growth chained from the 2014 base: 1.02 and 1.02·1.03 against targets 1.05 and 1.05²
  assertClose(cons.years[0].observed, xF * 1.02, { rel: 1e-12 });
  assertClose(cons.years[1].ratio, (1.02 * 1.03) / 1.05 ** 2, { rel: 1e-12 });
  assertClose(cons.cumulative.ratio, (1.02 + 1.02 * 1.03) / (1.05 + 1.05 ** 2), { rel: 1e-12 });
  assert.deepEqual(j.unmapped, ["food"]);
  assert.equal(j.rollUp.text, "missed in 0 of 2 targets observed (2 near)");
  const text = run("review", plan, "--db", db);
  assert.match(text.stdout, /reviewed: missed in 0 of 2 targets observed \(2 near\)/);
  assert.match(text.stdout, /not reviewed \(no observed indicator in the plan file\): food/);
});

test("ioplan review: quarters make a year, spans are reviewed whole, units convert or are refused, and shortfalls are explained through the model", () => {
  const dir = scratch();
  const db = join(dir, "obs.sqlite");
  const obs = join(dir, "obs.csv");
  const H = "indicator,period,value,unit,kind,source_name,source_url,published,status,note\n";
  writeFileSync(
    obs,
    H +
      // metals: 2015 in billion USD (converted to USD million), 2016 from four quarters
      "metals_output,2015,280,billion USD,estimate,Statistics Office,,2016-03-01,estimated,\n" +
      ["Q1", "Q2", "Q3", "Q4"]
        .map(
          (q, k) =>
            `metals_output,2016-${q},${70000 + 1000 * k},USD million,estimate,Statistics Office,,2017-03-01,estimated,\n`,
        )
        .join("") +
      // construction: one figure for the plan period as a whole
      "construction_output,2015-2017,3000000,USD million,estimate,Statistics Office,,2018-03-01,estimated,\n" +
      // mining output (supplier of metals) and imports as an index
      "mining_output,2016,0.9,index,estimate,Statistics Office,,2017-03-01,estimated,\n" +
      "imports,2014,100,billion USD,estimate,Customs,,2015-03-01,estimated,\n" +
      "imports,2016,50,billion USD,estimate,Customs,,2017-03-01,estimated,\n",
  );
  assert.equal(run("observe", "import", obs, "--db", db).status, 0);
  const model = readModel(join(EXAMPLES, "wiod-usa-2014"));
  const iM = model.sectors.findIndex((s) => s.code === "C24");
  const iB = model.sectors.findIndex((s) => s.code === "B");
  const plan = join(dir, "plan.yaml");
  const body =
    `name: reviewed\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2017 }\ntargets:\n` +
    `  - { id: metals, sector: C24, values: { "2015": 300000, "2017": 300000 }, observed: { indicator: metals_output, unit: USD million } }\n` +
    `  - { id: mining, sector: B, values: { growth: 0 }, observed: { indicator: mining_output, factor: ${model.x[iB]} } }\n` +
    `  - { id: construction, sector: F, values: { "2015": 1000000, "2017": 1000000 }, observed: { indicator: construction_output } }\n` +
    `review:\n  imports: { indicator: imports, row: IMP }\n`;
  writeFileSync(plan, body);
  const r = run("review", plan, "--db", db, "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const metals = j.targets.find((t: { id: string }) => t.id === "metals");
  assert.equal(metals.years[0].observed, 280000);
  assert.equal(metals.years[1].observed, 70000 + 71000 + 72000 + 73000);
  assert.match(metals.sources["2016"], /2016 \(sum of 4 quarters\)/);
  const cons = j.targets.find((t: { id: string }) => t.id === "construction");
  assert.deepEqual(
    cons.spans.map((s: { period: string; ratio: number }) => [s.period, s.ratio]),
    [["2015-2017", 1]],
  );
  // explanation in 2016: one observed channel, imports at half their planned (base-year) level; the planned world is
  // the base year (WIOD reproduces its output), and the halved budget cuts every final delivery by 0.5
  const e16 = j.explanations.find((a: { year: number }) => a.year === 2016);
  assert.equal(e16.channels[0].ratio, 0.5);
  const met = e16.sectors.find((s: { code: string }) => s.code === "C24");
  assertClose(met.shortfall, 300000 - 286000, { rel: 1e-12 });
  assertClose(met.parts[0].value, 0.5 * model.x[iM], { rel: 1e-9 });
  assertClose([met.parts[0].first, met.parts[0].last], [0.5 * model.x[iM], 0.5 * model.x[iM]], { rel: 1e-9 });
  assertClose(met.modelled + met.unexplained, met.shortfall, { rel: 1e-12 });
  // the target (300,000) is not the model's planned world (base-year output): that gap is part of the unexplained, named
  assertClose(met.planVsModel, 300000 - model.x[iM], { rel: 1e-9 });
  assert.match(met.parts[0].evidence.join(" "), /imports 2016 = 50 billion USD/);
  // mining observed at 0.9 of base: the model says 0.5 of base, so a third of its output is unexplained (−0.4 x_B)
  const min = e16.sectors.find((s: { code: string }) => s.code === "B");
  assertClose(min.unexplained, -0.4 * model.x[iB], { rel: 1e-9 });
  assert.equal(e16.rationing.observed.status, "rationed");
  assert.match(j.backcast.line, /^Backcast: /);
  // a figure in a unit that does not convert is refused, naming it
  writeFileSync(obs, H + "metals_output,2017,5,million tonnes,estimate,Trade press,,2018-01-01,estimated,\n");
  assert.equal(run("observe", "import", obs, "--db", db).status, 0);
  const bad = run("review", plan, "--db", db);
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /targets\.0\.observed\.unit: figure #\d+ \(metals_output 2017, Trade press\) is in "million tonnes", which does not convert to "USD million"/,
  );
  // an indicator with figures only outside the plan period is a warning naming it and the periods it has
  writeFileSync(obs, H + "old_output,2010,5,USD million,estimate,Statistics Office,,2011-01-01,estimated,\n");
  assert.equal(run("observe", "import", obs, "--db", db).status, 0);
  writeFileSync(
    plan,
    body
      .replace("observed: { indicator: metals_output, unit: USD million }", "observed: { indicator: old_output }")
      .replace(/review:[\s\S]*/, ""),
  );
  const w = JSON.parse(run("review", plan, "--db", db, "--json").stdout);
  assert.deepEqual(w.warnings, [
    {
      path: "targets.0.observed.indicator",
      message: "old_output has no figure inside the plan period 2015–2017 (it has: 2010)",
    },
  ]);
});

test("a plan's precedence rule that could hang on a source name (a quantified group inside a quantifier) is refused with exit 2", () => {
  const dir = scratch();
  const plan = join(dir, "plan.yaml");
  writeFileSync(
    plan,
    `name: x\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2016 }\ntargets: [{ id: t, sector: C24, values: { growth: 0 }, observed: { indicator: any } }]\n` +
      `review:\n  precedence: [{ label: evil, source: "(a+)+$" }]\n`,
  );
  const r = run("review", plan, "--db", join(dir, "s.sqlite"));
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /review\.precedence\.0\.source: "\(a\+\)\+\$" is refused: at most 200 characters, and no quantified group inside a quantifier/,
  );
});
