import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { EXAMPLES, ROOT } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";
import { expectGolden } from "../../support/golden.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });
const PLAN = join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml");

test("ioplan plan check: an infeasible plan exits 1 and names the relaxations; --json carries the same", () => {
  const r = run("plan", "check", PLAN);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /INFEASIBLE\. The smallest weighted relaxation that makes it feasible/);
  assert.match(r.stdout, /Electricity output \(D35 output\) in 2015: lowered by [\d,]+ USD million/);
  assert.match(r.stdout, /year\s+labour\s+imports/);
  const j = JSON.parse(run("plan", "check", PLAN, "--json").stdout);
  assert.equal(j.feasible, false);
  assert.ok(j.relaxations.some((x: { id: string; year: number }) => x.id === "power" && x.year === 2015));
  // every per-sector figure keyed by year and code, with the sectors' names once
  assert.deepEqual(Object.keys(j.output), ["2015", "2016", "2017", "2018", "2019"]);
  assert.equal(typeof j.output["2015"].D35, "number");
  assert.match(j.sectors.D35, /^Electricity/);
  assert.ok(j.bindingCapacity.every((b: { sector: unknown }) => typeof b.sector === "string" && b.sector in j.sectors));
  // HiGHS's status first, then the iterations and what "auto" chose
  assert.match(j.solver.detail, /^optimal, \d+ simplex iterations; auto: dual simplex \(3,185 columns/);
});

test("plan check's text lists the plan's own relaxations first, then baseline cuts largest first, each in value and %, with sector names", () => {
  const r = run("plan", "check", PLAN);
  const lines = r.stdout.split("\n").filter((l) => /^ {2}- .* in \d{4}: (lowered|raised|raise)/.test(l));
  assert.ok(lines.length >= 3, r.stdout);
  const shares = lines.map((l) => Number(/\(([\d.]+) % (of|above)/.exec(l)![1]));
  const firstBase = lines.findIndex((l) => l.includes(", baseline"));
  assert.ok(firstBase > 0, "the plan's own targets come first");
  assert.ok(lines.slice(0, firstBase).every((l) => !l.includes(", baseline")));
  const base = shares.slice(firstBase);
  assert.deepEqual(
    base,
    [...base].sort((a, b) => b - a),
    "baseline cuts largest first",
  );
  assert.match(
    lines[firstBase],
    /^ {2}- [A-Z][a-z].* \([A-Z0-9_-]+\) final deliveries, baseline in \d{4}: lowered by [\d,]+ USD million/,
  );
  assert.doesNotMatch(r.stdout, /each with --json\)/);
  assert.match(r.stdout, /Capacity binds in \d+ sector-years, e\.g\. [A-Z][a-z][^;]* \([A-Z0-9_-]+\) in \d{4}/);
});

test("ioplan plan check: a feasible plan exits 0", () => {
  const dir = scratch();
  const f = join(dir, "easy.yaml");
  writeFileSync(
    f,
    `name: easy\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2016 }\ncapacity: { initial: 1.2 }\ntargets:\n  - { id: m, sector: C24, values: { growth: 0.01 } }\n`,
  );
  const r = run("plan", "check", f);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /FEASIBLE: every target can be met/);
});

test("ioplan plan optimise prints fulfilment and bottlenecks; --lexicographic shows its stages", () => {
  const r = run("plan", "optimise", PLAN);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /best plan \(weighted\), optimal/);
  assert.match(r.stdout, /Basic metals output\s+1\s+\d+\.\d+ %/);
  // the top bottlenecks in the targets' units (re-solved with 1 % more), the rest as shadow prices
  assert.match(r.stdout, /Bottlenecks: what 1 % more of each gives the targets/);
  assert.match(
    r.stdout,
    /\n {2}- 20\d\d (capacity in [^:]+ \([A-Z0-9_-]+\)|imported inputs|labour): [\d,.]+ (USD million|persons[^ ]*) more \(1 %\) → [^\n]+ 20\d\d [+−][\d,.]+ USD million \(−?[\d.]+ per /,
  );
  assert.match(r.stdout, /Further bottlenecks \(shadow prices/);
  const j = JSON.parse(run("plan", "optimise", PLAN, "--json").stdout);
  assert.equal(j.effects.length, 3);
  assert.ok(
    j.effects.every(
      (e: { gains: unknown[]; bottleneck: { row?: number } }) => e.gains.length > 0 && e.bottleneck.row === undefined,
    ),
  );
  assert.equal(run("plan", "optimise", PLAN, "--effects", "many").status, 2);
  const l = run("plan", "optimise", PLAN, "--lexicographic");
  assert.equal(l.status, 0, l.stderr);
  assert.match(l.stdout, /stage rank 1: optimal[\s\S]*stage rank 4: optimal/);
});

test("--time-limit: PDLP stopped early gives its best point as provisional (exit 1); check says it could not decide", () => {
  // a tolerance PDLP cannot reach in 0.02 s on this plan (it reaches 1e-14 in about 0.3 s since the magnitude scaling
  // of 7 Dec 2026), so the limit is what stops it, at its first evaluation
  const r = run("plan", "optimise", PLAN, "--method", "ioplan-pdlp", "--tolerance", "1e-15", "--time-limit", "0.02");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /best plan \(weighted\), time-limit; objective \d/);
  assert.match(
    r.stdout,
    /PROVISIONAL: the solver stopped at its time limit; below is its best point, not an optimum \(ioplan PDLP \(restarted Halpern PDHG\): \d+ iterations/,
  );
  assert.match(r.stdout, /Basic metals output\s+1\s+\d+\.\d+ %/);
  const j = JSON.parse(
    run("plan", "optimise", PLAN, "--method", "ioplan-pdlp", "--tolerance", "1e-15", "--time-limit", "0.02", "--json")
      .stdout,
  );
  assert.equal(j.status, "time-limit");
  assert.equal(j.provisional, true);
  assert.ok(j.fulfilment.length > 0 && j.fulfilment.every((f: { share: number }) => Number.isFinite(f.share)));
  const c = run("plan", "check", PLAN, "--method", "ioplan-pdlp", "--tolerance", "1e-15", "--time-limit", "0.02");
  assert.equal(c.status, 1, c.stderr);
  assert.match(c.stdout, /The check stopped at its time limit before it could decide \(ioplan PDLP/);
  const bad = run("plan", "optimise", PLAN, "--time-limit", "soon");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--time-limit soon is not a number of seconds > 0/);
});

test("--time-limit on compare and shock: undecided checks and provisional plans are said so, exit 1", () => {
  const limited = ["--method", "ioplan-pdlp", "--tolerance", "1e-15", "--time-limit", "0.02"];
  const c = run("compare", PLAN, "--scenarios", "import-squeeze", ...limited);
  assert.equal(c.status, 1, c.stderr);
  assert.match(c.stdout, /\(no shocks\)\s+undecided \(time-limit\)\s+≈ \d+\/\d+\s+≈ \d+\.\d %/);
  const j = JSON.parse(run("compare", PLAN, "--scenarios", "import-squeeze", "--json", ...limited).stdout);
  assert.deepEqual(
    j.map((r: { checkStatus: string; provisional: boolean }) => [r.checkStatus, r.provisional]),
    [
      ["time-limit", true],
      ["time-limit", true],
    ],
  );
  const s = run("shock", PLAN, "--scenario", "import-squeeze", ...limited);
  assert.equal(s.status, 1, s.stderr);
  assert.match(s.stdout, /UNDECIDED: the check under the shocks ended with "ioplan PDLP/);
  assert.match(s.stdout, /PROVISIONAL: both optimisations stopped at a limit/);
});

test("a bad plan file exits 2 naming the field", () => {
  const dir = scratch();
  const f = join(dir, "bad.yaml");
  writeFileSync(
    f,
    `name: bad\nmodel: ${join(EXAMPLES, "wiod-usa-2014")}\nperiod: { start: 2015, end: 2016 }\ntargets:\n  - { id: m, sector: STEEL, values: { growth: 0.01 } }\n`,
  );
  const r = run("plan", "check", f);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /targets\.0\.sector: "STEEL" is not a sector of model WIOD USA 2014/);
});

test("--inflows resolves a foreign-exchange account at one end of every inflow's range; a wrong end exits 2", () => {
  const draft = join(EXAMPLES, "dprk", "plans", "2021-2025-draft.yaml");
  // under the record in 2025 (border open, exports 292 million USD): workers 200 + other 550 at the low end, 350 +
  // 1,025 at the centre; the account binds, so the imports limit is in the ratio 1,042 : 1,667, by hand
  const use = (inflows: string) => {
    const r = run("shock", draft, "--scenario", "as-recorded", "--inflows", inflows, "--json");
    assert.equal(r.status, 0, r.stderr);
    return (
      JSON.parse(r.stdout) as { check: { resources: { id: string; year: number; limit: number }[] } }
    ).check.resources.find((q) => q.id === "imports" && q.year === 2025)!.limit;
  };
  assert.ok(Math.abs(use("low") / use("central") - 1042 / 1667) < 1e-9);
  const bad = run("plan", "check", draft, "--inflows", "lowest");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--inflows <end>' argument 'lowest' is invalid\. Allowed choices are low, central, high/);
});

test("plan check prints a plan file's warnings on stderr before its answer (a value held backwards)", () => {
  const dir = scratch();
  const f = join(dir, "p.yaml");
  writeFileSync(
    f,
    `name: w\nmodel: ${join(EXAMPLES, "dprk", "model")}\nperiod: { start: 2021, end: 2023 }\ntargets: [{ id: t, sector: AGR, values: { "2022": 12 } }]\n`,
  );
  const r = run("plan", "check", f);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /^ioplan: warning: .*p\.yaml: targets\.0\.values: 2021 takes the first value given \(2022\), held backwards/m,
  );
});

test("plan check states how relaxations are priced and calls out cuts beyond --warn-cut, largest first (and in --json)", () => {
  const file = join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml");
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "plan", "check", file, "--warn-cut", "0.1"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stdout,
    /convex in its size \(×1 up to 10 % of the value, ×2 to 25 %, ×4 to 50 %, ×8 beyond\), so cuts are shared/,
  );
  const warning = r.stdout.slice(r.stdout.indexOf("WARNING: relaxations cut by more than 10 %"));
  assert.match(
    warning,
    /^WARNING: relaxations cut by more than 10 % \(--warn-cut\): (\d+), largest first:\n {2}- .*cut by (\d+\.\d) %/,
  );
  const shares = [...warning.matchAll(/cut by (\d+\.\d) %/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    shares,
    [...shares].sort((a, b) => b - a),
  );
  assert.ok(shares.every((s) => s > 10));
  const strict = JSON.parse(
    spawnSync(
      process.execPath,
      [join(ROOT, "bin", "ioplan.js"), "plan", "check", file, "--json", "--warn-cut", "0.15"],
      { encoding: "utf8" },
    ).stdout,
  ) as { largeCuts: { cut: number }[]; relaxations: { share: number }[]; rule: string };
  assert.ok(strict.largeCuts.length > 0);
  assert.deepEqual(
    strict.largeCuts.map((c) => c.cut),
    strict.relaxations
      .map((x) => x.share)
      .filter((s) => s > 0.15)
      .sort((a, b) => b - a),
  );
  assert.match(strict.rule, /convex/);
  const bad = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "plan", "check", file, "--warn-cut", "2"], {
    encoding: "utf8",
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^ioplan: --warn-cut 2 is not a share in \(0, 1\)/);
});

test("golden: plan check and plan optimise read as a planner reads them (names, units, largest first, effects in the targets' units)", () => {
  // the solver's time and round-off vary between machines: masked
  const stable = (t: string) =>
    t.replace(/\d+\.\d\d s\b/g, "<t> s").replace(/(gap|residual) [\d.]+e[-+]\d+/g, "$1 <ε>");
  expectGolden("plan-check.txt", stable(run("plan", "check", PLAN).stdout));
  expectGolden("plan-optimise.txt", stable(run("plan", "optimise", PLAN).stdout));
});

test("default floors: with a baseline and no floors block, every final-demand category keeps 90 % of the base year, so no sector's deliveries are cut to half; baseline.floor: 0 lifts them", () => {
  // (Before the floors, the best plan of this plan cut public administration's (O84) deliveries to 50 %.)
  const best = JSON.parse(run("plan", "optimise", PLAN, "--json").stdout) as {
    fulfilment: { id: string; share: number }[];
  };
  const base = best.fulfilment.filter((f) => f.id.startsWith("baseline:"));
  assert.ok(base.length > 0);
  const worst = Math.min(...base.map((f) => f.share));
  // the floor is 90 % of the base year's deliveries (growth 0 here) but for inventory change, which is not held up:
  // other transport equipment (C30), with 6 % of its final demand in inventories, may go to 0.9 × 0.94 = 84.4 %
  assert.ok(worst > 0.84, `a baseline delivery at ${worst}`);
  const check = JSON.parse(run("plan", "check", PLAN, "--json").stdout) as {
    relaxations: { id: string; kind: string; text: string }[];
  };
  const floor = check.relaxations.find((x) => x.kind === "floor");
  if (floor)
    assert.match(
      floor.text,
      /^Final deliveries at 90 % of the base year \(default floor\) \(floor on 5 categories, all but INVEN\) in \d{4}: cut by/,
    );
  const dir = scratch();
  const open = join(dir, "open.yaml");
  writeFileSync(
    open,
    readFileSync(PLAN, "utf8")
      .replace("../wiod-usa-2014", join(EXAMPLES, "wiod-usa-2014"))
      .replace("  rank: 4", "  rank: 4\n  floor: 0"),
  );
  const without = JSON.parse(run("plan", "optimise", open, "--json").stdout) as {
    fulfilment: { id: string; share: number }[];
  };
  const o84 = without.fulfilment.filter((f) => f.id === "baseline:O84");
  assert.ok(Math.min(...o84.map((f) => f.share)) < 0.55, "without floors the optimum cuts O84 to about half");
  // floors the limits cannot carry: the best plan holds them, so there is none; the text says what to do
  const tight = join(dir, "tight.yaml");
  writeFileSync(
    tight,
    readFileSync(PLAN, "utf8")
      .replace("../wiod-usa-2014", join(EXAMPLES, "wiod-usa-2014"))
      .replace("  rank: 4", "  rank: 4\n  floor: 1")
      .replace("values: { growth: -0.01 }, weight: 20", "values: { growth: -0.2 }, weight: 20"),
  );
  const none = run("plan", "optimise", tight);
  assert.equal(none.status, 1);
  assert.match(none.stdout, /best plan \(weighted\), infeasible; HiGHS/);
  assert.doesNotMatch(none.stdout, /objective NaN/);
  assert.match(
    none.stdout,
    /NO PLAN meets every limit, capacity and floor at once[^\n]*plan check [^\n]*the floors here: Final deliveries at 100 % of the base year \(default floor\)/,
  );
});
