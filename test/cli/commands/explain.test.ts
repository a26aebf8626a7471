import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { solveSupplyConstrained, totalFinalDemand } from "../../../src/engine/index.ts";
import { EXAMPLES, ROOT } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";
import { assertClose } from "../../support/assertClose.ts";
import { amount } from "../../../src/cli/explanationText.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });
const STRATEGY = join(EXAMPLES, "dprk", "plans", "2016-2020-strategy.yaml");

/** A store with the worked example's observations. */
function exampleStore(): string {
  const db = join(scratch(), "x.sqlite");
  for (const f of ["indicators.csv", "trade.csv", "derived.csv"])
    assert.equal(run("observe", "import", join(EXAMPLES, "dprk", "observations", f), "--db", db).status, 0);
  return db;
}

test("ioplan explain: the JSON the issue names (year, units, rationing, sectors with parts and evidence, total, value added), parts summing to modelled", () => {
  const db = exampleStore();
  const r = run("explain", STRATEGY, "--db", db, "--json");
  assert.equal(r.status, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  assert.equal(e.year, 2020);
  assert.equal(e.units, "KRW trillion");
  assert.match(e.rationing.rule, /^proportional rationing/);
  assert.equal(e.sectors.length, 9);
  const agr = e.sectors.find((s: { code: string }) => s.code === "AGR");
  assert.equal(agr.name, "Agriculture, forestry and fishing");
  for (const k of ["shortfall", "parts", "modelled", "unexplained"])
    assert.ok(k in agr && k in e.total && k in e.valueAdded, k);
  assert.deepEqual(
    e.total.parts.map((p: { channel: string }) => p.channel),
    ["imports", "final:EXP", "shock:2"],
  );
  assertClose(
    e.total.parts.reduce((a: number, p: { value: number }) => a + p.value, 0),
    e.total.modelled,
    { rel: 1e-12 },
  );
  assertClose(e.total.modelled + e.total.unexplained, e.total.shortfall, { rel: 1e-12 });
  assert.ok(e.total.parts[0].evidence.some((q: string) => /dprk_imports_from_china 2020 = 491.1 million USD/.test(q)));
  assert.match(e.backcast.line, /^Backcast: /);
  // the text: the account, each part with its orders, the unexplained line on its own, the rule, the backcast
  const t = run("explain", STRATEGY, "--db", db, "--year", "2018");
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Why output fell short of plan in 2018/);
  // the text prints the JSON's figures; the plan names three other donor tables, whose range is in brackets
  const j18 = JSON.parse(run("explain", STRATEGY, "--db", db, "--year", "2018", "--json").stdout);
  const range = (k: string, v: number) =>
    `${amount(v)} (${amount(j18.modelRange[k].min)} to ${amount(j18.modelRange[k].max)})`;
  assert.ok(
    t.stdout.includes(
      `shortfall ${range("total.shortfall", j18.total.shortfall)} = modelled ${range("total.modelled", j18.total.modelled)} + unexplained ${range("total.unexplained", j18.total.unexplained)}`,
    ),
    t.stdout,
  );
  assert.ok(t.stdout.includes(`unexplained ${amount(j18.total.unexplained)}: what the model does not reproduce`));
  assert.match(t.stdout, /Across the plan's 4 models/);
  assert.match(t.stdout, /Rule: proportional rationing/);
  assert.match(t.stdout, /Backcast: the model reproduces the 28 observed series-years/);
  // 2019 has no trade figure: nothing to switch, and it says so
  const n19 = run("explain", STRATEGY, "--db", db, "--year", "2019");
  assert.match(n19.stdout, /no observed channel this year/);
  assert.match(n19.stdout, /Not observed this year, kept as planned: imports/);
});

test("ioplan explain and backcast refuse bad options and years with exit 2, naming the value and what is valid", () => {
  const db = exampleStore();
  const y = run("explain", STRATEGY, "--db", db, "--year", "2030");
  assert.equal(y.status, 2);
  assert.match(
    y.stderr,
    /^ioplan: --year: value 2030 is not allowed; expected a plan year with observed outputs \(2016, 2017, 2018, 2019, 2020\)/,
  );
  const r = run("explain", STRATEGY, "--db", db, "--rationing", "fair");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rationing fair is not a rule; expected proportional or priority/);
  const s = run("backcast", STRATEGY, "--db", db, "--samples", "0");
  assert.equal(s.status, 2);
  assert.match(s.stderr, /--samples 0 is not a number of draws/);
});

test("ioplan backcast: per sector and year, MAPE and Theil's U; priority rationing is named where it is used", () => {
  const db = exampleStore();
  const r = run("backcast", STRATEGY, "--db", db, "--json", "--rationing", "priority");
  assert.equal(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout);
  // one point per Bank of Korea series and year with an observed channel (2019 has none)
  assert.equal(b.sectors.length, 7);
  for (const s of b.sectors) {
    assert.equal(s.years.length, 4);
    for (const y of s.years) assertClose(y.error, y.simulated - y.observed, { rel: 1e-12, abs: 1e-12 });
    assert.ok(s.mape >= 0 && s.theilU >= 0 && s.theilU <= 1);
  }
  assert.ok(b.overall.mape > 0 && b.overall.theilU > 0);
  assert.match(b.rationing, /^priority rationing/);
  // the plan's review.priority sets the classes: food first, then the stated priorities, then the rest
  assert.match(b.rationing, /in this order: AGR; MIN, MET, EGW; the rest, as the plan's review\.priority sets/);
  // a sector code the model does not have is refused, named
  const dir = scratch();
  const bad = join(dir, "bad.yaml");
  writeFileSync(
    bad,
    readFileSync(STRATEGY, "utf8")
      .replaceAll("../model", join(dirname(STRATEGY), "../model"))
      .replaceAll("../models/", join(dirname(STRATEGY), "../models/"))
      .replace("priority: [[AGR], [EGW, MIN, MET]]", "priority: [[AGR], [EGW, COAL]]"),
  );
  const e = run("backcast", bad, "--db", db, "--rationing", "priority");
  assert.equal(e.status, 2);
  assert.match(e.stderr, /review\.priority\.1\.1: "COAL" is not a sector of/);
});

test("--samples gives intervals on every headline, and alternative models give the range across them", () => {
  const db = exampleStore();
  const dir = scratch();
  // an alternative model: the example's with every coefficient 5 % lower (the plan names it under models)
  const alt = join(dir, "alt");
  cpSync(join(EXAMPLES, "dprk", "model"), alt, { recursive: true });
  const coef = join(alt, "coefficients.csv");
  const lines = readFileSync(coef, "utf8").trim().split("\n");
  writeFileSync(
    coef,
    [lines[0], ...lines.slice(1).map((l) => l.replace(/,([^,]+)$/, (_m, v) => `,${Number(v) * 0.95}`))].join("\n") +
      "\n",
  );
  const plan = join(dir, "plan.yaml");
  const text = readFileSync(STRATEGY, "utf8").replace(/\nmodels:\n( {2}- .*\n)+/, "\n");
  writeFileSync(
    plan,
    text.replace(
      "model: ../model",
      `model: ${join(EXAMPLES, "dprk", "model")}\nmodels: [{ path: ${alt}, label: coefficients −5 % }]`,
    ),
  );
  const r = run("explain", plan, "--db", db, "--json", "--samples", "60", "--coefficient-error", "0.05");
  assert.equal(r.status, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  assert.equal(e.models[1].model, "coefficients −5 %");
  assert.equal(e.models.length, 2);
  assert.notEqual(e.models[0].total.modelled, e.models[1].total.modelled);
  assert.ok(e.modelRange["total.modelled"].min < e.modelRange["total.modelled"].max);
  const iv = e.total.intervals.modelled;
  assert.ok(iv.p5 <= iv.p50 && iv.p50 <= iv.p95 && iv.p5 < iv.p95, JSON.stringify(iv));
  for (const p of e.total.parts) assert.ok(p.interval.p5 <= p.interval.p95);
  assert.match(
    e.uncertainty.description,
    /^60 draws \(seed 1\) of observed figures within the range across sources, technical coefficients \(relative error 0.05\), 2 models in turn/,
  );
  // the text shows ranges where they are material
  const t = run("explain", plan, "--db", db, "--samples", "60", "--coefficient-error", "0.05");
  assert.match(t.stdout, /modelled \d+\.\d+ \(\d+\.\d+ to \d+\.\d+\)/);
  assert.match(t.stdout, /Across the plan's 2 models/);
});

test("a backcast of outputs simulated from the model itself has zero error, and the one channel explains all of it", () => {
  const m = readModel(join(EXAMPLES, "dprk", "model"));
  const n = m.sectors.length;
  const exp = m.finalDemandCategories.indexOf("EXP");
  // exports at 40 % of their base-year level, everything else as in 2015: the model's own answer
  const f = totalFinalDemand(m);
  const d = Float64Array.from(f, (v, i) => v - 0.6 * m.finalDemand.data[i * m.finalDemand.cols + exp]);
  const x = solveSupplyConstrained({ A: m.A, finalDemand: d }).x;
  const H = "indicator,period,value,unit,kind,source_name,source_url,published,status,note\n";
  const rows = [
    `sim_exports,2015,100,index,estimate,Simulation,,,estimated,`,
    `sim_exports,2016,40,index,estimate,Simulation,,,estimated,`,
  ];
  for (let i = 0; i < n; i++)
    rows.push(`sim_${m.sectors[i].code},2016,${x[i]},KRW trillion,estimate,Simulation,,,estimated,`);
  const dir = scratch();
  const db = join(dir, "sim.sqlite");
  writeFileSync(join(dir, "obs.csv"), H + rows.join("\n") + "\n");
  assert.equal(run("observe", "import", join(dir, "obs.csv"), "--db", db).status, 0);
  const plan = join(dir, "plan.yaml");
  writeFileSync(
    plan,
    `name: simulated\nmodel: ${join(EXAMPLES, "dprk", "model")}\nperiod: { start: 2016, end: 2016 }\ntargets:\n` +
      m.sectors
        .map(
          (s) =>
            `  - { id: ${s.code}, sector: ${s.code}, values: { growth: 0 }, observed: { indicator: sim_${s.code} } }\n`,
        )
        .join("") +
      `review:\n  finalDemand: [{ category: EXP, indicator: sim_exports, label: exports }]\n`,
  );
  const b = JSON.parse(run("backcast", plan, "--db", db, "--json").stdout);
  assert.ok(b.overall.mape < 1e-9, String(b.overall.mape));
  assert.ok(b.overall.theilU < 1e-11);
  const e = JSON.parse(run("explain", plan, "--db", db, "--json").stdout);
  assertClose(e.total.unexplained, 0, { abs: 1e-9 });
  assertClose(e.total.parts[0].value, e.total.shortfall, { rel: 1e-9 });
});
