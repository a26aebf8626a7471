import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readModel } from "../../src/formats/dataPackage.ts";
import { EXAMPLES, ROOT, scratch } from "../models/helpers.ts";
import { assertClose } from "../assertClose.ts";

const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8", cwd: ROOT, env: { ...process.env, TZ: "UTC" } });

test("ioplan review: levels and chained growth rates against targets, per year, cumulative, with the roll-up (hand computation)", () => {
  const dir = scratch();
  const db = join(dir, "obs.sqlite");
  const obs = join(dir, "obs.csv");
  writeFileSync(
    obs,
    "indicator,period,value,unit,kind,source_name,source_url,published,status,note\n" +
      "metals_output,2015,300000,USD million,estimate,Statistics Office,,2016-03-01,estimated,\n" +
      "metals_output,2016,290000,USD million,estimate,Statistics Office,,2017-03-01,estimated,\n" +
      "metals_output,2016,320000,USD million,reported,Ministry claim,,2017-01-10,provisional,\n" +
      "construction_growth,2015,2.0,percent,estimate,Statistics Office,,2016-03-01,estimated,\n" +
      "construction_growth,2016,3.0,percent,estimate,Statistics Office,,2017-03-01,estimated,\n",
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
  assert.deepEqual(metals.years.map((y: { status: string }) => y.status), ["met", "near", "not-observed"]);
  assertClose(metals.years[1].ratio, 290000 / 310000, { rel: 1e-12 });
  assert.match(metals.sources["2016"], /Statistics Office \(estimate, /);
  // projected 2017 from −3.33 %/yr: 290,000 · (290/300) = 280,333 of 320,000
  assertClose(metals.projection.value, 290000 * (290000 / 300000), { rel: 1e-12 });
  const cons = j.targets.find((t: { id: string }) => t.id === "construction");
  const xF = readModel(join(EXAMPLES, "wiod-usa-2014")).x[readModel(join(EXAMPLES, "wiod-usa-2014")).sectors.findIndex((s) => s.code === "F")];
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
