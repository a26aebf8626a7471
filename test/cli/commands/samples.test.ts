import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { EXAMPLES, ROOT } from "../../paths.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });
const DRAFT = join(EXAMPLES, "dprk", "plans", "2021-2025-draft.yaml");
const USA = join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml");

test("plan check --samples: the share of coefficient draws (and donor tables in turn) in which the plan is feasible", () => {
  const r = run("plan", "check", DRAFT, "--samples", "8", "--coefficient-error", "0.05", "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.uncertainty.feasibleShare >= 0 && j.uncertainty.feasibleShare <= 1);
  assert.match(
    j.uncertainty.description,
    /^8 draws \(seed 1\) of technical coefficients \(relative error 0.05\), 4 models in turn/,
  );
  const t = run("plan", "check", DRAFT, "--samples", "8", "--coefficient-error", "0.05");
  assert.match(t.stdout, /Feasible in \d+\.\d % of the draws/);
});

test("compare --samples: each scenario's share of feasible draws and the range of its mean fulfilment", () => {
  const r = run("compare", DRAFT, "--samples", "4", "--coefficient-error", "0.05", "--json");
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as {
    scenario: string;
    uncertainty: { feasibleShare: number; meanFulfilment: { p5: number; p50: number; p95: number } };
  }[];
  assert.deepEqual(
    rows.map((q) => q.scenario),
    [
      "(no shocks)",
      "as-recorded",
      "sanctions-ease",
      "sanctions-persist",
      "freeze-for-relief",
      "self-reliance",
      "capacity-as-2020",
    ],
  );
  for (const q of rows) {
    assert.ok(q.uncertainty.feasibleShare >= 0 && q.uncertainty.feasibleShare <= 1);
    assert.ok(q.uncertainty.meanFulfilment.p5 <= q.uncertainty.meanFulfilment.p95);
  }
  const t = run("compare", DRAFT, "--samples", "4", "--coefficient-error", "0.05");
  assert.match(t.stdout, /feasible in draws/);
  assert.match(t.stdout, /Draws: 4 draws/);
});

test("--samples with nothing to draw is a usage error naming what to give", () => {
  const r = run("plan", "check", USA, "--samples", "5");
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /--samples would draw nothing for .*: give --coefficient-error, the plan's uncertainty.coefficients, or alternative models/,
  );
  const b = run("compare", USA, "--samples", "5", "--coefficient-error", "2");
  assert.equal(b.status, 2);
  assert.match(b.stderr, /--coefficient-error 2 is not a relative error in \[0, 1\)/);
});
