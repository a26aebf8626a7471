import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";
import { expectGolden } from "../support/golden.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });

test("ioplan demo bea prints the BEA 2017 summary analysis with its checks", () => {
  const r = run("demo", "bea");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /US BEA summary 2017 \(domestic\): 71 sectors/);
  assert.match(r.stdout, /output reproduced from final demand: largest error 0\.00\d\d %/);
  assert.match(r.stdout, /relative residual \d\.\d\de-1[5-9], converged/);
  assert.match(r.stdout, /Key sectors \(backward and forward linkage both above average\): \d+ of 71/);
});

test("ioplan demo bea --json gives one object per industry with multipliers, linkages and class", () => {
  const r = run("demo", "bea", "--json", "--total");
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.rows.length, 71);
  const farms = a.rows.find((x: { code: string }) => x.code === "111CA");
  assert.ok(farms.outputMultiplier > 1 && farms.outputMultiplier < 5);
  for (const k of ["code", "name", "outputMultiplier", "backwardLinkage", "forwardLinkage", "keySector"])
    assert.ok(k in farms, k);
  // in the total-requirements table value added exhausts output: every VA multiplier is 1, to BEA's rounding
  for (const row of a.rows)
    assert.ok(Math.abs(row.valueAddedMultiplier - 1) < 1e-3, `${row.code}: ${row.valueAddedMultiplier}`);
});

test("bad usage exits with code 2 and says what was wrong", () => {
  const r = run("demo", "bea", "--data", "/nonexistent/folder");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /BEA data folder \/nonexistent\/folder does not exist; pass --data <dir> or set IOPLAN_DATA/);
  const y = run("demo", "bea", "--year", "1900");
  assert.equal(y.status, 2);
  assert.match(y.stderr, /no BEA summary tables for 1900 in .*; years available: 2012, 2013, .*2023/);
});

test("ioplan demo (the default job's text): the worked example's summary, as in its golden file; a second run adds nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "ioplan-demo-"));
  const args = ["demo", "--db", join(dir, "d.sqlite"), "--out", join(dir, "report")];
  const r = run(...args);
  assert.equal(r.status, 0, r.stderr);
  expectGolden("demo.txt", r.stdout.split(dir).join("<tmp>"));
  assert.ok(existsSync(join(dir, "report", "dprk.html")));
  // one screen: at most 60 lines, with the report's line
  assert.ok(r.stdout.trimEnd().split("\n").length <= 60, `${r.stdout.trimEnd().split("\n").length} lines`);
  const again = run(...args);
  assert.match(again.stdout, /Observations: 327 figures with their sources, 0 new/);
  // --json: the same story as data
  const j = JSON.parse(run(...args, "--json").stdout);
  for (const k of ["growth", "review", "explain", "backcast", "donors", "scenarios"]) assert.ok(k in j, k);
  assert.ok(
    j.growth.some(
      (g: { year: number; kind: string; value: number; by: string }) =>
        g.year === 2020 && g.kind === "projection" && g.value === -8.5 && g.by === "Fitch Solutions",
    ),
  );
  assert.equal(j.donors.length, 4);
  assert.equal(j.donors[0].central, true);
  assert.equal(j.explain.year, 2020);
  assert.equal(j.review.categoriesBelow2015, 6);
});
