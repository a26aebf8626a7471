import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { applyOverrides, loadPlan } from "../../src/app/planning.ts";
import { PlanFileError, planJsonSchema, readPlanFile } from "../../src/formats/planFile.ts";
import { EXAMPLES, ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

const PLAN = join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml");

function writePlan(text: string, ext = "yaml"): string {
  const dir = scratch();
  const f = join(dir, `plan.${ext}`);
  writeFileSync(f, text.replace("MODEL", join(EXAMPLES, "wiod-usa-2014")));
  return f;
}

test("the example plan resolves against its model: years, targets in model units, limits from satellites", () => {
  const p = loadPlan(PLAN);
  assert.deepEqual(p.spec.years, [2015, 2016, 2017, 2018, 2019]);
  const metals = p.spec.targets.find((t) => t.id === "metals")!;
  const i = p.model.sectors.findIndex((s) => s.code === "C24");
  // growth 4 % a year from the 2014 output
  assert.ok(Math.abs(metals.values[0] - p.model.x[i] * 1.04) < 1e-6 * p.model.x[i]);
  assert.ok(Math.abs(metals.values[4] - p.model.x[i] * 1.04 ** 5) < 1e-6 * p.model.x[i]);
  const labour = p.spec.limits.find((l) => l.id === "labour")!;
  assert.equal(labour.unit, "thousand persons");
  assert.ok(p.spec.targets.filter((t) => t.id.startsWith("baseline:")).length > 40);
  assert.ok(
    p.spec.capacity.capitalMix && Math.abs(p.spec.capacity.capitalMix.mix.reduce((a, b) => a + b, 0) - 1) < 1e-12,
  );
});

test("explicit year values are interpolated linearly and held beyond the years given; held backwards with a warning", () => {
  const f = writePlan(
    `name: t\nmodel: MODEL\nperiod: { start: 2015, end: 2019 }\ntargets:\n  - { id: a, sector: C24, values: { "2016": 100, "2018": 140 }, unit: Mt, factor: 2 }\n`,
  );
  const p = loadPlan(f);
  assert.deepEqual(Array.from(p.spec.targets[0].values), [200, 200, 240, 280, 280]);
  assert.equal(p.spec.targets[0].unit, "Mt");
  // held backwards before the first year given: allowed, and said
  assert.deepEqual(
    p.warnings.map((w) => w.path),
    ["targets.0.values"],
  );
  assert.match(
    p.warnings[0].message,
    /^2015 takes the first value given \(2016\), held backwards: give a value for 2015, or set only: true/,
  );
});

test("plan file errors name the field, the value and what is allowed — all of them at once", () => {
  const f = writePlan(
    `name: t\nmodel: MODEL\nperiod: { start: 2015, end: 2019 }\ntargets:\n  - { id: a, sector: C24, kind: maximum, values: { growth: 0.1 }, weight: -2 }\nlimits:\n  - { id: l, satellite: EMP, values: { "15": 3 } }\n`,
  );
  assert.throws(
    () => readPlanFile(f),
    (e: unknown) => {
      assert.ok(e instanceof PlanFileError);
      const paths = e.problems.map((p) => p.path);
      assert.ok(paths.includes("targets.0.kind") && paths.includes("targets.0.weight"), paths.join(";"));
      assert.match(e.message, /targets\.0\.kind: Invalid option: expected one of "min"\|"exact"/);
      assert.match(e.message, /targets\.0\.weight: .*>0.*\(got -2\)/);
      assert.match(e.message, /limits\.0\.values: expected values per year, like \{ "2021": 100/);
      return true;
    },
  );
  const g = writePlan(
    `name: t\nmodel: MODEL\nperiod: { start: 2015, end: 2019 }\ntargets:\n  - { id: a, sector: XX, values: { "2030": 3 } }\nlimits:\n  - { id: l, satellite: COAL, values: { growth: 0 } }\n`,
  );
  assert.throws(
    () => loadPlan(g),
    (e: unknown) => {
      assert.ok(e instanceof PlanFileError);
      assert.match(e.message, /targets\.0\.sector: "XX" is not a sector of model WIOD USA 2014 \(sectors: A01, A02/);
      assert.match(
        e.message,
        /limits\.0\.satellite: "COAL" is not a satellite row of model WIOD USA 2014 \(it has: IMP, EMP, H_EMPE\)/,
      );
      return true;
    },
  );
  const bad = writePlan(`name: [unclosed\n`);
  assert.throws(() => readPlanFile(bad), /not valid YAML/);
  // the parser's message ends in a colon before a code frame: the line is quoted instead, nothing dangles
  const unclosed = writePlan(`name: x\nperiod: { start: 2023, end: 2024\ntargets: []\n`);
  assert.throws(
    () => readPlanFile(unclosed),
    /not valid YAML: .* at line 3, column 1 \(the line reads "targets: \[\]"\)$/m,
  );
});

test("JSON plans work too, and the committed JSON Schema is the one the code generates", () => {
  const f = writePlan(
    JSON.stringify({
      name: "j",
      model: "MODEL",
      period: { start: 2015, end: 2016 },
      targets: [{ id: "a", sector: "F", values: { growth: 0 } }],
    }),
    "json",
  );
  assert.equal(loadPlan(f).spec.targets[0].sector >= 0, true);
  const committed = JSON.parse(readFileSync(join(ROOT, "schemas", "plan.schema.json"), "utf8"));
  assert.deepEqual(
    committed,
    JSON.parse(JSON.stringify(planJsonSchema())),
    "regenerate with: npx ioplan plan schema > schemas/plan.schema.json",
  );
});

test("substitution in a plan file: the block resolves against the model; scenarios can cap imports relatively, tighten the inflows and change the share", () => {
  const draft = join(EXAMPLES, "dprk", "plans", "2021-2025-draft.yaml");
  const base = loadPlan(draft);
  const k = base.spec.limits.findIndex((l) => l.id === "imports");
  assert.deepEqual(
    [base.spec.importSubstitution!.limit, base.spec.importSubstitution!.share, base.spec.importSubstitution!.cost],
    [k, 0.85, 1],
  );
  // sanctions persist: on top of the record, workers' earnings and other inflows at their low ends in 2024 and 2025
  const recorded = loadPlan(draft, "as-recorded").spec.limits[k].ceiling!;
  const persist = loadPlan(draft, "sanctions-persist").spec.limits[k].ceiling!;
  const low = loadPlan(draft, "as-recorded", undefined, { inflows: "low" }).spec.limits[k].ceiling!;
  for (const t of [3, 4])
    assert.ok(Math.abs(persist.values[t] - low.values[t]) < 1e-12 * low.values[t], `year ${2021 + t}`);
  for (const t of [0, 1, 2]) assert.equal(persist.values[t], recorded.values[t]);
  // a relative import cap scales what the border lets through: 60 % of the plan's limit in 2016
  const capped = writePlan(
    `name: x\nmodel: MODEL\nperiod: { start: 2015, end: 2016 }\ntargets: [{ id: t, sector: C24, values: { growth: 0 } }]\nlimits: [{ id: imports, satellite: IMP, values: { growth: 0 } }]\nscenarios: [{ name: s, shocks: [{ kind: importCap, limit: imports, relative: true, values: { "2016": 0.6 } }] }]\n`,
  );
  const [plain, cut] = [loadPlan(capped).spec.limits[0].values, loadPlan(capped, "s").spec.limits[0].values];
  assert.deepEqual([cut[0], Math.abs(cut[1] - 0.6 * plain[1]) < 1e-9 * plain[1]], [plain[0], true]);
  // self-reliance: every imported input may be made at home, at 1.3 units a unit
  const self = loadPlan(draft, "self-reliance").spec.importSubstitution!;
  assert.deepEqual([self.share, self.cost], [1, 1.3]);
  // a substitution block naming no limit of the plan, or a substitution shock without the block, is refused by name
  const bad = writePlan(
    `name: x\nmodel: MODEL\nperiod: { start: 2015, end: 2016 }\ntargets: [{ id: t, sector: C24, values: { growth: 0 } }]\nsubstitution: { limit: fx, share: 0.5 }\n`,
  );
  assert.throws(
    () => loadPlan(bad),
    (e: unknown) =>
      e instanceof PlanFileError && /substitution\.limit: "fx" is not a limit of the plan/.test(e.message),
  );
  const noBlock = writePlan(
    `name: x\nmodel: MODEL\nperiod: { start: 2015, end: 2016 }\ntargets: [{ id: t, sector: C24, values: { growth: 0 } }]\nscenarios: [{ name: s, shocks: [{ kind: substitution, share: 1 }] }]\n`,
  );
  assert.throws(() => loadPlan(noBlock, "s"), /a substitution shock needs the plan's substitution block/);
});

test("a foreign-exchange account caps its limit at what exports and inflows pay for; scenarios set its parts; each inflow is a range", () => {
  // US imports in 2014 (the IMP row) cost `base`; the account pays exports 60 + workers 10–30 (central 20) = 80 % of it
  const head = `name: fx\nmodel: MODEL\nperiod: { start: 2015, end: 2017 }\ntargets: [{ id: t, sector: C24, values: { growth: 0 } }]\nlimits: [{ id: imports, satellite: IMP, values: { growth: 0 } }]\n`;
  const account = `foreignExchange:\n  limit: imports\n  base: 100\n  exports: { values: 60 }\n  inflows: [{ id: workers, low: 10, high: 30 }]\n`;
  const shock = `scenarios:\n  - name: closed\n    shocks:\n      - { kind: borderClosure, limit: imports, start: 2016, end: 2016, depth: 0.9 }\n      - { kind: foreignExchange, values: { "2017": 100 } }\n`;
  const f = writePlan(head + account + shock);
  const p = loadPlan(f);
  const imports = p.spec.limits[0];
  const planned = imports.ceiling!.uncapped[0];
  for (let t = 0; t < 3; t++) {
    // values = min(planned, 0.8 · planned): the account binds every year
    assert.ok(Math.abs(imports.values[t] - 0.8 * planned) < 1e-9 * planned, `year ${2015 + t}`);
    assert.ok(Math.abs(imports.ceiling!.parts[1].values[t] - 0.2 * planned) < 1e-9 * planned);
  }
  assert.deepEqual(
    imports.ceiling!.parts.map((q) => q.id),
    ["exports", "workers"],
  );
  // low and high ends of the range
  for (const [inflows, share] of [
    ["low", 0.7],
    ["high", 0.9],
  ] as const)
    assert.ok(
      Math.abs(loadPlan(f, undefined, undefined, { inflows }).spec.limits[0].values[0] - share * planned) <
        1e-9 * planned,
    );
  // the closure cuts what the border lets through (to 10 % in 2016), below what the account pays; in 2017 exports
  // rise to 100 and the account pays for more than is planned: the plan's own level binds
  const c = loadPlan(f, "closed").spec.limits[0];
  assert.ok(Math.abs(c.values[0] - 0.8 * planned) < 1e-9 * planned);
  assert.ok(Math.abs(c.values[1] - 0.1 * planned) < 1e-9 * planned);
  assert.ok(Math.abs(c.values[2] - planned) < 1e-9 * planned);
  // errors name the field: an unknown limit, a range upside down, an unknown part, a shock without an account
  const badLimit = writePlan(head + account.replace("limit: imports", "limit: fx"));
  assert.throws(() => loadPlan(badLimit), /foreignExchange\.limit: "fx" is not a limit of the plan/);
  const upside = writePlan(head + account.replace("low: 10, high: 30", "low: 30, high: 10"));
  assert.throws(() => loadPlan(upside), /foreignExchange\.inflows\.0\.low: low 30 is above high 10 in 2015/);
  const part = writePlan(head + account + shock.replace("kind: foreignExchange,", "kind: foreignExchange, part: aid,"));
  assert.throws(
    () => loadPlan(part, "closed"),
    /shocks\.1\.part: "aid" is not part of the account \(exports, workers\)/,
  );
  const none = writePlan(head + shock);
  assert.throws(
    () => loadPlan(none, "closed"),
    /shocks\.1\.kind: a foreignExchange shock needs the plan's foreignExchange account/,
  );
});

test("a target for one year only; capitalOutputRatio needed only without capital coefficients; plan check validates every scenario", () => {
  const head = `name: x\nmodel: MODEL\nperiod: { start: 2015, end: 2018 }\n`;
  const one = writePlan(
    `${head}targets: [{ id: t, sector: C24, values: { "2017": 100 }, only: true }, { id: u, sector: F, values: { "2017": 100 } }]\n`,
  );
  const spec = loadPlan(one).spec;
  assert.deepEqual(
    Array.from(spec.targets[0].values, (v) => (Number.isNaN(v) ? null : v)),
    [null, null, 100, null],
  );
  assert.deepEqual(
    Array.from(spec.targets[1].values),
    [100, 100, 100, 100],
    "without only: constant beyond the year given",
  );
  assert.deepEqual(
    loadPlan(one).warnings.map((w) => w.path),
    ["targets.1.values"],
    "only the target without only: true is warned about",
  );
  const growthOnly = writePlan(`${head}targets: [{ id: t, sector: C24, values: { growth: 0 }, only: true }]\n`);
  assert.throws(() => loadPlan(growthOnly), /targets\.0\.only: only applies to values given per year, not to growth/);
  // the WIOD table has no capital coefficients: the ratio is needed, and its absence is named
  const noRatio = writePlan(
    `${head}targets: [{ id: t, sector: C24, values: { growth: 0 } }]\ncapacity: { investment: { leadTime: 1 } }\n`,
  );
  assert.throws(
    () => loadPlan(noRatio),
    /capacity\.investment\.capitalOutputRatio: .* has no capital coefficients \(capital_coefficients\.csv\): give the capital goods per unit of new capacity/,
  );
  // a scenario naming a limit the plan does not have is caught by plan check, not only when the scenario is run
  const badScenario = writePlan(
    `${head}targets: [{ id: t, sector: C24, values: { growth: 0 } }]\nscenarios: [{ name: s, shocks: [{ kind: importCap, limit: fx, values: { "2016": 1 } }] }]\n`,
  );
  assert.throws(() => loadPlan(badScenario), /scenarios\.0\.shocks\.0\.limit: "fx" is not a limit of the plan/);
});

test("editor overrides: a final-demand factor scales that sector's final-delivery targets and baseline, nothing else; unknown codes named", () => {
  const p = loadPlan(PLAN);
  const food = p.spec.targets.find((t) => t.id === "food")!;
  const o = applyOverrides(p, { finalDemand: { [p.model.sectors[food.sector].code]: 3 } });
  const food3 = o.spec.targets.find((t) => t.id === "food")!;
  for (let k = 0; k < food.values.length; k++)
    assert.ok(Math.abs(food3.values[k] - 3 * food.values[k]) <= 1e-9 * food.values[k]);
  const others = o.spec.targets.filter((t) => t.sector !== food.sector);
  assert.ok(others.length > 0);
  for (const t of others) assert.deepEqual(t.values, p.spec.targets.find((x) => x.id === t.id)!.values);
  assert.equal(
    p.spec.targets.find((t) => t.id === "food")!.values[0],
    food.values[0],
    "the loaded plan is not changed",
  );
  // the sector's floor moves with it (the default floor: the plan has a baseline and no floors block); others stay
  const n = p.model.sectors.length;
  const [floor, floor3] = [p.spec.floors![0], o.spec.floors![0]];
  assert.ok(floor.values[food.sector] > 0);
  assert.ok(
    Math.abs(floor3.values[n + food.sector] - 3 * floor.values[n + food.sector]) <=
      1e-9 * floor.values[n + food.sector],
  );
  assert.equal(floor3.values[(food.sector + 1) % n], floor.values[(food.sector + 1) % n]);
  assert.throws(
    () => applyOverrides(p, { finalDemand: { NOPE: 2, [p.model.sectors[0].code]: -1 } }),
    /finalDemand\.NOPE: "NOPE" is not a sector.*-1 is not a factor/,
  );
});
